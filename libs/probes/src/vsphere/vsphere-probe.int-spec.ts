import https from 'node:https';
import net from 'node:net';
import { startVcsim, type StartedVcsim } from '@vplan/testing';
import { retrieveOne } from './property-collector';
import { VsphereProbeError } from './soap-client';
import { child, childText, children, el, envelope, moRef, moRefXml, type MoRef } from './soap-xml';
import { perfHistory, PERF_INTERVAL_SECONDS } from './vsphere-perf';
import { probeVsphere, readInventory } from './vsphere-probe';
import { withVsphereSession, type VsphereSession } from './vsphere-session';

jest.setTimeout(90_000);

const failureOf = async (promise: Promise<unknown>): Promise<VsphereProbeError> => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof VsphereProbeError) return error;
    throw error;
  }
  throw new Error('expected the probe to fail');
};

/** A raw SOAP POST with a given session cookie, outside the probe's client. */
const rawCall = (url: string, cookie: string, body: string): Promise<string> =>
  new Promise((resolve, reject) => {
    const request = https.request(
      url,
      {
        method: 'POST',
        rejectUnauthorized: false,
        headers: {
          'Content-Type': 'text/xml',
          SOAPAction: 'urn:vim25/6.5',
          Cookie: `vmware_soap_session=${cookie}`,
        },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve(text));
      },
    );
    request.on('error', reject);
    request.end(envelope(body));
  });

/** Runs a reconfiguration task and waits until vcsim says it succeeded. */
async function runTask(session: VsphereSession, method: string, body: string): Promise<void> {
  const response = await session.client.call(method, body);
  const task = moRef(child(response, 'returnval')) as MoRef;
  for (let i = 0; i < 100; i++) {
    const info = await retrieveOne(session, task, ['info.state']);
    const state = childText({ v: [info?.props.get('info.state')] }, 'v');
    if (state === 'success') return;
    if (state === 'error') throw new Error(`${method} failed`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${method} did not finish`);
}

describe('probeVsphere against govmomi vcsim', () => {
  let sim: StartedVcsim;
  const target = (): { url: string; insecure: boolean } => ({ url: sim.url, insecure: true });
  const credential = (): { username: string; password: string } => ({
    username: sim.username,
    password: sim.password,
  });

  beforeAll(async () => {
    sim = await startVcsim();
  });

  afterAll(async () => {
    await sim?.stop();
  });

  it('reads the default inventory complete: 1 datacenter, 1 cluster, 4 hosts, 4 VMs', async () => {
    const result = await probeVsphere(target(), credential(), { timeoutMs: 30_000 });
    expect(result.about.fullName).toMatch(/govmomi simulator/);
    expect(result.datacenters).toEqual(['DC0']);
    expect(result.clusters).toHaveLength(1);
    const [cluster] = result.clusters;
    expect(cluster).toMatchObject({ name: 'DC0_C0', datacenter: 'DC0', drsEnabled: true });
    expect([...(cluster?.hosts ?? [])].sort()).toEqual(['DC0_C0_H0', 'DC0_C0_H1', 'DC0_C0_H2']);

    expect(result.hosts).toHaveLength(4);
    for (const host of result.hosts) {
      expect(host.source).toEqual({ kind: 'vsphere', target: sim.url });
      expect(host.identity.biosUuid).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
      );
      expect(host.hardware.cpuModel).toMatch(/Intel/);
      expect(host.hardware.cores).toBeGreaterThan(0);
      expect(host.hardware.sockets).toBeGreaterThan(0);
      expect(host.hardware.cpuMhz).toBeGreaterThan(1000);
      expect(host.hardware.memoryGiB).toBeGreaterThan(1);
      expect(host.warnings).toEqual([]);
      expect(host.datacenter).toBe('DC0');
    }
    expect(result.hosts.filter((h) => h.cluster === 'DC0_C0')).toHaveLength(3);
    expect(
      result.hosts.filter((h) => h.cluster === undefined).map((h) => h.identity.hostname),
    ).toEqual(['DC0_H0']);
    expect(new Set(result.hosts.map((h) => h.identity.biosUuid)).size).toBe(4);

    expect(result.vms).toHaveLength(4);
    for (const vm of result.vms) {
      expect(vm.source.kind).toBe('vsphere');
      expect(vm.identity.biosUuid).toMatch(/^[0-9a-f-]{36}$/);
      expect(vm.identity.vmUuid).toMatch(/^[0-9a-f-]{36}$/);
      expect(vm.identity.vmUuid).not.toBe(vm.identity.biosUuid);
      expect(vm.identity.macs?.[0]).toMatch(/^00:0c:29(:[0-9a-f]{2}){3}$/);
      expect(vm.hardware.cores).toBe(1);
      expect(vm.hardware.diskGiB).toBe(10);
      expect(vm.hardware.virtualization).toBe('vmware');
      expect(vm.powerState).toBe('poweredOn');
      expect(vm.template).toBe(false);
    }
    // vcsim's VMs have 32 MB: below the plausible 64 MiB, so kept out of sizing with a warning,
    // while the configured value stays in the VM's detail record.
    expect(result.vms.every((vm) => vm.hardware.memoryGiB === undefined)).toBe(true);
    expect(result.vms[0]?.warnings).toEqual([
      expect.objectContaining({ field: 'hardware.memoryGiB', value: 32 / 1024 }),
    ]);
    expect(result.vmDetails.map((d) => [d.memoryMB, d.vCpus, d.portGroups])).toEqual(
      Array.from({ length: 4 }, () => [32, 1, ['DC0_DVPG0']]),
    );

    expect(result.placement).toHaveLength(4);
    const hostNames = new Set(result.hosts.map((h) => h.identity.hostname));
    for (const p of result.placement) {
      expect(hostNames.has(p.host)).toBe(true);
      expect(p.cluster).toBe(p.host.startsWith('DC0_C0_') ? 'DC0_C0' : undefined);
    }
    expect(
      result.placement
        .filter((p) => p.cluster === undefined)
        .map((p) => p.vm)
        .sort(),
    ).toEqual(['DC0_H0_VM0', 'DC0_H0_VM1']);
  });

  it('reads the same inventory in pages of one object as in one page', async () => {
    const whole = await withVsphereSession(target(), credential(), {}, (s) => readInventory(s));
    const paged = await withVsphereSession(target(), credential(), {}, (s) =>
      readInventory(s, { pageSize: 1 }),
    );
    expect(paged).toEqual(whole);
  });

  it('reads HA settings, memory and annotations once they are configured', async () => {
    const before = await probeVsphere(target(), credential());
    const clusterRef = before.clusters[0]?.ref as string;
    const vmRef = before.vms[0]?.ref as string;
    await withVsphereSession(target(), credential(), {}, async (session) => {
      await runTask(
        session,
        'ReconfigureComputeResource_Task',
        `<ReconfigureComputeResource_Task xmlns="urn:vim25">${moRefXml('_this', { type: 'ClusterComputeResource', value: clusterRef })}` +
          '<spec xsi:type="ClusterConfigSpecEx"><dasConfig><enabled>true</enabled>' +
          '<admissionControlPolicy xsi:type="ClusterFailoverLevelAdmissionControlPolicy"><failoverLevel>1</failoverLevel></admissionControlPolicy>' +
          '<admissionControlEnabled>true</admissionControlEnabled></dasConfig></spec><modify>true</modify></ReconfigureComputeResource_Task>',
      );
      await runTask(
        session,
        'ReconfigVM_Task',
        `<ReconfigVM_Task xmlns="urn:vim25">${moRefXml('_this', { type: 'VirtualMachine', value: vmRef })}` +
          `<spec>${el('annotation', 'Owner: R&D <ops@example.com>')}${el('memoryMB', 4096)}</spec></ReconfigVM_Task>`,
      );
    });
    const after = await probeVsphere(target(), credential());
    // vcsim 0.46 keeps only dasConfig.enabled and admissionControlEnabled of a reconfiguration
    // (the policy is dropped, failoverLevel stays 0); the policy is read in vsphere-inventory.spec.ts.
    expect(before.clusters[0]).not.toHaveProperty('haEnabled');
    expect(after.clusters[0]).toMatchObject({
      haEnabled: true,
      admissionControl: true,
      failoverLevel: 0,
    });
    const vm = after.vms.find((v) => v.ref === vmRef);
    expect(vm?.hardware.memoryGiB).toBe(4);
    expect(vm?.warnings).toEqual([]);
    expect(after.vmDetails.find((d) => d.ref === vmRef)?.annotation).toBe(
      'Owner: R&D <ops@example.com>',
    );
  });

  it('reads 5-minute cpu and memory history of every VM as numbers', async () => {
    const to = new Date();
    const from = new Date(to.getTime() - 3600_000);
    const result = await probeVsphere(target(), credential(), { perf: { from, to } });
    const samples = result.samples ?? [];
    for (const vm of result.vms) {
      const mine = samples.filter((s) => s.ref === vm.ref);
      const cpu = mine.filter((s) => s.metric === 'cpu');
      const memory = mine.filter((s) => s.metric === 'memory');
      // vcsim serves synthetic 300 s samples from startTime on: 13 in an hour, both ends included.
      expect(cpu.length).toBeGreaterThanOrEqual(12);
      expect(memory).toHaveLength(cpu.length);
      expect(cpu.every((s) => s.counter === 'cpu.usagemhz.average' && s.vm === vm.name)).toBe(true);
      expect(memory.every((s) => s.counter === 'mem.consumed.average')).toBe(true);
      for (const s of mine) {
        expect(Number.isFinite(s.value)).toBe(true);
        expect(s.value).toBeGreaterThanOrEqual(0);
        expect(Date.parse(s.at)).toBeGreaterThanOrEqual(from.getTime());
        expect(Date.parse(s.at)).toBeLessThanOrEqual(to.getTime());
      }
      const times = cpu.map((s) => Date.parse(s.at));
      expect(times.slice(1).map((t, i) => t - (times[i] as number))).toEqual(
        times.slice(1).map(() => PERF_INTERVAL_SECONDS * 1000),
      );
    }
    expect(samples.some((s) => s.metric === 'cpu' && s.value > 0)).toBe(true);
  });

  it('reads mem.active instead of mem.consumed when asked, in the same session as the inventory', async () => {
    const to = new Date();
    const from = new Date(to.getTime() - 1800_000);
    const samples = await withVsphereSession(target(), credential(), {}, async (session) => {
      const inventory = await readInventory(session);
      return perfHistory(session, inventory.vms, { from, to, memory: 'active', batchSize: 3 });
    });
    const memory = samples.filter((s) => s.metric === 'memory');
    expect(memory.length).toBeGreaterThan(0);
    expect(
      memory.every((s) => s.counter === 'mem.active.average' && Number.isFinite(s.value)),
    ).toBe(true);
    expect(new Set(samples.map((s) => s.ref)).size).toBe(4);
  });

  it('fails at auth on a wrong password without the password in the error', async () => {
    const password = 'Wr0ng-Pa55word-that-must-not-leak';
    const error = await failureOf(probeVsphere(target(), { username: sim.username, password }));
    expect(error.stage).toBe('auth');
    expect(error.target).toBe(sim.url);
    expect(error.message).toMatch(/login as "vplan-probe" refused/);
    expect(JSON.stringify({ ...error, message: error.message, stack: error.stack })).not.toContain(
      password,
    );
    expect(error.message).not.toContain(sim.password);
  });

  it('logs out: the session cookie no longer works and no session is left open', async () => {
    let cookie: string | undefined;
    await withVsphereSession(target(), credential(), {}, async (session) => {
      cookie = session.client.sessionCookie;
      await readInventory(session);
    });
    expect(cookie).toMatch(/^[0-9a-f-]{36}$/);
    const reply = await rawCall(
      sim.url,
      cookie as string,
      `<RetrievePropertiesEx xmlns="urn:vim25"><_this type="PropertyCollector">propertyCollector</_this><specSet><propSet><type>Folder</type><pathSet>name</pathSet></propSet><objectSet><obj type="Folder">group-d1</obj></objectSet></specSet><options/></RetrievePropertiesEx>`,
    );
    expect(reply).toMatch(/NotAuthenticated/);

    // Also after a failure inside the session: Logout runs in a finally.
    await expect(
      withVsphereSession(target(), credential(), {}, async (session) => {
        cookie = session.client.sessionCookie;
        throw new Error('work failed');
      }),
    ).rejects.toThrow('work failed');
    const afterFailure = await rawCall(
      sim.url,
      cookie as string,
      '<CurrentTime xmlns="urn:vim25"><_this type="ServiceInstance">ServiceInstance</_this></CurrentTime>',
    );
    expect(afterFailure).toMatch(/NotAuthenticated/);

    // Every earlier test of this file logged in too: only the session asking is left.
    const { open, mine } = await withVsphereSession(target(), credential(), {}, async (session) => {
      const manager = await retrieveOne(session, session.content.sessionManager, ['sessionList']);
      const list = children(manager?.props.get('sessionList'), 'UserSession');
      return { open: list.map((u) => childText(u, 'key')), mine: session.client.sessionCookie };
    });
    expect(open).toEqual([mine]);
  });

  it('refuses the self-signed certificate unless insecure is asked for', async () => {
    const error = await failureOf(probeVsphere({ url: sim.url }, credential()));
    expect(error.stage).toBe('tls');
    expect(error.message).toMatch(/insecure/);
  });

  it('fails at connect on a closed port and at timeout on a silent one', async () => {
    const closed = await new Promise<number>((resolve) => {
      const server = net.createServer();
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as net.AddressInfo;
        server.close(() => resolve(port));
      });
    });
    const refused = await failureOf(
      probeVsphere({ url: `https://127.0.0.1:${closed}/sdk`, insecure: true }, credential()),
    );
    expect(refused.stage).toBe('connect');

    const silent = net.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = silent.address() as net.AddressInfo;
      const started = Date.now();
      const timedOut = await failureOf(
        probeVsphere({ url: `https://127.0.0.1:${port}/sdk`, insecure: true }, credential(), {
          timeoutMs: 800,
        }),
      );
      expect(timedOut.stage).toBe('timeout');
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      silent.close();
    }
  });

  it('refuses a reply above the size limit', async () => {
    const error = await failureOf(probeVsphere(target(), credential(), { maxResponseBytes: 4096 }));
    expect(error.stage).toBe('protocol');
    expect(error.message).toMatch(/larger than 4096 bytes/);
  });
});
