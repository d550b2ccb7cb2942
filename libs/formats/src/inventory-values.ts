import type { StorageKind } from '@vplan/domain';
import type { ValueOutcome } from './weekly-window';

/**
 * Value parsers of the inventory's constraint columns. Each returns the normalized
 * value or a phrase saying what is wrong; the caller adds `file:row:column`.
 */

/** The OS families vplan normalizes to. */
export const OS_FAMILIES = ['windows', 'linux', 'solaris', 'aix', 'hpux', 'bsd', 'other'] as const;
export type OsFamily = (typeof OS_FAMILIES)[number];

/** Words (after lower-casing, non-alphanumerics as spaces) that name a family. */
const FAMILY_WORDS: readonly (readonly [OsFamily, RegExp])[] = [
  ['windows', /\b(windows|win(?:\d+|nt)?|microsoft)\b/],
  [
    'linux',
    /\b(linux|rhel|red ?hat|centos|rocky|alma(?:linux)?|oracle linux|oel|ol\d*|sles|suse|opensuse|ubuntu|debian|fedora|amazon linux|amzn|photon|coreos|gentoo|arch|mint|scientific)\b/,
  ],
  ['solaris', /\b(solaris|sunos|illumos|openindiana)\b/],
  ['aix', /\baix\b/],
  ['hpux', /\b(hp ?ux)\b/],
  ['bsd', /\b(freebsd|openbsd|netbsd|dragonfly(?:bsd)?|bsd)\b/],
];

/**
 * The family of an OS name or family as written (`Windows Server 2012 R2` → `windows`,
 * `RHEL 7.9` → `linux`, `SunOS 5.10` → `solaris`, `HP-UX 11i` → `hpux`); `undefined`
 * when no known name occurs.
 */
export function osFamilyOf(name: string): OsFamily | undefined {
  const words = name.toLowerCase().replace(/[^a-z0-9]+/g, ' ');
  if (/^\s*other\s*$/.test(words)) return 'other';
  for (const [family, pattern] of FAMILY_WORDS) if (pattern.test(words)) return family;
  return undefined;
}

/** `os_family` column: a family or a name that maps to one. */
export function parseOsFamily(text: string): ValueOutcome<OsFamily> {
  const family = osFamilyOf(text);
  return family === undefined
    ? {
        ok: false,
        message: `must be one of ${OS_FAMILIES.join(', ')} (or an OS name such as RHEL or Ubuntu), found "${text}"`,
      }
    : { ok: true, value: family };
}

const TRUE = new Set(['yes', 'y', 'true', '1']);
const FALSE = new Set(['no', 'n', 'false', '0']);

/** `yes/no/true/false/1/0` (also `y`/`n`), any case. */
export function parseYesNo(text: string): ValueOutcome<boolean> {
  const lower = text.toLowerCase();
  if (TRUE.has(lower)) return { ok: true, value: true };
  if (FALSE.has(lower)) return { ok: true, value: false };
  return { ok: false, message: `must be yes, no, true, false, 1 or 0, found "${text}"` };
}

const STORAGE_WORDS: Readonly<Record<string, StorageKind>> = {
  local: 'local',
  das: 'local',
  disk: 'local',
  san: 'san',
  fc: 'san',
  iscsi: 'san',
  block: 'san',
  nas: 'nas',
  nfs: 'nas',
  smb: 'nas',
  cifs: 'nas',
  file: 'nas',
};

/** `local`, `san` or `nas` (also `das`, `fc`, `iscsi`, `nfs`, `smb`, `cifs`), any case. */
export function parseStorageKind(text: string): ValueOutcome<StorageKind> {
  const kind = STORAGE_WORDS[text.toLowerCase()];
  return kind === undefined
    ? { ok: false, message: `must be local, san or nas, found "${text}"` }
    : { ok: true, value: kind };
}

/** Splits a list cell on `;` or `,`; items trimmed, empty items and repeats dropped. */
export function splitList(text: string): string[] {
  const items = text.split(/[;,]/).map((item) => item.trim());
  return [...new Set(items.filter((item) => item !== ''))];
}

/** A tag: lower-case, spaces and underscores as `-` (`USB Dongle` → `usb-dongle`). */
export function normalizeTag(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-');
}

/** `;`-separated tags, normalized by {@link normalizeTag}. */
export function parseTags(text: string): string[] {
  return [...new Set(splitList(text).map(normalizeTag))];
}

/** VLAN ids (1–4094) or names, `;`-separated. */
export function parseVlans(text: string): ValueOutcome<string[]> {
  const vlans = splitList(text);
  for (const vlan of vlans) {
    if (/^\d+$/.test(vlan) && !(Number(vlan) >= 1 && Number(vlan) <= 4094)) {
      return { ok: false, message: `must hold VLAN ids 1–4094 or names, found "${vlan}"` };
    }
  }
  return { ok: true, value: vlans };
}

/**
 * An availability target: a percentage in (0, 100] (`99.9`, `99.95 %`; the `%` is
 * dropped) or a tier name (kept as written).
 */
export function parseAvailability(text: string): ValueOutcome<string> {
  const number = /^(\d+(?:\.\d+)?)\s*%?$/.exec(text);
  if (number === null) {
    return /^[\d.]/.test(text)
      ? { ok: false, message: `must be a percentage such as 99.9 or a tier name, found "${text}"` }
      : { ok: true, value: text };
  }
  const digits = number[1] as string;
  const value = Number(digits);
  return value > 0 && value <= 100
    ? { ok: true, value: digits }
    : {
        ok: false,
        message: `must be a percentage above 0 and at most 100, or a tier name, found "${text}"`,
      };
}

/**
 * ICU's canonical name of an IANA zone, or undefined when ICU does not know it; asking
 * ICU costs tens of microseconds, and an inventory repeats a few zones on every row, so
 * answers are remembered (a bounded number of them).
 */
function ianaZone(text: string): string | undefined {
  const known = zones.get(text);
  if (known !== undefined || zones.has(text)) return known;
  let zone: string | undefined;
  try {
    zone = new Intl.DateTimeFormat('en-US', { timeZone: text }).resolvedOptions().timeZone;
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
  }
  if (zones.size < MAX_REMEMBERED_ZONES) zones.set(text, zone);
  return zone;
}

const zones = new Map<string, string | undefined>();
const MAX_REMEMBERED_ZONES = 1_000;

const OFFSET = /^(?:(?:utc|gmt)\s*)?([+-])(\d{1,2})(?::?(\d{2}))?$/i;

/**
 * A time zone: an IANA name (`Europe/Amsterdam`, any case, returned in its canonical
 * case; checked with `Intl.DateTimeFormat`), `UTC`, or a UTC offset `±HH:MM` (also `±HH`, `UTC+1`; returned as `±HH:MM`).
 */
export function parseTimeZone(text: string): ValueOutcome<string> {
  if (/^(utc|gmt|z)$/i.test(text)) return { ok: true, value: 'UTC' };
  const offset = OFFSET.exec(text);
  if (offset !== null) {
    const [, sign = '+', h = '', m = '00'] = offset;
    const minutes = Number(h) * 60 + Number(m);
    if (Number(m) > 59 || minutes > 14 * 60) {
      return {
        ok: false,
        message: `must be a UTC offset between -14:00 and +14:00, found "${text}"`,
      };
    }
    return { ok: true, value: `${sign}${h.padStart(2, '0')}:${m}` };
  }
  if (/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(text)) {
    const zone = ianaZone(text);
    // Fix the case (`europe/amsterdam`), but keep a valid alias as written: ICU
    // resolves `EST` to `America/Panama`, which would surprise the user.
    if (zone !== undefined)
      return { ok: true, value: zone.toLowerCase() === text.toLowerCase() ? zone : text };
  }
  return {
    ok: false,
    message: `must be an IANA time zone such as Europe/Amsterdam, UTC or an offset such as +01:00, found "${text}"`,
  };
}
