import type { EstateBaseline, TargetModel } from '@vplan/domain';
import type { PlanOptions } from '@vplan/formats';
import type { RuleSet } from '@vplan/rules';
import type { PlanConstraints } from '../plan-estate';
import {
  resolvePlanTarget,
  type PlanProblem,
  type PlanTarget,
  type PlanTargets,
} from '../plan-target';
import { ruleConstraints } from '../rule-constraints';
import { existingModels } from '../today-baseline';

/** A host model a fleet plan may use: a target model to buy, or a group of today's hosts to keep. */
export interface FleetModel {
  /** Capacity, headroom and allocation limits the packer enforces (`target.model.name` is unique). */
  readonly target: PlanTarget;
  /** The model priced: cost, power, cores, sockets and licence prices. */
  readonly priced: TargetModel;
  /** Today's hosts of this model, by name, with keep-existing: the plan uses at most this many. */
  readonly existing?: readonly string[];
  /** The rules compiled against this model (its fit rules), when the plan has a rule set. */
  readonly constraints?: PlanConstraints;
}

export type FleetOutcome =
  | {
      readonly ok: true;
      readonly models: readonly FleetModel[];
      /** What the fleet assumes, one sentence each (for the plan's warnings). */
      readonly notes: readonly string[];
    }
  | { readonly ok: false; readonly problem: PlanProblem };

/**
 * Whether a plan goes through the fleet planner rather than one model's packing:
 * keep-existing, a targets file of several models with none named, or one model that
 * prices per-core licences; never when the options give the host capacity.
 */
export function isFleetPlan(options: PlanOptions, targets?: PlanTargets): boolean {
  if (options.keepExisting) return true;
  if (
    targets === undefined ||
    options.hostCpuMhz !== undefined ||
    options.hostMemoryGiB !== undefined ||
    options.hostCores !== undefined
  )
    return false;
  if (targets.name === undefined && targets.all.length > 1) return true;
  // One model that prices per-core licences: licensed servers may be packed apart.
  const one =
    targets.name === undefined ? targets.all[0] : targets.all.find((t) => t.name === targets.name);
  const prices = one?.licences;
  return prices !== undefined && (prices.windowsDatacenter ?? prices.sqlServer) !== undefined;
}

/**
 * The models of a fleet plan, in the order they are filled: today's host groups first
 * (keep-existing: their counts, at the highest vCPU:core and memory ratio any of them runs
 * today unless the options set ratios, headroom 0 unless given), then the target models
 * (the one named, or all of the targets file).
 */
export function fleetModels(
  options: PlanOptions,
  targets: PlanTargets | undefined,
  ruleSet: RuleSet | undefined,
  baseline: EstateBaseline | undefined,
): FleetOutcome {
  const models: FleetModel[] = [];
  const notes: string[] = [];
  const constraintsOf = (target: TargetModel) =>
    ruleSet ? { constraints: ruleConstraints(ruleSet, target) } : {};
  if (options.keepExisting) {
    if (!baseline || baseline.hosts.length === 0)
      return {
        ok: false,
        problem: {
          code: 'no-baseline',
          message:
            "keep-existing needs an inventory that describes today's hosts (an RVTools export with a vHost sheet)",
        },
      };
    const today = existingModels(baseline);
    const vcpuPerCore = options.allocation?.vcpuPerCore ?? today.vcpuPerCore;
    const memoryOvercommit = options.allocation?.memoryOvercommit ?? today.memoryOvercommit;
    notes.push(
      `keep-existing: today's ${baseline.hosts.length - today.unusable.length} usable host(s) are filled first, at ${ratioText(vcpuPerCore, options.allocation?.vcpuPerCore, 'vCPU per core')} and ${ratioText(memoryOvercommit, options.allocation?.memoryOvercommit, 'configured memory per GiB')}`,
    );
    if (options.headroom === undefined)
      notes.push(
        "keep-existing: today's hosts are planned with no headroom (today runs them so); give a headroom to keep a reserve",
      );
    if (today.unusable.length > 0)
      notes.push(
        `keep-existing: ${today.unusable.length} host(s) of today lack cores, clock or memory in the inventory and are not planned onto: ${sample(today.unusable)}`,
      );
    for (const group of today.models) {
      const priced: TargetModel = {
        name: group.name,
        capacity: { cpu: group.cpuMhz, memory: group.memoryGiB },
        cores: group.cores,
        ...(group.cpuModel !== undefined ? { cpuModel: group.cpuModel } : {}),
        ...(vcpuPerCore !== undefined ? { vcpuPerCore } : {}),
        ...(memoryOvercommit !== undefined ? { memoryOvercommit } : {}),
        costPerMonth: 0,
      };
      const resolved = resolvePlanTarget(
        { ...options, allocation: { ...options.allocation, vcpuPerCore, memoryOvercommit } },
        { file: 'the inventory', all: [priced], name: group.name },
      );
      if (!resolved.ok) return resolved;
      models.push({
        target: resolved.target,
        priced,
        existing: group.hosts,
        ...constraintsOf(priced),
      });
    }
  }
  if (targets) {
    const chosen =
      targets.name === undefined ? targets.all : targets.all.filter((t) => t.name === targets.name);
    if (targets.all.length === 0)
      return resolvePlanTarget(options, targets) as FleetOutcome & { ok: false };
    for (const t of chosen.length > 0 ? chosen : [undefined]) {
      const resolved = resolvePlanTarget(options, t ? { ...targets, name: t.name } : targets);
      if (!resolved.ok) return resolved;
      if (models.some((m) => m.target.model.name === resolved.target.model.name))
        return {
          ok: false,
          problem: {
            code: 'unknown-target',
            message: `target ${resolved.target.model.name}: the name is used twice in the plan's models`,
          },
        };
      models.push({ target: resolved.target, priced: t!, ...constraintsOf(t!) });
    }
  } else if (!options.keepExisting || options.hostCpuMhz !== undefined) {
    const resolved = resolvePlanTarget(options);
    if (!resolved.ok) return resolved;
    const { target } = resolved;
    models.push({
      target,
      priced: {
        name: target.model.name,
        capacity: target.model.capacity,
        ...(target.cores !== undefined ? { cores: target.cores } : {}),
      },
      ...(ruleSet ? { constraints: ruleConstraints(ruleSet, target.target) } : {}),
    });
  }
  return { ok: true, models, notes };
}

function ratioText(value: number | undefined, given: number | undefined, what: string): string {
  if (value === undefined) return `no limit of ${what} (today's figure unknown)`;
  return given !== undefined
    ? `${value} ${what} (as the options set)`
    : `${value} ${what} (the highest today)`;
}

function sample(names: readonly string[]): string {
  return names.length <= 5 ? names.join(', ') : `${names.slice(0, 5).join(', ')} …`;
}
