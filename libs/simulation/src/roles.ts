import type { SizeClass } from './hardware';

/**
 * Workload archetypes of the simulated estate (see README.md for their shapes and shares):
 * - `interactive`: business applications with office-hours days and quiet weekends,
 * - `batch`: night jobs between about 01:00 and 04:00 local time, heavier at month end,
 * - `steady`: flat infrastructure (domain controllers, DNS, message brokers),
 * - `idle`: forgotten "zombie" servers at about 1 % CPU,
 * - `bursty`: build and compute farms with short bursts at random times,
 * - `standby`: DR replicas that follow their production database at a fraction.
 */
export type Archetype = 'interactive' | 'batch' | 'steady' | 'idle' | 'bursty' | 'standby';

/** Every archetype, in documentation order. */
export const ARCHETYPES: readonly Archetype[] = [
  'interactive',
  'batch',
  'steady',
  'idle',
  'bursty',
  'standby',
];

export type Environment = 'prod' | 'test' | 'dev' | 'dr';
export type Tier = 'web' | 'app' | 'db';

/** What a server does, and what that implies for its size and load. */
export interface RoleDef {
  readonly role: string;
  /** Role part of the hostname (`fin-app-017`). */
  readonly code: string;
  readonly tier: Tier;
  readonly size: SizeClass;
  readonly archetype: Archetype;
  /** Production members of this role within one application form an anti-affinity group. */
  readonly spread: boolean;
  /** Runs Windows only (domain controllers, file and print servers). */
  readonly windows: boolean;
}

function role(
  name: string,
  code: string,
  tier: Tier,
  size: SizeClass,
  archetype: Archetype,
  options: { spread?: boolean; windows?: boolean } = {},
): RoleDef {
  const { spread = false, windows = false } = options;
  return { role: name, code, tier, size, archetype, spread, windows };
}

export const ROLES = {
  web: role('web', 'web', 'web', 'small', 'interactive', { spread: true }),
  app: role('app', 'app', 'app', 'medium', 'interactive', { spread: true }),
  db: role('db', 'db', 'db', 'large', 'interactive', { spread: true }),
  batch: role('batch', 'bat', 'app', 'medium', 'batch'),
  batchDb: role('db', 'db', 'db', 'large', 'batch', { spread: true }),
  build: role('build-agent', 'bld', 'app', 'medium', 'bursty'),
  compute: role('compute-node', 'cmp', 'app', 'large', 'bursty'),
  legacyApp: role('app', 'app', 'app', 'medium', 'idle'),
  legacyDb: role('db', 'db', 'db', 'medium', 'idle'),
} as const;

/** An IT shared service: one role, a few servers. */
export interface InfrastructureTemplate {
  readonly name: string;
  readonly role: RoleDef;
  readonly count: readonly [number, number];
}

const spread = { spread: true };
const win = { windows: true };
const both = { spread: true, windows: true };

function infra(
  name: string,
  def: RoleDef,
  count: readonly [number, number],
): InfrastructureTemplate {
  return { name, role: def, count };
}

export const INFRASTRUCTURE: readonly InfrastructureTemplate[] = [
  infra('directory', role('domain-controller', 'dc', 'app', 'small', 'steady', both), [2, 4]),
  infra('dns', role('dns', 'dns', 'app', 'small', 'steady', spread), [2, 3]),
  infra('monitoring', role('monitoring', 'mon', 'app', 'medium', 'steady'), [1, 3]),
  infra('messaging', role('message-broker', 'mq', 'app', 'medium', 'steady', spread), [2, 3]),
  infra('integration', role('middleware', 'esb', 'app', 'medium', 'steady', spread), [2, 4]),
  infra('backup', role('backup', 'bck', 'app', 'large', 'batch'), [1, 3]),
  infra('fileservices', role('file-server', 'fs', 'app', 'medium', 'interactive', win), [1, 4]),
  infra('print', role('print-server', 'prt', 'app', 'small', 'steady', win), [1, 2]),
  infra('licensing', role('license-server', 'lic', 'app', 'small', 'steady'), [1, 2]),
  infra('patching', role('patch-server', 'upd', 'app', 'small', 'batch', win), [1, 2]),
  infra('mail-relay', role('mail-relay', 'smtp', 'app', 'small', 'steady', spread), [2, 2]),
  infra('proxy', role('proxy', 'prx', 'web', 'small', 'interactive', spread), [2, 3]),
];

/** Names of applications nobody uses any more (their servers are zombies). */
export const LEGACY_APPS: readonly string[] = [
  'archive',
  'old-portal',
  'poc',
  'reports-v1',
  'migration',
];
