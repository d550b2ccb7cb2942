import { toProbeCredential, type ProbeCredentialOutcome } from '../credentials/credentials.service';
import {
  capNotes,
  discoverRequestOf,
  MAX_NOTES,
  problemNote,
  skippedProbeNotes,
} from './scan-request';
import type { ClaimedScan } from './scan.schema';

const scan: ClaimedScan = {
  _id: 'scan-1',
  cidrs: ['10.1.2.0/30'],
  hosts: ['db1'],
  probes: ['tcp', 'ssh', 'snmp', 'vsphere', 'prometheus', 'kubernetes'],
  credentialIds: ['c-ssh', 'c-v2c', 'c-bad'],
  vcenters: [{ url: 'https://vc/sdk', credentialId: 'c-vc', insecure: true }],
  prometheus: [{ url: 'http://prom:9090' }, { url: 'http://prom2:9090', credentialId: 'c-ssh' }],
  kubernetes: [{ credentialId: 'c-k8s', context: 'prod' }],
  sshPort: 2222,
  snmpPort: 1161,
  sudo: false,
  sampleSeconds: 2,
  historyHours: 1,
  timeoutMs: 1000,
  retries: 0,
  concurrency: 8,
};

const stored: Record<string, ProbeCredentialOutcome> = {
  'c-ssh': toProbeCredential('c-ssh', 'ssh-password', 'ops', 'pw-1'),
  'c-v2c': toProbeCredential('c-v2c', 'snmp-v2c', undefined, 'community-1'),
  'c-bad': toProbeCredential('c-bad', 'snmp-v3', 'mon', 'just-a-string'),
  'c-vc': toProbeCredential('c-vc', 'vsphere', 'admin', 'vc-pass'),
  'c-k8s': toProbeCredential('c-k8s', 'kubernetes', undefined, 'apiVersion: v1\nkind: Config\n'),
};
const open = (id: string) =>
  Promise.resolve(stored[id] ?? { ok: false as const, message: `credential ${id}: not found` });

describe('discoverRequestOf', () => {
  it('opens each credential for its probe and notes the ones that do not fit, without secrets', async () => {
    const { request, notes } = await discoverRequestOf(scan, open);
    expect(request).toMatchObject({
      probes: new Set(['tcp', 'ssh', 'snmp', 'vsphere', 'prometheus', 'kubernetes']),
      sshPort: 2222,
      snmpPort: 1161,
      ssh: [{ username: 'ops', password: 'pw-1' }],
      snmp: [{ version: '2c', community: 'community-1' }],
      vcenters: [{ url: 'https://vc/sdk', insecure: true, credential: { username: 'admin' } }],
      prometheus: [{ url: 'http://prom:9090' }],
      kubernetes: [{ kubeconfig: 'apiVersion: v1\nkind: Config\n', context: 'prod' }],
    });
    // A kubeconfig the service was sent may not run login commands.
    expect(request.kubernetes?.[0]).not.toHaveProperty('allowExec');
    expect(notes).toEqual([
      'credentialIds.2: credential c-bad (snmp-v3): the secret must be parts { auth, priv }',
      'prometheus.1: credential c-ssh is not a prometheus credential',
    ]);
    expect(JSON.stringify(notes)).not.toMatch(/pw-1|community-1|just-a-string/);
    expect(skippedProbeNotes(scan)).toEqual([]);
  });
});

describe('toProbeCredential', () => {
  it('takes an SSH key as the secret or as parts with a passphrase', () => {
    const pem = '-----BEGIN OPENSSH PRIVATE KEY-----\nAAA\n-----END OPENSSH PRIVATE KEY-----\n';
    expect(toProbeCredential('k', 'ssh-key', 'ops', pem)).toEqual({
      ok: true,
      value: { kind: 'ssh', ssh: { username: 'ops', privateKey: pem } },
    });
    expect(toProbeCredential('k', 'ssh-key', 'ops', { key: pem, passphrase: 'pp' })).toMatchObject({
      ok: true,
      value: { ssh: { passphrase: 'pp' } },
    });
    expect(toProbeCredential('k', 'ssh-key', 'ops', 'hunter2')).toEqual({
      ok: false,
      message: 'credential k (ssh-key): the key is not a PEM/OpenSSH private key',
    });
  });

  it('takes SNMPv3 parts with optional protocols, and names what is wrong', () => {
    const parts = { auth: 'auth-pass-1', priv: 'priv-pass-1', auth_protocol: 'sha256' };
    expect(toProbeCredential('v3', 'snmp-v3', 'mon', parts)).toEqual({
      ok: true,
      value: {
        kind: 'snmp',
        snmp: {
          version: '3',
          user: 'mon',
          authKey: 'auth-pass-1',
          privKey: 'priv-pass-1',
          authProtocol: 'sha256',
        },
      },
    });
    const bad = toProbeCredential('v3', 'snmp-v3', 'mon', { ...parts, priv_protocol: 'rot13' });
    expect(bad).toEqual({
      ok: false,
      message: 'credential v3 (snmp-v3): priv_protocol must be one of aes, des',
    });
    expect(toProbeCredential('v', 'vsphere', undefined, 'pw')).toEqual({
      ok: false,
      message: 'credential v (vsphere): has no username',
    });
  });
});

describe('notes', () => {
  it('keeps at most 32 notes, the last counting the ones left out', () => {
    const notes = capNotes(Array.from({ length: 40 }, (_, i) => `problem ${i}`));
    expect(notes).toHaveLength(MAX_NOTES);
    expect(notes[MAX_NOTES - 1]).toBe('… and 9 more problems');
    expect(capNotes(['x'.repeat(600)])[0]).toHaveLength(500);
  });

  it('names the probe and target once', () => {
    const message = 'ssh 127.0.0.1:22: host key mismatch, refused before authentication';
    expect(problemNote({ probe: 'ssh', target: '127.0.0.1:22', message })).toBe(message);
    expect(
      problemNote({ probe: 'vsphere', target: 'https://vc/sdk', message: 'login refused' }),
    ).toBe('vsphere https://vc/sdk: login refused');
  });
});
