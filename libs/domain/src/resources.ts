/**
 * Resources a host provides and a server demands. Units are fixed per resource:
 * - `cpu`: MHz (CPU capacity or usage, after any normalization),
 * - `memory`: GiB (binary gigabytes; 1 GiB = 1024 × 1024 KiB),
 * - `disk`: IOPS,
 * - `network`: Mbit/s.
 */
export type ResourceName = 'cpu' | 'memory' | 'disk' | 'network';

/** Every resource, in the canonical order used by arrays indexed by resource. */
export const RESOURCE_NAMES: readonly ResourceName[] = ['cpu', 'memory', 'disk', 'network'];

/** Unit label of each resource, for tables and reports. */
export const RESOURCE_UNITS: Readonly<Record<ResourceName, string>> = {
  cpu: 'MHz',
  memory: 'GiB',
  disk: 'IOPS',
  network: 'Mbit/s',
};

export function isResourceName(value: string): value is ResourceName {
  return (RESOURCE_NAMES as readonly string[]).includes(value);
}

/** KiB per GiB: Bitbrains and /proc/meminfo report memory in KiB (labelled "KB"). */
export const KIB_PER_GIB = 1024 * 1024;
/** MiB per GiB. */
export const MIB_PER_GIB = 1024;

/**
 * CPU capacity in MHz of `cores` at `ghz` per core, rounded to a thousandth of a MHz so
 * that binary float noise (48 × 2.6 GHz = 124800.00000000001) never reaches a plan.
 */
export function coresToMhz(cores: number, ghz: number): number {
  return Math.round(cores * ghz * 1_000_000) / 1000;
}
