import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { PLANNING, type Job } from '@vplan/contracts';
import { ServiceClient } from '@vplan/platform';
import {
  deleteStreams,
  dropDatabase,
  ensurePeers,
  eventually,
  freePort,
  uniquePrefix,
} from '@vplan/testing';
import { MongoClient } from 'mongodb';
import { connect, type NatsConnection } from 'nats';
import { API_KEYS, PeerResponders, REPO, loadTraces } from './testing/peers.fixture';

jest.setTimeout(90_000);

const ACK_WAIT_MS = 3000;

interface Replica {
  readonly child: ChildProcess;
  readonly port: number;
  readonly output: string[];
}

describe('a planning replica killed mid-job (replicas as child processes)', () => {
  const prefix = uniquePrefix('failover');
  const dbName = `${prefix}_planning`;
  let peers: { natsUrl: string; mongoUri: string };
  let nc: NatsConnection;
  let client: ServiceClient;
  let responders: PeerResponders;
  const replicas: Replica[] = [];

  const startReplica = async (): Promise<Replica> => {
    const port = await freePort();
    const child = spawn(process.execPath, [join(REPO, 'apps/planning/bin/serve.js')], {
      cwd: REPO,
      env: {
        ...process.env,
        PORT: String(port),
        NATS_URL: peers.natsUrl,
        MONGODB_URI: peers.mongoUri,
        MONGODB_DB: dbName,
        VPLAN_PREFIX: prefix,
        VPLAN_API_KEYS: API_KEYS,
        LOG_LEVEL: 'warn',
        PLANNING_JOB_ACK_WAIT_MS: String(ACK_WAIT_MS),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const replica = { child, port, output: [] as string[] };
    child.stdout?.on('data', (b: Buffer) => replica.output.push(b.toString()));
    child.stderr?.on('data', (b: Buffer) => replica.output.push(b.toString()));
    replicas.push(replica);
    return replica;
  };

  const ready = (replica: Replica): Promise<void> =>
    eventually(
      async () => {
        if (replica.child.exitCode !== null) {
          throw new Error(`replica exited: ${replica.output.join('').slice(-2000)}`);
        }
        const res = await fetch(`http://127.0.0.1:${replica.port}/planning/health/ready`);
        if (res.status !== 200) throw new Error(`ready: ${res.status}`);
      },
      { timeoutMs: 60_000, intervalMs: 200 },
    );

  beforeAll(async () => {
    peers = await ensurePeers();
    nc = await connect({ servers: peers.natsUrl });
    responders = new PeerResponders(nc, prefix);
    responders.traces = (await loadTraces(12)).traces;
    responders.start();
    client = new ServiceClient({ connection: nc, prefix, timeoutMs: 10_000 });
    const started = await Promise.all([startReplica(), startReplica()]);
    await Promise.all(started.map(ready));
  }, 90_000);

  afterAll(async () => {
    responders?.stop();
    for (const { child } of replicas) if (child.exitCode === null) child.kill('SIGKILL');
    await nc?.close();
    if (peers) {
      await dropDatabase(peers.mongoUri, dbName);
      await deleteStreams(peers.natsUrl, prefix);
    }
  });

  /** The pid of the replica holding a job, from the lease on its document. */
  const holderPid = async (jobId: string): Promise<number> => {
    const mongo = await MongoClient.connect(peers.mongoUri);
    try {
      const doc = await mongo
        .db(dbName)
        .collection<{ _id: string; lease?: string }>('jobs')
        .findOne({ _id: jobId });
      const replica = doc?.lease?.split(':')[0] ?? '';
      return Number(replica.split('-').at(-2));
    } finally {
      await mongo.close();
    }
  };

  it('keeps a long job while its replica lives, and the other replica completes it after ackWait once it is killed', async () => {
    await client.request(PLANNING.createScenario, {
      name: 'long',
      scenario: { options: { hostCpuMhz: 8000, hostMemoryGiB: 16, timeBudgetMs: 600_000 } },
    });
    responders.holdEstate(); // the job stays in its gathering phase until released
    const { id } = await client.request(PLANNING.runScenario, { name: 'long' });
    const running = await eventually(async () => {
      const job = await client.request(PLANNING.getJob, { id });
      if (job.status !== 'running') throw new Error(job.status);
      return job;
    });
    const pid = await holderPid(id);
    const holder = replicas.find((r) => r.child.pid === pid);
    expect(holder).toBeDefined();

    // Heartbeats (working()) keep the job with its replica past twice the ack wait.
    const startedAt = Date.parse(running.startedAt!);
    const held: Job = await eventually(
      async () => {
        const job = await client.request(PLANNING.getJob, { id });
        if (Date.now() - startedAt < 2 * ACK_WAIT_MS) throw new Error('job still young');
        return job;
      },
      { timeoutMs: 20_000, intervalMs: 250 },
    );
    expect(held).toMatchObject({ status: 'running', attempts: 1 });
    expect(await holderPid(id)).toBe(pid);

    holder!.child.kill('SIGKILL');
    responders.releaseEstate();
    const done = await eventually(
      async () => {
        const job = await client.request(PLANNING.getJob, { id });
        if (job.status !== 'succeeded') throw new Error(`${job.status}: ${job.progress.phase}`);
        return job;
      },
      { timeoutMs: 45_000, intervalMs: 200 },
    );
    expect(done.attempts).toBe(2);
    const survivor = replicas.find((r) => r !== holder)!;
    expect(await holderPid(id)).toBe(survivor.child.pid);
    const plan = await client.request(PLANNING.getPlan, { id: done.planId! });
    expect(plan.delivery === 'inline' && plan.plan.summary.assets).toBe(12);
    const plans = await client.request(PLANNING.listPlans, { scenario: 'long' });
    expect(plans.items).toHaveLength(1);
  });
});
