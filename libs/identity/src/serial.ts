// Serial numbers: firmware and vendors fill the field with placeholders that thousands of
// machines share; matching on them would merge unrelated machines.

/**
 * Placeholder serials (compared trimmed, blanks collapsed, case-insensitive). Sources:
 * SMBIOS defaults of AMI/Insyde/Phoenix firmware, white-box boards, hypervisors that
 * leave the field empty-ish, and what inventory tools write for "no value".
 */
export const JUNK_SERIALS: readonly string[] = [
  '0',
  'n/a',
  'na',
  'n.a.',
  'none',
  '(none)',
  '<none>',
  'null',
  'nil',
  'unknown',
  'undefined',
  'empty',
  'invalid',
  'tbd',
  'default',
  'default string',
  'not specified',
  'not available',
  'not applicable',
  'not set',
  'none specified',
  'to be filled by o.e.m.',
  'to be filled by oem',
  'o.e.m.',
  'oem',
  'system serial number',
  'chassis serial number',
  'base board serial number',
  'baseboard serial number',
  'serial number',
  'serial',
  'sn',
  '123456789',
  '1234567890',
  '0123456789',
  '12345678',
  '1234567',
];

const JUNK: ReadonlySet<string> = new Set(JUNK_SERIALS);

/**
 * A serial number fit for matching: trimmed, inner blanks collapsed to one space and
 * upper-cased; `undefined` for empty text, anything in {@link JUNK_SERIALS}, fewer than
 * 3 characters, one repeated character (all zero, all F, all X, dots …) or no letter or
 * digit at all.
 */
export function usableSerial(text: string | null | undefined): string | undefined {
  if (typeof text !== 'string') return undefined;
  const t = text.trim().replace(/\s+/g, ' ');
  const lower = t.toLowerCase();
  if (t.length < 3 || JUNK.has(lower) || /^(.)\1*$/.test(lower) || !/[0-9a-z]/.test(lower))
    return undefined;
  return t.toUpperCase();
}
