import type {
  BusinessAttributes,
  Random,
  StorageKind,
  TechnicalAttributes,
  WeeklyWindow,
} from '@vplan/domain';
import { seededRandom } from '@vplan/domain';
import {
  DEPARTMENTS,
  LEGACY_OPERATING_SYSTEMS,
  MAINTENANCE_WINDOWS,
  OPERATING_SYSTEMS,
  SITES,
  type Site,
} from './catalog';
import type { ServerSpec } from './portfolio';
import { ROLES, type Environment } from './roles';
import { chance, deriveSeed, integer, pick } from './sampling';

/** The constraint attributes of one server: what ties it to a kind of host or to peers. */
export interface ServerAttributes {
  readonly business: Pick<
    BusinessAttributes,
    'availability' | 'maintenanceWindows' | 'maintenanceTimezone' | 'compliance' | 'affinityGroup'
  >;
  readonly technical: TechnicalAttributes;
}

const ENVIRONMENTS: readonly Environment[] = ['prod', 'test', 'dev', 'dr'];
/** VLAN numbering: site base + environment + tier (README: VLANs and subnets). */
const ENV_VLAN_OFFSET: Readonly<Record<Environment, number>> = {
  prod: 0,
  test: 100,
  dev: 200,
  dr: 300,
};
const TIER_VLAN_OFFSET = { web: 10, app: 20, db: 30 } as const;
/** Share of production business applications with a VLAN of their own (+40 … +89). */
const DEDICATED_VLAN_SHARE = 0.1;
/** Share of applications that keep their own maintenance window rather than the department's. */
const OWN_WINDOW_SHARE = 0.3;
/** Share of single app + single db production pairs that must share a host. */
const AFFINITY_SHARE = 0.35;
const AVAILABILITY = { gold: '99.99', silver: '99.9', bronze: '99.5' } as const;
/** Applications that handle card payments (PCI DSS scope). */
const PCI_APPS = /-(payments|webshop|orders)(-\d+)?$/;
/** Financial reporting outside Finance (SOX scope); every Finance application is in it too. */
const SOX_APPS = /^hr-payroll(-\d+)?$/;

/**
 * Draws the constraint attributes of every server: availability tier, maintenance
 * windows in the site's time zone, compliance tags, VLANs and subnet, storage kind, OS
 * family and version, UPS, rare peripherals and app+db affinity groups. Uses its own
 * seed (`seed`), so the rest of the estate is the same with or without them.
 */
export function drawServerAttributes(
  specs: readonly ServerSpec[],
  seed: number,
): ServerAttributes[] {
  const apps = new Map<string, ServerSpec[]>();
  for (const s of specs) apps.set(s.application, [...(apps.get(s.application) ?? []), s]);
  const perApp = new Map<string, AppAttributes>();
  for (const [id, servers] of apps) {
    const first = servers[0] as ServerSpec;
    perApp.set(id, drawApp(seededRandom(deriveSeed(seed, 1, first.index)), servers, seed));
  }
  return specs.map((s) => {
    const app = perApp.get(s.application) as AppAttributes;
    return drawServer(seededRandom(deriveSeed(seed, 2, s.index)), s, app);
  });
}

interface AppAttributes {
  readonly windows: ReadonlyMap<Environment, readonly WeeklyWindow[]>;
  readonly dedicatedVlan?: number;
  readonly affinityGroup?: string;
}

function drawApp(r: Random, servers: readonly ServerSpec[], seed: number): AppAttributes {
  const first = servers[0] as ServerSpec;
  const windows = new Map<Environment, readonly WeeklyWindow[]>();
  for (const env of ENVIRONMENTS) {
    const own = servers.find((s) => s.environment === env);
    if (own === undefined) continue;
    // Most applications follow their department's change calendar.
    const usual = departmentWindow(seed, deptCode(first), env);
    windows.set(env, chance(r, OWN_WINDOW_SHARE) ? own.maintenanceWindow : usual);
  }
  const prod = servers.filter((s) => s.environment === 'prod');
  const business = prod.some((s) => s.role === ROLES.web || s.role === ROLES.db);
  const dedicatedVlan =
    business && chance(r, DEDICATED_VLAN_SHARE) ? 40 + integer(r, 0, 49) : undefined;
  const apps = prod.filter((s) => s.role.tier === 'app');
  const dbs = prod.filter((s) => s.role.tier === 'db');
  const coupled = apps.length === 1 && dbs.length === 1 && chance(r, AFFINITY_SHARE);
  return {
    windows,
    ...(dedicatedVlan === undefined ? {} : { dedicatedVlan }),
    ...(coupled ? { affinityGroup: `${first.application}-prod-appdb` } : {}),
  };
}

/** The department's usual window for an environment (one draw per department and environment). */
function departmentWindow(seed: number, dept: string, env: Environment): readonly WeeklyWindow[] {
  const d = DEPARTMENTS.findIndex((x) => x.code === dept);
  const r = seededRandom(deriveSeed(seed, 3, d, ENVIRONMENTS.indexOf(env)));
  const production = env === 'prod' || env === 'dr';
  return pick(r, production ? MAINTENANCE_WINDOWS.prod : MAINTENANCE_WINDOWS.nonProd);
}

function drawServer(r: Random, s: ServerSpec, app: AppAttributes): ServerAttributes {
  const site = SITES.find((x) => x.code === s.site) as Site;
  const production = s.environment === 'prod' || s.environment === 'dr';
  const compliance = production ? complianceOf(s) : [];
  const affinity =
    app.affinityGroup !== undefined && s.environment === 'prod' && s.role.tier !== 'web'
      ? app.affinityGroup
      : undefined;
  const business: Pick<
    BusinessAttributes,
    'availability' | 'maintenanceWindows' | 'maintenanceTimezone' | 'compliance' | 'affinityGroup'
  > = {
    availability: production ? AVAILABILITY[s.criticality] : '99',
    maintenanceWindows: app.windows.get(s.environment) ?? s.maintenanceWindow,
    maintenanceTimezone: site.timeZone,
    ...(compliance.length > 0 ? { compliance } : {}),
    ...(affinity === undefined ? {} : { affinityGroup: affinity }),
  };

  const local =
    s.environment === 'prod' && app.dedicatedVlan !== undefined
      ? app.dedicatedVlan
      : TIER_VLAN_OFFSET[s.role.tier];
  const vlan = site.vlanBase + ENV_VLAN_OFFSET[s.environment] + local;
  const subnetOctet = site.subnetOctet + ENVIRONMENTS.indexOf(s.environment);
  const os = operatingSystem(r, s);
  const peripherals = peripheralsOf(r, s);
  const critical = s.role.role === 'domain-controller' || s.role.role === 'dns';
  const technical: TechnicalAttributes = {
    osFamily: os.family,
    osVersion: os.name,
    vlans: [String(vlan)],
    subnet: `10.${subnetOctet}.${local}.0/24`,
    storage: storageOf(r, s),
    ...(peripherals.length > 0 ? { peripherals } : {}),
    upsRequired: production && (s.criticality === 'gold' || critical),
  };
  return { business, technical };
}

function deptCode(s: ServerSpec): string {
  return s.hostname.slice(0, s.hostname.indexOf('-'));
}

function complianceOf(s: ServerSpec): string[] {
  const tags: string[] = [];
  if (PCI_APPS.test(s.application)) tags.push('pci');
  if (deptCode(s) === 'fin' || SOX_APPS.test(s.application)) tags.push('sox');
  return tags;
}

/** The OS drawn with the portfolio, except that some legacy boxes on old kit run a legacy OS. */
function operatingSystem(r: Random, s: ServerSpec): { name: string; family: string } {
  const legacy = s.role === ROLES.legacyApp || s.role === ROLES.legacyDb;
  if (legacy && s.hardware.platform === 'physical' && s.hardware.year <= 2012 && chance(r, 0.4)) {
    return pick(r, LEGACY_OPERATING_SYSTEMS);
  }
  const known = OPERATING_SYSTEMS.find((o) => o.name === s.os);
  return { name: s.os, family: known?.family ?? 'other' };
}

function storageOf(r: Random, s: ServerSpec): StorageKind {
  if (s.hardware.platform === 'virtual') return 'san'; // the pilot's datastores
  switch (s.role.role) {
    case 'file-server':
      return 'nas';
    case 'backup':
    case 'build-agent':
    case 'compute-node':
      return 'local';
  }
  if (s.role.tier === 'db') {
    return s.environment === 'prod' || s.environment === 'dr' || chance(r, 0.5) ? 'san' : 'local';
  }
  if (s.hardware.year <= 2013 && chance(r, 0.5)) return 'local';
  if (s.role.tier === 'web') return chance(r, 0.2) ? 'nas' : 'san';
  return chance(r, 0.85) ? 'san' : 'local';
}

/** Rare devices on physical servers: tape on backup servers, licence dongles, fax, serial, GPUs. */
function peripheralsOf(r: Random, s: ServerSpec): string[] {
  if (s.hardware.platform !== 'physical') return [];
  const dept = deptCode(s);
  const legacy = s.role === ROLES.legacyApp || s.role === ROLES.legacyDb;
  const devices: string[] = [];
  const add = (device: string, p: number) => {
    if (chance(r, p)) devices.push(device);
  };
  if (s.role.role === 'backup') add('tape', 0.5);
  if (s.role.role === 'license-server') add('usb-dongle', 0.5);
  if (s.role.role === 'print-server') add('parallel', 0.1);
  if (s.role.role === 'compute-node') add('gpu', 0.35);
  if (s.role.tier === 'app' && s.environment === 'prod' && ['fin', 'csc', 'leg'].includes(dept)) {
    add('fax', 0.03);
  }
  if (dept === 'mfg' && s.role.tier === 'app') add('serial', 0.06);
  if (legacy) {
    add('usb-dongle', 0.04);
    add('serial', 0.02);
  }
  return devices;
}
