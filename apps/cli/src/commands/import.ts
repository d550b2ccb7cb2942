import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { Command, Option } from 'commander';
import {
  WORKLOAD_FORMATS,
  datingFolder,
  isGzipPath,
  listTraceFiles,
  mapInOrder,
  readText,
  toInputError,
  type WorkloadFormat,
} from '@vplan/file-input';
import { stderrProgress } from '../output/progress';
import { apiTarget, callJson } from '../remote/api-client';
import { withApiOptions } from './api-options';
import { factCommands } from './import-facts';

interface RemoteFlags {
  api?: string;
  token?: string;
  quiet?: boolean;
}

export function importCommand(): Command {
  const root = new Command('import').description(
    'Send inventory or workload files to the vplan services, or read nmap, SNMP, facts, dmidecode and lscpu files into an inventory',
  );
  root.addCommand(
    withApiOptions(
      new Command('inventory')
        .description('Import an inventory CSV into the inventory service')
        .argument(
          '<csv>',
          'inventory CSV (the columns of vplan plan --inventory; *.gz is read too)',
        )
        .option('--source <name>', 'provenance name of this import (default: the file name)')
        .option('--quiet', 'no progress on stderr'),
      true,
    )
      .exitOverride()
      .action(async (csv: string, flags: RemoteFlags & { source?: string }) => {
        const target = apiTarget(flags);
        const text = await readText(csv).catch((error: unknown) => {
          throw toInputError(csv, error);
        });
        const progress = stderrProgress({ quiet: flags.quiet });
        progress.phase(`importing ${csv}`);
        const result = await callJson<Record<string, unknown>>(
          target,
          '/inventory/api/v1/imports',
          {
            method: 'POST',
            body: text,
            contentType: 'text/csv',
            query: { source: flags.source ?? basename(csv) },
          },
        );
        progress.done();
        process.stdout.write(`${formatFigures(result)}\n`);
      }),
  );
  root.addCommand(
    withApiOptions(
      new Command('workloads')
        .description('Upload workload traces to the workloads service, one file per request')
        .argument('<path>', 'trace directory (one file per server) or a file')
        .addOption(
          new Option('--format <format>', 'workload format')
            .choices(WORKLOAD_FORMATS)
            .makeOptionMandatory(),
        )
        .option('--quiet', 'no progress on stderr'),
      true,
    )
      .exitOverride()
      .action(async (path: string, flags: RemoteFlags & { format: WorkloadFormat }) => {
        const target = apiTarget(flags);
        const listing = await listTraceFiles(path, flags.format);
        const folder = datingFolder(path, listing.directory);
        const progress = stderrProgress({ quiet: flags.quiet });
        let done = 0;
        let samples = 0;
        const assets = new Set<string>();
        await mapInOrder(listing.files, UPLOADS_IN_FLIGHT, async (file) => {
          const bytes = await readFile(file).catch((error: unknown) => {
            throw toInputError(file, error);
          });
          const result = await callJson<{ assets: string[]; samples: number }>(
            target,
            '/workloads/api/v1/uploads',
            {
              method: 'POST',
              body: bytes,
              contentType: isGzipPath(file) ? 'application/gzip' : 'text/plain',
              query: { format: flags.format, name: basename(file), folder },
            },
          );
          result.assets.forEach((a) => assets.add(a));
          samples += result.samples;
          progress.count('uploaded files', ++done, listing.files.length);
        });
        progress.done();
        process.stdout.write(
          `${formatFigures({ files: listing.files.length, assets: assets.size, samples })}\n`,
        );
      }),
  );
  for (const command of factCommands()) root.addCommand(command);
  return root;
}

/** Files uploaded at once: the service parses while the next file travels. */
const UPLOADS_IN_FLIGHT = 4;

/** `key  value` lines of the numbers and texts of a result. */
function formatFigures(result: Record<string, unknown>): string {
  const rows = Object.entries(result).filter(
    ([, v]) => typeof v === 'number' || typeof v === 'string',
  );
  const width = Math.max(0, ...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `  ${k.padEnd(width)}  ${String(v)}`).join('\n');
}
