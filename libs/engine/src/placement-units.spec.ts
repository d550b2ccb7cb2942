import { makeAsset } from '@vplan/domain';
import { planDocumentSchema } from '@vplan/formats';
import { planEstate } from './plan-estate';
import type { PlanConstraints } from './plan-estate';
import { planOptionsSchema } from '@vplan/formats';
import { placementUnits } from './placement-units';

const context = { clock: () => 0, now: () => '2026-01-01T00:00:00.000Z' };
const flat = (assetId: string, value: number) => ({
  assetId,
  metric: 'cpu' as const,
  stepSeconds: 300,
  start: 0,
  values: new Float32Array(12).fill(value),
});

describe('planEstate with constraints', () => {
  const ids = ['app', 'db', 'web1', 'web2', 'fax', 'lone'];
  const estate = { assets: ids.map((id) => makeAsset(id)), series: ids.map((id) => flat(id, 200)) };
  const options = planOptionsSchema.parse({ hostCpuMhz: 1000, resources: ['cpu'] });
  // app+db must share a host; web1 and web2 may not; fax cannot be virtualized;
  // a soft rule dislikes lone next to web1.
  const constraints: PlanConstraints = {
    ruleSet: 'rules.yaml',
    // The engine hands the assets in its own (id) order: rules are compiled over that order.
    compile: (assets) => {
      const at = (id: string) => assets.findIndex((a) => a.id === id);
      const web = Int32Array.from(assets, (a) => (a.id.startsWith('web') ? 0 : -1));
      return {
        hard: { same: [], limits: [{ id: 'spread', max: 1, keys: web, names: ['web'] }] },
        soft: [
          {
            id: 'quiet',
            penalty: 40,
            violated: (a, b) =>
              (a === at('lone') && b === at('web1')) || (a === at('web1') && b === at('lone')),
          },
        ],
        affinityGroups: [[at('app'), at('db')]],
        blocked: new Map([[at('fax'), ['periph (hard): has fax; remediation: keep physical']]]),
      };
    },
  };

  it('keeps affinity groups together, separates what rules separate and lists blocked servers', () => {
    const { plan } = planEstate(
      estate,
      options,
      { source: 'test', format: 'csv' },
      context,
      constraints,
    );
    expect(planDocumentSchema.parse(plan)).toEqual(plan);
    const hostOf = (id: string) => plan.hosts.findIndex((h) => h.assets.includes(id));
    expect(hostOf('app')).toBe(hostOf('db'));
    expect(hostOf('web1')).not.toBe(hostOf('web2'));
    expect(hostOf('lone')).not.toBe(hostOf('web1'));
    expect(plan.unplaced).toEqual([
      { asset: 'fax', reasons: ['periph (hard): has fax; remediation: keep physical'] },
    ]);
    expect(plan.summary.placed).toBe(5);
    expect(plan.summary.rules).toMatchObject({ ruleSet: 'rules.yaml', blocked: 1, softPenalty: 0 });
    expect(plan.summary.rules!.extraHosts).toBe(
      plan.summary.hosts - plan.summary.rules!.hostsWithoutRules,
    );
    expect(plan.hosts.every((h) => h.penalty === 0)).toBe(true);
  });
});

describe('placementUnits', () => {
  it('finds affinity groups whose members a hard rule separates', () => {
    const compiled = {
      hard: {
        same: [{ id: 'env', keys: Int32Array.from([0, 1, 0]), names: ['prod', 'test'] }],
        limits: [],
      },
      soft: [],
      affinityGroups: [[0, 1]],
    };
    const units = placementUnits(compiled, 3, () => true);
    expect(units.infeasible.get(0)).toBe('affinity group mixes prod and test (rule env)');
    expect(units.units).toEqual([[0, 1], [2]]);
  });

  it('turns a limit rule into a pairwise one when a unit holds two keyed members', () => {
    const compiled = {
      hard: {
        same: [],
        limits: [{ id: 'dc', max: 2, keys: Int32Array.from([0, 0, 0, -1]), names: ['dc'] }],
      },
      soft: [],
      affinityGroups: [[0, 1]],
    };
    const units = placementUnits(compiled, 4, () => true);
    expect(units.hard.limits).toEqual([]);
    const rule = units.hard.pairwise![0]!;
    expect(rule.conflicts(0, 1)).toBe(true); // the group's 2 plus asset 2 would be 3 > 2
    expect(rule.conflicts(0, 2)).toBe(false); // asset 3 holds no key
  });
});
