import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Command } from 'commander';
import { formatIssue, inventoryToCsv, type FormatResult } from '@vplan/formats';
import { isInputProblem, readText, toInputError } from '@vplan/file-input';
import {
  factsToAssets,
  groupMachines,
  parseDmidecode,
  parseFactsJson,
  parseLscpu,
  parseNmapXml,
  parseSnmpWalk,
  type HostFacts,
} from '@vplan/probes';
import { textFile, writeAllOrNothing } from '../output/atomic-files';
import { stderrProgress } from '../output/progress';
import { OutDirError, prepareOutDir } from '../output/write-plan';
import { apiTarget, callJson } from '../remote/api-client';
import { UsageError } from './options';
import { withApiOptions } from './api-options';

/** The files `vplan import <kind>` reads, and how. */
export const FACT_FILE_KINDS = {
  nmap: { parse: parseNmapXml, what: 'nmap -oX XML', names: /\.xml(\.gz)?$/i },
  snmp: {
    parse: parseSnmpWalk,
    what: 'snmpwalk -On output or .snmprec',
    names: /\.(snmpwalk|walk|snmprec|txt)(\.gz)?$/i,
  },
  facts: { parse: parseFactsJson, what: 'facter or Ansible facts JSON', names: /\.json(\.gz)?$/i },
  dmidecode: { parse: parseDmidecode, what: 'dmidecode text', names: /./ },
  lscpu: { parse: parseLscpu, what: 'lscpu text', names: /./ },
} as const satisfies Record<
  string,
  { parse: (text: string, file: string) => FormatResult<HostFacts[]>; what: string; names: RegExp }
>;

export type FactFileKind = keyof typeof FACT_FILE_KINDS;

/** Largest file read (after decompression): facts files are kilobytes, scans megabytes. */
const MAX_FACT_FILE_BYTES = 64 * 2 ** 20;
/** Files a directory holds beside the data: READMEs (also `upstream_README.md`), licences. */
const DOCUMENTATION = /readme|^licen[cs]e|^notice|^copying/i;
/** Most files one import reads. */
const MAX_FACT_FILES = 100_000;

interface FactFlags {
  out?: string;
  keepGoing?: boolean;
  quiet?: boolean;
  api?: string;
  token?: string;
  source?: string;
}

/** `vplan import nmap|snmp|facts|dmidecode|lscpu <file|dir>… --out <dir>`, one subcommand each. */
export function factCommands(): Command[] {
  return (Object.keys(FACT_FILE_KINDS) as FactFileKind[]).map((kind) =>
    withApiOptions(
      new Command(kind)
        .description(
          `Read ${FACT_FILE_KINDS[kind].what} files into inventory.csv (the inventory vplan plan --inventory reads, with provenance columns); with --api, send it to the discovery service`,
        )
        .argument('<paths...>', 'files or directories (read recursively; *.gz is decompressed)')
        .option('--out <dir>', 'directory for inventory.csv (required unless --api)')
        .option('--keep-going', 'import the good files when some are bad (they are listed)')
        .option('--source <name>', `provenance name with --api (default ${kind}-import)`)
        .option('--quiet', 'no progress on stderr')
        .addHelpText(
          'after',
          `\nExamples:\n  vplan import ${kind} scans/ --out out/${kind}\n` +
            `  vplan import ${kind} a b c --keep-going --out out/${kind}\n` +
            '\nImplausible values (a core above 10 GHz, memory below 64 MiB, a clock of 0) are\n' +
            'listed as warnings and kept out of sizing.\n' +
            '\nExit codes: 0 done, 2 bad usage or a bad file (file:line:column: …), 1 unexpected failure.',
        ),
      false,
    )
      .exitOverride()
      .action(async (paths: string[], flags: FactFlags) => {
        await runFactImport(kind, paths, flags);
      }),
  );
}

async function runFactImport(kind: FactFileKind, paths: readonly string[], flags: FactFlags) {
  if (flags.api === undefined && flags.out === undefined)
    throw new UsageError(
      '--out <dir> is required (or --api to send the inventory to the services)',
    );
  if (flags.out !== undefined)
    await prepareOutDir(flags.out).catch((error: unknown) => {
      throw error instanceof OutDirError ? new UsageError(error.message) : error;
    });
  const { parse, names } = FACT_FILE_KINDS[kind];
  const progress = stderrProgress({ quiet: flags.quiet });
  const files = await listFactFiles(paths, names);
  const facts: HostFacts[] = [];
  const refused: string[] = [];
  for (const [i, file] of files.entries()) {
    progress.count(`reading ${kind} files`, i + 1, files.length);
    let text: string;
    try {
      text = await readText(file, { maxBytes: MAX_FACT_FILE_BYTES });
    } catch (error) {
      if (!isInputProblem(error)) throw toInputError(file, error);
      refused.push(error.message);
      continue;
    }
    const parsed = parse(text, file);
    if (parsed.ok) facts.push(...parsed.value);
    else refused.push(formatIssue(parsed.error.issue));
  }
  progress.done();
  if (refused.length > 0 && !flags.keepGoing) {
    const more = refused.length > 20 ? `\n… and ${refused.length - 20} more` : '';
    throw new UsageError(
      `${refused.length} of ${files.length} file(s) refused (nothing written; --keep-going imports the rest):\n${refused.slice(0, 20).join('\n')}${more}`,
    );
  }
  const machines = groupMachines(facts);
  const assets = factsToAssets(machines.map((m) => m.facts));
  const csv = inventoryToCsv(assets);
  const warnings = facts.flatMap((f) => f.warnings.map((w) => `${w.where}: ${w.message}`));
  let written = '';
  if (flags.out !== undefined) {
    const path = join(flags.out, 'inventory.csv');
    await writeAllOrNothing([textFile(path, csv)]);
    written = `  inventory: ${path}\n`;
  }
  if (flags.api !== undefined) {
    const result = await callJson<Record<string, unknown>>(
      apiTarget(flags),
      '/discovery/api/v1/imports',
      {
        method: 'POST',
        body: csv,
        contentType: 'text/csv',
        query: { source: flags.source ?? `${kind}-import`, file: `${kind}-inventory.csv` },
      },
    );
    written += `  sent to the discovery service: ${JSON.stringify(result)}\n`;
  }
  const merged = machines.filter((m) => m.facts.length > 1).length;
  process.stdout.write(
    `  files      ${files.length}${refused.length > 0 ? ` (${refused.length} refused)` : ''}\n` +
      `  machines   ${assets.length}${merged > 0 ? ` (${merged} seen in more than one file)` : ''}\n` +
      `  warnings   ${warnings.length}\n\n` +
      refused.map((r) => `  refused: ${r}\n`).join('') +
      warnings
        .slice(0, 20)
        .map((w) => `  warning: ${w}\n`)
        .join('') +
      (warnings.length > 20 ? `  … ${warnings.length - 20} more warnings in inventory.csv\n` : '') +
      (refused.length + warnings.length > 0 ? '\n' : '') +
      written,
  );
}

/**
 * The files to read: named files as given; directories walked recursively in name order,
 * keeping the names the kind reads (`names`) and leaving out hidden files and READMEs.
 */
async function listFactFiles(paths: readonly string[], names: RegExp): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch((error: unknown) => {
      throw toInputError(dir, error);
    });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith('.') || DOCUMENTATION.test(entry.name)) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile() && names.test(entry.name)) out.push(path);
      if (out.length > MAX_FACT_FILES)
        throw new UsageError(
          `more than ${MAX_FACT_FILES} files under ${dir}: import fewer at once`,
        );
    }
  };
  for (const path of paths) {
    const info = await stat(path).catch((error: unknown) => {
      throw toInputError(path, error);
    });
    if (info.isDirectory()) await walk(path);
    else out.push(path);
  }
  if (out.length === 0)
    throw new UsageError(
      `no file to read in ${paths.map((p) => basename(p)).join(', ')} (in directories this kind reads ${names.source === '.' ? 'every file' : `names matching ${names.source}`}; name other files explicitly)`,
    );
  return out;
}
