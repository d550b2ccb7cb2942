import type { TimeWindow } from './common';
import { instantMs } from './common';

/**
 * Paging of aligned demand (planning reads every asset's series from workloads). A page
 * carries `assets × resources × slots` Float32 values, base64-encoded (4 bytes → 5⅓
 * characters). The cap below lets 8 assets × 2 resources × 8,640 slots (30 days at 5
 * minutes) through: 8,640 × 4 B = 34,560 B = 46,080 base64 characters per series,
 * ≈ 92 KB per asset, 737,280 characters of values per page. The heaviest page allowed
 * (128 assets with the longest ids, 128 three-byte characters each, four resources)
 * weighs 795,545 bytes as a JSON reply (workloads.spec.ts builds it and measures): 76 %
 * of NATS's default max payload of 1 MiB. Longer windows get fewer assets per page
 * ({@link maxDemandPageAssets}); a window too long for even one asset is delivered
 * through the Object Store.
 */
export const MAX_DEMAND_PAGE_VALUES = 8 * 2 * 8640;
/** Most assets of one demand page, whatever the window. */
export const MAX_DEMAND_PAGE_ASSETS = 128;
/** Longest window of a demand request, in slots (a leap year at 5 minutes). */
export const MAX_DEMAND_WINDOW_SLOTS = 366 * 288;

/** The grid of a demand page: slot `i` starts at `(origin + i) × stepSeconds` epoch seconds. */
export interface DemandGrid {
  readonly stepSeconds: number;
  readonly origin: number;
  readonly slots: number;
}

/** The grid that covers `[from, to)` at `stepSeconds`: whole slots, floor of from to ceiling of to. */
export function demandGrid(window: TimeWindow, stepSeconds: number): DemandGrid {
  const from = Math.floor(instantMs(window.from) / 1000 / stepSeconds);
  const to = Math.ceil(instantMs(window.to) / 1000 / stepSeconds);
  return { stepSeconds, origin: from, slots: Math.max(0, to - from) };
}

/** Most assets one inline demand page may carry for `slots` slots of `resources` resources. */
export function maxDemandPageAssets(slots: number, resources: number): number {
  const perAsset = Math.max(1, slots) * Math.max(1, resources);
  return Math.min(MAX_DEMAND_PAGE_ASSETS, Math.floor(MAX_DEMAND_PAGE_VALUES / perAsset));
}

/**
 * Float32 values as base64 of their little-endian bytes (NaN, the "no sample" mark of
 * MetricSeries, survives the round trip).
 */
export function encodeFloat32(values: Float32Array): string {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i] as number, true);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** The inverse of {@link encodeFloat32}; throws when the text is not whole Float32 values. */
export function decodeFloat32(text: string): Float32Array {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.byteLength % 4 !== 0) {
    throw new Error(`demand series of ${bytes.byteLength} bytes is not whole Float32 values`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(bytes.byteLength / 4);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}
