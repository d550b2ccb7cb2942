import { seededRandom } from '@vplan/domain';
import { bucketPeakSlots, downsampleStacked, stackTotals } from './downsample';

/** Whole-number layers so that every sum is exact. */
function randomLayers(count: number, slots: number, seed: number): Float32Array[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () =>
    Float32Array.from({ length: slots }, () => random.int(1000)),
  );
}

function trueTotals(layers: readonly Float32Array[], slots: number): number[] {
  return Array.from({ length: slots }, (_, t) =>
    layers.reduce((sum, layer) => sum + (layer[t] ?? 0), 0),
  );
}

describe('bucketPeakSlots', () => {
  it('returns one slot per bucket, the largest of its bucket, first on ties', () => {
    expect(bucketPeakSlots([1, 5, 5, 2, 0, 9, 3, 3], 4)).toEqual([1, 2, 5, 6]);
  });

  it('keeps every slot when there are fewer slots than points', () => {
    expect(bucketPeakSlots([3, 1, 2], 400)).toEqual([0, 1, 2]);
  });
});

describe('downsampleStacked', () => {
  it('draws at most maxPoints points, at ascending slots', () => {
    const sample = downsampleStacked(randomLayers(3, 8640, 1), 8640, 400);
    expect(sample.slots).toHaveLength(400);
    expect(sample.slots.every((s, i) => i === 0 || s > (sample.slots[i - 1] ?? -1))).toBe(true);
  });

  it('never draws a stacked total above the true peak, and draws the true peak', () => {
    for (const seed of [1, 2, 3]) {
      const layers = randomLayers(9, 5000, seed);
      const totals = trueTotals(layers, 5000);
      const truePeak = Math.max(...totals);
      const sample = downsampleStacked(layers, 5000, 397);
      const drawn = Array.from(sample.totals);
      expect(Math.max(...drawn)).toBe(truePeak);
      expect(drawn.every((v) => v <= truePeak)).toBe(true);
      expect(sample.peak).toBe(truePeak);
      expect(totals[sample.peakSlot]).toBe(truePeak);
    }
  });

  it('stacks each layer at the slot where the total of its bucket is largest', () => {
    const layers = randomLayers(4, 1000, 7);
    const totals = trueTotals(layers, 1000);
    const sample = downsampleStacked(layers, 1000, 100);
    sample.slots.forEach((slot, p) => {
      const bucket = totals.slice(Math.floor(slot / 10) * 10, Math.floor(slot / 10) * 10 + 10);
      expect(totals[slot]).toBe(Math.max(...bucket));
      expect(sample.totals[p]).toBe(totals[slot]);
      layers.forEach((layer, k) => expect(sample.values[k]?.[p]).toBe(layer[slot]));
    });
  });

  it('reads gaps (NaN) and slots past the end of short arrays as zero', () => {
    const layers = [Float32Array.of(1, Number.NaN, 3, 4), Float32Array.of(10, 20)];
    expect(Array.from(stackTotals(layers, 4))).toEqual([11, 20, 3, 4]);
    const sample = downsampleStacked(layers, 4, 2);
    expect(sample.slots).toEqual([1, 3]);
    expect(Array.from(sample.totals)).toEqual([20, 4]);
    expect(sample.mean).toBe(38 / 4);
  });
});
