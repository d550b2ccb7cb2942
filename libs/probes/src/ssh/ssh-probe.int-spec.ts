import fs from 'node:fs';
import os from 'node:os';
import { freePort, startSshd, type StartedSshd } from '@vplan/testing';
import { memoryHostKeyStore } from './host-key-store';
import { ProbeError } from './probe-error';
import { probeSsh } from './ssh-probe';

jest.setTimeout(60_000);

const failureOf = async (promise: Promise<unknown>): Promise<ProbeError> => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ProbeError) return error;
    throw error;
  }
  throw new Error('expected the probe to fail');
};

const accepted = (sshd: StartedSshd): number =>
  (fs.readFileSync(sshd.logFile, 'utf8').match(/Accepted \w+ for /g) ?? []).length;

describe('probeSsh against a real sshd', () => {
  let sshd: StartedSshd;

  beforeAll(async () => {
    sshd = await startSshd();
  });

  afterAll(async () => {
    await sshd?.stop();
  });

  const target = (): { host: string; port: number } => ({ host: sshd.host, port: sshd.port });
  const key = (): { username: string; privateKey: string } => ({
    username: sshd.username,
    privateKey: sshd.clientKey,
  });

  it('reads the facts of this machine, trusts the host key on first use and samples usage', async () => {
    const hostKeys = memoryHostKeyStore();
    const result = await probeSsh(target(), key(), {
      hostKeys,
      timeoutMs: 10_000,
      sampleSeconds: 2,
    });
    const { facts } = result;
    expect(result.hostKey).toBe('trusted-first-use');
    expect(hostKeys.entries()).toEqual({ [`127.0.0.1:${sshd.port}`]: sshd.hostKeyFingerprint });
    expect(facts.source).toEqual({ kind: 'ssh', target: `127.0.0.1:${sshd.port}` });
    expect(facts.identity.sshHostKey).toBe(sshd.hostKeyFingerprint);
    expect(facts.identity.hostname).toBe(os.hostname().split('.')[0]);
    expect(facts.os?.family).toBe('linux');
    expect(facts.os?.kernel).toBe(os.release());
    expect(facts.hardware.threads).toBe(os.cpus().length);
    expect(facts.hardware.cores).toBeLessThanOrEqual(os.cpus().length);
    expect(facts.hardware.memoryGiB).toBeCloseTo(os.totalmem() / 1024 ** 3, 1);
    expect(facts.hardware.cpuMhz).toBeGreaterThan(0);
    expect(facts.interfaces?.length).toBeGreaterThanOrEqual(1);
    expect(facts.interfaces?.some((i) => i.name === 'lo')).toBe(false);
    expect(facts.services?.some((s) => s.port === sshd.port)).toBe(true);

    const cpu = result.samples.filter((s) => s.metric === 'cpu');
    const memory = result.samples.filter((s) => s.metric === 'memory');
    expect(cpu).toHaveLength(1);
    const capacityMhz = (facts.hardware.cores as number) * (facts.hardware.cpuMhz as number);
    expect(cpu[0]?.value).toBeGreaterThanOrEqual(0);
    expect(cpu[0]?.value).toBeLessThanOrEqual(capacityMhz);
    expect(memory).toHaveLength(2);
    for (const sample of memory) {
      expect(sample.value).toBeGreaterThan(0);
      expect(sample.value).toBeLessThanOrEqual(facts.hardware.memoryGiB as number);
    }
    const [start, end] = memory.map((s) => Date.parse(s.at));
    expect((end as number) - (start as number)).toBeGreaterThanOrEqual(2000);
    expect(Date.parse(cpu[0]?.at ?? '')).toBe(end);

    const observed = JSON.stringify(result);
    for (const line of sshd.clientKey.split('\n').filter((l) => l.length > 8)) {
      expect(observed).not.toContain(line);
    }

    const again = await probeSsh(target(), key(), {
      hostKeys,
      timeoutMs: 10_000,
      sampleSeconds: 0,
    });
    expect(again.hostKey).toBe('matched');
    expect(again.samples).toEqual([]);
  });

  it('refuses a changed host key at stage host-key, before authenticating', async () => {
    const pinned = 'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
    const hostKeys = memoryHostKeyStore({ [`127.0.0.1:${sshd.port}`]: pinned });
    const before = accepted(sshd);
    const error = await failureOf(
      probeSsh(target(), key(), { hostKeys, timeoutMs: 10_000, sampleSeconds: 0 }),
    );
    expect(error.stage).toBe('host-key');
    expect(error.target).toBe(`127.0.0.1:${sshd.port}`);
    expect(error.message).toContain(`127.0.0.1:${sshd.port}`);
    expect(error.message).toContain(pinned);
    expect(error.message).toContain(sshd.hostKeyFingerprint);
    expect(error.message).not.toContain('PRIVATE KEY');
    expect(accepted(sshd)).toBe(before);
    expect(hostKeys.entries()).toEqual({ [`127.0.0.1:${sshd.port}`]: pinned });
  });

  it('fails at auth with a key that is not authorized, without key material in the error', async () => {
    const error = await failureOf(
      probeSsh(
        target(),
        { username: sshd.username, privateKey: sshd.strangerKey },
        { hostKeys: memoryHostKeyStore(), timeoutMs: 10_000, sampleSeconds: 0 },
      ),
    );
    expect(error.stage).toBe('auth');
    expect(error.message).toContain(sshd.username);
    for (const line of sshd.strangerKey.split('\n').filter((l) => l.length > 8)) {
      expect(error.message).not.toContain(line);
    }
  });

  it('fails at auth with a wrong password, without the password in the error', async () => {
    const password = 'Wr0ng-pa55word-x9';
    const error = await failureOf(
      probeSsh(
        target(),
        { username: sshd.username, password },
        { hostKeys: memoryHostKeyStore(), timeoutMs: 10_000, sampleSeconds: 0 },
      ),
    );
    expect(error.stage).toBe('auth');
    expect(error.message).not.toContain(password);
    expect(JSON.stringify(error)).not.toContain(password);
  });

  it('fails at auth with a key it cannot read, without the key in the error', async () => {
    const garbled = sshd.clientKey.replace(/[A-Za-z]{20}/, 'x'.repeat(20));
    const error = await failureOf(
      probeSsh(
        target(),
        { username: sshd.username, privateKey: garbled, passphrase: 'secret-phrase-1' },
        { hostKeys: memoryHostKeyStore(), timeoutMs: 10_000, sampleSeconds: 0 },
      ),
    );
    expect(error.stage).toBe('auth');
    expect(error.message).not.toContain('secret-phrase-1');
    expect(error.message).not.toContain('x'.repeat(20));
  });

  it('fails at connect on a closed port within the timeout', async () => {
    const port = await freePort();
    const started = Date.now();
    const error = await failureOf(
      probeSsh({ host: '127.0.0.1', port }, key(), {
        hostKeys: memoryHostKeyStore(),
        timeoutMs: 3000,
        sampleSeconds: 0,
      }),
    );
    expect(error.stage).toBe('connect');
    expect(error.target).toBe(`127.0.0.1:${port}`);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('stops at once, as cancelled, when the signal fires during the sample', async () => {
    const controller = new AbortController();
    const probe = probeSsh(target(), key(), {
      hostKeys: memoryHostKeyStore(),
      timeoutMs: 10_000,
      sampleSeconds: 30,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 1000);
    const error = await failureOf(probe);
    expect(error.stage).toBe('cancelled');
  });
});
