import mongoose, { type Connection } from 'mongoose';
import { connect } from 'nats';

const SYSTEM_DATABASES = new Set(['admin', 'local', 'config']);

/** Drops one database (a test's own); refuses MongoDB's system databases. */
export async function dropDatabase(mongoUri: string, dbName: string): Promise<void> {
  if (dbName === '' || SYSTEM_DATABASES.has(dbName)) {
    throw new Error(`dropDatabase: refusing to drop database ${JSON.stringify(dbName)}`);
  }
  let conn: Connection | undefined;
  try {
    conn = await mongoose
      .createConnection(mongoUri, { serverSelectionTimeoutMS: 5000 })
      .asPromise();
    await conn.getClient().db(dbName).dropDatabase();
  } finally {
    await conn?.close(true);
  }
}

/**
 * Deletes the JetStream streams (with their consumers) that belong to a test prefix: a
 * name containing the prefix in any case (`<PREFIX>_VPLAN_…`, `KV_<prefix>…`,
 * `OBJ_<prefix>…`) or a subject starting with `<prefix>.`. Returns the names deleted.
 */
export async function deleteStreams(natsUrl: string, prefix: string): Promise<string[]> {
  if (!/^[A-Za-z0-9_-]{4,}$/.test(prefix)) {
    throw new Error(
      `deleteStreams: prefix ${JSON.stringify(prefix)} must be at least 4 letters, digits, '_' or '-' (use uniquePrefix())`,
    );
  }
  const needle = prefix.toLowerCase();
  const nc = await connect({ servers: natsUrl, timeout: 5000 });
  try {
    const jsm = await nc.jetstreamManager();
    const doomed: string[] = [];
    for await (const info of jsm.streams.list()) {
      const { name, subjects = [] } = info.config;
      if (name.toLowerCase().includes(needle) || subjects.some((s) => s.startsWith(`${prefix}.`))) {
        doomed.push(name);
      }
    }
    for (const name of doomed) await jsm.streams.delete(name);
    return doomed;
  } finally {
    await nc.close();
  }
}
