// `npm run bench:ingest`: the sustained ingest rate of the workloads service. Synthetic
// collector batches go through the real JetStream ingest stream into the real service
// (a child process on the NATS and MongoDB-wire server of @vplan/testing); the rate is
// counted from the durable consumer's acks between 10 % and 90 % of the batches. Prints
// figures, asserts nothing about time.
import {
  deleteStreams,
  dropDatabase,
  ensurePeers,
  stopStartedPeers,
  uniquePrefix,
} from '@vplan/testing';
import { runIngest, specOf, withSpecOptions, type IngestRunResult } from '@vplan/ingest-kill';
import { Command } from 'commander';

/** Runs the benchmark; returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = withSpecOptions(
    new Command('bench:ingest').description(
      'Sustained ingest rate of the workloads service through the JetStream ingest stream',
    ),
    'samples per run',
  )
    .option(
      '--mode <mode>',
      'live (publish while consuming), backlog (consume a full stream) or both',
      'both',
    )
    .option('--verify', 'read every stored value back and check it (slower)')
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
    mode: string;
    verify?: boolean;
  }>();
  if (!['live', 'backlog', 'both'].includes(o.mode)) {
    process.stderr.write(`bench:ingest: --mode takes live, backlog or both, got '${o.mode}'\n`);
    return 2;
  }
  const peers = await ensurePeers();
  try {
    printRows(await runModes(o, peers));
  } finally {
    // A FerretDB or nats-server this run started would keep the process alive.
    await stopStartedPeers();
  }
  return 0;
}

interface BenchOptions {
  readonly samples: number;
  readonly assets: number;
  readonly shape: string;
  readonly mode: string;
  readonly verify?: boolean;
}

async function runModes(
  o: BenchOptions,
  peers: { natsUrl: string; mongoUri: string },
): Promise<string[][]> {
  const modes = o.mode === 'both' ? (['live', 'backlog'] as const) : [o.mode as 'live' | 'backlog'];
  const rows: string[][] = [];
  for (const mode of modes) {
    const prefix = uniquePrefix('benchingest');
    process.stderr.write(`bench:ingest: ${mode}, ${o.samples.toLocaleString('en-US')} samples …\n`);
    let r: IngestRunResult;
    try {
      r = await runIngest({
        spec: specOf(o),
        natsUrl: peers.natsUrl,
        mongoUri: peers.mongoUri,
        prefix,
        kills: 0,
        backlog: mode === 'backlog',
        verify: o.verify === true,
        serviceEnv: { LOG_LEVEL: 'warn' },
        log: (line) => process.stderr.write(`  ${line}\n`),
      });
    } finally {
      await dropDatabase(peers.mongoUri, `${prefix}_vplan_workloads`).catch(() => undefined);
      await deleteStreams(peers.natsUrl, prefix).catch(() => undefined);
    }
    rows.push([
      mode,
      fmt(r.samples),
      o.shape,
      `${fmt(Math.round(r.sustainedPerSecond))}`,
      `${fmt(Math.round((r.samples * 1000) / r.ingestMs))}`,
      `${(r.ingestMs / 1000).toFixed(1)} s`,
      `${(r.compactMs / 1000).toFixed(1)} s`,
      r.stored === r.samples ? 'yes' : `NO (${fmt(r.stored)})`,
      `${Math.round(r.peakRss / 1024 / 1024)} MiB`,
    ]);
  }
  return rows;
}

function printRows(rows: readonly string[][]): void {
  const header = [
    'mode',
    'samples',
    'shape',
    'sustained/s',
    'overall/s',
    'to drain',
    'visible after',
    'all stored',
    'service RSS',
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padStart(widths[i]!)).join('  ');
  process.stdout.write(`${line(header)}\n${rows.map(line).join('\n')}\n`);
  process.stdout.write(
    'sustained/s: samples acked per second between 10 % and 90 % of the batches; overall/s: ' +
      'samples / (first publish, or service start for backlog, to the consumer drained).\n',
  );
}

function fmt(n: number): string {
  return n.toLocaleString('en-US');
}
