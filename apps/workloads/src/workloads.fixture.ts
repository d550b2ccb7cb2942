// Boots the workloads service in-process against the real NATS and MongoDB-wire server,
// under its own prefix and database, for the integration specs.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Estate } from '@vplan/domain';
import type { ServiceApp, ServiceClient } from '@vplan/platform';
import { TEST_TOKENS, startTestService } from '@vplan/service-testing';
import { generateEstate } from '@vplan/simulation';
import {
  bitbrainsText,
  pickAssets,
  writeBitbrainsTraces,
  writePlanetLabTraces,
} from '@vplan/testing';
import type { NatsConnection } from 'nats';
import { loadWorkloadsConfig } from './workloads.config';
import { WorkloadsModule } from './workloads.module';

/** The repository root. */
export const REPO = resolve(__dirname, '../../..');

/** `count` servers of vplan's own simulator (`seed`, two weeks of 5-minute samples). */
export function simulatedServers(count: number, seed = 1): Estate {
  return pickAssets(generateEstate({ servers: count, seed, weeks: 2 }), count);
}

function tempDir(label: string): string {
  return mkdtempSync(join(tmpdir(), `vplan-wl-${label}-`));
}

/** One simulated server as the Bitbrains file `<new folder>/<id>.csv.gz` (asset id `id`). */
export function simulatedBitbrainsFile(id = '1', seed = 1): string {
  const estate = simulatedServers(1, seed);
  const file = join(tempDir('bitbrains-file'), `${id}.csv.gz`);
  writeFileSync(file, gzipSync(bitbrainsText(estate.assets[0]!, estate)));
  return file;
}

/** `count` simulated servers as Bitbrains files (`<id>.csv.gz`, a week each) in a new folder. */
export function simulatedBitbrainsFolder(count: number, seed = 1): string {
  const dir = tempDir('bitbrains');
  writeBitbrainsTraces(dir, simulatedServers(count, seed), { slots: 2016 });
  return dir;
}

/**
 * `count` simulated servers as PlanetLab files (one day each) in a new folder, their ids
 * prefixed with `pl-` so that they never meet the Bitbrains folder's ids.
 */
export function simulatedPlanetLabFolder(count: number, seed = 1): string {
  const dir = tempDir('planetlab');
  const estate = simulatedServers(count, seed);
  writePlanetLabTraces(dir, {
    assets: estate.assets.map((a) => ({ ...a, id: `pl-${a.id}` })),
    series: estate.series.map((s) => ({ ...s, assetId: `pl-${s.assetId}` })),
  });
  return dir;
}

export const TOKENS = TEST_TOKENS;
export type TokenRole = keyof typeof TOKENS;

export interface WorkloadsHarness {
  readonly prefix: string;
  readonly service: ServiceApp;
  readonly base: string;
  readonly nc: NatsConnection;
  readonly client: ServiceClient;
  readonly mongoUri: string;
  readonly natsUrl: string;
  readonly database: string;
  http(
    path: string,
    init?: RequestInit & { token?: TokenRole; contentType?: string },
  ): Promise<Response>;
  close(): Promise<void>;
}

/** Starts the service with `env` added to the test environment (e.g. short ingest generations). */
export async function startWorkloads(
  label: string,
  env: Record<string, string> = {},
): Promise<WorkloadsHarness> {
  const h = await startTestService({
    name: 'workloads',
    module: WorkloadsModule,
    label,
    config: (vars) => loadWorkloadsConfig(vars),
    env,
    logLevel: process.env['VPLAN_TEST_LOGS'] ? 'info' : 'warn',
    // VPLAN_TEST_LOGS=1 shows the service's logs on stderr.
    ...(process.env['VPLAN_TEST_LOGS']
      ? { echoLogs: (chunk: Buffer) => process.stderr.write(chunk) }
      : {}),
    timeoutMs: 60_000,
  });
  return {
    ...h,
    mongoUri: h.peers.mongoUri,
    natsUrl: h.peers.natsUrl,
    http(path, init = {}) {
      const headers = new Headers(init.headers);
      if (init.token) headers.set('authorization', `Bearer ${TOKENS[init.token]}`);
      if (init.contentType) headers.set('content-type', init.contentType);
      return fetch(`${h.base}${path}`, { ...init, headers });
    },
  };
}
