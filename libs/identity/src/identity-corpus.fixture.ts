// The corpus of hard identities: each case a few observations, the machines they must
// form and, where it matters, the rule of each merge or why a link was refused.
import type {
  IdentityKeys,
  IdentityObservation,
  IdentityRefusal,
  IdentityRule,
} from './observation';

export interface IdentityCase {
  readonly name: string;
  readonly observations: readonly IdentityObservation[];
  /** Expected machines as member ids (every observation listed once). */
  readonly machines: readonly (readonly string[])[];
  /** The rule of each merge, as `observation>with: rule`, when the case pins it. */
  readonly rules?: readonly string[];
  /** Expected refusals (a subset of each field). */
  readonly refusals?: readonly Partial<IdentityRefusal>[];
}

const obs = (
  id: string,
  source: string,
  keys: IdentityKeys,
  live?: boolean,
): IdentityObservation => ({
  id,
  source,
  keys,
  ...(live === undefined ? {} : { live }),
});

const U1 = '4C4C4544-0042-3510-8052-B7C04F4E3132';
const U1_SWAPPED = '44454c4c-4200-1035-8052-b7c04f4e3132';
const U2 = '4c4c4544-0042-3510-8052-b7c04f4e9999';
const V1 = '5021a7a4-7c1e-4b62-9f3e-0d6a1b2c3d4e';
const V2 = '5021a7a4-7c1e-4b62-9f3e-0d6a1b2c3d4f';
const NIC1 = '3c:ec:ef:01:02:03';
const NIC2 = '3c:ec:ef:01:02:04';
const VMNIC = '00:50:56:8a:11:22';
const ED1 = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl';
const ED2 = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBBBBnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl';
const RSA = 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7vbqajDhA8Ze1e0bd9T7y1wxyz';

export const IDENTITY_CORPUS: readonly IdentityCase[] = [
  {
    name: 'byte-swapped BIOS UUIDs (SMBIOS >= 2.6 vs older readers) merge',
    observations: [obs('a', 'ssh', { biosUuid: U1 }), obs('b', 'wmi', { biosUuid: U1_SWAPPED })],
    machines: [['a', 'b']],
    rules: ['b>a: bios-uuid'],
  },
  {
    name: 'junk UUIDs never merge',
    observations: [
      obs('a', 'ssh', { biosUuid: '00000000-0000-0000-0000-000000000000' }),
      obs('b', 'ssh', { biosUuid: '00000000-0000-0000-0000-000000000000' }),
      obs('c', 'ssh', { biosUuid: '03000200-0400-0500-0006-000700080009' }),
      obs('d', 'ipmi', { biosUuid: '03000200-0400-0500-0006-000700080009' }),
    ],
    machines: [['a'], ['b'], ['c'], ['d']],
  },
  {
    name: 'junk serials never merge',
    observations: [
      obs('a', 'ssh', { serial: 'To be filled by O.E.M.' }),
      obs('b', 'csv', { serial: 'to be filled by o.e.m.' }),
      obs('c', 'ssh', { serial: '0000000' }),
      obs('d', 'snmp', { serial: '0000000' }),
      obs('e', 'ssh', { serial: 'System Serial Number' }),
      obs('f', 'csv', { serial: ' system serial number ' }),
      obs('g', 'csv', { serial: 'Default string' }),
      obs('h', 'csv', { serial: 'Default string' }),
    ],
    machines: [['a'], ['b'], ['c'], ['d'], ['e'], ['f'], ['g'], ['h']],
  },
  {
    name: 'a real serial merges trimmed and case-insensitively',
    observations: [
      obs('a', 'ssh', { serial: ' cz3456789x ' }),
      obs('b', 'csv', { serial: 'CZ3456789X' }),
    ],
    machines: [['a', 'b']],
    rules: ['b>a: serial'],
  },
  {
    name: 'cloned VMs sharing a virtual MAC with different UUIDs stay apart',
    observations: [
      obs('a', 'vcenter', { biosUuid: U1, macs: [VMNIC] }),
      obs('b', 'vcenter', { biosUuid: U2, macs: [VMNIC] }),
    ],
    machines: [['a'], ['b']],
    refusals: [{ reason: 'shared-mac', on: 'bios-uuid', key: VMNIC }],
  },
  {
    name: 'machines with different UUIDs sharing a burnt-in MAC stay apart, and the MAC links no one else',
    observations: [
      obs('a', 'ssh', { biosUuid: U1, macs: [NIC1] }),
      obs('b', 'ssh', { biosUuid: U2, macs: [NIC1] }),
      obs('c', 'arp', { macs: [NIC1], ips: ['10.0.0.9'] }),
    ],
    machines: [['a'], ['b'], ['c']],
    refusals: [{ observation: 'b', with: 'a', reason: 'shared-mac', on: 'bios-uuid' }],
  },
  {
    name: 'a MAC a stale record once carried joins the live machine carrying it now',
    observations: [
      obs('a', 'vcenter', { vmUuid: V1, macs: [NIC1] }, false),
      obs('b', 'vcenter', { vmUuid: V2, macs: [NIC1] }),
      obs('c', 'arp', { macs: [NIC1] }),
    ],
    machines: [['a'], ['b', 'c']],
    rules: ['c>b: mac'],
    refusals: [{ observation: 'a', with: 'b', reason: 'conflict', on: 'vm-uuid' }],
  },
  {
    name: 'a renamed host (new name, same UUID) merges by UUID',
    observations: [
      obs('a', 'csv', { biosUuid: U1, hostname: 'web-old', fqdn: 'web-old.corp.example' }),
      obs('b', 'ssh', { biosUuid: U1, hostname: 'web-new', fqdn: 'web-new.corp.example' }),
    ],
    machines: [['a', 'b']],
    rules: ['b>a: bios-uuid'],
  },
  {
    name: 'a machine with two NICs, each seen by one source, merges by MAC through the one that saw both',
    observations: [
      obs('ssh-1', 'ssh', { macs: [NIC2.toUpperCase(), NIC1], hostname: 'db01' }),
      obs('nmap-1', 'nmap', { macs: [NIC1], ips: ['10.0.0.5'] }),
      obs('snmp-1', 'snmp', { macs: [NIC2.replace(/:/g, '-')], ips: ['10.0.1.5'] }),
    ],
    machines: [['nmap-1', 'snmp-1', 'ssh-1']],
    rules: ['ssh-1>nmap-1: mac', 'ssh-1>snmp-1: mac'],
  },
  {
    name: 'a guest view without UUID joins its hypervisor record by a virtual MAC',
    observations: [
      obs('vc', 'vcenter', { vmUuid: V1, biosUuid: U1, macs: [VMNIC] }),
      obs('snmp', 'snmp', { macs: [VMNIC], ips: ['10.0.0.7'] }),
    ],
    machines: [['snmp', 'vc']],
    rules: ['vc>snmp: mac'],
  },
  {
    name: 'a virtual MAC does not join two records that both carry a UUID',
    observations: [
      obs('a', 'ssh', { biosUuid: U1, macs: [VMNIC] }),
      obs('b', 'vcenter', { vmUuid: V1, macs: [VMNIC] }),
    ],
    machines: [['a'], ['b']],
    refusals: [{ reason: 'virtual-mac', key: VMNIC }],
  },
  {
    name: 'pooled blade MACs never merge',
    observations: [
      obs('a', 'ucs', { macs: ['00:25:b5:00:00:1f'] }),
      obs('b', 'ssh', { macs: ['00:25:b5:00:00:1f'] }),
    ],
    machines: [['a'], ['b']],
  },
  {
    name: 'agreeing on a weak key but not on a stronger one does not merge',
    observations: [
      obs('a', 'ssh', { biosUuid: U1, fqdn: 'app01.corp.example' }),
      obs('b', 'csv', { biosUuid: U2, fqdn: 'APP01.corp.example.' }),
    ],
    machines: [['a'], ['b']],
    refusals: [{ observation: 'b', with: 'a', rule: 'fqdn', reason: 'conflict', on: 'bios-uuid' }],
  },
  {
    name: 'an FQDN merges case-insensitively, without the trailing dot',
    observations: [
      obs('a', 'dns', { fqdn: 'Web01.Corp.Example.' }),
      obs('b', 'csv', { fqdn: 'web01.corp.example' }),
    ],
    machines: [['a', 'b']],
    rules: ['b>a: fqdn'],
  },
  {
    name: 'SSH host keys of one algorithm conflict; of two algorithms they do not',
    observations: [
      obs('a', 'ssh', { sshHostKey: `${ED1} root@a`, fqdn: 'x.corp.example' }),
      obs('b', 'ssh', { sshHostKey: ED2, fqdn: 'x.corp.example' }),
      obs('c', 'ssh', { sshHostKey: ED1, hostname: 'y', ips: ['10.0.0.8'], site: 's' }),
      obs('d', 'ssh', { sshHostKey: RSA, hostname: 'y', ips: ['10.0.0.8'], site: 's' }),
    ],
    machines: [['a', 'c', 'd'], ['b']],
    rules: ['c>a: ssh-host-key', 'd>c: hostname-ip'],
    refusals: [{ observation: 'b', with: 'a', rule: 'fqdn', on: 'ssh-host-key:ssh-ed25519' }],
  },
  {
    name: 'a template-cloned SSH host key does not merge VMs with different UUIDs',
    observations: [
      obs('a', 'ssh', { vmUuid: V1, sshHostKey: ED1 }),
      obs('b', 'ssh', { vmUuid: V2, sshHostKey: ED1 }),
    ],
    machines: [['a'], ['b']],
    refusals: [{ rule: 'ssh-host-key', reason: 'conflict', on: 'vm-uuid' }],
  },
  {
    name: 'the same host name and IP in two sites stays apart',
    observations: [
      obs('a', 'nmap', { hostname: 'web01', ips: ['10.0.0.5'], site: 'ams1' }),
      obs('b', 'nmap', { hostname: 'web01', ips: ['10.0.0.5'], site: 'nyc1' }),
    ],
    machines: [['a'], ['b']],
  },
  {
    name: 'host name and IP merge within a site',
    observations: [
      obs('a', 'nmap', { hostname: 'WEB01.corp.example', ips: ['10.0.0.5'], site: 'ams1' }),
      obs('b', 'csv', { hostname: 'web01', ips: ['10.0.0.005', '10.9.9.9'], site: 'AMS1' }),
      obs('c', 'csv', { hostname: 'web01', ips: ['10.0.0.6'], site: 'ams1' }),
      obs('d', 'csv', { hostname: 'web02', ips: ['10.0.0.5'], site: 'ams1' }),
    ],
    machines: [['a', 'b'], ['c'], ['d']],
    rules: ['b>a: hostname-ip'],
  },
  {
    name: 'each merge records the first rule of the chain that matched',
    observations: [
      obs('a', 'ssh', { biosUuid: U1, serial: 'SN-100', macs: [NIC1], fqdn: 'h.corp.example' }),
      obs('b', 'wmi', {
        biosUuid: U1_SWAPPED,
        serial: 'sn-100',
        macs: [NIC1],
        fqdn: 'h.corp.example',
      }),
      obs('c', 'csv', { serial: 'SN-100', macs: [NIC1], fqdn: 'h.corp.example' }),
      obs('d', 'nmap', { macs: [NIC1], fqdn: 'h.corp.example' }),
      obs('e', 'dns', { fqdn: 'h.corp.example' }),
    ],
    machines: [['a', 'b', 'c', 'd', 'e']],
    rules: ['b>a: bios-uuid', 'c>a: serial', 'd>a: mac', 'e>a: fqdn'],
  },
];

/** `observation>with: rule` of a merge, as the corpus pins them. */
export const mergeLine = (m: { observation: string; with: string; rule: IdentityRule }): string =>
  `${m.observation}>${m.with}: ${m.rule}`;
