import fs from 'node:fs';
import path from 'node:path';
import { hostProcess, readEnv, writeEnv } from './host-process';
import { startFerretdb } from './ferretdb';
import { startNatsServer } from './nats-server';
import { dataDir, redactUrl } from './paths';
import { DEFAULT_MONGODB_URI, DEFAULT_NATS_URL, probeMongo, probeNats } from './probes';
import { freePort, stopPid, type LoggedProcess } from './processes';

export interface Peers {
  natsUrl: string;
  mongoUri: string;
}

interface StartedPeer {
  process: LoggedProcess;
  /** Removed once the peer is stopped. */
  stateDir: string;
}

interface PeerState {
  started: StartedPeer[];
  pending?: Promise<Peers>;
}

// On globalThis, not in module scope: jest loads its globalSetup and globalTeardown files
// as separate module graphs in the same process, and both must see the same peers.
const STATE_KEY = Symbol.for('@vplan/testing/peers');
const holder = globalThis as { [STATE_KEY]?: PeerState };
const state: PeerState = (holder[STATE_KEY] ??= { started: [] });

const note = (line: string): void => {
  hostProcess.stderr.write(`@vplan/testing: ${line}\n`);
};

async function natsPeer(): Promise<string> {
  const url = readEnv('NATS_URL') ?? DEFAULT_NATS_URL;
  const probe = await probeNats(url);
  if (probe.ok) return url;
  const port = await freePort();
  const stateDir = path.join(dataDir(), 'nats-test', `${hostProcess.pid}-${port}`);
  note(`${probe.reason}; starting nats-server -js on port ${port}`);
  const nats = await startNatsServer({
    port,
    storeDir: stateDir,
    logFile: path.join(stateDir, 'nats-server.log'),
  });
  state.started.push({ process: nats.process, stateDir });
  return nats.url;
}

async function mongoPeer(): Promise<string> {
  const uri = readEnv('MONGODB_URI') ?? DEFAULT_MONGODB_URI;
  const probe = await probeMongo(uri);
  if (probe.ok) return uri;
  const port = await freePort();
  const stateDir = path.join(dataDir(), 'ferretdb-test', `${hostProcess.pid}-${port}`);
  note(`${probe.reason}; starting FerretDB (SQLite in ${stateDir}) on port ${port}`);
  const ferretdb = await startFerretdb({
    port,
    dir: path.join(stateDir, 'sqlite'),
    logFile: path.join(stateDir, 'ferretdb.log'),
  });
  state.started.push({ process: ferretdb.process, stateDir });
  return ferretdb.uri;
}

async function resolvePeers(): Promise<Peers> {
  const [natsUrl, mongoUri] = await Promise.all([natsPeer(), mongoPeer()]);
  // Jest workers, services started by tests and later calls all see the same peers.
  writeEnv('NATS_URL', natsUrl);
  writeEnv('MONGODB_URI', mongoUri);
  return { natsUrl, mongoUri };
}

/**
 * NATS with JetStream and a MongoDB-wire server for integration tests. Uses `NATS_URL`
 * (default nats://127.0.0.1:4222) and `MONGODB_URI` (default mongodb://127.0.0.1:27017)
 * when they answer; otherwise starts `nats-server -js` and/or FerretDB (built from
 * tools/ferretdb) on free ports with their state under `<data dir>/nats-test` and
 * `<data dir>/ferretdb-test`, and sets `NATS_URL`/`MONGODB_URI` for the rest of the
 * process. Peers started here are stopped by {@link stopStartedPeers} (the jest global
 * teardown) or, failing that, killed when the process exits.
 */
export async function ensurePeers(): Promise<Peers> {
  // One start at a time: concurrent callers share the pending result.
  state.pending ??= resolvePeers().finally(() => {
    state.pending = undefined;
  });
  return state.pending;
}

/** Stops the peers ensurePeers started in this process and removes their state. */
export async function stopStartedPeers(): Promise<void> {
  const peers = state.started.splice(0);
  await Promise.all(
    peers.map(async ({ process: proc, stateDir }) => {
      const stopped = await stopPid(proc.pid, { graceMs: 5000 });
      if (!stopped) note(`${proc.name} (pid ${proc.pid}) did not stop`);
      fs.rmSync(stateDir, { recursive: true, force: true });
    }),
  );
}

/** The peers this process started, for messages: `nats-server nats://…`. */
export function describePeers(peers: Peers): string {
  return `NATS ${redactUrl(peers.natsUrl)}, MongoDB ${redactUrl(peers.mongoUri)}`;
}
