import type { FactWarning, HostFacts } from '../host-facts';
import { NAMES, clean, factsOfWalk, type Varbind, type Walk } from '../snmp/snmp-facts';

// Varbinds as net-snmp returns them, turned into the walk records of the SNMP walk parser so
// that a live agent and a walk file map to facts by the same code (../snmp/snmp-facts.ts).

/** One varbind as net-snmp hands it over (`type` is its ObjectType number). */
export interface SnmpVarbind {
  readonly oid: string;
  readonly type: number;
  readonly value: unknown;
}

// ASN.1 / SMI type tags (RFC 2578), as net-snmp's ObjectType numbers them.
const INTEGER = 2;
const OCTET_STRING = 4;
const OBJECT_IDENTIFIER = 6;
const IP_ADDRESS = 64;
const COUNTER64 = 70;
const NUMERIC = new Set([INTEGER, 65, 66, 67]); // Integer32, Counter32, Gauge32, TimeTicks

/** One walk record; `line` is the varbind's 1-based position (net-snmp gives no lines). */
export function recordOf(vb: SnmpVarbind, line: number): Varbind | undefined {
  const { type, value } = vb;
  if (NUMERIC.has(type) && typeof value === 'number')
    return { type: 'int', text: `${value}`, line };
  if (type === COUNTER64 && Buffer.isBuffer(value)) {
    const n = value.reduce((acc, b) => (acc << 8n) | BigInt(b), 0n);
    return { type: 'int', text: n.toString(), line };
  }
  if (type === COUNTER64 && typeof value === 'number')
    return { type: 'int', text: `${value}`, line };
  if (type === OBJECT_IDENTIFIER && typeof value === 'string')
    return { type: 'oid', text: value, line };
  if (type === IP_ADDRESS && typeof value === 'string') return { type: 'ip', text: value, line };
  if (type === OCTET_STRING && Buffer.isBuffer(value)) {
    const bytes = [...value];
    const text = value.toString('utf8');
    // Printable text is a STRING to the walk parser; anything else (MACs) a Hex-STRING.
    const printable = !text.includes('\uFFFD') && !/[\u0000-\u0008\u000e-\u001f]/.test(text);
    return printable
      ? { type: 'text', text, bytes, line }
      : { type: 'hex', text: clean(text), bytes, line };
  }
  return type >= 128 ? undefined : { type: 'other', text: String(value), line };
}

/**
 * The {@link HostFacts} (kind `snmp`, `source.target` = `label`) of the varbinds of one
 * agent, by the walk parser's OID → facts mapping; a warning's `where` is `label oid`.
 */
export function factsOfVarbinds(
  varbinds: readonly SnmpVarbind[],
  label: string,
  warnings: FactWarning[] = [],
): HostFacts {
  const walk: Walk = new Map();
  const oids: string[] = [];
  for (const vb of varbinds) {
    const oid = vb.oid.replace(/^\./, '');
    const record = recordOf(vb, oids.length + 1);
    if (record === undefined) continue;
    oids.push(oid);
    walk.set(oid, record);
  }
  return factsOfWalk(
    walk,
    {
      source: { kind: 'snmp', target: label },
      where: label,
      at: (v) => `${label} ${oids[v.line - 1] ?? ''}`.trimEnd(),
    },
    warnings,
  );
}

/** One workload sample of an agent: processor load and storage use. */
export interface SnmpLoadSample {
  /** When the sample was read (ISO 8601). */
  readonly at: string;
  /** Mean hrProcessorLoad over the processors, 0..1. */
  readonly cpuBusy: number;
  /** hrStorageTable rows of positive size (memory, swap, file systems …). */
  readonly storage: readonly SnmpStorageUse[];
}

export interface SnmpStorageUse {
  readonly descr: string;
  readonly usedGiB: number;
  readonly sizeGiB: number;
}

const STORAGE_ENTRY = '1.3.6.1.2.1.25.2.3.1';
const STORAGE_COLUMNS = { descr: '3', units: '4', size: '5', used: '6' } as const;

/** The load sample of hrProcessorLoad and hrStorageTable varbinds; undefined without processors. */
export function loadOfVarbinds(
  varbinds: readonly SnmpVarbind[],
  at: string,
): SnmpLoadSample | undefined {
  const loadPrefix = `${NAMES['hrProcessorLoad'] ?? ''}.`;
  const loads: number[] = [];
  const rows = new Map<string, Partial<Record<keyof typeof STORAGE_COLUMNS, Varbind>>>();
  varbinds.forEach((vb, i) => {
    const oid = vb.oid.replace(/^\./, '');
    const record = recordOf(vb, i + 1);
    if (record === undefined) return;
    if (oid.startsWith(loadPrefix) && record.type === 'int') loads.push(Number(record.text));
    if (!oid.startsWith(`${STORAGE_ENTRY}.`)) return;
    const [column, ...index] = oid.slice(STORAGE_ENTRY.length + 1).split('.');
    const key = (Object.keys(STORAGE_COLUMNS) as (keyof typeof STORAGE_COLUMNS)[]).find(
      (k) => STORAGE_COLUMNS[k] === column,
    );
    if (key === undefined) return;
    const id = index.join('.');
    rows.set(id, { ...rows.get(id), [key]: record });
  });
  if (loads.length === 0) return undefined;
  const gib = (units: number, n: number): number =>
    Math.round(((units * n) / 2 ** 30) * 1000) / 1000;
  const storage = [...rows.values()].flatMap((row) => {
    const units = Number(row.units?.text);
    const size = Number(row.size?.text);
    const used = Number(row.used?.text);
    if (!(units > 0 && size > 0 && used >= 0)) return [];
    return [
      { descr: clean(row.descr?.text ?? ''), usedGiB: gib(units, used), sizeGiB: gib(units, size) },
    ];
  });
  const mean = loads.reduce((a, b) => a + b, 0) / loads.length;
  return { at, cpuBusy: Math.min(1, Math.max(0, mean / 100)), storage };
}
