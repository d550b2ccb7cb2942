import type { Asset, Random, TargetModel, WeeklyWindow } from '@vplan/domain';
import { makeAsset, seededRandom } from '@vplan/domain';
import type { RuleSet } from '@vplan/rules';
import { analyzeCompatibility, compileForPlacement, parseRuleSet } from '@vplan/rules';
import { planRulesComparison } from './plan-rules-bench';

/** The bench's 20 rules: the forms plus site, zone, cost centre and more. */
export const BENCH_RULES = `name: bench (20 rules)
rules:
  - { id: env, kind: pair, require: { same: environment }, severity: hard }
  - { id: vlan, kind: pair, require: { intersect: vlans }, severity: hard }
  - { id: pci, kind: pair, require: { same: compliance }, severity: hard }
  - { id: dr, kind: pair, require: { different: dr_group }, severity: hard }
  - { id: spread, kind: pair, require: { different: anti_affinity_group }, severity: hard }
  - { id: mw, kind: pair, require: { overlap: maintenance_window, min_minutes: 60 }, severity: soft, penalty: 40 }
  - { id: dept, kind: pair, require: { same: department }, severity: soft, penalty: 20, when: { environment: prod } }
  - { id: dc-per-host, kind: pair, limit: { attribute: role, value: domain-controller, max_per_host: 1 }, severity: hard }
  - { id: periph, kind: candidate, forbid: { any_of: peripherals, in: [fax, usb-dongle, serial, parallel, tape] },
      severity: hard, remediation: "Keep physical, or move the device to USB/serial-over-IP" }
  - { id: os, kind: fit, require: { in: { asset: os_family, target: supported_os } }, severity: hard }
  - { id: ups, kind: fit, require: { implies: { asset: ups_required, target: ups_backed } }, severity: hard }
  - { id: site, kind: pair, require: { same: site }, severity: hard }
  - { id: zone, kind: pair, require: { same: security_zone }, severity: hard }
  - { id: db-per-host, kind: pair, limit: { attribute: role, value: db, max_per_host: 4 }, severity: hard }
  - { id: web-spread, kind: pair, require: { different: application }, severity: soft, penalty: 10, when: { role: web } }
  - { id: cost, kind: pair, require: { same: cost_center }, severity: soft, penalty: 10, when: { environment: prod } }
  - { id: legacy, kind: candidate, forbid: { any_of: os_version, in: ["2003", "2008"] }, severity: soft, penalty: 30 }
  - { id: storage, kind: fit, require: { in: { asset: storage, target: storage } }, severity: hard }
  - { id: prod-cluster, kind: pair, scope: cluster, require: { same: environment }, when: { environment: [prod, dr] }, severity: hard }
  - { id: sla, kind: pair, require: { same: availability }, severity: soft, penalty: 10 }
`;

const SITES = [
  { name: 'par', zone: 'Europe/Paris' },
  { name: 'nyc', zone: 'America/New_York' },
  { name: 'lon', zone: 'UTC' },
  { name: 'blr', zone: '+05:30' },
];
const ENVIRONMENTS = ['prod', 'prod', 'test', 'dev', 'dr'];
const DEPARTMENTS = [
  'finance',
  'hr',
  'sales',
  'it',
  'ops',
  'legal',
  'rnd',
  'marketing',
  'support',
  'logistics',
  'purchasing',
  'board',
];
const DAY = 24 * 60;
/** A window per environment (minutes from Monday 00:00 local), and odd ones some prod servers keep. */
const WINDOWS: Record<string, WeeklyWindow> = {
  prod: { start: 5 * DAY + 22 * 60, minutes: 240 },
  dr: { start: 6 * DAY + 2 * 60, minutes: 180 },
  test: { start: 2 * DAY + 20 * 60, minutes: 120 },
  dev: { start: 0, minutes: 7 * DAY },
};
const ODD_WINDOWS: WeeklyWindow[] = [
  { start: 6 * DAY + 23 * 60, minutes: 120 },
  { start: 3 * DAY + 1 * 60, minutes: 60 },
];

function pick<T>(random: Random, values: readonly T[]): T {
  return values[random.int(values.length)] as T;
}

/**
 * A seeded estate with the attribute mix of a real one: attributes follow the site,
 * environment and department segment (VLAN, compliance, zone, window, cost centre), with
 * exceptions: extra VLANs, odd windows, DR pairs, anti-affinity and affinity groups,
 * domain controllers, databases, legacy OS versions and a few blocking peripherals.
 */
export function benchEstate(count: number, seed: number): Asset[] {
  const random = seededRandom(seed);
  const assets: Asset[] = [];
  for (let i = 0; i < count; i++) {
    const s = random.int(SITES.length);
    const site = SITES[s] as (typeof SITES)[number];
    const environment = pick(random, ENVIRONMENTS);
    const d = random.int(DEPARTMENTS.length);
    const department = DEPARTMENTS[d] as string;
    const vlans = [`v${s}${ENVIRONMENTS.indexOf(environment)}${d % 5}`];
    if (random.next() < 0.1) vlans.push(`db-${s}`);
    const compliance =
      department === 'finance' && environment === 'prod'
        ? ['pci', 'sox']
        : department === 'hr'
          ? ['gdpr']
          : [];
    const odd = environment === 'prod' && random.next() < 0.05;
    const window = odd ? pick(random, ODD_WINDOWS) : (WINDOWS[environment] as WeeklyWindow);
    const r = random.next();
    const role = r < 0.003 ? 'domain-controller' : r < 0.1 ? 'db' : r < 0.4 ? 'web' : 'app';
    const app = `app-${random.int(3000)}`;
    const os = random.next();
    const p = random.next();
    const peripherals =
      p < 0.001 ? ['fax'] : p < 0.004 ? ['usb-dongle'] : p < 0.006 ? ['serial'] : [];
    assets.push(
      makeAsset(`srv-${String(i).padStart(6, '0')}`, {
        hostname: `srv${i}.${site.name}.example`,
        site: site.name,
        capacity: {
          cpuMhz: 2000 * (1 + random.int(16)),
          cores: 1 + random.int(16),
          memoryGiB: 4 * (1 + random.int(32)),
        },
        business: {
          environment,
          department,
          costCenter: `cc-${d}`,
          owner: `owner-${random.int(400)}`,
          application: app,
          role,
          availability: environment === 'prod' || environment === 'dr' ? '99.9' : '99',
          maintenanceWindows: [window],
          maintenanceTimezone: site.zone,
          compliance,
          ...(environment === 'prod' && random.next() < 0.3
            ? { drGroup: `dr-${Math.floor(i / 2)}` }
            : {}),
          ...(role === 'web' && random.next() < 0.3 ? { antiAffinityGroup: `${app}-web` } : {}),
          ...(random.next() < 0.05 ? { affinityGroup: app } : {}),
        },
        technical: {
          osFamily: os < 0.6 ? 'windows' : os < 0.95 ? 'linux' : os < 0.98 ? 'solaris' : 'aix',
          osVersion:
            os < 0.6 ? pick(random, ['2003', '2008', '2016', '2019', '2022', '2022']) : 'n/a',
          vlans,
          storage: random.next() < 0.7 ? 'san' : random.next() < 0.5 ? 'local' : 'nas',
          peripherals,
          upsRequired: random.next() < 0.05,
        },
        custom: {
          'Security Zone': department === 'finance' || department === 'hr' ? 'restricted' : 'core',
        },
      }),
    );
  }
  return assets;
}

/** Two target models: a general one and a UPS-backed one without NAS. */
export const BENCH_TARGETS: readonly TargetModel[] = [
  {
    name: 'std',
    capacity: { cpu: 64_000, memory: 512 },
    supportedOs: ['windows', 'linux'],
    storage: ['san', 'local', 'nas'],
  },
  {
    name: 'ups',
    capacity: { cpu: 64_000, memory: 512 },
    supportedOs: ['windows', 'linux'],
    storage: ['san'],
    upsBacked: true,
  },
];

/**
 * `npm run bench:rules [-- --assets N --seed S]`: compatibility classes and scores of a
 * generated estate (100,000 assets by default) under 20 rules, then the compile for
 * placement. Prints figures (time, peak RSS); asserts nothing (target: ≤ 2 s, ≤ 1 GB).
 */
export async function main(argv: readonly string[]): Promise<number> {
  const arg = (name: string, fallback: number): number => {
    const at = argv.indexOf(`--${name}`);
    return at >= 0 ? Number(argv[at + 1]) : fallback;
  };
  const count = arg('assets', 100_000);
  const parsed = parseRuleSet(BENCH_RULES, 'bench-rules.yaml');
  if (!parsed.ok) {
    process.stderr.write(`${parsed.error.message}\n`);
    return 2;
  }
  const ruleSet: RuleSet = parsed.value;
  let t = performance.now();
  const assets = benchEstate(count, arg('seed', 1));
  const generateMs = performance.now() - t;

  t = performance.now();
  const report = analyzeCompatibility(ruleSet, assets, BENCH_TARGETS);
  const analyzeMs = performance.now() - t;
  t = performance.now();
  const placement = compileForPlacement(ruleSet, assets, BENCH_TARGETS[0]);
  const compileMs = performance.now() - t;
  const peakMb = process.resourceUsage().maxRSS / 1024;

  const hard = report.scores.filter((s) => s.score === 0).length;
  const rows: [string, string][] = [
    ['assets', count.toLocaleString('en')],
    ['rules', String(ruleSet.rules.length)],
    ['classes', report.classes.length.toLocaleString('en')],
    [
      'class pairs',
      `${report.scores.length.toLocaleString('en')} (${hard.toLocaleString('en')} forbidden)`,
    ],
    ['largest class', String(report.classes[0]?.size ?? 0)],
    ['blockers', report.blockers.length.toLocaleString('en')],
    ['warnings', (report.warnings?.length ?? 0).toLocaleString('en')],
    ['group rules', report.groupRules.map((g) => `${g.ruleId} ${g.groups}/${g.assets}`).join(', ')],
    ['generate', `${generateMs.toFixed(0)} ms`],
    [
      'analyze (classes, scores, blockers)',
      `${analyzeMs.toFixed(0)} ms (target ≤ 2000 ms: ${(analyzeMs / 2000).toFixed(2)}×)`,
    ],
    [
      'compile for placement',
      `${compileMs.toFixed(0)} ms (${placement.hard.same.length} same, ${placement.hard.limits.length} limits, ` +
        `${placement.hard.pairwise?.length ?? 0} pairwise, ${placement.soft.length} soft, ${placement.blocked.size} blocked, ` +
        `${placement.affinityGroups.length} affinity groups)`,
    ],
    ['peak RSS', `${peakMb.toFixed(0)} MB (target ≤ 1024 MB: ${(peakMb / 1024).toFixed(2)}×)`],
  ];
  if (!argv.includes('--no-plan')) {
    const vms = arg('vms', 10_000);
    const comparison = await planRulesComparison(ruleSet, benchEstate(vms, arg('seed', 1)), vms);
    rows.push(
      [
        'plan VMs x slots',
        `${vms.toLocaleString('en')} x ${comparison.slots} (Bitbrains, rotated by days)`,
      ],
      [
        'plan without rules',
        `${comparison.withoutRules.hosts} hosts in ${(comparison.withoutRules.ms / 1000).toFixed(1)} s`,
      ],
      [
        'plan with the 20 rules',
        `${comparison.withRules.hosts} hosts (${comparison.blocked} blocked, valid: ${comparison.valid}) in ` +
          `${(comparison.withRules.ms / 1000).toFixed(1)} s: ${(comparison.withRules.ms / comparison.withoutRules.ms).toFixed(2)}x (target <= 1.5x)`,
      ],
      ['peak RSS (all)', `${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`],
    );
  }
  const width = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) process.stdout.write(`${k.padEnd(width)}  ${v}\n`);
  return 0;
}
