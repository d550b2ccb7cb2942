import { z } from 'zod';
import { FormatError, type FormatResult } from './format-error';
import { jsonSyntaxIssue, lineColumn, locateJsonPath } from './json-location';

/** The schema version this code writes and reads. */
export const PLAN_SCHEMA_VERSION = 1;

const resourceName = z.enum(['cpu', 'memory', 'disk', 'network']);
const perResource = z.partialRecord(resourceName, z.number());

export const planHostSchema = z.object({
  /** Host label, `host-001` …, in plan order. */
  id: z.string(),
  /** Asset ids placed on this host. */
  assets: z.array(z.string()),
  /** Largest summed demand over time, per planned resource (resource units). */
  peak: perResource,
  /** `peak / usable capacity`, per planned resource (0..1). */
  peakUtilization: perResource,
  /** Mean summed demand over time / usable capacity, per planned resource (0..1). */
  meanUtilization: perResource,
  /** Summed soft-rule penalty of the pairs on this host (plans made with rules). */
  penalty: z.number().nonnegative().optional(),
  /** Cluster label (`cluster-01` …) when the plan groups hosts into clusters. */
  cluster: z.string().optional(),
});

export const unplacedSchema = z.object({
  asset: z.string(),
  /** Why the asset could not be placed, one sentence each. */
  reasons: z.array(z.string()).min(1),
});

export const planSummarySchema = z.object({
  /** Assets in the input. */
  assets: z.number().int().nonnegative(),
  /** Assets placed on a host. */
  placed: z.number().int().nonnegative(),
  hosts: z.number().int().nonnegative(),
  /** No valid plan of these placed assets needs fewer hosts. */
  lowerBound: z.number().int().nonnegative(),
  /** `hosts − lowerBound`. */
  gap: z.number().int(),
  /** The resource whose time-aware volume sets the lower bound. */
  limitingResource: resourceName,
  /**
   * What sets the lower bound: the time-aware volume of the limiting resource, servers
   * larger than half a host at the same moment (Martello–Toth L2 per slot), a group of
   * servers that may not share a host, or rule classes (e.g. environments) that need
   * hosts of their own. Absent in plans written before it existed.
   */
  lowerBoundBasis: z.enum(['volume', 'large-items', 'exclusive-group', 'rule-classes']).optional(),
  strategy: z.enum(['time-aware', 'peak-ffd']),
  seed: z.number().int(),
  /** Placed assets per host. */
  consolidationRatio: z.number(),
  /** Hosts needed when every asset is sized at its own peak (peak-ffd), for comparison. */
  peakBasedHosts: z.number().int().nonnegative().optional(),
  /** Why the search stopped: it reached the lower bound, ran out of work budget or time, found no further improvement (converged), or there was no search (construction). */
  stoppedBy: z.enum(['lower-bound', 'iterations', 'time', 'converged', 'construction']),
  /** Wall-clock time of the packing, in milliseconds (not part of the deterministic result). */
  elapsedMs: z.number().nonnegative(),
  /** What the constraint rules cost, for plans made with a rule set. */
  rules: z
    .object({
      /** The rule set file. */
      ruleSet: z.string(),
      /** Hosts the same placed servers need with no rule at all. */
      hostsWithoutRules: z.number().int().nonnegative(),
      /** `hosts − hostsWithoutRules`: the hosts the rules cost. */
      extraHosts: z.number().int(),
      /** Summed soft penalty over all hosts. */
      softPenalty: z.number().nonnegative(),
      /** Servers the rules keep from being placed (candidate or fit rules, affinity). */
      blocked: z.number().int().nonnegative(),
    })
    .optional(),
  /** How the hosts are grouped into clusters, for plans made with a cluster size. */
  clusters: z
    .object({
      /** Hosts per cluster at most. */
      size: z.number().int().positive(),
      /** Clusters formed (more than ⌈hosts / size⌉ when cluster-scope rules separate hosts). */
      count: z.number().int().nonnegative(),
      /** What could not be honoured, e.g. an affinity group spread over more hosts than a cluster holds. */
      problems: z.array(z.string()),
    })
    .optional(),
});

export const planDocumentSchema = z.object({
  schemaVersion: z.literal(PLAN_SCHEMA_VERSION),
  generatedAt: z.string(),
  input: z.object({
    /** What was read, as given on the command line or in the scenario. */
    source: z.string(),
    format: z.string(),
    resources: z.array(resourceName).min(1),
    /** 100 = every time slot must fit; lower = hour-of-week percentile sizing. */
    percentile: z.number().min(1).max(100),
    stepSeconds: z.number().positive(),
    /** Number of time slots planned. */
    slots: z.number().int().positive(),
    /** Start of the first slot (ISO-8601, UTC); with percentile < 100 the slots are hours of the week from Monday 00:00. */
    start: z.string(),
  }),
  hostModel: z.object({
    name: z.string(),
    capacity: perResource,
    headroom: perResource,
    usable: perResource,
  }),
  hosts: z.array(planHostSchema),
  unplaced: z.array(unplacedSchema),
  summary: planSummarySchema,
});

export type PlanHost = z.infer<typeof planHostSchema>;
export type UnplacedAsset = z.infer<typeof unplacedSchema>;
export type PlanSummary = z.infer<typeof planSummarySchema>;
/** `plan.json`, schema version 1. */
export type PlanDocument = z.infer<typeof planDocumentSchema>;

function failAt(file: string, text: string, offset: number, message: string): FormatResult<never> {
  const { row, column } = lineColumn(text, offset);
  return { ok: false, error: new FormatError({ file, row, column, message }) };
}

function describePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path)
    out += typeof key === 'number' ? `[${key}]` : `${out ? '.' : ''}${String(key)}`;
  return out || '(document)';
}

/**
 * Reads a `plan.json` text. A syntax error, a different `schemaVersion` or a value that
 * does not match the schema fails with `file:row:column` (the character column of the
 * offending value, or of its object when a property is missing) and the JSON path.
 */
export function parsePlanDocument(text: string, file: string): FormatResult<PlanDocument> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const issue = jsonSyntaxIssue(text);
    if (issue) return failAt(file, text, issue.offset, `invalid JSON: ${issue.message}`);
    return failAt(file, text, 0, `invalid JSON: ${(error as Error).message}`);
  }
  const version = (data as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (typeof data === 'object' && data !== null && version !== PLAN_SCHEMA_VERSION) {
    const offset = locateJsonPath(text, version === undefined ? [] : ['schemaVersion']);
    return failAt(
      file,
      text,
      offset,
      `schemaVersion ${JSON.stringify(version) ?? 'is missing'}: this vplan reads plan.json schema version ${PLAN_SCHEMA_VERSION}`,
    );
  }
  const parsed = planDocumentSchema.safeParse(data);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0] as z.core.$ZodIssue;
  const offset = locateJsonPath(text, issue.path);
  return failAt(file, text, offset, `${describePath(issue.path)}: ${issue.message}`);
}
