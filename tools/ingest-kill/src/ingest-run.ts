// One ingest run end to end: the workloads service as a child process, synthetic batches
// published to the ingest stream, optional SIGKILLs of the service mid-run (each followed
// by a restart), then the durable consumer drained, the compaction awaited and every
// stored value read back and checked.
import { STREAM_LIST, WORKLOADS, decodeFloat32, prefixed } from '@vplan/contracts';
import { ServiceClient, encodeJson, ensureStreams } from '@vplan/platform';
import { connect, type JetStreamManager, type NatsConnection } from 'nats';
import { startService, type ServiceProcess } from './service-process';
import {
  SAMPLES_PER_BATCH,
  assetName,
  planOf,
  syntheticBatch,
  valueOf,
  type SyntheticSpec,
} from './synthetic-batches';

/** The workloads service's durable consumer of the ingest stream. */
const DURABLE = 'workloads-ingest';

export interface IngestRunOptions {
  readonly spec: SyntheticSpec;
  readonly natsUrl: string;
  readonly mongoUri: string;
  /** Subject, stream and database prefix of the run. */
  readonly prefix: string;
  /** SIGKILLs of the service, spread evenly over the run (0: none). */
  readonly kills: number;
  /** WORKLOADS_* variables for the service. */
  readonly serviceEnv?: Record<string, string>;
  /** Publishes awaiting their JetStream ack at once (default 32). */
  readonly publishInFlight?: number;
  /** Publish everything before the service starts (measures the consumer alone). */
  readonly backlog?: boolean;
  /** Read every stored value back and compare (default true). */
  readonly verify?: boolean;
  /** Longest wait for the compaction to show every sample (ms, default 10 minutes). */
  readonly compactTimeoutMs?: number;
  readonly log?: (line: string) => void;
}

export interface IngestRunResult {
  readonly samples: number;
  readonly batches: number;
  /** From the first publish (or the service start, in backlog mode) to the consumer drained. */
  readonly ingestMs: number;
  readonly publishMs: number;
  /** Samples/s between 10 % and 90 % of the batches acked (the sustained rate). */
  readonly sustainedPerSecond: number;
  /** From the consumer drained to every sample visible in the day buckets. */
  readonly compactMs: number;
  /** Samples stored, counted by the service (WORKLOADS.getCoverage). */
  readonly stored: number;
  /** Stored values read back: checked and wrong. */
  readonly checked: number;
  readonly wrong: number;
  /** Batches acked when each SIGKILL was sent. */
  readonly killedAt: number[];
  /**
   * Batches delivered to the service and not yet acked when each SIGKILL was sent: the
   * server must deliver them again, so a kill with none in flight proves nothing.
   */
  readonly inFlightAtKills: number[];
  /** Highest resident set size of the service (bytes, over all its runs). */
  readonly peakRss: number;
}

/** Runs it; always stops the service. Cleanup of streams and database is the caller's. */
export async function runIngest(opts: IngestRunOptions): Promise<IngestRunResult> {
  const log = opts.log ?? (() => undefined);
  const { batches } = planOf(opts.spec);
  const nc = await connect({ servers: opts.natsUrl });
  const jsm = await nc.jetstreamManager();
  await ensureStreams(jsm, STREAM_LIST, opts.prefix);
  const env = {
    NATS_URL: opts.natsUrl,
    MONGODB_URI: opts.mongoUri,
    VPLAN_PREFIX: opts.prefix,
    ...opts.serviceEnv,
  };
  const stream = prefixed(opts.prefix, WORKLOADS.ingestSamples.stream);
  let service: ServiceProcess | undefined;
  let peakRss = 0;
  const killedAt: number[] = [];
  const inFlightAtKills: number[] = [];
  try {
    let started = Date.now();
    let publishMs = 0;
    const publishing = async (): Promise<void> => {
      const t = Date.now();
      await publishAll(nc, opts, batches);
      publishMs = Date.now() - t;
      log(`published ${batches} batches in ${publishMs} ms`);
    };
    let published: Promise<void>;
    if (opts.backlog) {
      await publishing();
      published = Promise.resolve();
      service = await startService(env);
      started = Date.now();
    } else {
      service = await startService(env);
      started = Date.now();
      published = publishing();
    }
    const progress: { t: number; acked: number }[] = [];
    let nextKill = 1;
    for (;;) {
      const state = await consumerState(jsm, stream);
      const acked = state ? state.messages - state.pending - state.ackPending : 0;
      progress.push({ t: Date.now(), acked });
      if (nextKill <= opts.kills && acked >= (nextKill * batches) / (opts.kills + 1)) {
        log(
          `SIGKILL ${nextKill} of workloads (pid ${service.pid}) at ${acked} of ${batches} batches acked`,
        );
        peakRss = Math.max(peakRss, service.peakRss());
        await service.stop('SIGKILL');
        killedAt.push(acked);
        inFlightAtKills.push(state?.ackPending ?? 0);
        nextKill++;
        service = await startService(env);
        log(`workloads restarted (pid ${service.pid})`);
        continue;
      }
      if (state && state.messages >= batches && state.pending === 0 && state.ackPending === 0)
        break;
      peakRss = Math.max(peakRss, service.peakRss());
      await sleep(100);
    }
    await published;
    const ingestMs = Date.now() - started;
    const sustainedPerSecond = sustainedRate(progress, batches);
    log(`consumer drained after ${ingestMs} ms`);

    const client = new ServiceClient({ connection: nc, prefix: opts.prefix, timeoutMs: 300_000 });
    const drained = Date.now();
    const deadline = drained + (opts.compactTimeoutMs ?? 600_000);
    let stored = 0;
    for (;;) {
      stored = (await client.request(WORKLOADS.getCoverage, {})).samples ?? 0;
      if (stored >= opts.spec.samples || Date.now() > deadline) break;
      await sleep(500);
    }
    const compactMs = Date.now() - drained;
    log(`${stored} samples visible ${compactMs} ms after the drain`);
    const { checked, wrong } =
      opts.verify === false ? { checked: 0, wrong: 0 } : await verify(client, opts.spec);
    peakRss = Math.max(peakRss, service.peakRss());
    return {
      samples: opts.spec.samples,
      batches,
      ingestMs,
      publishMs,
      sustainedPerSecond,
      compactMs,
      stored,
      checked,
      wrong,
      killedAt,
      inFlightAtKills,
      peakRss,
    };
  } finally {
    await service?.stop('SIGTERM');
    await nc.close();
  }
}

/** Publishes every batch with `Nats-Msg-Id` = its batch id, a window of publishes in flight. */
async function publishAll(
  nc: NatsConnection,
  opts: IngestRunOptions,
  batches: number,
): Promise<void> {
  const js = nc.jetstream();
  const subject = prefixed(opts.prefix, WORKLOADS.ingestSamples.subject);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < batches) {
      const batch = syntheticBatch(opts.spec, next++);
      await js.publish(subject, encodeJson(batch), { msgID: batch.batchId, timeout: 30_000 });
    }
  };
  await Promise.all(Array.from({ length: opts.publishInFlight ?? 32 }, worker));
}

async function consumerState(
  jsm: JetStreamManager,
  stream: string,
): Promise<{ messages: number; pending: number; ackPending: number } | undefined> {
  try {
    const [s, c] = await Promise.all([
      jsm.streams.info(stream),
      jsm.consumers.info(stream, DURABLE),
    ]);
    return { messages: s.state.messages, pending: c.num_pending, ackPending: c.num_ack_pending };
  } catch {
    return undefined; // the service has not created its consumer yet
  }
}

/** Samples acked per second between 10 % and 90 % of the batches. */
function sustainedRate(progress: readonly { t: number; acked: number }[], batches: number): number {
  const a = progress.find((p) => p.acked >= batches * 0.1);
  const b = progress.find((p) => p.acked >= batches * 0.9);
  if (!a || !b || b.t <= a.t) return 0;
  return ((b.acked - a.acked) * SAMPLES_PER_BATCH * 1000) / (b.t - a.t);
}

/** Reads every asset's series through the estate pages and compares each value with what was sent. */
async function verify(
  client: ServiceClient,
  spec: SyntheticSpec,
): Promise<{ checked: number; wrong: number }> {
  const t0Slot = (spec.t0 ?? Date.UTC(2024, 4, 6)) / 300_000;
  let checked = 0;
  let wrong = 0;
  let after: string | undefined;
  do {
    const page = await client.request(WORKLOADS.getEstatePage, {
      limit: 100,
      ...(after ? { after } : {}),
    });
    for (const item of page.items) {
      const a = Number(item.id.slice(3));
      if (item.id !== assetName(a)) continue;
      for (const s of item.series) {
        const m = s.metric === 'cpu' ? 0 : 1;
        decodeFloat32(s.values).forEach((v, i) => {
          if (Number.isNaN(v)) return;
          checked++;
          if (v !== Math.fround(valueOf(a, m, s.start + i - t0Slot))) wrong++;
        });
      }
    }
    after = page.next;
  } while (after);
  return { checked, wrong };
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
