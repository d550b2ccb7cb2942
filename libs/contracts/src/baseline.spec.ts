import type { EstateBaseline, SkippedAsset, TodayCluster, TodayHost } from '@vplan/domain';
import type { z } from 'zod';
import {
  BASELINE_MAX_HOSTS,
  baselineLatestSchema,
  estateBaselineSchema,
  skippedAssetSchema,
  todayClusterSchema,
  todayHostSchema,
} from './baseline';
import type { SameShape } from './same-shape.fixture';

// A drift between the domain types and the schemas fails the type check.
const baselineFaithful: SameShape<z.output<typeof estateBaselineSchema>, EstateBaseline> = true;
const hostFaithful: SameShape<z.output<typeof todayHostSchema>, TodayHost> = true;
const clusterFaithful: SameShape<z.output<typeof todayClusterSchema>, TodayCluster> = true;
const skippedFaithful: SameShape<z.output<typeof skippedAssetSchema>, SkippedAsset> = true;
// …and the check does see a drift: a field of another type.
const driftSeen: SameShape<
  z.output<typeof todayHostSchema>,
  Omit<TodayHost, 'cores'> & { cores?: string }
> = false;

const BASELINE: EstateBaseline = {
  source: 'export.xlsx',
  hosts: [
    {
      name: 'esx1',
      cluster: 'C1',
      cpuModel: 'Intel(R) Xeon(R) Gold 6130 CPU @ 2.10GHz',
      sockets: 2,
      cores: 32,
      mhz: 2100,
      memoryGiB: 512,
      cpuUsage: 0.4,
      vms: ['web-01', 'db-01'],
      vcpus: 10,
      vmMemoryGiB: 36,
    },
  ],
  unknownHosts: ['esx9'],
  skipped: [{ asset: 'old-01', reason: 'powered-off', where: 'export.xlsx:vInfo:4' }],
  clusters: [{ name: 'C1', haEnabled: true, failoverLevel: 1, hosts: 1 }],
  notes: ['RVTools "MB" columns are read as MiB'],
};

describe('estateBaselineSchema', () => {
  it('agrees with the domain types', () => {
    expect([baselineFaithful, hostFaithful, clusterFaithful, skippedFaithful, driftSeen]).toEqual([
      true,
      true,
      true,
      true,
      false,
    ]);
  });

  it('reads a baseline back unchanged', () => {
    expect(estateBaselineSchema.parse(JSON.parse(JSON.stringify(BASELINE)))).toEqual(BASELINE);
  });

  it('refuses unknown fields, a usage over 1 and more hosts than the bound', () => {
    const host = BASELINE.hosts[0] as TodayHost;
    expect(estateBaselineSchema.safeParse({ ...BASELINE, extra: 1 }).success).toBe(false);
    expect(
      estateBaselineSchema.safeParse({ ...BASELINE, hosts: [{ ...host, cpuUsage: 1.5 }] }).success,
    ).toBe(false);
    const many = Array.from({ length: BASELINE_MAX_HOSTS + 1 }, () => host);
    expect(estateBaselineSchema.safeParse({ ...BASELINE, hosts: many }).success).toBe(false);
  });
});

describe('baselineLatestSchema', () => {
  it('carries a stored baseline inline, by object reference, or null', () => {
    const stored = { source: 'export.xlsx', importId: 'imp-1', storedAt: '2026-01-12T00:00:00Z' };
    for (const reply of [
      { latest: { ...stored, delivery: 'inline', baseline: BASELINE } },
      {
        latest: {
          ...stored,
          delivery: 'object-store',
          object: { bucket: 'B', name: 'imp-1', bytes: 1 },
        },
      },
      { latest: null },
    ])
      expect(baselineLatestSchema.parse(reply)).toEqual(reply);
    expect(baselineLatestSchema.safeParse({}).success).toBe(false);
  });
});
