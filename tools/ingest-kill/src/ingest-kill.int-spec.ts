import { deleteStreams, dropDatabase, ensurePeers, uniquePrefix } from '@vplan/testing';
import { runIngest } from './ingest-run';

// Three boots of the service (two after a SIGKILL) and 300,000 samples: well under 90 s.
jest.setTimeout(180_000);

describe('ingest through JetStream while the workloads service is SIGKILLed', () => {
  const prefix = uniquePrefix('ingestkill');
  let peers: { natsUrl: string; mongoUri: string };

  beforeAll(async () => {
    peers = await ensurePeers();
  });

  afterAll(async () => {
    if (!peers) return;
    await dropDatabase(peers.mongoUri, `${prefix}_vplan_workloads`);
    await deleteStreams(peers.natsUrl, prefix);
  });

  it('stores 300,000 samples exactly once across two kills and restarts', async () => {
    const lines: string[] = [];
    const result = await runIngest({
      spec: { samples: 300_000, assets: 20, shape: 'narrow' },
      natsUrl: peers.natsUrl,
      mongoUri: peers.mongoUri,
      prefix,
      kills: 2,
      // Publish first: the kills then fall mid-consumption, whatever the machine's speed.
      backlog: true,
      serviceEnv: {
        WORKLOADS_INGEST_ACK_WAIT_MS: '2000',
        WORKLOADS_INGEST_GENERATION_MS: '500',
        LOG_LEVEL: 'warn',
      },
      compactTimeoutMs: 60_000,
      log: (line) => lines.push(line),
    });
    expect(result.killedAt).toHaveLength(2);
    expect(result.killedAt[0]).toBeLessThan(result.batches);
    expect(result.killedAt[1]).toBeLessThan(result.batches);
    // Each kill left delivered batches unacked, which the server had to deliver again.
    expect(result.inFlightAtKills.every((n) => n > 0)).toBe(true);
    expect(result.stored).toBe(300_000);
    expect(result.checked).toBe(300_000);
    expect(result.wrong).toBe(0);
  });
});
