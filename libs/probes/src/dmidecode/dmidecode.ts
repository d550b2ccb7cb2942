import { formatFailure, type FormatResult } from '@vplan/formats';
import { plausible, type FactWarning, type HostFacts, type HostHardware } from '../host-facts';

/** One `Handle …` structure: its type, where it starts, its title and its `Key: value` lines. */
interface DmiBlock {
  readonly type: number;
  readonly line: number;
  title?: string;
  readonly props: Map<string, { readonly value: string; readonly line: number }>;
}

const HANDLE =
  /^\s*Handle\s+0x[0-9A-Fa-f]+(?:\s*,\s*DMI type\s+(\d+)(?:\s*,\s*\d+\s+bytes\.?)?)?\s*$/;
const TYPE_LINE = /^\s*DMI type\s+(\d+)(?:\s*,\s*\d+\s+bytes\.?)?\s*$/;
/** Placeholders firmware writes for "no value"; a model or vendor made of one is absent. */
const PLACEHOLDER =
  /^(not specified|not present|not available|not applicable|to be filled by o\.e\.m\.|default string|none|unknown|n\/a|-+|0)$/i;

/**
 * Reads the text `dmidecode` prints (2.x and 3.x layouts, with or without the `# dmidecode`
 * and `SMBIOS … present.` header) into one {@link HostFacts} of kind `dmidecode`:
 * type 1 (System) gives vendor, model, serial and BIOS UUID as written; type 4 (Processor)
 * the populated sockets, summed Core/Thread Count, the CPU model and clock (Current Speed
 * of a populated socket, else its Max Speed, MHz); type 17 (Memory Device) the summed
 * installed sizes (GiB; type 6 when a board has no type 17). Unknown types are skipped.
 * Refuses, with `file:line:column`, a text with no `Handle` block or a `Handle` line it
 * cannot read.
 */
export function parseDmidecode(text: string, file: string): FormatResult<HostFacts[]> {
  const lines = text.split(/\r?\n/);
  const blocks: DmiBlock[] = [];
  let block: DmiBlock | undefined;
  let titleIndent = 0;
  let propIndent: number | undefined;
  let needType = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const row = i + 1;
    if (line.trim() === '') continue;
    if (/^\s*Handle\b/.test(line)) {
      const m = HANDLE.exec(line);
      if (m === null)
        return formatFailure(file, row, 1, `cannot read the Handle line ${shown(line)}`);
      block = { type: m[1] === undefined ? -1 : Number(m[1]), line: row, props: new Map() };
      blocks.push(block);
      needType = m[1] === undefined;
      propIndent = undefined;
      continue;
    }
    if (block === undefined) continue; // header lines before the first structure
    if (needType) {
      const m = TYPE_LINE.exec(line);
      if (m === null) {
        return formatFailure(
          file,
          row,
          1,
          `expected "DMI type N, M bytes" after the Handle line, found ${shown(line)}`,
        );
      }
      blocks[blocks.length - 1] = block = { ...block, type: Number(m[1]) };
      needType = false;
      continue;
    }
    const indent = line.length - line.trimStart().length;
    if (block.title === undefined) {
      block.title = line.trim();
      titleIndent = indent;
      continue;
    }
    // notes dmidecode prints between structures ("Invalid entry length …") are not properties
    if (indent <= titleIndent) continue;
    propIndent ??= indent;
    if (indent > propIndent) continue; // an item of a list value ("Characteristics:" …)
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const key = line.slice(0, colon).trim();
    if (!block.props.has(key))
      block.props.set(key, { value: line.slice(colon + 1).trim(), line: row });
  }
  if (blocks.length === 0) {
    return formatFailure(
      file,
      1,
      1,
      'not dmidecode output: no "Handle 0x…, DMI type N" structure found',
    );
  }
  return { ok: true, value: [factsOf(blocks, file)] };
}

function factsOf(blocks: readonly DmiBlock[], file: string): HostFacts {
  const warnings: FactWarning[] = [];
  const system = blocks.find((b) => b.type === 1);
  const value = (b: DmiBlock | undefined, key: string): string | undefined => {
    const v = b?.props.get(key)?.value;
    return v === undefined || v === '' ? undefined : v;
  };
  const named = (b: DmiBlock | undefined, key: string): string | undefined => {
    const v = value(b, key);
    return v === undefined || PLACEHOLDER.test(v) ? undefined : v.replace(/\s+/g, ' ');
  };
  const vendor = named(system, 'Manufacturer');
  const model = named(system, 'Product Name');
  const hardware: HostHardware = {
    ...(vendor !== undefined ? { vendor } : {}),
    ...(model !== undefined ? { model } : {}),
    ...processorsOf(blocks, file, warnings, named),
    ...memoryOf(blocks, file, warnings),
    ...virtualOf(vendor, model),
  };
  const serial = value(system, 'Serial Number');
  const biosUuid = value(system, 'UUID');
  return {
    source: { kind: 'dmidecode', file },
    where: `${file}:${(system ?? blocks[0])?.line ?? 1}`,
    identity: {
      ...(biosUuid !== undefined ? { biosUuid } : {}),
      ...(serial !== undefined ? { serial } : {}),
    },
    hardware: dropUndefined(hardware),
    warnings,
  };
}

function processorsOf(
  blocks: readonly DmiBlock[],
  file: string,
  warnings: FactWarning[],
  named: (b: DmiBlock | undefined, key: string) => string | undefined,
): HostHardware {
  const sockets = blocks.filter((b) => {
    if (b.type !== 4) return false;
    const status = b.props.get('Status')?.value;
    // dmidecode 2.2 and some boards print no Status: a named CPU then counts as present
    if (status === undefined) return named(b, 'Version') !== undefined;
    return /^populated/i.test(status);
  });
  const enabled = sockets.filter((b) => !/disabled/i.test(b.props.get('Status')?.value ?? ''));
  // a running machine has a CPU: firmware calling every socket disabled is wrong, not the CPUs
  const populated = enabled.length > 0 ? enabled : sockets;
  if (populated.length === 0) return {};
  if (enabled.length === 0) {
    warnings.push({
      where: `${file}:${(sockets[0] as DmiBlock).line}`,
      field: 'hardware.sockets',
      message: `every populated processor socket says "Disabled By BIOS": counted the ${sockets.length} populated sockets`,
    });
  }
  const where = (b: DmiBlock, key: string): string => `${file}:${b.props.get(key)?.line ?? b.line}`;
  const sum = (key: string): number | undefined => {
    let total = 0;
    for (const b of populated) {
      const n = leadingNumber(b.props.get(key)?.value);
      if (n === undefined) return undefined;
      total += n;
    }
    return total;
  };
  const first = populated[0] as DmiBlock;
  const speedOf = (key: string): { mhz: number; at: string } | undefined => {
    for (const b of populated) {
      const m = /^(\d+(?:\.\d+)?)\s*(MHz|GHz)$/i.exec(b.props.get(key)?.value ?? '');
      if (m === null) continue;
      const mhz = Number(m[1]) * ((m[2] as string).toLowerCase() === 'ghz' ? 1000 : 1);
      return { mhz, at: where(b, key) };
    }
    return undefined;
  };
  const speed = speedOf('Current Speed') ?? speedOf('Max Speed');
  const at = `${file}:${first.line}`;
  return {
    cpuModel: populated.map((b) => named(b, 'Version')).find((v) => v !== undefined),
    sockets: plausible('sockets', populated.length, at, warnings),
    cores: plausible('cores', sum('Core Count'), where(first, 'Core Count'), warnings),
    threads: plausible('threads', sum('Thread Count'), where(first, 'Thread Count'), warnings),
    cpuMhz: speed === undefined ? undefined : plausible('cpuMhz', speed.mhz, speed.at, warnings),
  };
}

const UNIT_GIB: Readonly<Record<string, number>> = {
  bytes: 1 / 1024 ** 3,
  kb: 1 / 1024 ** 2,
  mb: 1 / 1024,
  gb: 1,
  tb: 1024,
};

/** GiB of one module's `Size` (`16 GB`, `16384 MB`, `512 MB (Single-bank Connection)`), else undefined. */
function sizeGiB(text: string | undefined): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*(bytes|kB|MB|GB|TB)\b/i.exec(text ?? '');
  if (m === null) return undefined;
  return Number(m[1]) * (UNIT_GIB[(m[2] as string).toLowerCase()] ?? Number.NaN);
}

function memoryOf(
  blocks: readonly DmiBlock[],
  file: string,
  warnings: FactWarning[],
): HostHardware {
  const devices = blocks.filter((b) => b.type === 17);
  const [type, key] = devices.length > 0 ? [17, 'Size'] : [6, 'Installed Size'];
  let total = 0;
  let installed = 0;
  let firstLine: number | undefined;
  for (const b of blocks) {
    if (b.type !== type) continue;
    const gib = sizeGiB(b.props.get(key)?.value);
    if (gib === undefined || gib === 0) continue;
    total += gib;
    installed++;
    firstLine ??= b.line;
  }
  if (installed === 0) return {};
  return { memoryGiB: plausible('memoryGiB', total, `${file}:${firstLine ?? 1}`, warnings) };
}

/** The hypervisor a guest's System Information names (VMware, VirtualBox, KVM/QEMU, Hyper-V, Xen). */
function virtualOf(vendor: string | undefined, model: string | undefined): HostHardware {
  const text = `${vendor ?? ''} | ${model ?? ''}`;
  const known: readonly (readonly [string, RegExp])[] = [
    ['vmware', /vmware/i],
    ['virtualbox', /virtualbox|innotek/i],
    ['kvm', /\bkvm\b|\bqemu\b|openstack/i],
    ['hyperv', /microsoft corporation \| virtual machine/i],
    ['xen', /\bxen\b|hvm domu/i],
  ];
  const hit = known.find(([, pattern]) => pattern.test(text));
  return hit === undefined ? {} : { virtualization: hit[0] };
}

function leadingNumber(text: string | undefined): number | undefined {
  const m = /^(\d+)$/.exec(text ?? '');
  return m === null ? undefined : Number(m[1]);
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** At most 60 characters of a line, C0 controls escaped, for a message. */
function shown(line: string): string {
  const cut = line.trim().slice(0, 60);
  const safe = cut.replace(
    /[\u0000-\u001f\u007f]/g,
    (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
  return `"${safe}${line.trim().length > 60 ? '…' : ''}"`;
}
