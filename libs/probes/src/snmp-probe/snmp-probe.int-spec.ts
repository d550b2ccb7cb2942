import os from 'node:os';
import { eventually, startSnmpd, type StartedSnmpd } from '@vplan/testing';
import type { HostFacts } from '../host-facts';
import { pollSnmpLoad, probeSnmp } from './snmp-probe';
import { SnmpProbeError, type SnmpCredential } from './snmp-session';

// Against a real Net-SNMP agent (Debian's snmpd) on a loopback port, started here: the
// facts it reports are this machine's own.

describe('probeSnmp against a real snmpd', () => {
  let snmpd: StartedSnmpd;
  let target: { host: string; port: number };
  let v2c: SnmpCredential;
  let v3: SnmpCredential;

  beforeAll(async () => {
    snmpd = await startSnmpd();
    target = { host: snmpd.host, port: snmpd.port };
    v2c = { version: '2c', community: snmpd.community };
    v3 = { version: '3', ...snmpd.v3 };
  }, 60_000);

  afterAll(async () => {
    await snmpd?.stop();
  });

  /** The failure of a probe that must fail, as a SnmpProbeError. */
  async function failure(promise: Promise<unknown>): Promise<SnmpProbeError> {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SnmpProbeError);
    return error as SnmpProbeError;
  }

  /** Every way the error could be shown: message, string form, JSON and stack. */
  const shown = (error: SnmpProbeError): string =>
    [error.message, String(error), JSON.stringify(error), error.stack ?? ''].join('\n');

  function expectThisMachine(facts: HostFacts): void {
    expect(facts.source).toEqual({ kind: 'snmp', target: `127.0.0.1:${snmpd.port}` });
    expect(facts.identity.hostname).toBe(os.hostname().split('.')[0]);
    expect(facts.hardware.threads).toBe(os.cpus().length);
    const memoryGiB = os.totalmem() / 2 ** 30;
    expect(Math.abs((facts.hardware.memoryGiB ?? 0) - memoryGiB)).toBeLessThan(memoryGiB * 0.02);
    expect(facts.interfaces?.some((i) => i.mac !== undefined)).toBe(true);
    expect(facts.identity.macs?.length).toBeGreaterThan(0);
    expect(facts.os?.family).toBe('linux');
  }

  it('reads this machine over v2c with the community', async () => {
    const { facts } = await probeSnmp(target, v2c, { timeoutMs: 2_000 });
    expectThisMachine(facts);
    expect(facts.warnings).toEqual([]);
  });

  it('reads the same facts over v3 authPriv (SHA/AES)', async () => {
    const [{ facts: overV3 }, { facts: overV2c }] = await Promise.all([
      probeSnmp(target, v3, { timeoutMs: 2_000 }),
      probeSnmp(target, v2c, { timeoutMs: 2_000 }),
    ]);
    expectThisMachine(overV3);
    expect(overV3.identity).toEqual(overV2c.identity);
    expect(overV3.hardware.threads).toBe(overV2c.hardware.threads);
  });

  it('times out on a wrong community within the timeout, without naming the community', async () => {
    const wrong = `${snmpd.community}x`;
    const started = Date.now();
    const error = await failure(
      probeSnmp(target, { version: '2c', community: wrong }, { timeoutMs: 1_000, retries: 0 }),
    );
    expect(Date.now() - started).toBeLessThan(2_500);
    expect(error.stage).toBe('timeout');
    expect(error.target).toBe(`127.0.0.1:${snmpd.port}`);
    expect(shown(error)).not.toContain(wrong);
    expect(shown(error)).not.toContain(snmpd.community);
  });

  it('refuses a wrong v3 authentication key as auth, without naming either key', async () => {
    const authKey = `${snmpd.v3.authKey}-wrong`;
    const error = await failure(
      probeSnmp(target, { ...snmpd.v3, version: '3', authKey }, { timeoutMs: 1_000, retries: 0 }),
    );
    expect(error.stage).toBe('auth');
    for (const secret of [authKey, snmpd.v3.authKey, snmpd.v3.privKey])
      expect(shown(error)).not.toContain(secret);
  });

  it('fails with a wrong v3 privacy key (the agent drops it) without naming either key', async () => {
    const privKey = `${snmpd.v3.privKey}-wrong`;
    const error = await failure(
      probeSnmp(target, { ...snmpd.v3, version: '3', privKey }, { timeoutMs: 1_000, retries: 0 }),
    );
    expect(['auth', 'timeout']).toContain(error.stage);
    for (const secret of [privKey, snmpd.v3.authKey, snmpd.v3.privKey])
      expect(shown(error)).not.toContain(secret);
  });

  it('refuses an unknown v3 user as auth', async () => {
    const error = await failure(
      probeSnmp(target, { ...snmpd.v3, version: '3', user: 'nobody' }, { timeoutMs: 1_000 }),
    );
    expect(error.stage).toBe('auth');
  });

  it('stops at the varbind bound with a warning', async () => {
    const { facts } = await probeSnmp(target, v2c, { timeoutMs: 2_000, maxVarbinds: 5 });
    expect(facts.warnings.map((w) => w.message)).toContain(
      'walk stopped at 5 varbinds: facts may be incomplete',
    );
  });

  it('gives up at once when aborted, with the abort reason', async () => {
    const controller = new AbortController();
    const reason = new Error('scan cancelled');
    const pending = probeSnmp(
      target,
      { version: '2c', community: 'nobody-knows' },
      { timeoutMs: 10_000, signal: controller.signal },
    );
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });

  it('polls processor load and storage use (hrProcessorLoad appears after a minute)', async () => {
    const sample = await eventually(() => pollSnmpLoad(target, v3, { timeoutMs: 2_000 }), {
      timeoutMs: 120_000,
      intervalMs: 2_000,
    });
    expect(sample.cpuBusy).toBeGreaterThanOrEqual(0);
    expect(sample.cpuBusy).toBeLessThanOrEqual(1);
    expect(Number.isNaN(Date.parse(sample.at))).toBe(false);
    expect(sample.storage.length).toBeGreaterThan(0);
    for (const row of sample.storage) expect(row.usedGiB).toBeLessThanOrEqual(row.sizeGiB);
  }, 150_000);
});
