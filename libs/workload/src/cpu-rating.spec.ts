import {
  CPU_RATINGS,
  cpuNormalization,
  cpuRatingOf,
  cpuRatingTable,
  cpuRatingTableOf,
  normalizeCpuModel,
  type CpuRatingsData,
} from './cpu-rating';

describe('normalizeCpuModel', () => {
  // Model strings as the data sets write them: SPEC's results table, lscpu `Model name`,
  // dmidecode `Version`, RVTools `CPU Model`, linux-hardware.org folder names.
  it.each([
    ['Intel(R) Xeon(R) Gold 6248R CPU @ 3.00GHz', 'intel xeon gold 6248r'],
    ['Intel Xeon Gold 6248R', 'intel xeon gold 6248r'],
    ['Xeon Gold 6248R', 'intel xeon gold 6248r'],
    ['Intel Xeon Gold  6534', 'intel xeon gold 6534'],
    ['Intel Xeon platinum 8468', 'intel xeon platinum 8468'],
    ['Intel(R) Xeon(R) Silver 4410Y', 'intel xeon silver 4410y'],
    ['Intel Xeon Platinum 8480+', 'intel xeon platinum 8480+'],
    ['Intel(R) Xeon(R) CPU E5-2690 v2 @ 3.00GHz', 'intel xeon e5-2690 v2'],
    ['Intel(R) Xeon(R) CPU E3-1225 V2 @ 3.20GHz', 'intel xeon e3-1225 v2'],
    ['Intel Xeon E5-2690v2', 'intel xeon e5-2690 v2'],
    ['Intel(R) Xeon(R) CPU E5-2680 0 @ 2.70GHz', 'intel xeon e5-2680'],
    ['Intel(R) Xeon(R) CPU E5-2620 0 @ 2.00GHz', 'intel xeon e5-2620'],
    ['Intel Xeon E5-2620', 'intel xeon e5-2620'],
    ['Intel(R) Xeon(R) CPU E31240 @ 3.30GHz', 'intel xeon e3-1240'],
    ['Intel(R) Xeon(R) CPU E7- 4860  @ 2.27GHz', 'intel xeon e7-4860'],
    ['Intel(R) Xeon(R) CPU           X5675  @ 3.07GHz', 'intel xeon x5675'],
    ['Intel(R) Xeon(R) CPU           E5620  @ 2.40GHz     ', 'intel xeon e5620'],
    ['Intel(R) Xeon(R) E-2146G CPU @ 3.50GHz', 'intel xeon e-2146g'],
    ['Intel(R) Xeon Phi(TM) CPU 7210 @ 1.30GHz', 'intel xeon phi 7210'],
    ['AMD EPYC 7282 16-Core Processor', 'amd epyc 7282'],
    ['EPYC 7282 16-Core', 'amd epyc 7282'],
    ['AMD EPYC 9654 96-Core Processor', 'amd epyc 9654'],
    ['AMD EPYC 7V12 64-Core Processor', 'amd epyc 7v12'],
    ['AMD Opteron(tm) Processor 6386 SE                   ', 'amd opteron 6386 se'],
    ['Quad-Core AMD Opteron(tm) Processor 2376', 'amd opteron 2376'],
    ['IBM POWER8', 'ibm power8'],
    ['Xeon Gold 6242 (vCPU)', 'intel xeon gold 6242'],
    ['Intel(R) Xeon(TM) CPU 2.80GHz', 'intel xeon'],
    ['', ''],
  ])('%j is %j', (name, key) => {
    expect(normalizeCpuModel(name)).toBe(key);
  });
});

const DATA: CpuRatingsData = {
  version: 'test/1',
  source: { dataset: 'd', file: 'f', rows: 3, generatedBy: 'spec', note: 'n' },
  metric: 'SPECrate2017_int_base per core',
  models: {
    'intel xeon e5-2670': [4, 2500, 1],
    'intel xeon gold 6548y+': [10, 2500, 2],
    'broken model 1': [0, 2000, 1],
  },
};

describe('cpuRatingTableOf', () => {
  it('finds a model under any of its names and derives the rating per GHz', () => {
    const rating = cpuRatingTableOf(DATA).lookup('Intel(R) Xeon(R) Gold 6548Y+ CPU @ 2.50GHz');
    expect(rating).toEqual({
      model: 'intel xeon gold 6548y+',
      perCore: 10,
      mhz: 2500,
      perGHz: 4,
      source: 'table',
    });
  });

  it('knows nothing of an unlisted model or of an entry without a positive rating', () => {
    const table = cpuRatingTableOf(DATA);
    expect(table.lookup('Intel Xeon Gold 6548N')).toBeUndefined();
    expect(table.lookup('Broken Model 1')).toBeUndefined();
  });

  it('puts overrides on top, with the listed clock unless they give their own', () => {
    const table = cpuRatingTableOf(DATA, {
      'Intel(R) Xeon(R) CPU E5-2670 0 @ 2.60GHz': { perCore: 5 },
      'Intel Xeon E5-2680': { perCore: 4.2, mhz: 2700 },
      'Intel Xeon X5675': { perCore: 3 },
    });
    expect(table.lookup('Intel Xeon E5-2670')).toMatchObject({
      perCore: 5,
      mhz: 2500,
      perGHz: 2,
      source: 'override',
    });
    expect(table.lookup('intel xeon e5-2680')?.perGHz).toBeCloseTo(4.2 / 2.7, 12);
    expect(table.lookup('Intel Xeon X5675')).toBeUndefined();
    expect(table.version).toBe('test/1');
  });

  it('refuses an override that is not a positive rating', () => {
    expect(() => cpuRatingTableOf(DATA, { 'Intel Xeon E5-2670': { perCore: 0 } })).toThrow(
      RangeError,
    );
    expect(() => cpuRatingTableOf(DATA, { x: { perCore: 1, mhz: -1 } })).toThrow(RangeError);
  });
});

describe('cpuRatingOf', () => {
  const table = cpuRatingTableOf(DATA);

  it('takes the table rating of the model at its nominal clock, whatever the asset clock', () => {
    const rating = cpuRatingOf({ cpuModel: 'Intel Xeon E5-2670', cpuMhz: 8000, cores: 4 }, table);
    expect(rating).toMatchObject({ perCore: 4, mhz: 2500, perGHz: 1.6, source: 'table' });
  });

  it("takes the asset's own rating at its own clock when cores and MHz are known", () => {
    const rating = cpuRatingOf(
      { cpuModel: 'Intel Xeon E5-2670', cpuRating: 6, cpuMhz: 12_000, cores: 4 },
      table,
    );
    expect(rating).toEqual({
      model: 'intel xeon e5-2670',
      perCore: 6,
      mhz: 3000,
      perGHz: 2,
      source: 'inventory',
    });
  });

  it("takes the asset's own rating at the table clock when its own clock is unknown", () => {
    const rating = cpuRatingOf({ cpuModel: 'Intel Xeon E5-2670', cpuRating: 5 }, table);
    expect(rating).toMatchObject({ mhz: 2500, perGHz: 2, source: 'inventory' });
  });

  it('has no rating without a known model or a clock for its own rating', () => {
    expect(cpuRatingOf({ cpuRating: 5 }, table)).toBeUndefined();
    expect(cpuRatingOf({ cpuModel: 'Intel Xeon X5675', cpuRating: 5 }, table)).toBeUndefined();
    expect(cpuRatingOf({ cpuModel: 'Intel Xeon X5675', cpuMhz: 6000, cores: 2 }, table)).toBe(
      undefined,
    );
    expect(cpuRatingOf({ cpuRating: 5, cpuMhz: 6000, cores: 2 }, table)).toMatchObject({
      model: '',
      perGHz: 5 / 3,
    });
  });
});

describe('cpuNormalization', () => {
  const table = cpuRatingTableOf(DATA);
  const old = table.lookup('Intel Xeon E5-2670');
  const current = table.lookup('Intel Xeon Gold 6548Y+');

  it('scales source MHz by source per-GHz over target per-GHz', () => {
    expect(cpuNormalization(old, current)).toEqual({ factor: 0.4, basis: 'rating' });
    expect(cpuNormalization(current, old)).toEqual({ factor: 2.5, basis: 'rating' });
  });

  it('leaves MHz as they are and says which side is unknown', () => {
    expect(cpuNormalization(undefined, current)).toEqual({ factor: 1, basis: 'unknown-source' });
    expect(cpuNormalization(old, undefined)).toEqual({ factor: 1, basis: 'unknown-target' });
    expect(cpuNormalization(undefined, undefined)).toEqual({ factor: 1, basis: 'none' });
  });
});

describe('CPU_RATINGS', () => {
  it('is the committed SPEC-derived table with its fair-use note', () => {
    expect(CPU_RATINGS.version).toMatch(/^cpu2017-\d{4}-\d{2}\/\d+$/);
    expect(CPU_RATINGS.source.note).toContain('not SPEC results');
    const rating = CPU_RATINGS.lookup('AMD EPYC 9654 96-Core Processor');
    expect(rating?.source).toBe('table');
    expect(rating?.perGHz).toBeGreaterThan(0);
  });

  it('takes scenario overrides through cpuRatingTable', () => {
    const table = cpuRatingTable({ 'AMD EPYC 9654': { perCore: 1, mhz: 1000 } });
    expect(table.lookup('amd epyc 9654')).toMatchObject({ perGHz: 1, source: 'override' });
    expect(CPU_RATINGS.lookup('amd epyc 9654')?.source).toBe('table');
  });
});
