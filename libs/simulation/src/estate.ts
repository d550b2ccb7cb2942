import {
  DEFAULT_STEP_SECONDS,
  makeAsset,
  seededRandom,
  slotsPerWeek,
  type Asset,
  type Estate,
  type MetricSeries,
  type TimeGrid,
} from '@vplan/domain';
import { synthesizeCpu } from './cpu-model';
import { synthesizeMemory } from './memory-model';
import { planServers, type ServerSpec } from './portfolio';
import { ARCHETYPES, type Archetype } from './roles';
import { deriveSeed } from './sampling';
import { drawServerAttributes, type ServerAttributes } from './server-attributes';

/** What to simulate. Every field is optional; see DEFAULT_ESTATE_OPTIONS. */
export interface EstateOptions {
  /** Number of source servers (integer ≥ 0). Default 500. */
  readonly servers?: number;
  /** Seed of every random choice (integer). Same options → identical estate. Default 1. */
  readonly seed?: number;
  /** Weeks of samples, an integer from 2 to 4. Default 3. */
  readonly weeks?: number;
  /** Sampling step in seconds; must divide one hour. Default 300 (5 minutes). */
  readonly stepSeconds?: number;
  /**
   * Start of the first sample, epoch seconds (UTC). Default 2026-01-12 00:00 UTC, a Monday
   * whose three weeks include a month end; never the clock, so runs are reproducible.
   */
  readonly startEpochSeconds?: number;
}

/** The defaults of EstateOptions. */
export const DEFAULT_ESTATE_OPTIONS: Readonly<Required<EstateOptions>> = {
  servers: 500,
  seed: 1,
  weeks: 3,
  stepSeconds: DEFAULT_STEP_SECONDS,
  startEpochSeconds: 1_768_176_000, // 2026-01-12T00:00:00Z, a Monday
};

/** Seed streams, so that adding a stream never shifts the numbers of another. */
const STREAM = { portfolio: 0, cpu: 1, memory: 2, attributes: 3 } as const;

/**
 * Generates a realistic enterprise estate: `servers` source servers with business
 * attributes and hardware capacity, and for each one a `cpu` series (MHz) and a `memory`
 * series (GiB) on a regular grid of `stepSeconds` starting at `startEpochSeconds`. No
 * value is NaN, negative, or above the server's capacity. Deterministic: the same options
 * give a byte-identical result. Memory: about 8 bytes per server and slot (one
 * Float32Array per series), e.g. 645 MB for 10,000 servers × 4 weeks of 5-minute slots.
 *
 * @throws RangeError when an option is out of range (a caller's bug: validate user input
 * at the boundary).
 */
export function generateEstate(options: EstateOptions = {}): Estate {
  const o = resolveOptions(options);
  const grid: TimeGrid = {
    stepSeconds: o.stepSeconds,
    origin: Math.floor(o.startEpochSeconds / o.stepSeconds),
    slots: o.weeks * slotsPerWeek(o.stepSeconds),
  };
  const specs = planServers(seededRandom(deriveSeed(o.seed, STREAM.portfolio)), o.servers);
  const cpu: Float32Array[] = [];
  const series: MetricSeries[] = [];
  for (const spec of specs) {
    const primary = spec.replicaOf === undefined ? undefined : cpu[spec.replicaOf];
    const cpuRandom = seededRandom(deriveSeed(o.seed, STREAM.cpu, spec.index));
    const cpuValues = synthesizeCpu(spec, grid, cpuRandom, primary);
    const memoryRandom = seededRandom(deriveSeed(o.seed, STREAM.memory, spec.index));
    const memoryValues = synthesizeMemory(spec, grid, memoryRandom, cpuValues);
    cpu.push(cpuValues);
    const common = { assetId: spec.hostname, stepSeconds: grid.stepSeconds, start: grid.origin };
    series.push({ ...common, metric: 'cpu', values: cpuValues });
    series.push({ ...common, metric: 'memory', values: memoryValues });
  }
  const attributes = drawServerAttributes(specs, deriveSeed(o.seed, STREAM.attributes));
  return {
    assets: specs.map((spec, i) => toAsset(spec, attributes[i] as ServerAttributes)),
    series,
  };
}

/**
 * The workload archetype the simulator gave an asset (kept in `custom.archetype`), or
 * undefined for an asset it did not generate.
 */
export function archetypeOf(asset: Asset): Archetype | undefined {
  const value = asset.custom['archetype'];
  return ARCHETYPES.find((a) => a === value);
}

function resolveOptions(options: EstateOptions): Required<EstateOptions> {
  const o = { ...DEFAULT_ESTATE_OPTIONS, ...stripUndefined(options) };
  const problems: string[] = [];
  if (!Number.isInteger(o.servers) || o.servers < 0)
    problems.push('servers must be an integer ≥ 0');
  if (!Number.isSafeInteger(o.seed)) problems.push('seed must be an integer');
  if (!Number.isInteger(o.weeks) || o.weeks < 2 || o.weeks > 4) {
    problems.push('weeks must be an integer from 2 to 4');
  }
  if (!Number.isInteger(o.stepSeconds) || o.stepSeconds <= 0 || 3600 % o.stepSeconds !== 0) {
    problems.push('stepSeconds must be a positive integer that divides 3600');
  }
  if (!Number.isFinite(o.startEpochSeconds)) problems.push('startEpochSeconds must be finite');
  if (problems.length > 0) throw new RangeError(`generateEstate: ${problems.join('; ')}`);
  return o;
}

function stripUndefined(options: EstateOptions): EstateOptions {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
}

function toAsset(spec: ServerSpec, attributes: ServerAttributes): Asset {
  const { hardware } = spec;
  return makeAsset(spec.hostname, {
    hostname: spec.hostname,
    site: spec.site,
    capacity: {
      cpuMhz: hardware.cpuMhz,
      cores: hardware.cores,
      memoryGiB: hardware.memoryGiB,
      cpuModel: hardware.cpuModel,
    },
    business: {
      environment: spec.environment,
      owner: spec.owner,
      department: spec.department,
      costCenter: spec.costCenter,
      application: spec.application,
      role: spec.role.role,
      ...(spec.antiAffinityGroup === undefined
        ? {}
        : { antiAffinityGroup: spec.antiAffinityGroup }),
      ...(spec.drGroup === undefined ? {} : { drGroup: spec.drGroup }),
      ...attributes.business,
    },
    technical: attributes.technical,
    custom: {
      tier: spec.role.tier,
      criticality: spec.criticality,
      service_hours: spec.serviceHours,
      platform: hardware.platform,
      archetype: spec.archetype,
    },
  });
}
