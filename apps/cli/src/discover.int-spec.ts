import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { parseInventoryCsv } from '@vplan/formats';
import {
  startNodeExporter,
  startPrometheus,
  startSnmpd,
  startSshd,
  startVcsim,
  waitForScrape,
  type StartedSshd,
} from '@vplan/testing';
import { REPO, tempDir } from './vplan.fixture';

// The real binary against a real sshd and snmpd on loopback ports, started here.
jest.setTimeout(180_000);

function discover(args: string[], env: Record<string, string>) {
  const run = spawnSync(
    process.execPath,
    [join(REPO, 'apps/cli/bin/vplan.js'), 'discover', ...args],
    {
      encoding: 'utf8',
      env: { ...process.env, ...env },
      timeout: 150_000,
    },
  );
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('vplan discover (embedded) against real sshd and snmpd', () => {
  let sshd: StartedSshd;
  let snmpd: Awaited<ReturnType<typeof startSnmpd>>;
  let exporter: Awaited<ReturnType<typeof startNodeExporter>>;
  let prometheus: Awaited<ReturnType<typeof startPrometheus>>;
  const dir = tempDir('discover');
  const key = join(dir, 'client_key');

  beforeAll(async () => {
    [sshd, snmpd, exporter] = await Promise.all([startSshd(), startSnmpd(), startNodeExporter()]);
    prometheus = await startPrometheus({ targets: [`127.0.0.1:${exporter.port}`] });
    writeFileSync(key, sshd.clientKey, { mode: 0o600 });
    await waitForScrape(prometheus);
  });
  afterAll(async () => {
    await Promise.all([sshd?.stop(), snmpd?.stop(), prometheus?.stop(), exporter?.stop()]);
  });

  it('finds this machine once, with facts from the sweep, SSH, SNMP and node_exporter and provenance per field', () => {
    const out = join(dir, 'out');
    const run = discover(
      [
        '--targets',
        `127.0.0.1:${sshd.port}`,
        '--ports',
        String(sshd.port),
        '--ssh-user',
        sshd.username,
        '--ssh-key',
        key,
        '--snmp-community-env',
        'TEST_COMMUNITY',
        '--snmp-port',
        String(snmpd.port),
        '--sample-seconds',
        '2',
        '--timeout-ms',
        '10000',
        '--out',
        out,
        '--quiet',
      ],
      { TEST_COMMUNITY: snmpd.community },
    );
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(run.stdout).not.toMatch(/problem:/);
    const text = readFileSync(join(out, 'inventory.csv'), 'utf8');
    expect(text).not.toContain(snmpd.community);
    const read = parseInventoryCsv('inventory.csv', text);
    if (!read.ok) throw read.error;
    expect(read.value).toHaveLength(1);
    const [machine] = read.value;
    expect(machine!.hostname).toBe(os.hostname().toLowerCase());
    expect(machine!.capacity.memoryGiB).toBeCloseTo(os.totalmem() / 2 ** 30, 0);
    expect(machine!.technical?.osFamily).toBe('linux');
    const sources = machine!.custom['sources']!;
    for (const kind of ['tcp', 'ssh', 'snmp'])
      expect(sources).toMatch(new RegExp(`\\b${kind} \\(`));
    expect(machine!.custom['memory_gb_source']).toMatch(/^ssh \(127\.0\.0\.1:\d+\)$/);
    // The utilization sample went to workloads.csv under the machine's id.
    const workloads = readFileSync(join(out, 'workloads.csv'), 'utf8').trim().split('\n');
    expect(workloads[0]).toBe('timestamp,asset,metric,value');
    expect(
      workloads.slice(1).some((l) => l.split(',')[1] === machine!.id && l.includes('cpu_mhz')),
    ).toBe(true);
    // The host key was pinned on first use; a changed pin is refused on the next run.
    const pins = JSON.parse(readFileSync(join(out, 'known-hosts.json'), 'utf8')) as Record<
      string,
      string
    >;
    expect(pins[`127.0.0.1:${sshd.port}`]).toBe(sshd.hostKeyFingerprint);
    writeFileSync(
      join(out, 'known-hosts.json'),
      JSON.stringify({ [`127.0.0.1:${sshd.port}`]: 'SHA256:forged' }),
    );
    const again = discover(
      [
        '--targets',
        `127.0.0.1:${sshd.port}`,
        '--ports',
        String(sshd.port),
        '--ssh-user',
        sshd.username,
        '--ssh-key',
        key,
        '--sample-seconds',
        '0',
        '--out',
        out,
        '--quiet',
      ],
      {},
    );
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/problem: ssh 127\.0\.0\.1:\d+: .*host key/i);
  });

  it("reads vCenter's hosts and VMs with vCPUs, memory, CPU model, cluster and UUIDs, and their history", async () => {
    const vcsim = await startVcsim();
    try {
      const out = join(dir, 'out-vcenter');
      const run = discover(
        [
          '--vcenter',
          vcsim.url,
          '--vcenter-user',
          vcsim.username,
          '--vcenter-password-env',
          'TEST_VC_PASSWORD',
          '--insecure',
          '--history-hours',
          '2',
          '--out',
          out,
          '--quiet',
        ],
        { TEST_VC_PASSWORD: vcsim.password },
      );
      expect([run.code, run.stderr]).toEqual([0, '']);
      expect(run.stdout).not.toMatch(/problem:/);
      const text = readFileSync(join(out, 'inventory.csv'), 'utf8');
      expect(text).not.toContain(vcsim.password);
      const read = parseInventoryCsv('inventory.csv', text);
      if (!read.ok) throw read.error;
      // vcsim's default inventory: 4 hosts and 4 VMs, each one machine.
      expect(read.value).toHaveLength(8);
      const withUuid = read.value.filter((a) => a.custom['bios_uuid'] !== undefined);
      expect(withUuid).toHaveLength(8);
      const hosts = read.value.filter((a) => a.capacity.cpuModel !== undefined);
      expect(hosts.length).toBeGreaterThanOrEqual(4);
      for (const a of read.value) expect(a.custom['sources']).toMatch(/^vsphere \(/);
      // 3 clustered hosts and the VMs on them name their cluster; VMs their vCPUs and host.
      expect(
        read.value.filter((a) => a.custom['cluster'] !== undefined).length,
      ).toBeGreaterThanOrEqual(3);
      const vms = read.value.filter((a) => a.custom['runs_on'] !== undefined);
      expect(vms).toHaveLength(4);
      for (const vm of vms) expect(vm.capacity.cores).toBeGreaterThan(0);
      const workloads = readFileSync(join(out, 'workloads.csv'), 'utf8').trim().split('\n');
      expect(workloads.length).toBeGreaterThan(1);
    } finally {
      await vcsim.stop();
    }
  });

  it('never takes a secret from the command line', () => {
    const run = discover(
      [
        '--targets',
        '127.0.0.1',
        '--snmp-community-env',
        'NOT_SET_ANYWHERE',
        '--out',
        join(dir, 'x'),
      ],
      {},
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /--snmp-community-env NOT_SET_ANYWHERE: the environment variable is not set/,
    );
  });
});
