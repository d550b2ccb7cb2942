import { assetRecordSchema, CUSTOM_KEY_MAX, CUSTOM_MAX_ENTRIES, CUSTOM_VALUE_MAX } from './asset';
import { jsonBytes, PAGE_BYTE_BUDGET, pageFill, roleAtLeast, ROLES, TEXT_MAX } from './common';

const MAX_PAYLOAD = 1024 * 1024;

const AT = '2026-01-12T00:00:00Z';
const WIDE = '漢'; // 3 bytes in UTF-8: the heaviest character per schema length unit

/** The heaviest asset record the schema allows: every field at its longest, in 3-byte characters. */
function heaviestRecord() {
  const text = (n: number) => WIDE.repeat(n);
  const tags = Array.from({ length: 256 }, () => text(64));
  const business = Object.fromEntries(
    [
      'environment',
      'owner',
      'department',
      'costCenter',
      'application',
      'role',
      'antiAffinityGroup',
      'drGroup',
      'affinityGroup',
      'availability',
    ].map((k) => [k, text(TEXT_MAX)]),
  );
  const custom: Record<string, string> = {};
  for (let i = 0; i < CUSTOM_MAX_ENTRIES; i++) {
    custom[`${i}`.padStart(CUSTOM_KEY_MAX, WIDE)] = text(CUSTOM_VALUE_MAX);
  }
  const asset = {
    id: text(128),
    hostname: text(255),
    site: text(64),
    capacity: { cpuMhz: 1.2345678901234567e300, cores: 1e15, memoryGiB: 1.2345678901234567e300 },
    business: {
      ...business,
      maintenanceWindows: Array.from({ length: 64 }, () => ({ start: 10_000, minutes: 10_080 })),
      maintenanceTimezone: text(64),
      compliance: tags,
    },
    technical: {
      osFamily: text(64),
      osVersion: text(TEXT_MAX),
      vlans: tags,
      subnet: text(64),
      storage: 'local',
      peripherals: tags,
      upsRequired: true,
    },
    custom,
  };
  const paths = [
    ...Object.keys(business).map((k) => `business.${k}`),
    ...Object.keys(custom).map((k) => `custom.${k}`),
    ...['hostname', 'site', 'capacity.cpuMhz', 'technical.osVersion', 'technical.vlans'],
  ];
  const provenance = Object.fromEntries(
    paths.map((p) => [p, { source: text(200), observedAt: AT }]),
  );
  return assetRecordSchema.parse({
    asset,
    revision: 1,
    provenance,
    firstSeen: AT,
    lastSeen: AT,
    updatedAt: AT,
  });
}

describe('pageFill', () => {
  it('stops at the limit', () => {
    expect(pageFill([1, 2, 3, 4], 3)).toBe(3);
  });

  it('stops before the byte budget, but always takes one item', () => {
    const items = Array.from({ length: 10 }, () => 'x'.repeat(100));
    expect(pageFill(items, 10, 350)).toBe(3);
    expect(pageFill(['x'.repeat(1000)], 10, 350)).toBe(1);
  });

  it('keeps a page of the heaviest asset records under 1 MiB', () => {
    const record = heaviestRecord();
    const single = jsonBytes(record);
    expect(single).toBeGreaterThan(PAGE_BYTE_BUDGET / 2);
    expect(single).toBeLessThan(650 * 1000); // README: "648 KB"
    const records = Array.from({ length: 1000 }, () => record);
    const n = pageFill(records, 1000);
    const page = { ok: true, data: { items: records.slice(0, n), next: 'x'.repeat(512) } };
    expect(jsonBytes(page)).toBeLessThan(MAX_PAYLOAD * 0.75);
  });

  it('counts UTF-8 bytes', () => {
    expect(jsonBytes('é漢😀')).toBe(2 + 2 + 3 + 4);
  });
});

describe('roles', () => {
  it('are ordered weakest to strongest', () => {
    expect(ROLES).toEqual(['viewer', 'operator', 'planner', 'admin']);
    expect(roleAtLeast('admin', 'planner')).toBe(true);
    expect(roleAtLeast('operator', 'planner')).toBe(false);
  });
});
