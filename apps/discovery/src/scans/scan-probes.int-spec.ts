import { randomBytes } from 'node:crypto';
import { getConnectionToken } from '@nestjs/mongoose';
import {
  DISCOVERY,
  STREAMS,
  WORKLOADS,
  eventEnvelopeSchema,
  observationSchema,
  sampleBatchSchema,
  type Credential,
  type Observation,
} from '@vplan/contracts';
import { startTestService, type TestService } from '@vplan/service-testing';
import {
  startNodeExporter,
  startPrometheus,
  startSnmpd,
  startSshd,
  startVcsim,
  waitForScrape,
  uniquePrefix,
  type StartedSshd,
} from '@vplan/testing';
import type { Connection } from 'mongoose';
import type { Subscription } from 'nats';
import { loadDiscoveryConfig } from '../config';
import { DiscoveryModule } from '../discovery.module';
import { HostKeysRepository } from '../hostkeys/host-keys.repository';
import { batchIdOf } from './scan-samples.service';
import { assetOf, inventoryStandIn, scanHelpers } from './scan-runner.fixture';

jest.setTimeout(240_000);

const observationEvent = eventEnvelopeSchema(observationSchema);

describe('scan runner with the real probes (sshd, snmpd, node_exporter + Prometheus, vcsim)', () => {
  const prefix = uniquePrefix('discovery-probes');
  let h: TestService;
  let sshd: StartedSshd;
  let snmpd: Awaited<ReturnType<typeof startSnmpd>>;
  let exporter: Awaited<ReturnType<typeof startNodeExporter>>;
  let prometheus: Awaited<ReturnType<typeof startPrometheus>>;
  let vcsim: Awaited<ReturnType<typeof startVcsim>>;
  let inventory: Subscription;
  /** What the test's inventory answers: matches from the observations published, or none. */
  let answer: 'match' | 'none' = 'match';
  const { http, until, eventsOf, messagesOf } = scanHelpers(() => h, prefix);
  const sshPassword = `pw-${randomBytes(9).toString('hex')}`;
  const promToken = `tok-${randomBytes(9).toString('hex')}`;
  const secrets: string[] = [sshPassword, promToken];
  const credential = async (body: Record<string, unknown>) => {
    const res = await http<Credential>('/credentials', body, 'admin');
    expect(res.status).toBe(201);
    return res.json.id;
  };
  const observationsOf = async (scanId: string): Promise<Observation[]> =>
    (await eventsOf(DISCOVERY.observationRecorded.subject))
      .map((e) => observationEvent.parse(e).data)
      .filter((o) => o.source.scanId === scanId);

  beforeAll(async () => {
    [sshd, snmpd, exporter, vcsim] = await Promise.all([
      startSshd(),
      startSnmpd(),
      startNodeExporter(),
      startVcsim(),
    ]);
    prometheus = await startPrometheus({ targets: [`127.0.0.1:${exporter.port}`] });
    secrets.push(snmpd.community, snmpd.v3.authKey, snmpd.v3.privKey, vcsim.password);
    h = await startTestService({
      name: 'discovery',
      module: DiscoveryModule,
      prefix,
      config: (env) => loadDiscoveryConfig(env),
      logLevel: 'trace',
      env: {
        VPLAN_DISCOVERY_KEY: randomBytes(32).toString('base64'),
        VPLAN_DISCOVERY_RESOLVE_SECONDS: '5',
      },
    });
    // A stand-in for the inventory service (not for a protocol): a real NATS responder that
    // matches identities against the observations the scan published.
    inventory = inventoryStandIn(h.nc, prefix, () => answer, eventsOf);
    await waitForScrape(prometheus);
  });

  afterAll(async () => {
    inventory?.unsubscribe();
    await h?.close();
    await Promise.all([
      sshd?.stop(),
      snmpd?.stop(),
      prometheus?.stop(),
      exporter?.stop(),
      vcsim?.stop(),
    ]);
  });

  it('finds this machine on every source under one identity, vcsim’s hosts and VMs, and sends their samples', async () => {
    const wrongPassword = await credential({
      name: 'ssh password',
      kind: 'ssh-password',
      username: sshd.username,
      secret: sshPassword,
    });
    const key = await credential({
      name: 'ssh key',
      kind: 'ssh-key',
      username: sshd.username,
      secret: sshd.clientKey,
    });
    const v3 = await credential({
      name: 'snmp v3',
      kind: 'snmp-v3',
      username: snmpd.v3.user,
      secret: { auth: snmpd.v3.authKey, priv: snmpd.v3.privKey },
    });
    const v2c = await credential({ name: 'snmp v2c', kind: 'snmp-v2c', secret: snmpd.community });
    const vc = await credential({
      name: 'vcsim',
      kind: 'vsphere',
      username: vcsim.username,
      secret: vcsim.password,
    });
    const prom = await credential({ name: 'prom', kind: 'prometheus', secret: promToken });
    const created = await http('/scans', {
      name: 'everything',
      targets: ['127.0.0.1'],
      probes: ['tcp', 'ssh', 'snmp', 'vsphere', 'prometheus'],
      ports: [sshd.port],
      sshPort: sshd.port,
      snmpPort: snmpd.port,
      // The refused password first: the key is tried next.
      credentialIds: [wrongPassword, key, v3, v2c],
      vcenters: [{ url: vcsim.url, credentialId: vc, insecure: true }],
      prometheus: [{ url: prometheus.url, credentialId: prom }],
      sampleSeconds: 2,
      historyHours: 1,
      timeoutMs: 10_000,
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ sshPort: sshd.port, sampleSeconds: 2, historyHours: 1 });
    const done = await until(created.json.id, 'succeeded', 180_000);
    expect(done.notes).toBeUndefined();

    const observations = await observationsOf(done.id);
    expect(done.progress.observations).toBe(observations.length);
    const local = observations.filter((o) => o.identity.ips?.includes('127.0.0.1'));
    expect(local.map((o) => o.source.name).sort()).toEqual(['snmp', 'ssh', 'tcp']);
    for (const o of local) expect(o.identity).toEqual(local[0]!.identity);
    // Prometheus scrapes node_exporter on loopback, an address the identity chain does not
    // join on: its observation names the same machine by host name and MACs.
    const scraped = observations.filter((o) => o.source.name === 'prometheus');
    expect(scraped).toHaveLength(1);
    expect(scraped[0]!.identity.hostname).toBe(local[0]!.identity.hostname);
    expect([...(scraped[0]!.identity.macs ?? [])].sort()).toEqual(
      [...(local[0]!.identity.macs ?? [])].sort(),
    );
    expect(scraped[0]!.attributes.capacity?.memoryGiB).toBeGreaterThan(0);
    expect(local[0]!.identity.sshHostKey).toBe(sshd.hostKeyFingerprint);
    const fromSsh = local.find((o) => o.source.name === 'ssh')!;
    expect(fromSsh.attributes.capacity?.memoryGiB).toBeGreaterThan(0);
    expect(fromSsh.attributes.technical?.osFamily).toBe('linux');

    const vsphere = observations.filter((o) => o.source.name === 'vsphere');
    expect(vsphere).toHaveLength(8);
    const vms = vsphere.filter((o) => o.identity.vmUuid !== undefined);
    expect(vms).toHaveLength(4);
    for (const vm of vms) {
      expect(vm.identity.biosUuid).toBeDefined();
      expect(vm.attributes.capacity?.cores).toBeGreaterThan(0);
      expect(vm.attributes.custom?.['runs_on']).toBeDefined();
      // vcsim's VMs have 32 MiB: implausible, so a warning and never a sizing value.
      expect(vm.attributes.capacity?.memoryGiB).toBeUndefined();
      expect(vm.attributes.custom?.['warnings']).toMatch(/implausible memoryGiB/);
    }
    const hosts = vsphere.filter((o) => o.identity.vmUuid === undefined);
    for (const host of hosts) {
      expect(host.identity.biosUuid).toBeDefined();
      expect(host.attributes.capacity).toMatchObject({
        cores: expect.any(Number) as unknown,
        memoryGiB: expect.any(Number) as unknown,
        cpuModel: expect.stringContaining('CPU') as unknown,
      });
    }
    expect(hosts.filter((o) => o.attributes.custom?.['cluster'] !== undefined)).toHaveLength(3);

    // The samples went to workloads' ingest under the assets inventory named.
    const batches = (await messagesOf(STREAMS.VPLAN_INGEST.name, WORKLOADS.ingestSamples.subject))
      .map((b) => sampleBatchSchema.parse(b))
      .filter((b) => b.batchId.startsWith(`${done.id}-`));
    const sent = batches.flatMap((b) => b.samples);
    expect(done.progress.samples).toBe(sent.length);
    expect(sent.length).toBeGreaterThan(0);
    const assets = new Set(observations.map((o) => assetOf(o.identity)));
    for (const s of sent) {
      expect(assets.has(s.assetId)).toBe(true);
      expect(['cpu_mhz', 'cpu_pct', 'memory_gb']).toContain(s.metric);
      expect(Number(s.ts) % 300_000).toBe(0);
    }
    expect(new Set(sent.map((s) => s.assetId))).toContain(assetOf(local[0]!.identity));
    for (const b of batches) {
      const asset = b.samples[0]!.assetId;
      expect(b.samples.every((s) => s.assetId === asset)).toBe(true);
      expect(b.batchId).toMatch(new RegExp(`^${batchIdOf(done.id, asset, 0).slice(0, -1)}\\d+$`));
    }

    // The host key was pinned on first use, with the scan that saw it.
    const db = h.service.app.get<string, Connection>(getConnectionToken());
    expect(
      await db.collection('hostkeys').findOne({ _id: `127.0.0.1:${sshd.port}` as never }),
    ).toMatchObject({ fingerprint: sshd.hostKeyFingerprint, scanId: done.id });

    // No secret anywhere: events, ingest batches, stored documents, log lines (at trace).
    const events = await eventsOf('vplan.evt.discovery.>');
    expect(events.length).toBeGreaterThan(observations.length);
    const everything = JSON.stringify([
      events,
      batches,
      await db.collection('scans').find({}).toArray(),
      await db.collection('hostkeys').find({}).toArray(),
      await db.collection('credentials').find({}).toArray(),
      h.logs,
    ]);
    expect(h.logs.length).toBeGreaterThan(0);
    for (const secret of secrets) expect(everything).not.toContain(secret);
    expect(everything).not.toContain('PRIVATE KEY');
  });

  it('notes the samples of machines inventory does not match, and still succeeds', async () => {
    answer = 'none';
    try {
      const key = await credential({
        name: 'ssh key again',
        kind: 'ssh-key',
        username: sshd.username,
        secret: sshd.clientKey,
      });
      const created = await h.client.request(DISCOVERY.createScan, {
        hosts: ['127.0.0.1'],
        probes: ['ssh'],
        sshPort: sshd.port,
        credentialIds: [key],
        sampleSeconds: 1,
        timeoutMs: 10_000,
      });
      const done = await until(created.id, 'succeeded', 60_000);
      expect(done.notes).toEqual([
        'samples of 1 machines not sent: inventory matched no asset within 5 s',
      ]);
      expect(done.progress).toMatchObject({ machines: 1, samples: 0 });
    } finally {
      answer = 'match';
    }
  });

  it('pins a host key once when two runners race: the first wins, the other is held to it', async () => {
    const repo = h.service.app.get(HostKeysRepository);
    const [a, b] = [repo.storeFor('scan-a'), repo.storeFor('scan-b')];
    const tries = await Promise.allSettled([
      a.trust('198.51.100.7', 22, 'SHA256:first'),
      b.trust('198.51.100.7', 22, 'SHA256:second'),
    ]);
    expect(tries.filter((t) => t.status === 'fulfilled')).toHaveLength(1);
    const refused = tries.find((t) => t.status === 'rejected') as PromiseRejectedResult;
    expect((refused.reason as Error).message).toMatch(
      /^ssh 198\.51\.100\.7:22: host key changed while it was pinned by another scan/,
    );
    const winner = await a.get('198.51.100.7', 22);
    expect(['SHA256:first', 'SHA256:second']).toContain(winner);
    // The same key again is no error.
    await expect(b.trust('198.51.100.7', 22, winner!)).resolves.toBeUndefined();
  });

  it('refuses a host whose SSH key changed since it was pinned, and notes it', async () => {
    const port = sshd.port;
    const pinned = sshd.hostKeyFingerprint;
    await sshd.stop();
    sshd = await startSshd({ port });
    expect(sshd.hostKeyFingerprint).not.toBe(pinned);
    const key = await credential({
      name: 'ssh key of the new sshd',
      kind: 'ssh-key',
      username: sshd.username,
      secret: sshd.clientKey,
    });
    const created = await h.client.request(DISCOVERY.createScan, {
      hosts: ['127.0.0.1'],
      probes: ['tcp', 'ssh'],
      ports: [port],
      sshPort: port,
      credentialIds: [key],
      sampleSeconds: 0,
      timeoutMs: 10_000,
    });
    const done = await until(created.id, 'succeeded', 60_000);
    expect(done.notes).toEqual([
      expect.stringMatching(
        new RegExp(
          `^ssh 127\\.0\\.0\\.1:${port}: host key mismatch, refused before authentication`,
        ),
      ),
    ]);
    const observations = await observationsOf(done.id);
    expect(observations.map((o) => o.source.name)).toEqual(['tcp']);
    const db = h.service.app.get<string, Connection>(getConnectionToken());
    expect(
      await db.collection('hostkeys').findOne({ _id: `127.0.0.1:${port}` as never }),
    ).toMatchObject({ fingerprint: pinned });
  });
});
