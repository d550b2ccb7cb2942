import type { PlacementProblem } from './problem';

/**
 * Per-item summaries that let the packer decide most fit questions without reading the
 * whole time series: peak and its slot, the maximum per block of slots, mean.
 */
export interface ItemProfiles {
  /** Slots per block of the block summaries. */
  readonly blockSize: number;
  readonly blocks: number;
  /** `peak[i * R + r]`: largest demand of item i for resource r. */
  readonly peak: Float64Array;
  /** `argmax[i * R + r]`: first slot where that peak occurs. */
  readonly argmax: Int32Array;
  /** `blockMax[i][r]`: per block, the item's largest demand. */
  readonly blockMax: readonly (readonly Float32Array[])[];
  /** `mean[i * R + r]`: mean demand over the slots. */
  readonly mean: Float64Array;
  /** Largest peak / usable over the resources (0..: > 1 means larger than a host). */
  readonly size: Float64Array;
  /** Sum over resources of mean / usable. */
  readonly volume: Float64Array;
}

/** Block size: about √T slots per block keeps both the block scan and a block's slots short. */
export function blockSizeFor(slots: number): number {
  return Math.max(4, Math.min(256, Math.round(Math.sqrt(slots))));
}

export function profileItems(problem: PlacementProblem): ItemProfiles {
  const R = problem.resources.length;
  const T = problem.slots;
  const n = problem.items.length;
  const blockSize = blockSizeFor(T);
  const blocks = Math.ceil(T / blockSize);
  const peak = new Float64Array(n * R);
  const argmax = new Int32Array(n * R);
  const mean = new Float64Array(n * R);
  const size = new Float64Array(n);
  const volume = new Float64Array(n);
  const blockMax: Float32Array[][] = [];
  for (let i = 0; i < n; i++) {
    const item = problem.items[i]!;
    const perResource: Float32Array[] = [];
    for (let r = 0; r < R; r++) {
      const d = item.demand[r]!;
      const bm = new Float32Array(blocks);
      let best = -Infinity;
      let bestAt = 0;
      let sum = 0;
      for (let b = 0, t = 0; b < blocks; b++) {
        const end = Math.min(T, t + blockSize);
        let m = 0;
        for (; t < end; t++) {
          const v = d[t]!;
          sum += v;
          if (v > m) m = v;
          if (v > best) {
            best = v;
            bestAt = t;
          }
        }
        bm[b] = m;
      }
      perResource.push(bm);
      peak[i * R + r] = Math.max(0, best);
      argmax[i * R + r] = bestAt;
      mean[i * R + r] = sum / T;
      const usable = problem.usable[r]!;
      size[i] = Math.max(size[i]!, peak[i * R + r]! / usable);
      volume[i] = volume[i]! + sum / T / usable;
    }
    blockMax.push(perResource);
  }
  return { blockSize, blocks, peak, argmax, blockMax, mean, size, volume };
}
