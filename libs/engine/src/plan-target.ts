import type { HostModel, ResourceName, TargetModel } from '@vplan/domain';
import { headroomOf, type PlanOptions } from '@vplan/formats';

/** Why a plan cannot be made as asked: a value the CLI and the service each word for their users. */
export interface PlanProblem {
  readonly code:
    | 'no-host-cpu'
    | 'no-host-memory'
    | 'no-host-cores'
    | 'unknown-target'
    | 'no-target-models'
    | 'no-baseline';
  /** One sentence naming the scenario setting (not a CLI flag or an HTTP field). */
  readonly message: string;
}

/** Per-host allocation limits enforced by the packer, and the policy they come from. */
export interface AllocationLimits {
  readonly vcpuPerCore?: number;
  readonly memoryOvercommit?: number;
  readonly maxVms?: number;
  /** vCPUs per host = cores × vcpuPerCore. */
  readonly vcpus?: number;
  /** Configured memory per host = memory × memoryOvercommit (GiB). */
  readonly memoryGiB?: number;
  readonly vms?: number;
}

/** The host model a plan packs onto, with everything the sizing policy needs of it. */
export interface PlanTarget {
  readonly model: HostModel;
  /** The targets-file model the fit rules read, when the plan names one. */
  readonly target?: TargetModel;
  readonly cores?: number;
  readonly cpuModel?: string;
  readonly cpuRating?: number;
  readonly allocation: AllocationLimits;
  /** What the options changed of the target model, for the plan's warnings. */
  readonly overrides: readonly string[];
}

/** Target models of a plan: all of a targets document, and which one to plan on (default the first). */
export interface PlanTargets {
  readonly file: string;
  readonly all: readonly TargetModel[];
  readonly name?: string;
}

export type TargetOutcome =
  | { readonly ok: true; readonly target: PlanTarget }
  | { readonly ok: false; readonly problem: PlanProblem };

const problem = (code: PlanProblem['code'], message: string): TargetOutcome => ({
  ok: false,
  problem: { code, message },
});

/**
 * The host model to plan on: the chosen target model, with the options' host capacity,
 * headroom and allocation limits overriding it where they are given. Every limit the
 * result holds is one the packer enforces; a limit that cannot be enforced (a vCPU ratio
 * without a core count) is refused here.
 */
export function resolvePlanTarget(options: PlanOptions, targets?: PlanTargets): TargetOutcome {
  let target: TargetModel | undefined;
  if (targets) {
    if (targets.all.length === 0)
      return problem('no-target-models', `${targets.file} defines no target model`);
    target =
      targets.name === undefined
        ? targets.all[0]
        : targets.all.find((t) => t.name === targets.name);
    if (!target) {
      return problem(
        'unknown-target',
        `target ${targets.name}: no such model in ${targets.file} (it has ${targets.all.map((t) => t.name).join(', ')})`,
      );
    }
  }
  const overrides: string[] = [];
  const pick = <T>(
    given: T | undefined,
    fromTarget: T | undefined,
    what: string,
  ): T | undefined => {
    if (given !== undefined && fromTarget !== undefined && given !== fromTarget)
      overrides.push(
        `${what} ${String(given)} instead of target ${target!.name}'s ${String(fromTarget)}`,
      );
    return given ?? fromTarget;
  };
  const cpu = pick(options.hostCpuMhz, target?.capacity.cpu, 'host CPU MHz');
  if (cpu === undefined)
    return problem(
      'no-host-cpu',
      'the host CPU capacity (MHz) is not given and no target model gives it',
    );
  const planMemory = options.resources.includes('memory');
  const memory = pick(options.hostMemoryGiB, target?.capacity.memory, 'host memory GiB');
  if (planMemory && memory === undefined) {
    return problem(
      'no-host-memory',
      'host memory is required when memory is planned (give the host memory, or plan cpu alone)',
    );
  }
  const cores = pick(options.hostCores, target?.cores, 'host cores');
  const policy = {
    vcpuPerCore: options.allocation?.vcpuPerCore ?? target?.vcpuPerCore,
    memoryOvercommit: options.allocation?.memoryOvercommit ?? target?.memoryOvercommit,
    maxVms: options.allocation?.maxVms ?? target?.maxVms,
  };
  if (policy.vcpuPerCore !== undefined && cores === undefined) {
    return problem(
      'no-host-cores',
      `a limit of ${policy.vcpuPerCore} vCPU per core needs the host's physical core count`,
    );
  }
  if (policy.memoryOvercommit !== undefined && memory === undefined) {
    return problem(
      'no-host-memory',
      `a memory overcommit of ${policy.memoryOvercommit} needs the host memory`,
    );
  }
  const capacity: Partial<Record<ResourceName, number>> = { cpu };
  if (memory !== undefined && planMemory) capacity.memory = memory;
  const headroom: Partial<Record<ResourceName, number>> = {};
  for (const r of options.resources)
    headroom[r] = headroomOf(options, r) ?? target?.headroom?.[r] ?? 0;
  const allocation: AllocationLimits = {
    ...policy,
    ...(policy.vcpuPerCore !== undefined ? { vcpus: cores! * policy.vcpuPerCore } : {}),
    ...(policy.memoryOvercommit !== undefined
      ? { memoryGiB: memory! * policy.memoryOvercommit }
      : {}),
    ...(policy.maxVms !== undefined ? { vms: policy.maxVms } : {}),
  };
  const name =
    options.hostModelName ?? target?.name ?? hostModelName(cpu, planMemory ? memory : undefined);
  return {
    ok: true,
    target: {
      model: { name, capacity, headroom },
      ...(target ? { target } : {}),
      ...(cores !== undefined ? { cores } : {}),
      ...(target?.cpuModel !== undefined ? { cpuModel: target.cpuModel } : {}),
      ...(target?.cpuRating !== undefined ? { cpuRating: target.cpuRating } : {}),
      allocation,
      overrides,
    },
  };
}

/** A readable name for a host model given by capacity, e.g. "46,800 MHz / 128 GiB". */
export function hostModelName(cpuMhz: number, memoryGiB: number | undefined): string {
  const cpu = `${cpuMhz.toLocaleString('en-US')} MHz`;
  return memoryGiB !== undefined ? `${cpu} / ${memoryGiB.toLocaleString('en-US')} GiB` : cpu;
}
