import { dataGapsOf, gapBands, gapOpacity, gapSlots, nothingMeasured } from './data-gaps';

const measuredWith = (slots: number, gaps: readonly [number, number, number][]): Float32Array => {
  const m = new Float32Array(slots).fill(1);
  for (const [from, to, share] of gaps) m.fill(share, from, to);
  return m;
};

describe('gapBands', () => {
  it('merges consecutive slots of the same level into one band per run', () => {
    const m = measuredWith(100, [
      [10, 20, 0.5],
      [20, 25, 0.5],
      [40, 45, 0],
    ]);
    expect(gapBands(m, 100, 100)).toEqual([
      { from: 10, to: 25, missing: 0.5 },
      { from: 40, to: 45, missing: 1 },
    ]);
  });

  it('rounds the missing share up to a quarter, so a small gap still shows', () => {
    const m = measuredWith(10, [[3, 4, 0.97]]);
    expect(gapBands(m, 10, 10)).toEqual([{ from: 3, to: 4, missing: 0.25 }]);
  });

  it('keeps a one-slot gap visible when buckets hold many slots, at its bucket', () => {
    const m = measuredWith(1000, [[503, 504, 0.2]]);
    expect(gapBands(m, 1000, 10)).toEqual([{ from: 500, to: 600, missing: 1 }]);
  });

  it('draws nothing for a fully measured grid, a grid of the wrong length or nothing measured', () => {
    expect(gapBands(new Float32Array(20).fill(1), 20)).toEqual([]);
    expect(gapBands(measuredWith(20, [[0, 5, 0]]), 21)).toEqual([]);
    expect(gapBands(new Float32Array(20), 20)).toEqual([]);
    expect(gapBands(undefined, 20)).toEqual([]);
  });

  it('never returns more bands than buckets', () => {
    const m = new Float32Array(8640);
    for (let t = 0; t < m.length; t++) m[t] = t % 2 === 0 ? 1 : (t % 7) / 7;
    expect(gapBands(m, 8640).length).toBeLessThanOrEqual(200);
  });
});

describe('data gap helpers', () => {
  it('shades stronger where more is missing', () => {
    expect(gapOpacity(1)).toBeGreaterThan(gapOpacity(0.5));
    expect(gapOpacity(0.5)).toBeGreaterThan(gapOpacity(0.25));
  });

  it('counts the exact slots with some series unmeasured', () => {
    expect(gapSlots(measuredWith(50, [[1, 4, 0.9]]))).toBe(3);
  });

  it('tells a grid with no measurement at all from one with gaps', () => {
    expect(nothingMeasured(new Float32Array(5))).toBe(true);
    expect(nothingMeasured(measuredWith(5, [[0, 4, 0]]))).toBe(false);
    expect(dataGapsOf(new Float32Array(5), 5, 'zero')).toMatchObject({
      bands: [],
      nothingMeasured: true,
    });
  });

  it('names the gap policy in the legend, or only "data gap" when the plan records none', () => {
    const m = measuredWith(10, [[2, 3, 0]]);
    expect(dataGapsOf(m, 10, 'profile').label).toBe(
      "data gap (filled by the server's own hour-of-week profile)",
    );
    expect(dataGapsOf(m, 10, 'zero').label).toBe('data gap (filled by zero demand)');
    expect(dataGapsOf(m, 10, undefined).label).toBe('data gap');
    expect(dataGapsOf(m, 10, 'hold').slots).toBe(1);
  });
});
