import { readFile } from 'node:fs/promises';
import { getConnectionToken } from '@nestjs/mongoose';
import {
  WORKLOADS,
  eventEnvelopeSchema,
  prefixed,
  type Sample,
  type SampleBatch,
} from '@vplan/contracts';
import { decodeJson, encodeJson } from '@vplan/platform';
import { eventually } from '@vplan/testing';
import type { Connection } from 'mongoose';
import { AckPolicy, DeliverPolicy, type JetStreamClient } from 'nats';
import { simulatedBitbrainsFile, startWorkloads, type WorkloadsHarness } from './workloads.fixture';

jest.setTimeout(90_000);

const T0 = Date.UTC(2024, 4, 6); // a Monday
const STEP = 300_000;

/** Batch `b`: 2 assets × cpu and memory × 250 slots, values a function of asset, metric and slot. */
function batch(b: number, batchId = `batch-${b}`): SampleBatch {
  const samples: Sample[] = [];
  for (let a = 0; a < 2; a++) {
    for (let k = 0; k < 250; k++) {
      const slot = b * 250 + k;
      samples.push({
        assetId: `vm-${a}`,
        metric: 'cpu_mhz',
        ts: T0 + slot * STEP,
        value: valueOf(a, 0, slot),
      });
      samples.push({
        assetId: `vm-${a}`,
        metric: 'memory_mb',
        ts: T0 + slot * STEP,
        value: valueOf(a, 1, slot) * 1024,
      });
    }
  }
  return { batchId, source: 'test-collector', samples };
}

function valueOf(asset: number, metric: number, slot: number): number {
  return 100 + asset * 1000 + metric * 7 + (slot % 97);
}

async function publish(js: JetStreamClient, prefix: string, b: SampleBatch): Promise<boolean> {
  const ack = await js.publish(prefixed(prefix, WORKLOADS.ingestSamples.subject), encodeJson(b), {
    msgID: b.batchId,
  });
  return ack.duplicate;
}

describe('workloads ingest (JetStream → chunks → day buckets)', () => {
  let h: WorkloadsHarness;

  beforeAll(async () => {
    h = await startWorkloads('wlingest', {
      WORKLOADS_INGEST_GENERATION_MS: '300',
      WORKLOADS_INGEST_ACK_WAIT_MS: '5000',
    });
  });

  afterAll(async () => {
    await h?.close();
  });

  it('stores every sample once, whatever is published twice', async () => {
    const js = h.nc.jetstream();
    const batches = 20;
    for (let b = 0; b < batches; b++) expect(await publish(js, h.prefix, batch(b))).toBe(false);
    // The same batch id again: JetStream drops it (Nats-Msg-Id).
    expect(await publish(js, h.prefix, batch(3))).toBe(true);
    // The same samples under new batch ids (a collector that retried after a lost ack): stored once per slot.
    await publish(js, h.prefix, batch(4, 'retry-4'));
    await publish(js, h.prefix, batch(5, 'retry-5'));

    const expected = batches * 1000;
    const coverage = await eventually(
      async () => {
        const c = await h.client.request(WORKLOADS.getCoverage, {});
        expect(c.samples).toBe(expected);
        return c;
      },
      { timeoutMs: 30_000, intervalMs: 300 },
    );
    expect(coverage).toMatchObject({ assets: 2, resources: ['cpu', 'memory'] });
    expect(coverage.from).toBe(new Date(T0).toISOString());
    expect(coverage.to).toBe(new Date(T0 + batches * 250 * STEP).toISOString());

    const window = { from: T0, to: T0 + 24 * 3600_000 };
    const cpu = await h.client.request(WORKLOADS.getSeries, {
      assetId: 'vm-1',
      resource: 'cpu',
      window,
    });
    expect(cpu.values).toEqual(Array.from({ length: 288 }, (_, slot) => valueOf(1, 0, slot)));
    const memory = await h.client.request(WORKLOADS.getSeries, {
      assetId: 'vm-0',
      resource: 'memory',
      window,
    });
    expect(memory.values[5]).toBe(valueOf(0, 1, 5));

    // The ingest generations are compacted away (the retried batches' one may close after
    // their samples, already stored by the first batches, showed in the coverage).
    const connection = h.service.app.get<Connection>(getConnectionToken());
    await eventually(
      async () => {
        const names = await connection.db!.listCollections({}, { nameOnly: true }).toArray();
        expect(names.map((c) => c.name).filter((n) => n.startsWith('ingest.'))).toEqual([]);
      },
      { timeoutMs: 30_000, intervalMs: 300 },
    );
    expect((await h.client.request(WORKLOADS.getCoverage, {})).samples).toBe(expected);
  });

  it('publishes samples.stored once per batch', async () => {
    const js = h.nc.jetstream();
    const jsm = await h.nc.jetstreamManager();
    const stream = prefixed(h.prefix, WORKLOADS.samplesStored.stream);
    await jsm.consumers.add(stream, {
      durable_name: 'test-stored',
      ack_policy: AckPolicy.None,
      deliver_policy: DeliverPolicy.All,
      filter_subject: prefixed(h.prefix, WORKLOADS.samplesStored.subject),
    });
    const consumer = await js.consumers.get(stream, 'test-stored');
    const seen = new Map<string, number>();
    await eventually(
      async () => {
        const msgs = await consumer.fetch({ max_messages: 100, expires: 1000 });
        for await (const m of msgs) {
          const env = eventEnvelopeSchema(WORKLOADS.samplesStored.data).parse(decodeJson(m.data));
          seen.set(env.data.batchId, (seen.get(env.data.batchId) ?? 0) + 1);
        }
        expect(seen.size).toBe(22);
      },
      { timeoutMs: 20_000 },
    );
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
  });

  it('turns cpu_pct into MHz with the capacity an upload gave', async () => {
    const file = simulatedBitbrainsFile('1');
    const up = await h.http('/api/v1/uploads?format=bitbrains&name=1.csv.gz', {
      method: 'POST',
      token: 'operator',
      body: await readFile(file),
      contentType: 'application/gzip',
    });
    expect(up.status).toBe(201);
    // A day after the trace's last sample (a sample years away would make the series too long for an estate page).
    const stored = await h.client.request(WORKLOADS.getProfile, { assetId: '1', resource: 'cpu' });
    const ts = Date.parse(stored.to) + 24 * 3600_000;
    await publish(h.nc.jetstream(), h.prefix, {
      batchId: 'pct-1',
      samples: [{ assetId: '1', metric: 'cpu_pct', ts, value: 50 }],
    });
    const series = await eventually(
      async () => {
        const s = await h.client.request(WORKLOADS.getSeries, {
          assetId: '1',
          resource: 'cpu',
          window: { from: ts, to: ts + STEP },
        });
        expect(s.values[0]).not.toBeNull();
        return s;
      },
      { timeoutMs: 20_000, intervalMs: 300 },
    );
    const estate = await h.client.request(WORKLOADS.getEstatePage, { assetIds: ['1'] });
    const cpuMhz = estate.items[0]!.capacity.cpuMhz!;
    expect(series.values[0]).toBe(Math.fround((50 * cpuMhz) / 100));
  });
});
