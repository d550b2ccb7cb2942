import type { Random } from '@vplan/domain';
import { BATCH_APPS, BUSINESS_APPS, COMPUTE_APPS } from './catalog';
import { INFRASTRUCTURE, LEGACY_APPS, ROLES, type Environment, type RoleDef } from './roles';
import { chance, integer, pick, pickWeighted } from './sampling';

export type AppKind = 'business' | 'batch' | 'infrastructure' | 'compute' | 'legacy';
export type Criticality = 'gold' | 'silver' | 'bronze';

/** Shares of applications by kind (not of servers: business apps are the larger ones). */
export const APP_KINDS: readonly (readonly [AppKind, number])[] = [
  ['business', 42],
  ['batch', 15],
  ['infrastructure', 22],
  ['compute', 6],
  ['legacy', 15],
];

/** Servers of one role in one environment of an application. */
export interface Instance {
  readonly env: Environment;
  readonly role: RoleDef;
  readonly count: number;
  /** A DR instance: standbys of the production servers of this tier. */
  readonly replicates?: 'db' | 'app';
}

/** An application drawn from the catalog, before it gets an owner and a site. */
export interface AppDraw {
  /** Department code; `undefined`: any department, drawn by weight. */
  readonly dept: string | undefined;
  readonly name: string;
  /** Its servers by environment and role, given the application's criticality. */
  readonly instances: (criticality: Criticality) => Instance[];
}

/** Draws what an application of the given kind is and which servers it has. */
export function drawApplication(random: Random, kind: AppKind, dept: string): AppDraw {
  const r = random;
  switch (kind) {
    case 'infrastructure': {
      const t = pick(r, INFRASTRUCTURE);
      return {
        dept: 'it',
        name: t.name,
        instances: () => [
          { env: 'prod', role: t.role, count: integer(r, ...t.count) },
          ...(chance(r, 0.2) ? [{ env: 'test', role: t.role, count: 1 } as const] : []),
        ],
      };
    }
    case 'compute': {
      const computeDept = pick(r, Object.keys(COMPUTE_APPS));
      const name = pick(r, COMPUTE_APPS[computeDept] ?? []);
      const role = name.includes('build') ? ROLES.build : ROLES.compute;
      const env = chance(r, 0.5) ? 'prod' : 'dev';
      return { dept: computeDept, name, instances: () => [{ env, role, count: integer(r, 2, 8) }] };
    }
    case 'legacy': {
      const env = pickWeighted<Environment>(r, [
        ['prod', 40],
        ['test', 30],
        ['dev', 30],
      ]);
      const db = chance(r, 0.4);
      return {
        dept,
        name: pick(r, LEGACY_APPS),
        instances: () => [
          { env, role: ROLES.legacyApp, count: integer(r, 1, 2) },
          { env, role: ROLES.legacyDb, count: db ? 1 : 0 },
        ],
      };
    }
    case 'batch':
      return { dept, name: pick(r, BATCH_APPS[dept] ?? []), instances: (c) => batch(r, c) };
    case 'business':
      return { dept, name: pick(r, BUSINESS_APPS[dept] ?? []), instances: (c) => business(r, c) };
  }
}

/** Web, app and database tiers; smaller copies for test and development. */
function business(r: Random, criticality: Criticality): Instance[] {
  if (chance(r, 0.2)) {
    // Everything on one box.
    return [
      { env: 'prod', role: ROLES.app, count: 1 },
      { env: 'test', role: ROLES.app, count: chance(r, 0.5) ? 1 : 0 },
      { env: 'dev', role: ROLES.app, count: chance(r, 0.4) ? 1 : 0 },
    ];
  }
  const web = chance(r, 0.6) ? pickWeighted(r, counts([20, 50, 20, 10])) : 0;
  const instances: Instance[] = [
    { env: 'prod', role: ROLES.web, count: web },
    { env: 'prod', role: ROLES.app, count: pickWeighted(r, counts([50, 35, 15])) },
    { env: 'prod', role: ROLES.db, count: chance(r, 0.4) ? 2 : 1 },
    ...dr(r, criticality, ROLES.db),
  ];
  if (chance(r, 0.7)) {
    instances.push(
      { env: 'test', role: ROLES.web, count: web > 0 ? 1 : 0 },
      { env: 'test', role: ROLES.app, count: 1 },
      { env: 'test', role: ROLES.db, count: 1 },
    );
  }
  if (chance(r, 0.65)) {
    instances.push(
      { env: 'dev', role: ROLES.app, count: 1 },
      { env: 'dev', role: ROLES.db, count: chance(r, 0.6) ? 1 : 0 },
    );
  }
  return instances;
}

/** Batch workers, usually with their own database. */
function batch(r: Random, criticality: Criticality): Instance[] {
  const withDb = chance(r, 0.7);
  return [
    { env: 'prod', role: ROLES.batch, count: pickWeighted(r, counts([40, 30, 20, 10])) },
    { env: 'prod', role: ROLES.batchDb, count: withDb ? 1 : 0 },
    ...(withDb ? dr(r, criticality, ROLES.batchDb) : []),
    { env: 'test', role: ROLES.batch, count: chance(r, 0.5) ? 1 : 0 },
    { env: 'dev', role: ROLES.batch, count: chance(r, 0.4) ? 1 : 0 },
  ];
}

/**
 * Gold applications replicate their database to the DR site and keep a cold standby
 * application server there; a third of the silver ones replicate their database.
 */
function dr(r: Random, criticality: Criticality, db: RoleDef): Instance[] {
  const replicate = criticality === 'gold' || (criticality === 'silver' && chance(r, 0.35));
  if (!replicate) return [];
  const instances: Instance[] = [{ env: 'dr', role: db, count: 1, replicates: 'db' }];
  if (criticality === 'gold' && db === ROLES.db) {
    instances.push({ env: 'dr', role: ROLES.app, count: 1, replicates: 'app' });
  }
  return instances;
}

/** Weights for counts 1, 2, 3, … */
function counts(weights: readonly number[]): (readonly [number, number])[] {
  return weights.map((w, i) => [i + 1, w] as const);
}
