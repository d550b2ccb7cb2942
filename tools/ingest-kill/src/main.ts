// `node tools/ingest-kill/bin/ingest-kill.js`: 10 million samples through the ingest
// stream while the workloads service is SIGKILLed twice and restarted; then counts what
// is stored (exactly the samples sent, each value checked) and prints the figures.
import {
  deleteStreams,
  dropDatabase,
  ensurePeers,
  stopStartedPeers,
  uniquePrefix,
} from '@vplan/testing';
import { Command } from 'commander';
import { runIngest, type IngestRunResult } from './ingest-run';
import { specOf, wholeNumber, withSpecOptions } from './spec-options';

export async function main(argv: readonly string[]): Promise<number> {
  const program = withSpecOptions(
    new Command('ingest-kill').description(
      'Ingest samples through JetStream while SIGKILLing the workloads service; check every sample is stored once',
    ),
    'samples to send (multiple of 1,000 × asset groups)',
  )
    .option('--kills <n>', 'SIGKILLs of the service during the run', wholeNumber, 2)
    .option(
      '--ack-wait-ms <n>',
      'ack wait of the ingest consumer (redelivery delay after a kill)',
      wholeNumber,
      10_000,
    )
    .option('--generation-ms <n>', 'ingest generation length', wholeNumber, 10_000)
    .option('--keep', 'keep the database and streams afterwards')
    .exitOverride();
  try {
    program.parse([...argv], { from: 'user' });
  } catch (err) {
    return (err as { exitCode?: number }).exitCode === 0 ? 0 : 2;
  }
  const o = program.opts<{
    samples: number;
    assets: number;
    shape: string;
    kills: number;
    ackWaitMs: number;
    generationMs: number;
    keep?: boolean;
  }>();
  const peers = await ensurePeers();
  const prefix = uniquePrefix('ingestkill');
  const started = Date.now();
  const log = (line: string) =>
    process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(1)} s] ${line}\n`);
  log(
    `prefix ${prefix}, NATS ${peers.natsUrl}, MongoDB-wire ${peers.mongoUri.replace(/\/\/[^@]*@/, '//***@')}`,
  );
  let result: IngestRunResult;
  try {
    result = await runIngest({
      spec: specOf(o),
      natsUrl: peers.natsUrl,
      mongoUri: peers.mongoUri,
      prefix,
      kills: o.kills,
      serviceEnv: {
        WORKLOADS_INGEST_ACK_WAIT_MS: String(o.ackWaitMs),
        WORKLOADS_INGEST_GENERATION_MS: String(o.generationMs),
        LOG_LEVEL: 'warn',
      },
      log,
    });
  } finally {
    if (!o.keep) {
      await dropDatabase(peers.mongoUri, `${prefix}_vplan_workloads`).catch(() => undefined);
      await deleteStreams(peers.natsUrl, prefix).catch(() => undefined);
    }
    // A FerretDB or nats-server this run started would keep the process alive.
    await stopStartedPeers();
  }
  const ok =
    result.stored === result.samples && result.checked === result.samples && result.wrong === 0;
  const rows: [string, string][] = [
    ['samples sent', fmt(result.samples)],
    ['batches', fmt(result.batches)],
    ['SIGKILLs at batches acked', result.killedAt.map(fmt).join(', ') || 'none'],
    ['batches in flight at each SIGKILL', result.inFlightAtKills.map(fmt).join(', ') || 'none'],
    ['ingest (publish → drained)', `${(result.ingestMs / 1000).toFixed(1)} s`],
    ['compaction after drain', `${(result.compactMs / 1000).toFixed(1)} s`],
    ['samples stored (service count)', fmt(result.stored)],
    ['stored values checked / wrong', `${fmt(result.checked)} / ${fmt(result.wrong)}`],
    ['service peak RSS', `${Math.round(result.peakRss / 1024 / 1024)} MiB`],
    ['result', ok ? 'every sample stored exactly once' : 'MISMATCH'],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  process.stdout.write(`${rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`).join('\n')}\n`);
  return ok ? 0 : 1;
}

function fmt(n: number): string {
  return n.toLocaleString('en-US');
}
