import { JUNK_SERIALS, usableSerial } from './serial';

describe('usableSerial', () => {
  it.each([
    [''],
    ['   '],
    ['0'],
    ['N/A'],
    ['None'],
    ['Default string'],
    ['To be filled by O.E.M.'],
    [' to BE filled by o.e.m. '],
    ['System Serial Number'],
    ['Chassis  Serial Number'],
    ['0000000000'],
    ['FFFFFFFF'],
    ['xxxxxxxx'],
    ['123456789'],
    ['----'],
    ['ab'],
  ])('refuses the placeholder %j', (text) => {
    expect(usableSerial(text)).toBeUndefined();
  });

  it('refuses every listed placeholder in any case', () => {
    for (const junk of JUNK_SERIALS) expect(usableSerial(junk.toUpperCase())).toBeUndefined();
  });

  it.each([
    ['  cz3456789x ', 'CZ3456789X'],
    ['VMware-42 1a 2b 3c', 'VMWARE-42 1A 2B 3C'],
    ['J1  ABC', 'J1 ABC'],
  ])('keeps the real serial %j trimmed and upper-cased', (text, usable) => {
    expect(usableSerial(text)).toBe(usable);
  });
});
