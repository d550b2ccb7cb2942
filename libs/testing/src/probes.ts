import mongoose, { type Connection } from 'mongoose';
import { connect, type NatsConnection } from 'nats';
import { errorMessage, redactUrl } from './paths';

export const DEFAULT_NATS_URL = 'nats://127.0.0.1:4222';
export const DEFAULT_MONGODB_URI = 'mongodb://127.0.0.1:27017';

/** `reachable` tells a server that answered but is unusable from one that did not answer. */
export type ProbeResult = { ok: true } | { ok: false; reachable: boolean; reason: string };

export interface ProbeOptions {
  /** Connect and request timeout, ms (default 2000). */
  timeoutMs?: number;
}

/** Connects to NATS and checks that JetStream is enabled for the account. */
export async function probeNats(url: string, options: ProbeOptions = {}): Promise<ProbeResult> {
  const timeout = options.timeoutMs ?? 2000;
  let nc: NatsConnection;
  try {
    nc = await connect({ servers: url, timeout, reconnect: false, maxReconnectAttempts: 0 });
  } catch (error) {
    const reason = `no NATS server answers at ${redactUrl(url)} (${errorMessage(error)})`;
    return { ok: false, reachable: false, reason };
  }
  try {
    const jsm = await nc.jetstreamManager({ timeout });
    await jsm.getAccountInfo();
    return { ok: true };
  } catch (error) {
    const reason = `NATS at ${redactUrl(url)} answers but JetStream is not usable (${errorMessage(error)}); start nats-server with -js`;
    return { ok: false, reachable: true, reason };
  } finally {
    await nc.close().catch(() => undefined);
  }
}

/** Connects to a MongoDB-wire server (MongoDB or FerretDB) and runs `ping`. */
export async function probeMongo(uri: string, options: ProbeOptions = {}): Promise<ProbeResult> {
  const timeout = options.timeoutMs ?? 2000;
  let conn: Connection | undefined;
  try {
    conn = mongoose.createConnection(uri, {
      serverSelectionTimeoutMS: timeout,
      connectTimeoutMS: timeout,
    });
    await conn.asPromise();
    await conn.getClient().db('admin').command({ ping: 1 });
    return { ok: true };
  } catch (error) {
    const reason = `no MongoDB-wire server answers at ${redactUrl(uri)} (${errorMessage(error)})`;
    return { ok: false, reachable: false, reason };
  } finally {
    await conn?.close(true).catch(() => undefined);
  }
}
