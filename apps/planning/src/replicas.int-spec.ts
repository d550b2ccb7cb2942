import { getConnectionToken } from '@nestjs/mongoose';
import { PLANNING, type Job } from '@vplan/contracts';
import { createServiceApp, loadConfig, ServiceClient, type ServiceApp } from '@vplan/platform';
import { deleteStreams, dropDatabase, ensurePeers, eventually, uniquePrefix } from '@vplan/testing';
import type { Connection } from 'mongoose';
import { connect, type NatsConnection } from 'nats';
import { planningConfigShape } from './config';
import { JobConsumer } from './jobs/job.consumer';
import { PlanningModule } from './planning.module';
import { API_KEYS, PeerResponders, loadTraces } from './testing/peers.fixture';

jest.setTimeout(60_000);

describe('two planning replicas (in one process, real NATS and MongoDB-wire server)', () => {
  const prefix = uniquePrefix('replicas');
  const dbName = `${prefix}_planning`;
  let peers: { natsUrl: string; mongoUri: string };
  let replicas: ServiceApp[] = [];
  let nc: NatsConnection;
  let client: ServiceClient;
  let responders: PeerResponders;

  beforeAll(async () => {
    peers = await ensurePeers();
    nc = await connect({ servers: peers.natsUrl });
    responders = new PeerResponders(nc, prefix);
    responders.traces = (await loadTraces(12)).traces;
    responders.start();
    const config = loadConfig(planningConfigShape, {
      NATS_URL: peers.natsUrl,
      MONGODB_URI: peers.mongoUri,
      MONGODB_DB: dbName,
      VPLAN_PREFIX: prefix,
      VPLAN_API_KEYS: API_KEYS,
      LOG_LEVEL: 'error',
    });
    replicas = await Promise.all(
      [0, 1].map(() => createServiceApp({ name: 'planning', module: PlanningModule, config })),
    );
    client = new ServiceClient({ connection: nc, prefix, timeoutMs: 10_000 });
  }, 120_000);

  afterAll(async () => {
    responders?.stop();
    await Promise.all(replicas.map((r) => r.close()));
    await nc?.close();
    if (peers) {
      await dropDatabase(peers.mongoUri, dbName);
      await deleteStreams(peers.natsUrl, prefix);
    }
  });

  const jobsById = async (ids: readonly string[]): Promise<Job[]> =>
    Promise.all(ids.map((id) => client.request(PLANNING.getJob, { id })));

  it('share 4 queued jobs, one at a time each, and run every job once', async () => {
    await client.request(PLANNING.createScenario, {
      name: 'shared',
      scenario: { options: { hostCpuMhz: 8000, hostMemoryGiB: 16 } },
    });
    // Estate pages wait: every job a replica takes stays running until released.
    responders.holdEstate();
    const ids: string[] = [];
    for (let i = 0; i < 4; i++)
      ids.push((await client.request(PLANNING.runScenario, { name: 'shared' })).id);

    const taken = await eventually(async () => {
      const jobs = await jobsById(ids);
      const running = jobs.filter((j) => j.status === 'running');
      if (running.length < 2) throw new Error(`${running.length} jobs running`);
      return jobs;
    });
    // Each replica holds one job: two run, two wait in the queue.
    expect(taken.map((j) => j.status).sort()).toEqual(['queued', 'queued', 'running', 'running']);

    responders.releaseEstate();
    const done = await eventually(
      async () => {
        const jobs = await jobsById(ids);
        if (jobs.some((j) => j.status !== 'succeeded')) throw new Error('not all done');
        return jobs;
      },
      { timeoutMs: 45_000, intervalMs: 200 },
    );
    expect(done.map((j) => j.attempts)).toEqual([1, 1, 1, 1]);
    const plans = await client.request(PLANNING.listPlans, { scenario: 'shared' });
    expect(plans.items.map((p) => p.jobId).sort()).toEqual([...ids].sort());

    // Both replicas ran jobs (each job document keeps the lease of the replica that ran it).
    const connection = replicas[0]!.app.get<Connection>(getConnectionToken());
    const leases = await connection
      .collection<{ _id: string; lease: string }>('jobs')
      .find({ _id: { $in: ids } })
      .toArray();
    const ranBy = new Set(leases.map((d) => d.lease.split(':')[0]));
    expect([...ranBy].sort()).toEqual(replicas.map((r) => r.app.get(JobConsumer).replica).sort());
  });
});
