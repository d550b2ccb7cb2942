import type { PlacementProblem } from './problem';
import type { PlacementResult } from './plan-placement';
import type { HardRules } from './rules';

/** Relative slack the validator allows on capacity (float summation order differs). */
const VALIDATION_TOLERANCE = 1e-6;

/**
 * Checks a placement independently of the packer's bookkeeping: every item is placed
 * exactly once or listed unplaced once; at every slot and for every resource a host's
 * summed demand is within usable capacity (with `problem.allowedExceedance` E > 0: a
 * host is over it in at most E slots); each host's summed allocation is within every
 * allocation limit; the label rules (one environment per host; anti-affinity and DR
 * group members apart) and any extra hard rules hold. Returns the violations found,
 * empty when the plan is valid.
 */
export function validatePlacement(
  problem: PlacementProblem,
  result: PlacementResult,
  extra?: HardRules,
): string[] {
  const errors: string[] = [];
  const seen = new Map<number, string>();
  const note = (item: number, where: string): void => {
    const before = seen.get(item);
    if (before !== undefined)
      errors.push(`item ${problem.items[item]?.id ?? item} is both on ${before} and ${where}`);
    seen.set(item, where);
  };
  result.hosts.forEach((items, h) => items.forEach((i) => note(i, `host ${h}`)));
  result.unplaced.forEach(({ item }) => note(item, 'the unplaced list'));
  problem.items.forEach((item, i) => {
    if (!seen.has(i)) errors.push(`item ${item.id} is neither placed nor unplaced`);
  });
  result.hosts.forEach((items, h) => {
    if ((problem.allowedExceedance ?? 0) > 0) errors.push(...exceedanceErrors(problem, items, h));
    else errors.push(...capacityErrors(problem, items, h));
    errors.push(...allocationErrors(problem, items, h));
    const environments = new Set(
      items.map((i) => problem.items[i]!.labels?.environment).filter((e) => e),
    );
    if (environments.size > 1)
      errors.push(`host ${h} mixes environments ${[...environments].join(', ')}`);
    for (const label of ['antiAffinityGroup', 'drGroup'] as const) {
      const groups = items
        .map((i) => problem.items[i]!.labels?.[label])
        .filter((g): g is string => !!g);
      if (new Set(groups).size < groups.length)
        errors.push(`host ${h} holds two members of one ${label}`);
    }
    for (const rule of extra?.same ?? []) {
      const keys = new Set(items.map((i) => rule.keys[i]!).filter((k) => k >= 0));
      if (keys.size > 1) errors.push(`host ${h} breaks rule ${rule.id}`);
    }
    for (const rule of extra?.pairwise ?? []) {
      for (let x = 0; x < items.length; x++) {
        for (let y = x + 1; y < items.length; y++) {
          if (rule.conflicts(items[x]!, items[y]!)) errors.push(`host ${h} breaks rule ${rule.id}`);
        }
      }
    }
    for (const rule of extra?.limits ?? []) {
      const counts = new Map<number, number>();
      for (const i of items) {
        const k = rule.keys[i]!;
        if (k >= 0) counts.set(k, (counts.get(k) ?? 0) + 1);
      }
      if ([...counts.values()].some((c) => c > rule.max))
        errors.push(`host ${h} breaks rule ${rule.id}`);
    }
  });
  return errors;
}

/** The first slot per resource where host `h` is over its usable capacity. */
function capacityErrors(problem: PlacementProblem, items: readonly number[], h: number): string[] {
  const errors: string[] = [];
  problem.resources.forEach((resource, r) => {
    const limit = problem.usable[r]! * (1 + VALIDATION_TOLERANCE);
    for (let t = 0; t < problem.slots; t++) {
      let sum = 0;
      for (const i of items) sum += problem.items[i]!.demand[r]![t]!;
      if (sum > limit) {
        errors.push(
          `host ${h} ${resource} demand ${sum} exceeds usable ${problem.usable[r]} in slot ${t}`,
        );
        break;
      }
    }
  });
  return errors;
}

/** Host `h` over its usable capacity (any resource) in more slots than allowed. */
function exceedanceErrors(
  problem: PlacementProblem,
  items: readonly number[],
  h: number,
): string[] {
  const allowed = problem.allowedExceedance ?? 0;
  let over = 0;
  let first = -1;
  for (let t = 0; t < problem.slots; t++) {
    const exceeds = problem.resources.some((_, r) => {
      let sum = 0;
      for (const i of items) sum += problem.items[i]!.demand[r]![t]!;
      return sum > problem.usable[r]! * (1 + VALIDATION_TOLERANCE);
    });
    if (!exceeds) continue;
    over++;
    if (first < 0) first = t;
  }
  if (over <= allowed) return [];
  return [
    `host ${h} exceeds usable capacity in ${over} slots (first: slot ${first}); ${allowed} are allowed`,
  ];
}

/** Each allocation dimension where host `h`'s summed allocation exceeds the limit. */
function allocationErrors(
  problem: PlacementProblem,
  items: readonly number[],
  h: number,
): string[] {
  const { names = [], limits = [] } = problem.allocation ?? {};
  return limits.flatMap((limit, d) => {
    let sum = 0;
    for (const i of items) sum += problem.items[i]!.allocation?.[d] ?? 0;
    if (sum <= limit * (1 + VALIDATION_TOLERANCE)) return [];
    return [`host ${h} ${names[d] ?? `allocation ${d}`} ${sum} exceeds the limit ${limit}`];
  });
}
