import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { seededRandom } from '@vplan/domain';
import { buildDemandMatrix } from '@vplan/workload';
import { loadWorkloads } from '@vplan/file-input';
import { checkPlan, readPlan, simulatedBitbrains, tempDir, vplan } from './vplan.fixture';

// Runs the real binary on traces of simulated servers: seconds each.
jest.setTimeout(120_000);

/** The rule file of the issue, verbatim. */
const RULES = `rules:
  - { id: env, kind: pair, require: { same: environment }, severity: hard }
  - { id: vlan, kind: pair, require: { intersect: vlans }, severity: hard }
  - { id: pci, kind: pair, require: { same: compliance }, severity: hard }       # set equality for list attributes
  - { id: dr, kind: pair, require: { different: dr_group }, severity: hard }     # equal non-empty values may not share a host
  - { id: spread, kind: pair, require: { different: anti_affinity_group }, severity: hard }
  - { id: mw, kind: pair, require: { overlap: maintenance_window, min_minutes: 60 }, severity: soft, penalty: 40 }
  - { id: dept, kind: pair, require: { same: department }, severity: soft, penalty: 20, when: { environment: prod } }
  - { id: dc-per-host, kind: pair, limit: { attribute: role, value: domain-controller, max_per_host: 1 }, severity: hard }
  - { id: periph, kind: candidate, forbid: { any_of: peripherals, in: [fax, usb-dongle, serial, parallel, tape] },
      severity: hard, remediation: "Keep physical, or move the device to USB/serial-over-IP" }
  - { id: os, kind: fit, require: { in: { asset: os_family, target: supported_os } }, severity: hard }
  - { id: ups, kind: fit, require: { implies: { asset: ups_required, target: ups_backed } }, severity: hard }
`;

const TARGETS = `targets:
  - name: std-46800
    cpu_mhz: 46800
    memory_gb: 128
    supported_os: [windows, linux]
    vlans: [10, 20, 30, 40]
    storage: [san, nas, local]
    ups_backed: true
`;

interface Row {
  id: string;
  environment: string;
  vlans: string[];
  compliance: string[];
  dr: string;
  spread: string;
  role: string;
  peripherals: string[];
  os: string;
  affinity: string;
  department: string;
  window: string;
}

/** A seeded inventory for the traces' ids with every constraint family represented. */
function inventory(ids: readonly string[]): Row[] {
  const random = seededRandom(11);
  const pick = <T>(values: readonly T[]): T => values[random.int(values.length)]!;
  return ids.map((id, i) => ({
    id,
    environment: pick(['prod', 'prod', 'test', 'dev']),
    vlans: random.next() < 0.8 ? [pick(['10', '20']), pick(['20', '30'])] : ['40'],
    compliance: random.next() < 0.15 ? ['pci'] : random.next() < 0.1 ? ['pci', 'sox'] : [],
    dr: i < 40 ? `dr-${Math.floor(i / 2)}` : '',
    spread: i >= 40 && i < 70 ? `web-${Math.floor((i - 40) / 3)}` : '',
    role: i % 25 === 0 ? 'domain-controller' : pick(['app', 'db', 'web']),
    peripherals: i % 50 === 7 ? ['fax'] : i % 50 === 8 ? ['gpu'] : [],
    os: i % 60 === 9 ? 'Solaris 10' : pick(['Windows Server 2016', 'RHEL 7.9']),
    affinity: i >= 100 && i < 120 ? `aff-${Math.floor((i - 100) / 2)}` : '',
    department: pick(['finance', 'sales', 'hr']),
    window: pick(['Sun 02:00-06:00', 'Sat 22:00-23:30; Wed 01:00-03:00']),
  }));
}

function toCsv(rows: readonly Row[]): string {
  const header =
    'id,environment,vlans,compliance,dr_group,anti_affinity_group,role,peripherals,os,affinity_group,department,maintenance_window,timezone';
  const line = (r: Row) =>
    [
      r.id,
      r.environment,
      r.vlans.join(';'),
      r.compliance.join(';'),
      r.dr,
      r.spread,
      r.role,
      r.peripherals.join(';'),
      r.os,
      r.affinity,
      r.department,
      `"${r.window}"`,
      'Europe/Amsterdam',
    ].join(',');
  return [header, ...rows.map(line)].join('\n') + '\n';
}

describe('vplan plan --rules on Bitbrains files of simulated servers with an inventory', () => {
  const dir = tempDir('rules');
  const traces = simulatedBitbrains('rules-traces', 130, 11);
  let rows: Row[];
  let demand: Map<string, readonly Float32Array[]>;

  beforeAll(async () => {
    const { estate } = await loadWorkloads({ path: traces, format: 'bitbrains' });
    const matrix = buildDemandMatrix(estate, { resources: ['cpu', 'memory'] });
    demand = new Map(matrix.assets.map((a) => [a.asset.id, a.demand] as const));
    rows = inventory([...demand.keys()]);
    writeFileSync(join(dir, 'inventory.csv'), toCsv(rows));
    writeFileSync(join(dir, 'rules.yaml'), RULES);
    writeFileSync(join(dir, 'targets.yaml'), TARGETS);
  });

  it('breaks no hard rule, keeps affinity groups together and lists blocked servers with the rule id', () => {
    const out = join(dir, 'out');
    const run = vplan(
      'plan',
      '--workloads',
      traces,
      '--format',
      'bitbrains',
      '--inventory',
      join(dir, 'inventory.csv'),
      '--rules',
      join(dir, 'rules.yaml'),
      '--targets',
      join(dir, 'targets.yaml'),
      '--out',
      out,
      '--quiet',
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/rules cost\s+-?\d+ host\(s\): \d+ without rules/);
    const plan = readPlan(out);
    expect(checkPlan(plan, demand, [46_800, 128])).toEqual([]);

    const byId = new Map(rows.map((r) => [r.id, r]));
    const problems: string[] = [];
    for (const host of plan.hosts) {
      const on = host.assets.map((id) => byId.get(id)!);
      if (new Set(on.map((r) => r.environment)).size > 1)
        problems.push(`${host.id}: environments mixed`);
      if (new Set(on.map((r) => [...r.compliance].sort().join(';'))).size > 1)
        problems.push(`${host.id}: compliance mixed`);
      for (let x = 0; x < on.length; x++) {
        for (let y = x + 1; y < on.length; y++) {
          const a = on[x]!;
          const b = on[y]!;
          if (!a.vlans.some((v) => b.vlans.includes(v)))
            problems.push(`${host.id}: ${a.id} and ${b.id} share no VLAN`);
          if (a.dr && a.dr === b.dr) problems.push(`${host.id}: DR pair ${a.dr} together`);
          if (a.spread && a.spread === b.spread)
            problems.push(`${host.id}: anti-affinity ${a.spread} together`);
        }
      }
      if (on.filter((r) => r.role === 'domain-controller').length > 1)
        problems.push(`${host.id}: two domain controllers`);
    }
    expect(problems).toEqual([]);

    const hostOf = new Map(plan.hosts.flatMap((h) => h.assets.map((id) => [id, h.id] as const)));
    const groups = new Map<string, string[]>();
    for (const r of rows)
      if (r.affinity) groups.set(r.affinity, [...(groups.get(r.affinity) ?? []), r.id]);
    for (const [group, members] of groups) {
      const placed = members.filter((m) => hostOf.has(m));
      expect({ group, hosts: new Set(placed.map((m) => hostOf.get(m))).size }).toEqual({
        group,
        hosts: placed.length > 0 ? 1 : 0,
      });
    }

    const unplaced = new Map(plan.unplaced.map((u) => [u.asset, u.reasons.join(' | ')]));
    for (const r of rows) {
      if (r.peripherals.includes('fax')) expect(unplaced.get(r.id)).toMatch(/periph/);
      if (r.os.startsWith('Solaris')) expect(unplaced.get(r.id)).toMatch(/\bos\b/);
    }
    expect(plan.summary.rules).toMatchObject({ ruleSet: join(dir, 'rules.yaml') });
    expect(plan.summary.rules!.hostsWithoutRules).toBeLessThanOrEqual(plan.summary.hosts);
    expect(plan.hosts.every((h) => h.penalty !== undefined)).toBe(true);
  });

  it('groups hosts into clusters that keep DR pairs apart and cluster-scope affinity groups together', () => {
    const clusterRules = join(dir, 'cluster-rules.yaml');
    writeFileSync(
      clusterRules,
      `affinity: { attribute: affinity_group, scope: cluster }
rules:
  - { id: env, kind: pair, require: { same: environment }, severity: hard }
  - { id: dr, kind: pair, require: { different: dr_group }, scope: cluster, severity: hard }
`,
    );
    const out = join(dir, 'clusters');
    const run = vplan(
      'plan',
      '--workloads',
      traces,
      '--format',
      'bitbrains',
      '--inventory',
      join(dir, 'inventory.csv'),
      '--rules',
      clusterRules,
      '--host-cpu-mhz',
      '46800',
      '--host-memory-gb',
      '128',
      '--cluster-size',
      '4',
      '--out',
      out,
      '--quiet',
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/clusters\s+\d+ of at most 4 hosts/);
    const plan = readPlan(out);
    expect(checkPlan(plan, demand, [46_800, 128])).toEqual([]);
    const clusterOf = new Map(plan.hosts.map((h) => [h.id, h.cluster]));
    expect(plan.hosts.every((h) => h.cluster !== undefined)).toBe(true);
    const sizes = new Map<string, number>();
    for (const c of clusterOf.values()) sizes.set(c!, (sizes.get(c!) ?? 0) + 1);
    expect(Math.max(...sizes.values())).toBeLessThanOrEqual(4);
    expect(plan.summary.clusters).toEqual({ size: 4, count: sizes.size, problems: [] });

    const assetCluster = new Map(
      plan.hosts.flatMap((h) => h.assets.map((id) => [id, h.cluster!] as const)),
    );
    const byGroup = (pick: (r: Row) => string) => {
      const groups = new Map<string, string[]>();
      for (const r of rows) {
        const g = pick(r);
        if (g && assetCluster.has(r.id)) groups.set(g, [...(groups.get(g) ?? []), r.id]);
      }
      return groups;
    };
    // DR pairs: never in one cluster (so never on one host either).
    for (const [group, members] of byGroup((r) => r.dr)) {
      const clusters = members.map((m) => assetCluster.get(m));
      expect({ group, clusters: new Set(clusters).size }).toEqual({
        group,
        clusters: members.length,
      });
    }
    // Affinity groups at cluster scope: one cluster each.
    for (const [group, members] of byGroup((r) => r.affinity)) {
      expect({ group, clusters: new Set(members.map((m) => assetCluster.get(m))).size }).toEqual({
        group,
        clusters: 1,
      });
    }
  });

  it('answers a bad rule file with exit code 2, its line and the rule id', () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(
      bad,
      'rules:\n  - { id: env, kind: pair, require: { same: environment }, severity: hard }\n  - { id: x, kind: pair, require: { same: environment }, severity: soft, penalty: 140 }\n',
    );
    const run = vplan(
      'plan',
      '--workloads',
      traces,
      '--format',
      'bitbrains',
      '--rules',
      bad,
      '--host-cpu-mhz',
      '46800',
      '--host-memory-gb',
      '128',
      '--out',
      join(dir, 'bad-out'),
      '--quiet',
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`${bad}:3:\\d+: rule x: .*penalty`));
  });
});
