import net from 'node:net';
import { freePort, startSynDropListener, type SynDropListener } from '@vplan/testing';
import { DEFAULT_MAX_TARGETS, expandTargets, sweep } from './tcp-sweep';

describe('expandTargets', () => {
  it('expands ranges without network and broadcast addresses, then hosts, without duplicates', () => {
    const outcome = expandTargets(
      ['10.0.0.0/30', '10.0.0.1/32', '192.168.7.9/31'],
      ['db-01', '10.0.0.2'],
    );
    expect(outcome).toEqual({
      ok: true,
      targets: ['10.0.0.1', '10.0.0.2', '192.168.7.8', '192.168.7.9', 'db-01'],
    });
  });

  it('makes a /16 its 65,534 hosts, in order', () => {
    const outcome = expandTargets(['127.0.0.0/16'], [], DEFAULT_MAX_TARGETS);
    if (!outcome.ok) throw new Error(outcome.message);
    expect(outcome.targets).toHaveLength(65_534);
    expect(outcome.targets[0]).toBe('127.0.0.1');
    expect(outcome.targets[255]).toBe('127.0.1.0');
    expect(outcome.targets.at(-1)).toBe('127.0.255.254');
  });

  it('refuses more than max addresses, naming the count, before expanding anything', () => {
    expect(expandTargets(['10.0.0.0/8'], ['a'], 65_536)).toEqual({
      ok: false,
      message:
        'the targets expand to 16777215 addresses, more than the 65536 allowed in one scan: split the ranges',
    });
    expect(expandTargets(['10.0.0.0/24'], [], 254).ok).toBe(true);
    expect(expandTargets(['10.0.0.0/24'], ['x'], 254).ok).toBe(false);
  });

  it('refuses IPv6 ranges and malformed ranges', () => {
    expect(expandTargets(['2001:db8::/64'], [], 10)).toMatchObject({
      ok: false,
      message: expect.stringContaining('IPv6 ranges are not swept') as unknown,
    });
    expect(expandTargets(['10.0.0.0/40'], [], 10).ok).toBe(false);
  });
});

describe('sweep (real listeners on loopback)', () => {
  const servers: net.Server[] = [];
  const held: net.Socket[] = [];
  let openPorts: number[];
  let silentPort: number;
  let closedPort: number;
  let drop: SynDropListener;

  /** A listener that accepts and never writes a byte; it holds the sockets until the end. */
  const listen = (host = '127.0.0.1') =>
    new Promise<number>((resolve) => {
      const server = net.createServer((socket) => {
        held.push(socket);
        socket.on('error', () => undefined);
      });
      servers.push(server);
      server.listen(0, host, () => resolve((server.address() as net.AddressInfo).port));
    });

  beforeAll(async () => {
    openPorts = [await listen(), await listen()];
    silentPort = await listen();
    closedPort = await freePort();
    drop = await startSynDropListener();
  });

  afterAll(async () => {
    for (const s of held) s.destroy();
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    await drop?.stop();
  });

  it('reports the open ports of each target, and leaves out targets with none', async () => {
    const progress: number[] = [];
    const hosts = await sweep(['127.0.0.1', '127.0.0.3'], {
      ports: [openPorts[1]!, closedPort, openPorts[0]!, silentPort],
      timeoutMs: 2000,
      onProgress: (done, total) => progress.push(done * 10 + total),
    });
    expect(hosts).toEqual([
      {
        source: { kind: 'tcp', target: '127.0.0.1' },
        identity: { ips: ['127.0.0.1'] },
        hardware: {},
        services: [...openPorts, silentPort]
          .sort((a, b) => a - b)
          .map((port) => ({ port, protocol: 'tcp' })),
        warnings: [],
      },
    ]);
    expect(progress).toEqual([12, 22]);
  });

  it('resolves host names to addresses, keeping the name', async () => {
    const [facts] = await sweep(['localhost'], { ports: [openPorts[0]!], timeoutMs: 2000 });
    expect(facts?.identity).toEqual({
      hostname: 'localhost',
      ips: [expect.stringMatching(/^(127\.0\.0\.1|::1)$/)],
    });
  });

  it('counts a dropped SYN as not open after the timeout, retried with jitter, socket destroyed', async () => {
    let sockets = 0;
    let closed = 0;
    const started = performance.now();
    const hosts = await sweep([drop.host], {
      ports: [drop.port],
      timeoutMs: 200,
      retries: 2,
      retryBaseMs: 50,
      random: () => 0.5,
      connect: (port, host) => {
        sockets++;
        const s = net.createConnection({ port, host });
        s.once('close', () => closed++);
        return s;
      },
    });
    expect(hosts).toEqual([]);
    expect(sockets).toBe(3);
    expect(closed).toBe(3);
    // 3 timeouts of 200 ms and jittered waits of 25 and 50 ms.
    expect(performance.now() - started).toBeGreaterThanOrEqual(3 * 200 + 75 - 5);
  });

  it('never has more than `concurrency` sockets open', async () => {
    let inFlight = 0;
    let peak = 0;
    let opened = 0;
    const targets = Array.from(
      { length: 60 },
      (_, i) => `127.0.${Math.floor(i / 250)}.${(i % 250) + 1}`,
    );
    const hosts = await sweep([...targets, drop.host], {
      ports: [openPorts[0]!, closedPort, drop.port, silentPort],
      concurrency: 7,
      timeoutMs: 100,
      retries: 0,
      connect: (port, host) => {
        opened++;
        inFlight++;
        peak = Math.max(peak, inFlight);
        const s = net.createConnection({ port, host });
        s.once('close', () => inFlight--);
        return s;
      },
    });
    expect(opened).toBe(61 * 4);
    expect(peak).toBe(7);
    expect(inFlight).toBe(0);
    // Listeners on 127.0.0.1 only: the other loopback addresses refuse.
    expect(hosts.map((h) => h.identity.ips)).toEqual([['127.0.0.1']]);
  });

  it('spaces connects at ratePerSecond', async () => {
    const started = performance.now();
    await sweep(['127.0.0.1'], {
      ports: Array(11).fill(closedPort) as number[],
      ratePerSecond: 50,
      concurrency: 11,
    });
    expect(performance.now() - started).toBeGreaterThanOrEqual(10 * 20 - 5);
  });

  it('stops at once when cancelled, every socket destroyed', async () => {
    const controller = new AbortController();
    let inFlight = 0;
    const running = sweep(Array(50).fill(drop.host) as string[], {
      ports: [drop.port],
      concurrency: 20,
      timeoutMs: 60_000,
      signal: controller.signal,
      connect: (port, host) => {
        inFlight++;
        const s = net.createConnection({ port, host });
        s.once('close', () => inFlight--);
        return s;
      },
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(inFlight).toBe(20);
    const started = performance.now();
    controller.abort();
    await expect(running).rejects.toMatchObject({ name: 'AbortError' });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(inFlight).toBe(0);
  });
});
