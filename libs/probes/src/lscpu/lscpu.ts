import { formatFailure, type FormatResult } from '@vplan/formats';
import { plausible, type FactWarning, type HostFacts, type HostHardware } from '../host-facts';

/** One `Key: value` line, with its 1-based line number. */
interface Entry {
  readonly key: string;
  readonly value: string;
  readonly line: number;
}

/** Keys only `/proc/cpuinfo` has (x86/POWER `processor`, ARM `Processor`, SPARC `ncpus active`). */
const CPUINFO_KEYS = new Set(['processor', 'Processor', 'ncpus active']);

/**
 * Reads `lscpu` output (the `Key: value` text of util-linux 2.2x–2.3x, with or without the
 * indented sections of 2.38, or `lscpu -J` JSON) into one {@link HostFacts} of kind `lscpu`:
 * threads = `CPU(s)`, sockets = `Socket(s)`, cores = `Core(s) per socket` × sockets,
 * cpuModel = `Model name`, cpuMhz = `CPU max MHz`, else the `@ 2.40GHz` of the model name,
 * else `CPU MHz` (an instantaneous clock), virtualization from `Hypervisor vendor`.
 * A Linux `/proc/cpuinfo` is read too (threads = processors, sockets = distinct
 * `physical id`, cores = their `cpu cores`, clock from the model name, else `cpu MHz`).
 * Implausible values become warnings. Refuses, with `file:line:column`, a non-empty line
 * without `:` that does not continue an indented value.
 */
export function parseLscpu(text: string, file: string): FormatResult<HostFacts[]> {
  const trimmed = text.trimStart();
  const read = trimmed.startsWith('{') ? jsonEntries(text, file) : textEntries(text, file);
  if (!read.ok) return read;
  const entries = read.value;
  if (entries.length === 0)
    return formatFailure(file, 1, 1, 'not lscpu output: no "Key: value" line');
  const cpuinfo = entries.some((e) => CPUINFO_KEYS.has(e.key));
  return { ok: true, value: [cpuinfo ? cpuinfoFacts(entries, file) : lscpuFacts(entries, file)] };
}

function textEntries(text: string, file: string): FormatResult<Entry[]> {
  const entries: Entry[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.trim() === '') continue;
    const colon = line.indexOf(':');
    if (colon < 0) {
      // a wrapped value (long flag lists) continues indented under its key
      if (/^\s/.test(line) && entries.length > 0) continue;
      return formatFailure(file, i + 1, 1, `expected "Key: value", found ${shown(line)}`);
    }
    entries.push({
      key: line.slice(0, colon).trim(),
      value: line.slice(colon + 1).trim(),
      line: i + 1,
    });
  }
  return { ok: true, value: entries };
}

/** `lscpu -J`: `{"lscpu": [{"field": "CPU(s):", "data": "8", "children": [...]}, ...]}`. */
function jsonEntries(text: string, file: string): FormatResult<Entry[]> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return formatFailure(file, 1, 1, 'not lscpu output: starts with "{" but is not valid JSON');
  }
  const rows = (doc as { lscpu?: unknown } | null)?.lscpu;
  if (!Array.isArray(rows))
    return formatFailure(file, 1, 1, 'not lscpu -J output: no "lscpu" array');
  const entries: Entry[] = [];
  const stack: unknown[] = [...rows].reverse();
  while (stack.length > 0) {
    const row = stack.pop() as { field?: unknown; data?: unknown; children?: unknown } | null;
    if (row === null || typeof row !== 'object') continue;
    if (typeof row.field === 'string') {
      const data = row.data === null || row.data === undefined ? '' : String(row.data);
      entries.push({ key: row.field.replace(/:\s*$/, '').trim(), value: data.trim(), line: 1 });
    }
    if (Array.isArray(row.children)) stack.push(...[...row.children].reverse());
  }
  return { ok: true, value: entries };
}

function lscpuFacts(entries: readonly Entry[], file: string): HostFacts {
  const warnings: FactWarning[] = [];
  const get = (key: string): Entry | undefined => entries.find((e) => e.key === key);
  const at = (e: Entry | undefined): string => `${file}:${e?.line ?? 1}`;
  const int = (e: Entry | undefined): number | undefined =>
    e !== undefined && /^\d+$/.test(e.value) ? Number(e.value) : undefined;
  const cpus = get('CPU(s)');
  const socketsEntry = get('Socket(s)');
  const perSocket = get('Core(s) per socket');
  const sockets = int(socketsEntry);
  const cores =
    int(perSocket) !== undefined && sockets !== undefined
      ? (int(perSocket) as number) * sockets
      : undefined;
  const modelEntry = get('Model name');
  const cpuModel = modelEntry?.value.replace(/\s+/g, ' ');
  const clock = firstClock([
    mhzOf(get('CPU max MHz')),
    nominalOf(modelEntry),
    mhzOf(get('CPU MHz')),
  ]);
  const hypervisor = get('Hypervisor vendor')?.value;
  const hardware: HostHardware = {
    ...(cpuModel !== undefined && cpuModel !== '' && cpuModel !== '-' ? { cpuModel } : {}),
    ...defined('sockets', plausible('sockets', sockets, at(socketsEntry), warnings)),
    ...defined('cores', plausible('cores', cores, at(perSocket), warnings)),
    ...defined('threads', plausible('threads', int(cpus), at(cpus), warnings)),
    ...defined('cpuMhz', clock && plausible('cpuMhz', clock.mhz, at(clock.entry), warnings)),
    ...(hypervisor !== undefined && hypervisor !== ''
      ? { virtualization: hypervisorName(hypervisor) }
      : {}),
  };
  if (hypervisor !== undefined) {
    warnings.push({
      where: at(get('Hypervisor vendor')),
      field: 'hardware.virtualization',
      value: hypervisor,
      message: `lscpu ran under a ${hypervisor} hypervisor: sockets, cores and threads are what it shows the guest`,
    });
  }
  return { source: { kind: 'lscpu', file }, where: `${file}:1`, identity: {}, hardware, warnings };
}

/** `/proc/cpuinfo` (x86 blocks per logical CPU; ARM, POWER and SPARC give model and count only). */
function cpuinfoFacts(entries: readonly Entry[], file: string): HostFacts {
  const warnings: FactWarning[] = [];
  const processors = entries.filter((e) => e.key === 'processor' && /^\d+$/.test(e.value));
  const active = entries.find((e) => e.key === 'ncpus active');
  const threads = processors.length > 0 ? processors.length : Number(active?.value ?? Number.NaN);
  const coresBySocket = new Map<string, number>();
  let socket: string | undefined;
  for (const e of entries) {
    if (e.key === 'processor') socket = undefined;
    if (e.key === 'physical id') socket = e.value;
    if (e.key === 'cpu cores' && socket !== undefined && !coresBySocket.has(socket)) {
      coresBySocket.set(socket, Number(e.value));
    }
  }
  const physical = new Set(entries.filter((e) => e.key === 'physical id').map((e) => e.value));
  const cores =
    coresBySocket.size > 0 ? [...coresBySocket.values()].reduce((a, b) => a + b, 0) : undefined;
  const modelEntry =
    entries.find((e) => e.key === 'model name') ??
    entries.find((e) => e.key === 'cpu' || (e.key === 'Processor' && !/^\d+$/.test(e.value)));
  const cpuModel = modelEntry?.value.replace(/\s+/g, ' ');
  const clock = firstClock([
    nominalOf(modelEntry),
    mhzOf(entries.find((e) => e.key === 'cpu MHz' || e.key === 'clock')),
  ]);
  const where = (e: Entry | undefined): string => `${file}:${e?.line ?? 1}`;
  const hardware: HostHardware = {
    ...(cpuModel !== undefined && cpuModel !== '' ? { cpuModel } : {}),
    ...defined(
      'sockets',
      plausible(
        'sockets',
        physical.size > 0 ? physical.size : undefined,
        where(undefined),
        warnings,
      ),
    ),
    ...defined('cores', plausible('cores', cores, where(undefined), warnings)),
    ...defined(
      'threads',
      plausible(
        'threads',
        Number.isFinite(threads) ? threads : undefined,
        where(processors[0] ?? active),
        warnings,
      ),
    ),
    ...defined('cpuMhz', clock && plausible('cpuMhz', clock.mhz, where(clock.entry), warnings)),
  };
  return { source: { kind: 'lscpu', file }, where: `${file}:1`, identity: {}, hardware, warnings };
}

interface Clock {
  readonly mhz: number;
  readonly entry: Entry;
}

/** A MHz value as written (`2394.000`, `2000.000000MHz`). */
function mhzOf(entry: Entry | undefined): Clock | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*(?:MHz)?$/i.exec(entry?.value ?? '');
  return m === null || entry === undefined ? undefined : { mhz: Number(m[1]), entry };
}

/** The nominal clock a model name states (`Intel(R) Xeon(R) CPU E5-2680 v4 @ 2.40GHz`). */
function nominalOf(entry: Entry | undefined): Clock | undefined {
  const m = /@\s*(\d+(?:\.\d+)?)\s*([GM])Hz/i.exec(entry?.value ?? '');
  if (m === null || entry === undefined) return undefined;
  const mhz = Number(m[1]) * ((m[2] as string).toUpperCase() === 'G' ? 1000 : 1);
  return { mhz: Math.round(mhz), entry };
}

function firstClock(clocks: readonly (Clock | undefined)[]): Clock | undefined {
  return clocks.find((c) => c !== undefined);
}

const HYPERVISORS: Readonly<Record<string, string>> = {
  vmware: 'vmware',
  kvm: 'kvm',
  xen: 'xen',
  microsoft: 'hyperv',
  qemu: 'kvm',
};

function hypervisorName(vendor: string): string {
  const lower = vendor.toLowerCase();
  return HYPERVISORS[lower] ?? lower;
}

function defined<K extends string>(key: K, value: number | undefined): { [P in K]?: number } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: number };
}

/** At most 60 characters of a line, C0 controls escaped, for a message. */
function shown(line: string): string {
  const text = line.trim();
  const safe = text
    .slice(0, 60)
    .replace(
      /[\u0000-\u001f\u007f]/g,
      (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
    );
  return `"${safe}${text.length > 60 ? '…' : ''}"`;
}
