import { stat } from 'node:fs/promises';
import { basename, dirname, extname, resolve } from 'node:path';
import type { Command } from 'commander';
import {
  parseScenarioFile,
  planOptionsSchema,
  unwrapFormatResult,
  type PlanOptions,
  type PlanOptionsInput,
  type ScenarioFile,
} from '@vplan/formats';
import { readText, toInputError } from '@vplan/file-input';
import { UsageError } from './options';

/** `vplan plan` flags that are planning options, by option name (what a scenario file's `options` hold). */
export const OPTION_FLAGS = {
  hostCpuMhz: 'hostCpuMhz',
  hostMemoryGb: 'hostMemoryGiB',
  hostCores: 'hostCores',
  resources: 'resources',
  headroom: 'headroom',
  percentile: 'percentile',
  profile: 'profile',
  gaps: 'gaps',
  minCoverage: 'minCoverage',
  unmeasuredUtilization: 'unmeasuredUtilization',
  failover: 'failover',
  strategy: 'strategy',
  seed: 'seed',
  timeBudgetMs: 'timeBudgetMs',
  clusterSize: 'clusterSize',
  timeZone: 'timeZone',
  keepExisting: 'keepExisting',
  objective: 'objective',
  pricePerKwh: 'pricePerKwh',
  currency: 'currency',
} as const satisfies Record<string, keyof PlanOptionsInput>;

/** A scenario file read for `vplan plan`, with its documents' paths resolved from its folder. */
export interface LoadedScenario {
  readonly file: ScenarioFile;
  readonly rules?: string;
  readonly targets?: string;
  readonly target?: string;
}

/** Whether `value` names an existing file (a scenario file rather than a stored scenario's name). */
export async function isFile(value: string): Promise<boolean> {
  return stat(value).then(
    (s) => s.isFile(),
    () => false,
  );
}

/**
 * Reads and validates a scenario file (errors `file:line:column`). Its `ruleset` and
 * `targets` must be files here (names need `--api`); their paths are relative to it.
 */
export async function loadScenario(path: string): Promise<LoadedScenario> {
  const text = await readText(path).catch((error: unknown) => {
    throw toInputError(path, error);
  });
  const file = unwrapFormatResult(parseScenarioFile(text, path, basename(path, extname(path))));
  const here = dirname(path);
  const fileOf = (ref: { file: string } | { name: string } | undefined, what: string) => {
    if (!ref) return undefined;
    if ('file' in ref) return resolve(here, ref.file);
    throw new UsageError(
      `${path}: ${what} ${ref.name} is named, not a file: name a file, or plan with --api`,
    );
  };
  const rules = fileOf(file.ruleset, 'ruleset');
  const targets = fileOf(file.targets, 'targets');
  const target = file.targets?.target;
  return {
    file,
    ...(rules ? { rules } : {}),
    ...(targets ? { targets } : {}),
    ...(target ? { target } : {}),
  };
}

/**
 * The planning options: the scenario's, overridden by every flag given on the command
 * line (flags left at their defaults do not override), then validated.
 */
export function mergeOptions(
  command: Command,
  flags: Record<string, unknown>,
  scenario: LoadedScenario | undefined,
): PlanOptions {
  const merged: Record<string, unknown> = { ...(scenario?.file.options ?? {}) };
  for (const [flag, option] of Object.entries(OPTION_FLAGS)) {
    if (flags[flag] !== undefined && command.getOptionValueSource(flag) !== 'default') {
      merged[option] = flags[flag];
    }
  }
  const allocation = { ...((merged['allocation'] as object | undefined) ?? {}) } as Record<
    string,
    unknown
  >;
  for (const key of ['vcpuPerCore', 'memoryOvercommit', 'maxVms'] as const) {
    if (flags[key] !== undefined) allocation[key] = flags[key];
  }
  if (Object.keys(allocation).length > 0) merged['allocation'] = allocation;
  if (flags['growth'] !== undefined) {
    merged['growth'] = { ratePerYear: flags['growth'], horizonMonths: flags['horizon'] ?? 12 };
  } else if (flags['horizon'] !== undefined) {
    throw new UsageError('--horizon needs --growth');
  }
  const parsed = planOptionsSchema.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(`option ${issue.path.join('.') || '(options)'}: ${issue.message}`);
  }
  return parsed.data;
}

/** `20%/year`, `20%`, `0.2` → 0.2 (a yearly rate). */
export function parseGrowth(value: string): number {
  const match = /^\s*(-?\d+(?:\.\d+)?)\s*(%)?\s*(?:\/\s*(?:y|yr|year))?\s*$/i.exec(value);
  if (!match)
    throw new UsageError(
      `--growth: expected a yearly rate such as 20%/year or 0.2, got '${value}'`,
    );
  const n = Number(match[1]) / (match[2] ? 100 : 1);
  if (!(n > -1) || n > 10)
    throw new UsageError(`--growth: ${value} is out of range (above −100 %, at most 1000 %)`);
  return n;
}

/** `12m`, `18`, `1y`, `2y` → months. */
export function parseHorizon(value: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(m|mo|months?|y|years?)?\s*$/i.exec(value);
  if (!match)
    throw new UsageError(
      `--horizon: expected months such as 12m or years such as 2y, got '${value}'`,
    );
  const n = Number(match[1]) * (match[2] && /^y/i.test(match[2]) ? 12 : 1);
  if (!(n > 0) || n > 120)
    throw new UsageError(`--horizon: ${value} is out of range (0 to 120 months)`);
  return n;
}
