import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import {
  eventually,
  freePort,
  startNodeExporter,
  startPrometheus,
  startSynDropListener,
  type StartedHttpPeer,
} from '@vplan/testing';
import { PrometheusProbeError } from './prometheus-api';
import { probePrometheus, type PrometheusProbeOptions } from './prometheus-probe';

// Against a real node_exporter (Debian's prometheus-node-exporter) scraped every 5 s by a
// real Prometheus, both on loopback ports and started here: the facts are this machine's.

const STEP = 5;
/** Probe options for a test server that has minutes of data, not days. */
const quick: PrometheusProbeOptions = {
  timeoutMs: 5_000,
  stepSeconds: STEP,
  historySeconds: 120,
  rateWindowSeconds: 4 * STEP,
};

describe('probePrometheus against a real Prometheus scraping a real node_exporter', () => {
  let exporter: StartedHttpPeer;
  let prometheus: StartedHttpPeer;
  let instance: string;

  beforeAll(async () => {
    exporter = await startNodeExporter();
    instance = `127.0.0.1:${exporter.port}`;
    prometheus = await startPrometheus({ targets: [instance], scrapeIntervalSeconds: STEP });
    // The first scrapes are in once the series exists; a CPU rate needs a few more.
    await eventually(
      async () => {
        const response = await fetch(
          `${prometheus.url}/api/v1/series?match[]=${encodeURIComponent('node_cpu_seconds_total')}`,
        );
        const body = (await response.json()) as { data?: unknown[] };
        if ((body.data?.length ?? 0) === 0) throw new Error('no series scraped yet');
      },
      { timeoutMs: 30_000, intervalMs: 500 },
    );
    await eventually(
      async () => {
        const { samples } = await probePrometheus(prometheus.url, quick);
        if (!samples.some((s) => s.metric === 'cpu')) throw new Error('no CPU rate yet');
      },
      { timeoutMs: 60_000, intervalMs: 1_000 },
    );
  }, 120_000);

  afterAll(async () => {
    await prometheus?.stop();
    await exporter?.stop();
  });

  async function failure(promise: Promise<unknown>): Promise<PrometheusProbeError> {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PrometheusProbeError);
    return error as PrometheusProbeError;
  }

  /** Every way the error could be shown: message, string form, JSON and stack. */
  const shown = (error: Error): string =>
    [error.message, String(error), JSON.stringify(error), error.stack ?? ''].join('\n');

  it('reads the facts of this machine, one HostFacts for its one instance', async () => {
    const { facts } = await probePrometheus(prometheus.url, quick);
    expect(facts).toHaveLength(1);
    const [mine] = facts;
    expect(mine?.source).toEqual({ kind: 'prometheus', target: instance });
    expect(mine?.identity.hostname).toBe(os.hostname().split('.')[0]);
    expect(mine?.os?.family).toBe('linux');
    expect(mine?.os?.kernel).toBe(os.release());
    expect(mine?.hardware.threads).toBe(os.cpus().length);
    const memoryGiB = os.totalmem() / 2 ** 30;
    expect(Math.abs((mine?.hardware.memoryGiB ?? 0) - memoryGiB)).toBeLessThan(memoryGiB * 0.02);
    expect(mine?.hardware.cpuModel).toBe(os.cpus()[0]?.model.replace(/\s+/g, ' ').trim());
    const macs = Object.values(os.networkInterfaces())
      .flat()
      .map((i) => i?.mac)
      .filter((m) => m !== undefined && m !== '00:00:00:00:00:00');
    for (const m of mine?.identity.macs ?? []) expect(m).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
    for (const m of macs) expect(mine?.identity.macs).toContain(m);
    expect(mine?.warnings).toEqual([]);
  });

  it('returns usage samples on the step grid, plausible for this machine', async () => {
    const { facts, samples } = await probePrometheus(prometheus.url, quick);
    const cpu = samples.filter((s) => s.metric === 'cpu');
    const memory = samples.filter((s) => s.metric === 'memory');
    expect(cpu.length).toBeGreaterThan(0);
    expect(memory.length).toBeGreaterThan(0);
    const capacity =
      (facts[0]?.hardware.cores ?? facts[0]?.hardware.threads ?? 0) *
      (facts[0]?.hardware.cpuMhz ?? 0);
    for (const s of cpu) {
      expect(s.instance).toBe(instance);
      expect(Date.parse(s.at) % (STEP * 1000)).toBe(0);
      if (s.unit === 'share') {
        expect(facts[0]?.hardware.cpuMhz).toBeUndefined();
        expect(s.value).toBeGreaterThanOrEqual(0);
        expect(s.value).toBeLessThanOrEqual(1);
      } else {
        expect(s.unit).toBe('MHz');
        expect(s.value).toBeLessThanOrEqual(capacity);
      }
    }
    const totalGiB = os.totalmem() / 2 ** 30;
    for (const s of memory) {
      expect(s.unit).toBe('GiB');
      expect(s.value).toBeGreaterThan(0);
      expect(s.value).toBeLessThan(totalGiB);
    }
    const now = Date.now();
    for (const s of samples) expect(now - Date.parse(s.at)).toBeLessThan(180_000);
  });

  it('reads one instance when asked, and nothing for an instance it does not know', async () => {
    const one = await probePrometheus(prometheus.url, { ...quick, instance });
    expect(one.facts.map((f) => f.source.target)).toEqual([instance]);
    expect(one.samples.length).toBeGreaterThan(0);
    const none = await probePrometheus(prometheus.url, { ...quick, instance: 'nowhere:"9100' });
    expect(none).toEqual({ facts: [], samples: [] });
  });

  it('fails at connect within the timeout on a port nothing listens on', async () => {
    const port = await freePort();
    const started = Date.now();
    const error = await failure(probePrometheus(`http://127.0.0.1:${port}`, { timeoutMs: 2_000 }));
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(error.stage).toBe('connect');
    expect(error.target).toBe(`http://127.0.0.1:${port}`);
  });

  it('refuses a URL that is not http(s) at connect, without quoting it', async () => {
    const error = await failure(probePrometheus('ftp://user:s3cret@host/', quick));
    expect(error.stage).toBe('connect');
    expect(shown(error)).not.toContain('s3cret');
  });

  it('fails at timeout, within it, on a host that never answers', async () => {
    const blackhole = await startSynDropListener();
    try {
      const started = Date.now();
      const error = await failure(
        probePrometheus(`http://${blackhole.host}:${blackhole.port}`, { timeoutMs: 1_000 }),
      );
      expect(Date.now() - started).toBeLessThan(2_500);
      expect(error.stage).toBe('timeout');
    } finally {
      await blackhole.stop();
    }
  });

  it('never shows the bearer token in an error, even when the server echoes it', async () => {
    const token = 'tok-3f9a1c7e5b2d4860';
    // Prometheus itself ignores the header; a server that echoes it stands for a proxy.
    const echo = http.createServer((request, response) => {
      response.writeHead(422, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          status: 'error',
          errorType: 'execution',
          error: `refused ${request.headers.authorization ?? ''}`,
        }),
      );
    });
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    const { port } = echo.address() as AddressInfo;
    try {
      const error = await failure(
        probePrometheus(`http://127.0.0.1:${port}`, { timeoutMs: 2_000, bearerToken: token }),
      );
      expect(error.stage).toBe('query');
      expect(shown(error)).toContain('refused Bearer ***');
      expect(shown(error)).not.toContain(token);
      const basic = await failure(
        probePrometheus(`http://ci:pw-81c2e0@127.0.0.1:${port}`, { timeoutMs: 2_000 }),
      );
      expect(shown(basic)).toContain('refused Basic ***');
      expect(basic.target).toBe(`http://127.0.0.1:${port}`);
      expect(shown(basic)).not.toContain('pw-81c2e0');
      const refused = await failure(
        probePrometheus(`http://127.0.0.1:${await freePort()}`, {
          timeoutMs: 2_000,
          bearerToken: token,
        }),
      );
      expect(shown(refused)).not.toContain(token);
    } finally {
      await new Promise((resolve) => echo.close(resolve));
    }
  });

  it('refuses an answer over the size bound at http', async () => {
    const error = await failure(
      probePrometheus(prometheus.url, { ...quick, maxResponseBytes: 64 }),
    );
    expect(error.stage).toBe('http');
    expect(error.message).toMatch(/over the limit of 64 bytes/);
  });

  it('answers 404 of a path that is no Prometheus as http', async () => {
    const error = await failure(probePrometheus(`${exporter.url}/nothing`, quick));
    expect(error.stage).toBe('http');
  });

  it('gives up at once when aborted, with the abort reason', async () => {
    const controller = new AbortController();
    const reason = new Error('scan cancelled');
    const pending = probePrometheus(prometheus.url, { ...quick, signal: controller.signal });
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });
});
