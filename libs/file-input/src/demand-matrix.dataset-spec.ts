// Acceptance of the demand matrix's gap handling on the real Bitbrains Rnd data set
// (npm run test:datasets). It lives here, not in @vplan/workload, because that lib is
// pure and may not import the file reader.
import type { Estate } from '@vplan/domain';
import { datasetPath } from '@vplan/testing';
import { buildDemandMatrix, type DemandMatrix } from '@vplan/workload';
import { loadWorkloads } from './load-workloads';

/** Reading a whole real data set is slow under jest's transform: give it room. */
jest.setTimeout(120_000);

/** The estate's CPU demand per slot (MHz). */
function estateCpu(matrix: DemandMatrix): Float64Array {
  const sum = new Float64Array(matrix.grid.slots);
  for (const a of matrix.assets) {
    const cpu = a.demand[0] as Float32Array;
    for (let i = 0; i < cpu.length; i++) sum[i] = (sum[i] as number) + (cpu[i] as number);
  }
  return sum;
}

const medianOf = (values: Float64Array): number =>
  Float64Array.from(values).sort()[values.length >> 1] as number;

/** Grid slots of [from, to) epoch seconds. */
function slotsOf(matrix: DemandMatrix, fromS: number, toS: number): number[] {
  const { origin, stepSeconds, slots } = matrix.grid;
  const first = Math.max(0, Math.floor(fromS / stepSeconds) - origin);
  const last = Math.min(slots, Math.floor(toS / stepSeconds) - origin);
  return Array.from({ length: last - first }, (_, i) => first + i);
}

describe('buildDemandMatrix on Bitbrains Rnd, July 2013', () => {
  let estate: Estate;
  beforeAll(async () => {
    estate = (
      await loadWorkloads({ path: datasetPath('bitbrains_rnd', '2013-7'), format: 'bitbrains' })
    ).estate;
  });

  it('sees the July gap in the coverage of every trace and in the measured share', () => {
    const matrix = buildDemandMatrix(estate, { resources: ['cpu', 'memory'] });
    expect(matrix.assets).toHaveLength(250);
    for (const a of matrix.assets) {
      expect(a.assumed).toEqual([]);
      expect(a.coverage.cpu).toBeLessThan(1);
      expect(a.coverage.memory).toBeLessThan(1);
      expect(a.filled.cpu).toBeGreaterThan(0);
    }
    const july16and17 = slotsOf(matrix, Date.UTC(2013, 6, 16) / 1000, Date.UTC(2013, 6, 18) / 1000);
    expect(Math.min(...july16and17.map((i) => matrix.measured[i] as number))).toBeLessThan(0.2);
  });

  it('keeps the estate demand away from zero in the gap when gaps are filled from the profile', () => {
    const cpu = estateCpu(buildDemandMatrix(estate, { resources: ['cpu'], gaps: 'profile' }));
    expect(Math.min(...cpu)).toBeGreaterThan(0.25 * medianOf(cpu));
  });

  it('drops the estate demand to near zero in the gap when a gap means no demand', () => {
    const cpu = estateCpu(buildDemandMatrix(estate, { resources: ['cpu'], gaps: 'zero' }));
    expect(Math.min(...cpu)).toBeLessThan(0.05 * medianOf(cpu));
  });
});
