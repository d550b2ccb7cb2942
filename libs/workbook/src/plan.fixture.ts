import { PLAN_SCHEMA_VERSION, type PlanDocument } from '@vplan/formats';

/** Test helper: a small valid plan.json document. */
export function samplePlan(): PlanDocument {
  return {
    schemaVersion: PLAN_SCHEMA_VERSION,
    generatedAt: '2024-01-01T00:00:00.000Z',
    input: {
      source: 'traces/',
      format: 'bitbrains',
      resources: ['cpu', 'memory'],
      percentile: 100,
      stepSeconds: 300,
      slots: 2,
      start: '2024-01-01T00:00:00.000Z',
    },
    hostModel: {
      name: 'std',
      capacity: { cpu: 10000, memory: 64 },
      headroom: { cpu: 0.1 },
      usable: { cpu: 9000, memory: 64 },
    },
    hosts: [
      {
        id: 'host-001',
        assets: ['a', 'b, "big"'],
        peak: { cpu: 5000 },
        peakUtilization: { cpu: 0.55 },
        meanUtilization: { cpu: 0.3 },
      },
      {
        id: 'host-002',
        assets: ['c'],
        peak: { cpu: 100 },
        peakUtilization: { cpu: 0.01 },
        meanUtilization: { cpu: 0.01 },
      },
    ],
    unplaced: [{ asset: 'fax-01', reasons: ['needs a fax board', 'too big, for any host'] }],
    summary: {
      assets: 4,
      placed: 3,
      hosts: 2,
      lowerBound: 1,
      gap: 1,
      limitingResource: 'cpu',
      strategy: 'time-aware',
      seed: 1,
      consolidationRatio: 1.5,
      stoppedBy: 'iterations',
      elapsedMs: 12,
    },
  };
}
