// Deterministic collector batches for the ingest runs: every (asset, metric, slot) is sent
// exactly once across all batches, and its value is a function of the three, so a reader
// can check every stored value.
import type { Sample, SampleBatch } from '@vplan/contracts';

/**
 * `narrow`: a collector per group of 4 assets sending 125 timestamps at once (4 × 2 metrics
 * × 125 = 1,000 samples); `wide`: one timestamp of 500 assets (500 × 2 = 1,000 samples).
 */
export type BatchShape = 'narrow' | 'wide';

export interface SyntheticSpec {
  /** Samples in all; a multiple of 1,000 × assets-per-batch slots. */
  readonly samples: number;
  readonly assets: number;
  readonly shape: BatchShape;
  /** Epoch ms of slot 0 (default 2024-05-06T00:00Z, a Monday). */
  readonly t0?: number;
}

export const SAMPLES_PER_BATCH = 1000;
const STEP_MS = 300_000;
const METRICS = ['cpu_mhz', 'memory_gb'] as const;

function assetsPerBatch(shape: BatchShape): number {
  return shape === 'narrow' ? 4 : 500;
}

function slotsPerBatch(shape: BatchShape): number {
  return SAMPLES_PER_BATCH / (assetsPerBatch(shape) * METRICS.length);
}

/** Checks the spec and returns its figures: batches, slots per asset and metric. */
export function planOf(spec: SyntheticSpec): {
  batches: number;
  slotsPerAsset: number;
  groups: number;
} {
  const per = assetsPerBatch(spec.shape);
  if (spec.assets % per !== 0) {
    throw new Error(`--assets ${spec.assets}: a multiple of ${per} for the ${spec.shape} shape`);
  }
  const groups = spec.assets / per;
  const batches = spec.samples / SAMPLES_PER_BATCH;
  if (!Number.isInteger(batches) || batches % groups !== 0) {
    throw new Error(
      `--samples ${spec.samples}: a multiple of ${SAMPLES_PER_BATCH * groups} for ${spec.assets} assets (${spec.shape})`,
    );
  }
  return { batches, slotsPerAsset: (batches / groups) * slotsPerBatch(spec.shape), groups };
}

export function assetName(a: number): string {
  return `vm-${String(a).padStart(5, '0')}`;
}

/** The value sent for asset `a`, metric `m` (0 cpu MHz, 1 memory GiB), slot `s`. */
export function valueOf(a: number, m: number, s: number): number {
  return m === 0 ? 100 + ((a * 37 + s * 11) % 5000) : 1 + ((a * 13 + s * 7) % 640) / 8;
}

/** Batch `b` of the run (batches walk the asset groups, then time). */
export function syntheticBatch(spec: SyntheticSpec, b: number, prefix = 'b'): SampleBatch {
  const { groups } = planOf(spec);
  const per = assetsPerBatch(spec.shape);
  const slots = slotsPerBatch(spec.shape);
  const group = b % groups;
  const firstSlot = Math.floor(b / groups) * slots;
  const t0 = spec.t0 ?? Date.UTC(2024, 4, 6);
  const samples: Sample[] = [];
  for (let k = 0; k < slots; k++) {
    const s = firstSlot + k;
    const ts = t0 + s * STEP_MS;
    for (let i = 0; i < per; i++) {
      const a = group * per + i;
      const assetId = assetName(a);
      for (let m = 0; m < METRICS.length; m++) {
        samples.push({ assetId, metric: METRICS[m]!, ts, value: valueOf(a, m, s) });
      }
    }
  }
  return { batchId: `${prefix}-${b}`, source: 'synthetic', samples };
}
