import type { Random, WeeklyWindow } from '@vplan/domain';
import {
  APP_KINDS,
  drawApplication,
  type AppKind,
  type Criticality,
  type Instance,
} from './applications';
import {
  CONSUMER_APPS,
  DEPARTMENTS,
  FIRST_NAMES,
  LAST_NAMES,
  MAINTENANCE_WINDOWS,
  OPERATING_SYSTEMS,
  PRODUCTION_SITES,
  SECONDARY_SITE,
  SITES,
  type Department,
} from './catalog';
import { drawHardware, type Hardware } from './hardware';
import { ROLES, type Archetype, type Environment, type RoleDef } from './roles';
import { chance, integer, pick, pickWeighted, uniform } from './sampling';
import type { DailyPattern } from './time-model';

/** Everything the simulator decides about one server before drawing its workload. */
export interface ServerSpec {
  readonly index: number;
  readonly hostname: string;
  readonly site: string;
  readonly environment: Environment;
  readonly application: string;
  readonly department: string;
  readonly owner: string;
  readonly costCenter: string;
  readonly role: RoleDef;
  readonly archetype: Archetype;
  readonly criticality: Criticality;
  readonly os: string;
  /** The application's weekly maintenance window in this environment (site's local time). */
  readonly maintenanceWindow: readonly WeeklyWindow[];
  readonly hardware: Hardware;
  /**
   * Offset of the users' local time from UTC in standard time, minutes (the zone's
   * standard offset plus jitter: users start a little earlier or later per application).
   */
  readonly utcOffsetMinutes: number;
  /** IANA zone of the users (the production site's): daylight saving moves their day. */
  readonly timeZone: string;
  /** Standard (winter) UTC offset of `timeZone`, minutes: what `utcOffsetMinutes` jitters. */
  readonly standardOffsetMinutes: number;
  /** Users in every region (follow the sun) rather than in the site's time zone. */
  readonly global: boolean;
  /** Daily rhythm of the users: office hours, or consumers in the evening. */
  readonly pattern: DailyPattern;
  /** Hours the service must be up: office hours only, or around the clock. */
  readonly serviceHours: ServiceHours;
  readonly antiAffinityGroup?: string;
  readonly drGroup?: string;
  /** Index of the production server whose load a `standby` server follows. */
  readonly replicaOf?: number;
}

export type ServiceHours = 'business-hours' | '24x7';

type Draft = { -readonly [K in keyof ServerSpec]: ServerSpec[K] };

/** Servers nobody switched off: likelier outside production, never in gold/silver prod. */
const ZOMBIE_SHARE: Readonly<Record<Environment, number>> = {
  prod: 0.1,
  test: 0.15,
  dev: 0.25,
  dr: 0,
};
/** Application servers that serve other machines all day (APIs, queues): flat load. */
const STEADY_APP_SHARE = 0.2;
/** Share of servers that already are VMs on the virtualization pilot. */
const VIRTUAL_SHARE: Readonly<Record<Environment, number>> = {
  prod: 0.05,
  test: 0.2,
  dev: 0.25,
  dr: 0.05,
};
const MAX_APP_SERVERS = 12;

interface AppContext {
  readonly id: string;
  readonly department: Department;
  readonly owner: string;
  readonly costCenter: string;
  readonly criticality: Criticality;
  readonly prodSite: string;
  readonly utcOffsetMinutes: number;
  readonly timeZone: string;
  readonly standardOffsetMinutes: number;
  readonly global: boolean;
  readonly pattern: DailyPattern;
  readonly serviceHours: ServiceHours;
  readonly windows: boolean;
}

/**
 * Draws the estate's applications and their servers until there are `count` servers:
 * every server gets its application, environment, site, owner, hardware and archetype.
 */
export function planServers(random: Random, count: number): ServerSpec[] {
  const builder = new PortfolioBuilder(random);
  while (builder.size < count) builder.addApplication();
  return builder.finish(count);
}

class PortfolioBuilder {
  private readonly drafts: Draft[] = [];
  private readonly appIds = new Set<string>();
  private readonly hostCounters = new Map<string, number>();

  constructor(private readonly random: Random) {}

  get size(): number {
    return this.drafts.length;
  }

  addApplication(): void {
    const r = this.random;
    const kind = pickWeighted(r, APP_KINDS);
    const draw = drawApplication(r, kind, this.department().code);
    const app = this.context(draw.dept, draw.name, kind);
    this.emit(app, draw.instances(app.criticality));
  }

  /** Truncates to `count` servers and drops groups that lost their partners. */
  finish(count: number): ServerSpec[] {
    const servers = this.drafts.slice(0, count);
    const size = new Map<string, number>();
    const withDr = new Set<string>();
    for (const s of servers) {
      if (s.antiAffinityGroup !== undefined) {
        size.set(s.antiAffinityGroup, (size.get(s.antiAffinityGroup) ?? 0) + 1);
      }
      if (s.drGroup !== undefined && s.environment === 'dr') withDr.add(s.drGroup);
    }
    for (const s of servers) {
      if (s.antiAffinityGroup !== undefined && (size.get(s.antiAffinityGroup) ?? 0) < 2) {
        delete s.antiAffinityGroup;
      }
      if (s.drGroup !== undefined && !withDr.has(s.drGroup)) delete s.drGroup;
    }
    return servers;
  }

  private emit(app: AppContext, instances: readonly Instance[]): void {
    const r = this.random;
    const first = this.drafts.length;
    const windows = new Map<Environment, readonly WeeklyWindow[]>();
    for (const inst of instances) {
      const count = Math.min(inst.count, MAX_APP_SERVERS - (this.drafts.length - first));
      if (count <= 0) continue;
      const prodPeers = this.drafts
        .slice(first)
        .filter((d) => d.environment === 'prod' && d.role.tier === inst.replicates);
      if (inst.replicates !== undefined && prodPeers.length === 0) continue;
      const site = this.siteOf(app, inst.env);
      const production = inst.env === 'prod' || inst.env === 'dr';
      const window =
        windows.get(inst.env) ??
        pick(r, production ? MAINTENANCE_WINDOWS.prod : MAINTENANCE_WINDOWS.nonProd);
      windows.set(inst.env, window);
      const drGroup = inst.replicates === undefined ? undefined : `${app.id}-${inst.replicates}`;
      for (const peer of prodPeers) peer.drGroup = drGroup;
      const zombie =
        app.criticality === 'bronze' || inst.env !== 'prod' ? ZOMBIE_SHARE[inst.env] : 0;
      for (let k = 0; k < count; k++) {
        const hardware = drawHardware(r, inst.role.size, VIRTUAL_SHARE[inst.env]);
        const draft: Draft = {
          index: this.drafts.length,
          hostname: this.hostname(app.department.code, inst.role.code),
          site,
          environment: inst.env,
          application: app.id,
          department: app.department.name,
          owner: app.owner,
          costCenter: app.costCenter,
          role: inst.role,
          archetype: archetypeOf(r, inst, zombie),
          criticality: production ? app.criticality : 'bronze',
          os: chooseOs(r, app.windows || inst.role.windows, hardware.year),
          maintenanceWindow: window,
          hardware,
          utcOffsetMinutes: Math.round(app.utcOffsetMinutes + uniform(r, -10, 10)),
          timeZone: app.timeZone,
          standardOffsetMinutes: app.standardOffsetMinutes,
          global: app.global,
          pattern: app.pattern,
          serviceHours: app.serviceHours,
        };
        if (inst.env === 'prod' && inst.role.spread && count >= 2) {
          draft.antiAffinityGroup = `${app.id}-prod-${inst.role.code}`;
        }
        if (drGroup !== undefined) draft.drGroup = drGroup;
        if (inst.replicates === 'db') draft.replicaOf = prodPeers[0]?.index;
        this.drafts.push(draft);
      }
    }
  }

  /** Production in the users' region; DR and European non-production in ams2. */
  private siteOf(app: AppContext, env: Environment): string {
    if (env === 'prod') return app.prodSite;
    return env === 'dr' || app.prodSite === 'ams1' ? SECONDARY_SITE : app.prodSite;
  }

  private context(dept: string | undefined, name: string, kind: AppKind): AppContext {
    const r = this.random;
    const department = DEPARTMENTS.find((d) => d.code === dept) ?? this.department();
    let id = `${department.code}-${name}`;
    for (let n = 2; this.appIds.has(id); n++) id = `${department.code}-${name}-${n}`;
    this.appIds.add(id);
    const prodSite = pickWeighted(r, PRODUCTION_SITES);
    const users = SITES.find((s) => s.code === prodSite);
    const offsetHours = users?.utcOffsetHours ?? 0;
    const criticality: Criticality =
      kind === 'legacy' || kind === 'compute'
        ? 'bronze'
        : kind === 'infrastructure'
          ? pick(r, ['gold', 'silver'] as const)
          : pickWeighted<Criticality>(r, [
              ['gold', 25],
              ['silver', 45],
              ['bronze', 30],
            ]);
    const global = kind === 'business' && chance(r, 0.1);
    const pattern = kind === 'business' && CONSUMER_APPS.has(name) ? 'consumer' : 'office';
    const officeOnly =
      (kind === 'business' || kind === 'legacy') && !global && pattern === 'office';
    return {
      id,
      department,
      owner: `${pick(r, FIRST_NAMES)}.${pick(r, LAST_NAMES)}`,
      costCenter: `CC-${department.costCenter + 10 * integer(r, 0, 2)}`,
      criticality,
      prodSite,
      // Users start and stop work a little earlier or later per application.
      utcOffsetMinutes: offsetHours * 60 + uniform(r, -45, 45),
      timeZone: users?.timeZone ?? 'UTC',
      standardOffsetMinutes: offsetHours * 60,
      global,
      pattern,
      serviceHours: officeOnly ? 'business-hours' : '24x7',
      windows: chance(r, 0.55),
    };
  }

  private department(): Department {
    return pickWeighted(
      this.random,
      DEPARTMENTS.map((d) => [d, d.weight] as const),
    );
  }

  private hostname(dept: string, code: string): string {
    const key = `${dept}-${code}`;
    const n = (this.hostCounters.get(key) ?? 0) + 1;
    this.hostCounters.set(key, n);
    return `${key}-${String(n).padStart(3, '0')}`;
  }
}

function archetypeOf(r: Random, inst: Instance, zombieShare: number): Archetype {
  if (inst.replicates === 'db') return 'standby';
  if (inst.replicates === 'app' || chance(r, zombieShare)) return 'idle';
  if (inst.role === ROLES.app && chance(r, STEADY_APP_SHARE)) return 'steady';
  return inst.role.archetype;
}

/** An OS of the right family that was current within a few years of the hardware. */
function chooseOs(random: Random, windows: boolean, year: number): string {
  const family = OPERATING_SYSTEMS.filter((os) => os.windows === windows);
  const fitting = family.filter((os) => os.year >= year - 3 && os.year <= year + 6);
  return pick(random, fitting.length > 0 ? fitting : family).name;
}
