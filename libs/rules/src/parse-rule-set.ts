import type { FormatFailure, FormatIssue } from '@vplan/formats';
import { FormatError } from '@vplan/formats';
import type { Node } from 'yaml';
import { LineCounter, parseDocument } from 'yaml';
import type { Rule, RuleSet, Severity } from './rule-model';
import { AFFINITY_ATTRIBUTE } from './rule-model';
import {
  readFitRequirement,
  readForbid,
  readLimit,
  readPairRequirement,
  readWhen,
} from './rule-forms';
import type { MapEntry } from './rule-set-syntax';
import { SyntaxReader, describe, list, scalarOf, textOf } from './rule-set-syntax';

/** Keys of a rule set file. */
const TOP_LEVEL = ['rules', 'name', 'description', 'version', 'affinity'];
const KINDS = ['pair', 'candidate', 'fit'] as const;
type Kind = (typeof KINDS)[number];
const COMMON = ['id', 'kind', 'severity', 'penalty', 'when', 'description', 'remediation'];
const KEYS: Readonly<Record<Kind, readonly string[]>> = {
  pair: [...COMMON, 'scope', 'require', 'limit'],
  candidate: [...COMMON, 'forbid'],
  fit: [...COMMON, 'require'],
};

/**
 * The outcome of {@link parseRuleSet}: the rule set, or the first problem (`error`) and
 * every problem found (`issues`, in file order, `error` first).
 */
export type RuleSetResult =
  | { readonly ok: true; readonly value: RuleSet }
  | (FormatFailure & { readonly issues: readonly FormatIssue[] });

/**
 * Parses and validates a rule set written in YAML or JSON (JSON is YAML). Every problem
 * is a FormatIssue `file:line:column: rule <id>: what is wrong` (rules without a usable
 * id are named `rule #<n>`, counting from 1); the error carries the first one, `issues`
 * lists them all. Pure: takes the text and the name to show for the file.
 */
export function parseRuleSet(text: string, file: string): RuleSetResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return failure(
      doc.errors.map((e) => ({
        file,
        row: e.linePos?.[0].line ?? 1,
        column: e.linePos?.[0].col ?? 1,
        message: `invalid YAML: ${(e.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '')}`,
      })),
    );
  }
  const r = new SyntaxReader(file, doc, lines);
  const root = r.resolve(doc.contents);
  const top = r.entries(root, undefined);
  if (top === undefined) {
    r.complain(root, undefined, `a rule set is a map with a rules list, got ${describe(root)}`);
    return failure(r.issues);
  }
  r.onlyKeys(top, TOP_LEVEL, undefined, 'at the top level');
  const name = optionalText(r, top.get('name'), undefined);
  const description = optionalText(r, top.get('description'), undefined);
  const affinity = readAffinity(r, top.get('affinity'));
  const rulesEntry = top.get('rules');
  const items = rulesEntry ? r.items(rulesEntry.value) : undefined;
  if (!rulesEntry) r.complain(root, undefined, 'rules is missing (a list of rules)');
  else if (items === undefined)
    r.complain(
      rulesEntry.value ?? rulesEntry.key,
      undefined,
      `rules must be a list, got ${describe(rulesEntry.value)}`,
    );
  const rules: Rule[] = [];
  const seen = new Map<string, number>();
  (items ?? []).forEach((node, index) => {
    const rule = readRule(r, node, index, seen);
    if (rule) rules.push(rule);
  });
  if (r.issues.length > 0) return failure(r.issues);
  return {
    ok: true,
    value: {
      file,
      rules,
      ...(name === undefined ? {} : { name }),
      ...(description === undefined ? {} : { description }),
      ...(affinity === undefined ? {} : { affinity }),
    },
  };
}

/** `affinity: { attribute: <name>, scope: host | cluster }`: who must stay together, and where. */
function readAffinity(
  r: SyntaxReader,
  entry: MapEntry | undefined,
): RuleSet['affinity'] | undefined {
  if (!entry) return undefined;
  const label = 'affinity';
  const entries = r.entries(entry.value, label);
  if (entries === undefined) {
    r.complain(
      entry.value ?? entry.key,
      label,
      `affinity must be a map { attribute: <name>, scope: host | cluster }, got ${describe(entry.value)}`,
    );
    return undefined;
  }
  r.onlyKeys(entries, ['attribute', 'scope'], label, 'in affinity');
  const attributeEntry = entries.get('attribute');
  const attribute = attributeEntry ? textOf(attributeEntry.value)?.trim() : AFFINITY_ATTRIBUTE;
  if (attribute === undefined || attribute === '')
    r.complain(
      attributeEntry?.value ?? attributeEntry?.key ?? null,
      label,
      `attribute must be an attribute name, got ${describe(attributeEntry?.value ?? null)}`,
    );
  const scopeEntry = entries.get('scope');
  const scope = scopeEntry ? textOf(scopeEntry.value) : 'host';
  if (scope !== 'host' && scope !== 'cluster') {
    r.complain(
      scopeEntry?.value ?? scopeEntry?.key ?? null,
      label,
      `scope must be host or cluster, got ${describe(scopeEntry?.value ?? null)}`,
    );
    return undefined;
  }
  return attribute ? { attribute, scope } : undefined;
}

function failure(issues: FormatIssue[]): RuleSetResult {
  const sorted = [...issues].sort((a, b) => a.row - b.row || a.column - b.column);
  return { ok: false, error: new FormatError(sorted[0] as FormatIssue), issues: sorted };
}

function optionalText(
  r: SyntaxReader,
  entry: MapEntry | undefined,
  label: string | undefined,
): string | undefined {
  if (!entry) return undefined;
  const value = scalarOf(entry.value);
  if (typeof value !== 'string') {
    r.complain(
      entry.value ?? entry.key,
      label,
      `${textOf(entry.key)} must be text, got ${describe(entry.value)}`,
    );
    return undefined;
  }
  return value;
}

function readRule(
  r: SyntaxReader,
  node: Node | null,
  index: number,
  seen: Map<string, number>,
): Rule | undefined {
  let label = `rule #${index + 1}`;
  const entries = r.entries(node, label);
  if (entries === undefined) {
    r.complain(node, label, `expected a map with id, kind and severity, got ${describe(node)}`);
    return undefined;
  }
  const before = r.issues.length;
  const line = r.position(node).row;
  const idEntry = entries.get('id');
  const id = idEntry ? textOf(idEntry.value)?.trim() : undefined;
  if (!idEntry) r.complain(node, label, 'id is missing');
  else if (id === undefined || id === '' || typeof scalarOf(idEntry.value) === 'boolean')
    r.complain(
      idEntry.value ?? idEntry.key,
      label,
      `id must be text, got ${describe(idEntry.value)}`,
    );
  else {
    label = `rule ${id}`;
    const first = seen.get(id);
    if (first !== undefined)
      r.complain(idEntry.value, label, `duplicate id (first used on line ${first})`);
    else seen.set(id, line);
  }

  const kindEntry = entries.get('kind');
  const kindText = kindEntry ? textOf(kindEntry.value) : undefined;
  const kind = KINDS.find((k) => k === kindText);
  if (!kindEntry) r.complain(node, label, `kind is missing (expected ${list(KINDS)})`);
  else if (kind === undefined)
    r.complain(
      kindEntry.value ?? kindEntry.key,
      label,
      `unknown kind ${describe(kindEntry.value)} (expected ${list(KINDS)})`,
    );
  if (kind) r.onlyKeys(entries, KEYS[kind], label, `in a ${kind} rule`);

  const severity = readSeverity(r, node, entries, label);
  const penalty = readPenalty(r, node, entries, severity, label);
  const when = readWhen(r, entries.get('when'), label);
  const description = optionalText(r, entries.get('description'), label);
  const remediation = optionalText(r, entries.get('remediation'), label);
  const base = {
    id: id ?? '',
    severity: severity ?? 'hard',
    penalty,
    line,
    ...(when === undefined ? {} : { when }),
    ...(description === undefined ? {} : { description }),
    ...(remediation === undefined ? {} : { remediation }),
  };
  const rule = kind === undefined ? undefined : readKind(r, node, entries, kind, base, label);
  return r.issues.length === before ? rule : undefined;
}

type Base = Omit<Rule, 'kind' | 'require' | 'limit' | 'forbid' | 'scope'>;

function readKind(
  r: SyntaxReader,
  node: Node | null,
  entries: ReadonlyMap<string, MapEntry>,
  kind: Kind,
  base: Base,
  label: string,
): Rule | undefined {
  const require = entries.get('require');
  if (kind === 'candidate') {
    const forbid = entries.get('forbid');
    if (!forbid)
      r.complain(
        node,
        label,
        'a candidate rule needs forbid: { any_of: <attribute>, in: [values] }',
      );
    const value = forbid && readForbid(r, forbid, label);
    return value && { ...base, kind, forbid: value };
  }
  if (kind === 'fit') {
    if (!require) r.complain(node, label, 'a fit rule needs require: { in: … } or { implies: … }');
    const value = require && readFitRequirement(r, require, label);
    return value && { ...base, kind, require: value };
  }
  const scopeEntry = entries.get('scope');
  const scopeText = scopeEntry ? textOf(scopeEntry.value) : 'host';
  if (scopeText !== 'host' && scopeText !== 'cluster')
    r.complain(
      scopeEntry?.value ?? scopeEntry?.key,
      label,
      `scope must be host or cluster, got ${describe(scopeEntry?.value ?? null)}`,
    );
  const scope = scopeText === 'cluster' ? 'cluster' : 'host';
  const limit = entries.get('limit');
  if (require && limit) {
    r.complain(limit.key, label, 'a pair rule has require or limit, not both');
    return undefined;
  }
  if (limit) {
    const value = readLimit(r, limit, label);
    return value && { ...base, kind, scope, limit: value };
  }
  if (!require) {
    r.complain(
      node,
      label,
      'a pair rule needs require (same, different, intersect or overlap) or limit',
    );
    return undefined;
  }
  const value = readPairRequirement(r, require, label);
  return value && { ...base, kind, scope, require: value };
}

function readSeverity(
  r: SyntaxReader,
  node: Node | null,
  entries: ReadonlyMap<string, MapEntry>,
  label: string,
): Severity | undefined {
  const entry = entries.get('severity');
  if (!entry) {
    r.complain(node, label, 'severity is missing (expected hard or soft)');
    return undefined;
  }
  const text = textOf(entry.value);
  if (text === 'hard' || text === 'soft') return text;
  r.complain(
    entry.value ?? entry.key,
    label,
    `severity must be hard or soft, got ${describe(entry.value)}`,
  );
  return undefined;
}

function readPenalty(
  r: SyntaxReader,
  node: Node | null,
  entries: ReadonlyMap<string, MapEntry>,
  severity: Severity | undefined,
  label: string,
): number {
  const entry = entries.get('penalty');
  if (severity === 'hard') {
    if (entry) r.complain(entry.key, label, 'penalty is for soft rules only (a hard rule forbids)');
    return 100;
  }
  if (!entry) {
    if (severity === 'soft') r.complain(node, label, 'a soft rule needs a penalty from 0 to 100');
    return 0;
  }
  const value = scalarOf(entry.value);
  if (typeof value !== 'number' || value < 0 || value > 100) {
    r.complain(
      entry.value ?? entry.key,
      label,
      `penalty must be a number from 0 to 100, got ${describe(entry.value)}`,
    );
    return 0;
  }
  return value;
}
