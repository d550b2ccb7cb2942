import { normalizeUuid, sameUuid, swapUuid } from './uuid';

describe('normalizeUuid', () => {
  it.each([
    ['4C4C4544-0042-3510-8052-B7C04F4E3132', '4c4c4544-0042-3510-8052-b7c04f4e3132'],
    ['{4c4c4544-0042-3510-8052-b7c04f4e3132}', '4c4c4544-0042-3510-8052-b7c04f4e3132'],
    ['urn:uuid:4c4c4544-0042-3510-8052-b7c04f4e3132', '4c4c4544-0042-3510-8052-b7c04f4e3132'],
    ['  4c4c454400423510 8052b7c04f4e3132 ', '4c4c4544-0042-3510-8052-b7c04f4e3132'],
  ])('puts %s in canonical form', (text, canonical) => {
    expect(normalizeUuid(text)).toBe(canonical);
  });

  it.each([
    [''],
    ['not-a-uuid'],
    ['4c4c4544-0042-3510-8052-b7c04f4e313'],
    ['00000000-0000-0000-0000-000000000000'],
    ['FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF'],
    ['03000200-0400-0500-0006-000700080009'],
    ['00020003-0004-0005-0006-000700080009'],
    ['VMware-42 1a 2b 3c 4d 5e 6f 70-81 92 a3 b4 c5 d6 e7 f8'],
  ])('refuses junk %j', (text) => {
    expect(normalizeUuid(text)).toBeUndefined();
  });

  it('refuses what is not text', () => {
    expect(normalizeUuid(undefined)).toBeUndefined();
    expect(normalizeUuid(null)).toBeUndefined();
  });
});

describe('sameUuid', () => {
  const uuid = '4c4c4544-0042-3510-8052-b7c04f4e3132';
  const swapped = '44454c4c-4200-1035-8052-b7c04f4e3132';

  it('byte-swaps the first three fields only', () => {
    expect(swapUuid(uuid)).toBe(swapped);
    expect(swapUuid(swapUuid(uuid))).toBe(uuid);
  });

  it('takes the SMBIOS >= 2.6 byte-swapped form as the same UUID, in any case', () => {
    expect(sameUuid(uuid, swapped.toUpperCase())).toBe(true);
    expect(sameUuid(`{${uuid}}`, uuid)).toBe(true);
  });

  it('tells different UUIDs apart, and never matches junk', () => {
    expect(sameUuid(uuid, '4c4c4544-0042-3510-8052-b7c04f4e3133')).toBe(false);
    expect(
      sameUuid('00000000-0000-0000-0000-000000000000', '00000000-0000-0000-0000-000000000000'),
    ).toBe(false);
    expect(sameUuid(undefined, uuid)).toBe(false);
  });
});
