import { formatFailure, type FormatFailure, type FormatResult } from '@vplan/formats';
import type { FactWarning, HostFacts } from '../host-facts';
import {
  NAMES,
  clean,
  hostFacts,
  quoted,
  type VarType,
  type Varbind,
  type Walk,
} from './snmp-facts';

/**
 * Reads one agent's SNMP walk into one {@link HostFacts} (kind `snmp`). Two formats, told
 * apart by the first non-blank line:
 * - Net-SNMP `snmpwalk -On` text, `.1.3.6.1.2.1.1.5.0 = STRING: "db01"` (also the named form
 *   `SNMPv2-MIB::sysName.0 = …` for the objects read here); a quoted string may continue on
 *   the next lines up to its closing quote, a Hex-STRING on lines of hex pairs;
 * - snmpsim `.snmprec`, `1.3.6.1.2.1.1.5.0|4|db01` (tag suffix `x` = hex-encoded value); a
 *   record with a variation tag (`67:numeric`) or bad hex is skipped with a warning.
 *
 * Facts: sysName (host name; a name with spaces is refused with a warning), sysDescr (OS
 * family, version, kernel), sysObjectID (hardware vendor for hardware enterprises only),
 * hrMemorySize (KiB → GiB), hrProcessorTable rows (→ threads), the one processor description
 * (→ cpuModel, and cpuMhz from its `GHz`), fixed-disk hrStorage rows (units × size → diskGiB),
 * other hrDeviceDescr (→ devices), ifDescr/ifName, ifPhysAddress, ifSpeed/ifHighSpeed and
 * ipAdEntAddr (→ interfaces, MACs, IPs without loopback). Sizing values go through
 * `plausible()`. A line that is no record, continuation or blank is refused at `file:line:1`.
 */
export function parseSnmpWalk(text: string, file: string): FormatResult<HostFacts[]> {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const first = lines.findIndex((l) => l.trim() !== '');
  const head = lines[first];
  if (head === undefined) return formatFailure(file, 1, 1, 'empty file: no SNMP walk lines');
  const warnings: FactWarning[] = [];
  const walk = SNMPREC_LINE.test(head) ? readSnmprec(lines, file, warnings) : readWalk(lines, file);
  if (!(walk instanceof Map)) return walk;
  return { ok: true, value: [hostFacts(walk, file, `${file}:${first + 1}`, warnings)] };
}

const SNMPREC_LINE = /^\.?(\d+(?:\.\d+)*)\|([^|]*)\|(.*)$/;
// The index after a MIB name starts with a dot, so `\w*` and `\S*` never compete (linear).
// `iso.3.6.1…` is how snmpwalk writes numeric OIDs when it has no MIBs loaded.
const WALK_LINE =
  /^(?:(\.|iso\.)?(\d+(?:\.\d+)*)|([A-Za-z][\w-]*)::([A-Za-z]\w*)(\.\S*)?)\s+=\s?(.*)$/;
const TYPED =
  /^(STRING|OID|INTEGER|Integer32|Gauge32|Counter32|Counter64|Unsigned32|UInteger32|Timeticks|Hex-STRING|IpAddress|Network Address|BITS|Opaque|NULL):\s?(.*)$/;

function readWalk(lines: readonly string[], file: string): Walk | FormatFailure {
  const walk: Walk = new Map();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === '') continue;
    const m = WALK_LINE.exec(line);
    if (m === null) return notARecord(file, i + 1, line, '".OID = TYPE: value"');
    const oid =
      m[2] === undefined
        ? named(m[4] ?? '', m[5] ?? '', m[3] ?? '')
        : `${m[1] === 'iso.' ? '1.' : ''}${m[2]}`;
    let raw = m[6] ?? '';
    const typed = TYPED.exec(raw.replace(/^Wrong Type \([^)]*\):\s?/, ''));
    const type = typed?.[1];
    raw = typed?.[2] ?? raw;
    const start = i;
    if (raw.startsWith('"') && !closes(raw, 1)) {
      const parts = [raw];
      do {
        i++;
        if (i >= lines.length) {
          return formatFailure(
            file,
            start + 1,
            1,
            'quoted string not closed before the end of the file',
          );
        }
        parts.push(lines[i] ?? '');
      } while (!closes(lines[i] ?? '', 0));
      raw = parts.join('\n');
    }
    if (type === 'Hex-STRING') {
      while (i + 1 < lines.length && /^[0-9A-Fa-f\s]+$/.test(lines[i + 1] ?? ''))
        raw += ` ${lines[++i] ?? ''}`;
    }
    walk.set(oid, walkValue(type, raw, start + 1));
  }
  return walk;
}

/** Whether a quoted string ends on this text (a `"` not escaped, after position `from`). */
function closes(text: string, from: number): boolean {
  if (text.length <= from || !text.endsWith('"')) return false;
  let slashes = 0;
  for (let j = text.length - 2; j >= 0 && text[j] === '\\'; j--) slashes++;
  return slashes % 2 === 0;
}

function walkValue(type: string | undefined, raw: string, line: number): Varbind {
  const quotedText = /^"([\s\S]*)"$/.exec(raw);
  const text = quotedText ? (quotedText[1] ?? '').replace(/\\(["\\])/g, '$1') : raw.trim();
  switch (type) {
    case 'STRING':
      return { type: 'text', text, line };
    case 'Hex-STRING':
      return hexValue(raw.replace(/\s+/g, ''), 'hex', line) ?? { type: 'other', text, line };
    case 'OID': {
      const n = /^([A-Za-z][\w-]*)::([A-Za-z]\w*)(\.\S*)?$/.exec(text);
      return {
        type: 'oid',
        text: n
          ? named(n[2] ?? '', n[3] ?? '', n[1] ?? '')
          : text.replace(/^(\.|iso\.)/, (p) => (p === '.' ? '' : '1.')),
        line,
      };
    }
    case 'IpAddress':
    case 'Network Address':
      return /^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){3}$/.test(text)
        ? (hexValue(text.replace(/:/g, ''), 'ip', line) as Varbind)
        : { type: 'ip', text, line };
    case undefined:
      if (quotedText) return { type: 'text', text, line };
      return { type: /^-?\d+$/.test(text) ? 'int' : 'other', text, line };
    case 'BITS':
    case 'Opaque':
    case 'NULL':
      return { type: 'other', text, line };
    default: // the integer types: `INTEGER: up(1)`, `Timeticks: (123) 0:00:01.23`, `4096 Bytes`
      return {
        type: 'int',
        text: /^-?\d+/.exec(text)?.[0] ?? /\((-?\d+)\)/.exec(text)?.[1] ?? text,
        line,
      };
  }
}

function readSnmprec(
  lines: readonly string[],
  file: string,
  warnings: FactWarning[],
): Walk | FormatFailure {
  const walk: Walk = new Map();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === '') continue;
    const m = SNMPREC_LINE.exec(line);
    if (m === null) return notARecord(file, i + 1, line, '"OID|type|value"');
    const [, oid = '', tag = '', value = ''] = m;
    const t = /^(\d+)(x?)$/.exec(tag);
    const code = Number(t?.[1]);
    const type: VarType =
      code === 4
        ? 'text'
        : code === 6
          ? 'oid'
          : code === 64
            ? 'ip'
            : INT_TAGS.has(code)
              ? 'int'
              : 'other';
    const v =
      t === null
        ? undefined
        : t[2]
          ? hexValue(value, type === 'text' ? 'hex' : type, i + 1)
          : { type, text: value, line: i + 1 };
    if (v === undefined) {
      warnings.push({
        where: `${file}:${i + 1}`,
        value: quoted(`${tag}|${value}`),
        message: 'snmprec record with a variation tag or bad hex value skipped',
      });
    } else walk.set(oid, v);
  }
  return walk;
}

const INT_TAGS = new Set([2, 65, 66, 67, 70]);

/** A hex-encoded value; an IP address as dotted quad, other types as the decoded text. */
function hexValue(hex: string, type: VarType, line: number): Varbind | undefined {
  if (!/^(?:[0-9A-Fa-f]{2})*$/.test(hex)) return undefined;
  const bytes = Array.from({ length: hex.length / 2 }, (_, k) =>
    parseInt(hex.slice(2 * k, 2 * k + 2), 16),
  );
  if (type === 'ip') return { type, text: bytes.join('.'), bytes, line };
  const text = new TextDecoder('utf-8').decode(Uint8Array.from(bytes));
  return {
    type: type === 'int' ? 'other' : type,
    text: type === 'oid' ? text : clean(text),
    bytes,
    line,
  };
}

function notARecord(file: string, line: number, text: string, expected: string): FormatFailure {
  return formatFailure(
    file,
    line,
    1,
    `not an SNMP walk line (expected ${expected}): "${quoted(text)}"`,
  );
}

function named(name: string, index: string, mib: string): string {
  const base = NAMES[name];
  return base === undefined ? `${mib}::${name}${index}` : `${base}${index}`;
}
