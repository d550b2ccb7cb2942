import { makeAsset } from '@vplan/domain';
import type { Estate } from '@vplan/domain';
import { buildDemandMatrix } from './demand-matrix';

describe('buildDemandMatrix on assets with an inventory usage snapshot', () => {
  const start = Date.UTC(2026, 0, 5) / 1000 / 300;
  const estate: Estate = {
    assets: [
      makeAsset('measured', { capacity: { cpuMhz: 4000, memoryGiB: 8 } }),
      makeAsset('snap', {
        capacity: { cpuMhz: 4000, memoryGiB: 8 },
        usage: { cpuMhz: 900, memoryGiB: 20, source: 'vCPU Overall / vMemory' },
      }),
      makeAsset('cpu-only', {
        capacity: { cpuMhz: 4000, memoryGiB: 8 },
        usage: { cpuMhz: 500, source: 'vCPU Overall' },
      }),
    ],
    series: (['cpu', 'memory'] as const).map((metric) => ({
      assetId: 'measured',
      metric,
      start,
      stepSeconds: 300,
      values: new Float32Array(12).fill(1),
    })),
  };
  const matrix = buildDemandMatrix(estate, {
    resources: ['cpu', 'memory'],
    unmeasuredUtilization: 0.5,
  });
  const [measured, snap, cpuOnly] = matrix.assets;

  it('sizes an unmeasured asset from its snapshot, capped at the allocation, not from utilization', () => {
    expect(snap!.snapshot).toEqual(['cpu', 'memory']);
    expect(snap!.assumed).toEqual([]);
    expect(snap!.demand[0]![0]).toBe(900);
    expect(snap!.demand[1]![0]).toBe(8);
  });

  it('falls back to allocation × unmeasured utilization for a resource the snapshot lacks', () => {
    expect(cpuOnly!.snapshot).toEqual(['cpu']);
    expect(cpuOnly!.assumed).toEqual(['memory']);
    expect(cpuOnly!.demand[1]![0]).toBe(4);
    expect(measured!.snapshot).toBeUndefined();
  });
});
