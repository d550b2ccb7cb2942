import { z } from 'zod';
import type { HostFacts } from '@vplan/probes';
import {
  eventIdOf,
  factAttributes,
  machineIdentity,
  machineObservations,
  observationIdOf,
} from './scan-observations';

const tcp: HostFacts = {
  source: { kind: 'tcp', target: '10.1.2.3' },
  identity: { ips: ['10.1.2.3'] },
  hardware: {},
  services: [
    { port: 443, protocol: 'tcp', name: 'https' },
    { port: 22, protocol: 'tcp', name: 'ssh' },
  ],
  warnings: [],
};
const ssh: HostFacts = {
  source: { kind: 'ssh', target: '10.1.2.3:22' },
  identity: {
    hostname: 'db1',
    ips: ['10.1.2.3', '10.9.0.3'],
    macs: ['00:50:56:aa:bb:cc'],
    biosUuid: '4C4C4544-0042-3510-8052-B4C04F4E4D31',
    sshHostKey: 'SHA256:abc',
  },
  hardware: { cores: 8, cpuMhz: 2400, memoryGiB: 64, cpuModel: 'Intel Xeon Gold 6130' },
  os: { family: 'linux', version: 'Debian GNU/Linux 12' },
  warnings: [],
};
const snmp: HostFacts = {
  source: { kind: 'snmp', target: '10.1.2.3:161' },
  identity: { hostname: 'db1.corp', macs: ['00:50:56:aa:bb:dd'] },
  // The agent's memory was refused as implausible: it is a warning, not a capacity.
  hardware: { cores: 8 },
  warnings: [
    {
      where: '10.1.2.3:161',
      field: 'hardware.memoryGiB',
      value: 999999,
      message: 'memory 999999 GiB is implausible',
    },
  ],
};
const meta = { scanId: 'scan-1', observedAt: '2026-01-12T00:00:00.000Z' };

describe('machineObservations', () => {
  it('publishes one observation per source, each with the identity of the whole machine', () => {
    const observations = machineObservations({ facts: [tcp, ssh, snmp], samples: [] }, meta);
    expect(observations.map((o) => o.source)).toEqual([
      { kind: 'probe', name: 'tcp', scanId: 'scan-1' },
      { kind: 'probe', name: 'ssh', scanId: 'scan-1' },
      { kind: 'probe', name: 'snmp', scanId: 'scan-1' },
    ]);
    const identity = {
      biosUuid: '4C4C4544-0042-3510-8052-B4C04F4E4D31',
      sshHostKey: 'SHA256:abc',
      hostname: 'db1',
      macs: ['00:50:56:aa:bb:cc', '00:50:56:aa:bb:dd'],
      ips: ['10.1.2.3', '10.9.0.3'],
    };
    for (const o of observations) expect(o.identity).toEqual(identity);
    expect(new Set(observations.map((o) => o.observationId)).size).toBe(3);
  });

  it('gives the same ids to the same sources on a second run of the scan', () => {
    const first = machineObservations({ facts: [tcp, ssh], samples: [] }, meta);
    const again = machineObservations(
      { facts: [ssh, tcp], samples: [] },
      { ...meta, observedAt: '2026-01-13T00:00:00.000Z' },
    );
    expect(again.map((o) => o.observationId).sort()).toEqual(
      first.map((o) => o.observationId).sort(),
    );
    expect(observationIdOf('scan-2', tcp)).not.toBe(observationIdOf('scan-1', tcp));
    expect(observationIdOf('scan-1', tcp)).toMatch(/^scan-1-[0-9a-f]{24}$/);
  });

  it('makes each id unique in a scan even when two facts share source and keys', () => {
    const used = new Set<string>();
    const a = machineObservations({ facts: [tcp], samples: [] }, meta, used);
    const b = machineObservations({ facts: [tcp], samples: [] }, meta, used);
    expect(a[0]!.observationId).not.toBe(b[0]!.observationId);
  });
});

describe('factAttributes', () => {
  it('maps sizing, OS and provenance of one source, and open ports', () => {
    expect(factAttributes(ssh)).toMatchObject({
      hostname: 'db1',
      capacity: { cores: 8, cpuMhz: 19200, memoryGiB: 64, cpuModel: 'Intel Xeon Gold 6130' },
      technical: { osFamily: 'linux', osVersion: 'Debian GNU/Linux 12' },
      custom: { memory_gb_source: 'ssh (10.1.2.3:22)', sources: 'ssh (10.1.2.3:22)' },
    });
    expect(factAttributes(tcp).custom).toMatchObject({ open_ports: '22,443' });
  });

  it('keeps an implausible value out of capacity, as a warning', () => {
    const attributes = factAttributes(snmp);
    expect(attributes.capacity).toEqual({ cores: 8 });
    expect(attributes.custom?.['warnings']).toContain('implausible');
  });
});

describe('machineIdentity', () => {
  it('takes one value per key from the most trusted source and every address', () => {
    expect(machineIdentity([snmp, tcp])).toEqual({
      hostname: 'db1.corp',
      macs: ['00:50:56:aa:bb:dd'],
      ips: ['10.1.2.3'],
    });
  });
});

describe('eventIdOf', () => {
  it('is a UUID, the same for the same observation id', () => {
    const id = eventIdOf('scan-1-abc');
    expect(z.uuid().safeParse(id).success).toBe(true);
    expect(eventIdOf('scan-1-abc')).toBe(id);
    expect(eventIdOf('scan-1-abd')).not.toBe(id);
  });
});
