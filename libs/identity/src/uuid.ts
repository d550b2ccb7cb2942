// SMBIOS UUIDs: one canonical text form, junk refused, and the byte-swapped twin that
// SMBIOS >= 2.6 readers (dmidecode) and older or Windows readers disagree about.

const HEX32 = /^[0-9a-f]{32}$/;

/**
 * Placeholder UUIDs that firmware ships on many boards (AMI/Supermicro "filled by O.E.M."),
 * in both byte orders: they name no machine.
 */
const JUNK_UUIDS: ReadonlySet<string> = new Set([
  '03000200040005000006000700080009',
  '00020003000400050006000700080009',
]);

/**
 * The canonical form of a UUID: lower-case `8-4-4-4-12` hex. Accepts any case, braces,
 * a `urn:uuid:` prefix, hyphens anywhere and surrounding or inner blanks. `undefined`
 * for anything that is not 32 hex digits and for junk: one repeated digit (all 0, all F …)
 * and the well-known firmware placeholder `03000200-0400-0500-0006-000700080009`.
 */
export function normalizeUuid(text: string | null | undefined): string | undefined {
  if (typeof text !== 'string') return undefined;
  let t = text.trim().toLowerCase();
  if (t.startsWith('urn:uuid:')) t = t.slice('urn:uuid:'.length);
  if (t.startsWith('{') && t.endsWith('}')) t = t.slice(1, -1);
  const hex = t.replace(/[-\s]/g, '');
  if (!HEX32.test(hex) || /^(.)\1*$/.test(hex) || JUNK_UUIDS.has(hex)) return undefined;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function reverseBytes(hex: string): string {
  let out = '';
  for (let i = hex.length - 2; i >= 0; i -= 2) out += hex.slice(i, i + 2);
  return out;
}

/**
 * The other byte order of a canonical UUID: the first three fields (time-low, time-mid,
 * time-high) byte-reversed, as SMBIOS 2.6 specified them little-endian while earlier
 * readers printed the raw bytes. Involution: `swapUuid(swapUuid(u)) === u`.
 */
export function swapUuid(canonical: string): string {
  return [
    reverseBytes(canonical.slice(0, 8)),
    reverseBytes(canonical.slice(9, 13)),
    reverseBytes(canonical.slice(14, 18)),
    canonical.slice(19),
  ].join('-');
}

/** One key for a UUID and its byte-swapped twin (the smaller text of the two). */
export function uuidClassKey(canonical: string): string {
  const swapped = swapUuid(canonical);
  return swapped < canonical ? swapped : canonical;
}

/**
 * Whether two texts name the same system UUID: equal after {@link normalizeUuid}, or equal
 * after the SMBIOS >= 2.6 byte swap of the first three fields. Junk is never the same as
 * anything (not even itself).
 */
export function sameUuid(a: string | null | undefined, b: string | null | undefined): boolean {
  const x = normalizeUuid(a);
  const y = normalizeUuid(b);
  return x !== undefined && y !== undefined && (x === y || swapUuid(x) === y);
}
