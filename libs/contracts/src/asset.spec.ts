import type { Asset, BusinessAttributes, TechnicalAttributes } from '@vplan/domain';
import { makeAsset } from '@vplan/domain';
import { inventoryToCsv, parseInventoryCsv } from '@vplan/formats';
import { attributesOf } from '@vplan/rules';
import { generateEstate } from '@vplan/simulation';
import type { z } from 'zod';
import {
  ASSET_ATTRIBUTE_PATHS,
  assetFiltersSchema,
  assetSchema,
  businessAttributesSchema,
  technicalAttributesSchema,
} from './asset';
import type { SameShape } from './same-shape.fixture';

// A drift between the domain types and the schemas fails the type check.
const assetFaithful: SameShape<z.output<typeof assetSchema>, Asset> = true;
// …and the check does see a drift: a field of another type.
const driftSeen: SameShape<
  z.output<typeof assetSchema>,
  Omit<Asset, 'site'> & { site?: number }
> = false;
const businessFaithful: SameShape<
  z.output<typeof businessAttributesSchema>,
  BusinessAttributes
> = true;
const technicalFaithful: SameShape<
  z.output<typeof technicalAttributesSchema>,
  TechnicalAttributes
> = true;

const FULL: Asset = makeAsset('db-07', {
  hostname: 'db-07.example.com',
  site: 'ams1',
  capacity: {
    cpuMhz: 9600,
    cores: 4,
    memoryGiB: 32,
    cpuModel: 'Intel(R) Xeon(R) CPU E5-2680 0 @ 2.70GHz',
    cpuRating: 4.2,
  },
  business: {
    environment: 'prod',
    owner: 'anna',
    department: 'Finance',
    costCenter: 'CC-4100',
    application: 'ledger',
    role: 'database',
    antiAffinityGroup: 'ledger-db',
    drGroup: 'dr-ledger',
    affinityGroup: 'ledger',
    availability: '99.9',
    maintenanceWindows: [{ start: 6 * 1440 + 120, minutes: 240 }],
    maintenanceTimezone: 'Europe/Amsterdam',
    compliance: ['pci', 'sox'],
  },
  technical: {
    osFamily: 'linux',
    osVersion: 'RHEL 9.2',
    vlans: ['10', '20'],
    subnet: '10.1.2.0/24',
    storage: 'san',
    peripherals: ['tape'],
    upsRequired: true,
  },
  custom: { Rack: 'R12', 'Serial Number': 'SN-1' },
});

function at(asset: Asset, path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown>)?.[k], asset);
}

describe('assetSchema', () => {
  it('mirrors the domain Asset (checked by the type checker)', () => {
    expect([assetFaithful, businessFaithful, technicalFaithful, driftSeen]).toEqual([
      true,
      true,
      true,
      false,
    ]);
  });

  it('accepts a fully populated asset unchanged', () => {
    expect(assetSchema.parse(FULL)).toEqual(FULL);
  });

  it('accepts every asset of a simulated estate and of an inventory CSV round trip', () => {
    const { assets } = generateEstate({ servers: 300, weeks: 2 });
    for (const asset of assets) expect(assetSchema.safeParse(asset).error).toBeUndefined();
    const parsed = parseInventoryCsv('inventory.csv', inventoryToCsv(assets));
    if (!parsed.ok) throw parsed.error;
    expect(parsed.value.map((a) => assetSchema.parse(a))).toEqual(parsed.value);
  });

  it('fills capacity, business and custom with {} when absent', () => {
    expect(assetSchema.parse({ id: 'x' })).toEqual(makeAsset('x'));
  });

  it('rejects unknown fields, blank ids and ids longer than 128 characters', () => {
    expect(assetSchema.safeParse({ id: 'x', colour: 'red' }).success).toBe(false);
    expect(assetSchema.safeParse({ id: ' x' }).success).toBe(false);
    expect(assetSchema.safeParse({ id: 'x'.repeat(129) }).success).toBe(false);
  });
});

describe('ASSET_ATTRIBUTE_PATHS', () => {
  it('names where every attribute rules read lives in the Asset', () => {
    const bag = attributesOf(FULL);
    const named = Object.keys(bag).filter((k) => k in ASSET_ATTRIBUTE_PATHS);
    expect(named.sort()).toEqual(Object.keys(ASSET_ATTRIBUTE_PATHS).sort());
    for (const [name, path] of Object.entries(ASSET_ATTRIBUTE_PATHS)) {
      expect([name, at(FULL, path)]).toEqual([name, bag[name]]);
    }
  });
});

describe('assetFiltersSchema', () => {
  it('takes values, lists, ranges and existence by attribute name', () => {
    const filters = {
      environment: 'prod',
      site: ['ams1', 'rtm2'],
      cpu_mhz: { gte: 2000, lt: 10000 },
      dr_group: { exists: true },
      rack: 'R12',
    };
    expect(assetFiltersSchema.parse(filters)).toEqual(filters);
  });

  it('rejects an empty range, an empty list and names that are not attribute names', () => {
    expect(assetFiltersSchema.safeParse({ cpu_mhz: {} }).success).toBe(false);
    expect(assetFiltersSchema.safeParse({ site: [] }).success).toBe(false);
    expect(assetFiltersSchema.safeParse({ 'business.environment': 'prod' }).success).toBe(false);
  });
});
