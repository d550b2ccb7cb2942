import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { SERVICES, type AssetRecord } from '@vplan/contracts';
import { planDocumentSchema } from '@vplan/formats';
import {
  deleteStreams,
  dropDatabase,
  ensurePeers,
  eventually,
  startNodeExporter,
  startPrometheus,
  startSnmpd,
  startSshd,
  startVcsim,
  waitForScrape,
  uniquePrefix,
} from '@vplan/testing';
import type { Stack } from './stack.fixture';
import { http, stackDown, stackUp, tempDir, vplan } from './stack.fixture';

// From a loopback address, credentials and a vcsim URL to a plan, through the services:
// `vplan discover --api` runs a scan job, inventory reconciles what it found, workloads
// stores the samples the probes took, and `vplan plan --api` plans the discovered estate.
jest.setTimeout(600_000);

describe('discovery to plan, through the services (real sshd, snmpd, node_exporter, Prometheus, vcsim)', () => {
  const prefix = uniquePrefix('e2e-discover');
  let stack: Stack;
  let peers: { natsUrl: string; mongoUri: string };
  const started: { stop: () => Promise<void> }[] = [];
  const dir = tempDir('discover');

  beforeAll(async () => {
    peers = await ensurePeers();
    stack = await stackUp({
      ...process.env,
      NATS_URL: peers.natsUrl,
      MONGODB_URI: peers.mongoUri,
      VPLAN_DATA_DIR: tempDir('data'),
      VPLAN_GATEWAY_PORT: '0',
      VPLAN_STACK_BASE_PORT: '0',
      VPLAN_PREFIX: prefix,
      LOG_LEVEL: 'warn',
    });
  });

  afterAll(async () => {
    await Promise.all(started.map((p) => p.stop()));
    if (stack) await stackDown(stack.env);
    if (peers) {
      await deleteStreams(peers.natsUrl, prefix);
      for (const service of SERVICES)
        await dropDatabase(peers.mongoUri, `${prefix}_vplan_${service}`);
    }
  });

  it('finds this machine once and vcsim’s hosts and VMs, and plans them from the samples the probes took', async () => {
    const [sshd, snmpd, exporter, vcsim] = await Promise.all([
      startSshd(),
      startSnmpd(),
      startNodeExporter(),
      startVcsim(),
    ]);
    started.push(sshd, snmpd, exporter, vcsim);
    const prometheus = await startPrometheus({ targets: [`127.0.0.1:${exporter.port}`] });
    started.push(prometheus);
    await waitForScrape(prometheus);
    const key = join(dir, 'client_key');
    writeFileSync(key, sshd.clientKey, { mode: 0o600 });
    const api = ['--api', stack.baseUrl, '--token', stack.token, '--quiet'];
    const secrets = { TEST_COMMUNITY: snmpd.community, TEST_VC_PASSWORD: vcsim.password };
    const run = await vplan(
      [
        'discover',
        '--targets',
        '127.0.0.1',
        '--ports',
        String(sshd.port),
        '--ssh-port',
        String(sshd.port),
        '--ssh-user',
        sshd.username,
        '--ssh-key',
        key,
        '--snmp-community-env',
        'TEST_COMMUNITY',
        '--snmp-port',
        String(snmpd.port),
        '--vcenter',
        vcsim.url,
        '--vcenter-user',
        vcsim.username,
        '--vcenter-password-env',
        'TEST_VC_PASSWORD',
        '--insecure',
        '--prometheus',
        prometheus.url,
        '--sample-seconds',
        '2',
        '--history-hours',
        '2',
        '--timeout-ms',
        '10000',
        ...api,
      ],
      { ...process.env, ...secrets },
    );
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(run.stdout).toMatch(/succeeded/);
    expect(run.stdout).not.toMatch(/problem:/);
    expect(run.stdout).toMatch(/samples\s+[1-9]/);
    for (const secret of [snmpd.community, vcsim.password])
      expect(run.stdout).not.toContain(secret);

    // Inventory: this machine once (SSH, SNMP and node_exporter facts), vcsim's 4 hosts and 4 VMs.
    const assets = await eventually(
      async () => {
        const page = await http(`${stack.baseUrl}/inventory/api/v1/assets?limit=100`, {
          token: stack.token,
        });
        const items = (page.body as { items: AssetRecord[] }).items;
        if (items.length < 9) throw new Error(`${items.length} assets so far`);
        return items;
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    const local = assets.filter(
      (a) => a.asset.hostname?.toLowerCase() === os.hostname().toLowerCase(),
    );
    expect(local).toHaveLength(1);
    // Who saw it: the sources of its fields' values, and of every observation merged into it.
    const sources = new Set([
      ...Object.values(local[0]!.provenance).map((p) => p.source),
      ...(local[0]!.identity?.matchedBy ?? []).map((m) => m.source),
    ]);
    for (const s of ['discovery:ssh', 'discovery:snmp', 'discovery:prometheus'])
      expect(sources).toContain(s);
    const vcenter = assets.filter((a) => a !== local[0]);
    expect(vcenter).toHaveLength(8);
    const hypervisors = vcenter.filter((a) => a.asset.custom['asset_kind'] === 'hypervisor');
    expect(hypervisors).toHaveLength(4);
    for (const h of hypervisors) expect(h.asset.capacity.cpuModel).toBeDefined();
    const vms = vcenter.filter((a) => a.asset.custom['runs_on'] !== undefined);
    expect(vms).toHaveLength(4);
    for (const a of vms) {
      expect(a.asset.capacity.cores).toBeGreaterThan(0);
      // vcsim's VMs have 32 MiB: reported, and kept out of sizing as implausible.
      if (a.asset.capacity.memoryGiB === undefined)
        expect(a.asset.custom['warnings']).toMatch(/implausible memoryGiB/);
      expect(a.asset.custom['cluster'] ?? a.asset.custom['runs_on']).toBeDefined();
    }
    for (const a of vcenter) expect(a.asset.custom['bios_uuid']).toMatch(/^[0-9a-f-]{36}$/);

    // The samples the probes sent reach workloads' series once ingest has compacted them.
    await eventually(
      async () => {
        const res = await http(
          `${stack.baseUrl}/workloads/api/v1/series/${encodeURIComponent(local[0]!.asset.id)}?resource=cpu`,
          { token: stack.token },
        );
        if (res.status !== 200)
          throw new Error(`series: ${res.status} ${JSON.stringify(res.body)}`);
      },
      { timeoutMs: 120_000, intervalMs: 1000 },
    );

    // The plan of what was discovered, from the samples the probes sent to workloads.
    const out = tempDir('plan');
    const plan = await vplan([
      'plan',
      '--host-cpu-mhz',
      '89600',
      '--host-memory-gb',
      '768',
      '--out',
      out,
      ...api,
    ]);
    expect([plan.code, plan.stderr]).toEqual([0, '']);
    const doc = planDocumentSchema.parse(JSON.parse(readFileSync(join(out, 'plan.json'), 'utf8')));
    // The machine and the 4 VMs are planned; the hypervisors are today's hosts.
    expect(doc.summary.placed + doc.unplaced.length).toBe(5);
    expect(doc.today?.hosts).toBe(4);
    // Valid at every slot: on each host the assets' peaks together fit the usable capacity
    // (a sufficient condition for every slot), and each asset is placed at most once.
    const peakOf = new Map((doc.assets ?? []).map((a) => [a.id, a.peak] as const));
    const placed = doc.hosts.flatMap((h) => h.assets);
    expect(new Set(placed).size).toBe(placed.length);
    for (const host of doc.hosts)
      for (const [resource, usable] of Object.entries(doc.hostModel.usable)) {
        const sum = host.assets.reduce(
          (s, id) => s + ((peakOf.get(id) as Record<string, number> | undefined)?.[resource] ?? 0),
          0,
        );
        expect(sum).toBeLessThanOrEqual(usable! * (1 + 1e-6));
      }
    // Sized from what the probes measured, not only from allocation.
    const measured = (doc.assets ?? []).filter(
      (a) => a.basis === 'measured' || a.basis === 'mixed',
    );
    expect(measured.length).toBeGreaterThan(0);
  });
});
