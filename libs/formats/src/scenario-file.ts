import { isMap, isNode, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { z } from 'zod';
import { FormatError, type FormatResult } from './format-error';
import { planOptionsSchema } from './plan-options';

/** A document the scenario refers to: by file (the CLI) or by name and version (the planning service). */
const documentRefSchema = z.union([
  z.strictObject({ file: z.string().min(1).max(4096) }),
  z.strictObject({
    name: z.string().min(1).max(200),
    version: z.number().int().positive().optional(),
  }),
]);

/**
 * A scenario file (plan-as-code, YAML or JSON): the document the planning service stores,
 * plus a `name`. The CLI reads `ruleset` and `targets` from files (paths relative to the
 * scenario file); the service resolves them by name and version.
 */
export const scenarioFileSchema = z.strictObject({
  /** The scenario's name; plans record it. Default: the file name without extension. */
  name: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, 'letters, digits, ".", "_" and "-", at most 100')
    .optional(),
  description: z.string().max(2000).optional(),
  options: z.strictObject(planOptionsSchema.shape).prefault({}),
  ruleset: documentRefSchema.optional(),
  targets: z
    .union([
      z.strictObject({ file: z.string().min(1).max(4096), target: z.string().min(1).optional() }),
      z.strictObject({
        name: z.string().min(1).max(200),
        version: z.number().int().positive().optional(),
        target: z.string().min(1).optional(),
      }),
    ])
    .optional(),
  /** The service's asset selection; kept as given (the CLI plans every asset of its files). */
  assets: z.record(z.string(), z.unknown()).optional(),
});
export type ScenarioFile = z.output<typeof scenarioFileSchema> & { readonly name: string };

/** Largest scenario file read, in characters: a scenario is a page, not a data set. */
export const MAX_SCENARIO_CHARS = 1_000_000;

/**
 * Reads a scenario file. A YAML syntax error, an unknown key or a bad value fails with
 * `file:line:column: path: what is wrong`, at the offending key or value.
 */
export function parseScenarioFile(
  text: string,
  file: string,
  defaultName: string,
): FormatResult<ScenarioFile> {
  if (text.length > MAX_SCENARIO_CHARS) {
    return fail(
      file,
      1,
      1,
      `is ${text.length} characters; a scenario may have at most ${MAX_SCENARIO_CHARS}`,
    );
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const syntax = doc.errors[0];
  if (syntax !== undefined) {
    const { line, col } = lines.linePos(syntax.pos[0]);
    return fail(file, line, col, `not valid YAML: ${firstLine(syntax.message)}`);
  }
  if (!isMap(doc.contents)) {
    return fail(
      file,
      1,
      1,
      'expected a mapping with "options" (and optionally name, ruleset, targets)',
    );
  }
  const parsed = scenarioFileSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.map((k) => (typeof k === 'symbol' ? String(k) : k));
    const { line, col } = lines.linePos(
      offsetOf(
        doc,
        path,
        issue.code === 'unrecognized_keys' ? (issue as { keys?: string[] }).keys?.[0] : undefined,
      ),
    );
    return fail(file, line, col, `${describe(path, issue)}: ${issue.message}`);
  }
  return { ok: true, value: { ...parsed.data, name: parsed.data.name ?? defaultName } };
}

function fail(file: string, row: number, column: number, message: string): FormatResult<never> {
  return { ok: false, error: new FormatError({ file, row, column, message }) };
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.slice(0, 300);
}

function describe(path: readonly PropertyKey[], issue: z.core.$ZodIssue): string {
  const keys = issue.code === 'unrecognized_keys' ? (issue as { keys: string[] }).keys : [];
  const all = [...path, ...keys.slice(0, 1)].map(String);
  return all.length === 0 ? '(document)' : all.join('.');
}

/**
 * The source offset of the node at `path` (or of the unknown `key` inside it): the
 * deepest node that exists, so a missing key points at its parent.
 */
function offsetOf(doc: Document, path: readonly (string | number)[], key?: string): number {
  let node: unknown = doc.contents;
  let offset = isNode(node) ? (node.range?.[0] ?? 0) : 0;
  const steps = key === undefined ? path : [...path, key];
  for (const step of steps) {
    if (!isNode(node) || !('get' in node)) break;
    const collection = node as Node & {
      get(k: unknown, keepScalar: true): unknown;
      items?: unknown[];
    };
    const pair = isMap(collection)
      ? collection.items.find(
          (p) => isNode(p.key) && String((p.key as { value?: unknown }).value) === String(step),
        )
      : undefined;
    const next = collection.get(step, true);
    if (pair && isNode(pair.key) && key !== undefined && step === key) {
      offset = pair.key.range?.[0] ?? offset;
      break;
    }
    if (!isNode(next)) {
      if (pair && isNode(pair.key)) offset = pair.key.range?.[0] ?? offset;
      break;
    }
    node = next;
    offset = next.range?.[0] ?? offset;
  }
  return offset;
}
