import mongoose, { type Connection } from 'mongoose';
import { connect, RetentionPolicy, StringCodec, type NatsConnection } from 'nats';
import { deleteStreams, dropDatabase } from './cleanup';
import { eventually } from './eventually';
import { readEnv } from './host-process';
import { ensurePeers, type Peers } from './peers';
import { uniquePrefix } from './unique-prefix';

describe('ensurePeers', () => {
  const prefix = uniquePrefix('peers');
  let peers: Peers;

  beforeAll(async () => {
    peers = await ensurePeers();
  }, 180_000);

  it('publishes the peers it settled on as NATS_URL and MONGODB_URI', () => {
    expect(readEnv('NATS_URL')).toBe(peers.natsUrl);
    expect(readEnv('MONGODB_URI')).toBe(peers.mongoUri);
  });

  it('gives the same peers to a second caller', async () => {
    await expect(ensurePeers()).resolves.toEqual(peers);
  });

  describe('NATS', () => {
    let nc: NatsConnection;
    const stream = `${prefix.toUpperCase()}_PROBE`;
    const subject = `${prefix}.vplan.probe`;

    beforeAll(async () => {
      nc = await connect({ servers: peers.natsUrl });
    });

    afterAll(async () => {
      await deleteStreams(peers.natsUrl, prefix);
      await nc.close();
    });

    it('has JetStream: a stream stores a message, deleteStreams removes it', async () => {
      const jsm = await nc.jetstreamManager();
      await jsm.streams.add({
        name: stream,
        subjects: [`${subject}.>`],
        retention: RetentionPolicy.Limits,
      });
      const codec = StringCodec();
      const ack = await nc.jetstream().publish(`${subject}.one`, codec.encode('hello'), {
        msgID: `${prefix}-1`,
      });
      expect(ack.stream).toBe(stream);
      expect(ack.seq).toBe(1);

      const stored = await jsm.streams.getMessage(stream, { seq: 1 });
      expect(codec.decode(stored.data)).toBe('hello');

      await expect(deleteStreams(peers.natsUrl, prefix)).resolves.toEqual([stream]);
      const names: string[] = [];
      for await (const info of jsm.streams.list()) names.push(info.config.name);
      expect(names).not.toContain(stream);
    });

    it('refuses to delete streams for a prefix too short to be a test prefix', async () => {
      await expect(deleteStreams(peers.natsUrl, 'v')).rejects.toThrow(/at least 4 letters/);
    });
  });

  describe('MongoDB wire', () => {
    const dbName = `${prefix}_probe`;
    let conn: Connection;

    beforeAll(async () => {
      conn = await mongoose.createConnection(peers.mongoUri, { dbName }).asPromise();
    });

    afterAll(async () => {
      await dropDatabase(peers.mongoUri, dbName);
      await conn.close();
    });

    it('inserts and finds a document, and dropDatabase removes the database', async () => {
      const things = conn.getClient().db(dbName).collection<{ _id: string; n: number }>('things');
      await things.insertMany([
        { _id: 'a', n: 1 },
        { _id: 'b', n: 2 },
      ]);
      await expect(things.find({ n: { $gt: 1 } }).toArray()).resolves.toEqual([{ _id: 'b', n: 2 }]);

      await dropDatabase(peers.mongoUri, dbName);
      await eventually(async () => {
        const { databases } = await conn.getClient().db('admin').admin().listDatabases();
        expect(databases.map((d) => d.name)).not.toContain(dbName);
      });
    });

    it('refuses to drop a system database', async () => {
      await expect(dropDatabase(peers.mongoUri, 'admin')).rejects.toThrow(
        'dropDatabase: refusing to drop database "admin"',
      );
    });
  });
});
