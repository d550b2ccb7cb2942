import { filtersOfQueryString, filtersToQuery, queryAttributesOf } from './asset-query';

describe('queryAttributesOf', () => {
  it('holds every attribute by its filter name, texts and lists in canonical case', () => {
    expect(
      queryAttributesOf({
        id: 'Web-1',
        site: 'AMS1',
        capacity: { cores: 4 },
        business: { environment: 'Prod', maintenanceWindows: [{ start: 8760, minutes: 240 }] },
        technical: { vlans: ['20', '10'], upsRequired: true },
        custom: { 'Rack Unit': 'U12', 'odd.$name': 'x' },
      }),
    ).toEqual({
      id: 'web-1',
      site: 'ams1',
      cores: 4,
      environment: 'prod',
      maintenance_window: 'sun 02:00-06:00',
      vlans: ['10', '20'],
      ups_required: true,
      rack_unit: 'u12',
    });
  });
});

describe('filtersToQuery', () => {
  it('turns each condition into a query on attrs', () => {
    expect(
      filtersToQuery({
        environment: 'PROD',
        site: ['ams', 'fra'],
        cores: { gte: 4, lt: 16 },
        memory_gb: '64',
        ups_required: 'yes',
        owner: { exists: false },
      }),
    ).toEqual({
      ok: true,
      query: {
        'attrs.environment': 'prod',
        'attrs.site': { $in: ['ams', 'fra'] },
        'attrs.cores': { $gte: 4, $lt: 16 },
        'attrs.memory_gb': 64,
        'attrs.ups_required': true,
        'attrs.owner': { $exists: false },
      },
    });
  });

  it('filters on the stale flag of the record, live meaning not marked', () => {
    expect(filtersToQuery({ stale: true })).toEqual({ ok: true, query: { stale: true } });
    expect(filtersToQuery({ stale: 'false' })).toEqual({
      ok: true,
      query: { stale: { $ne: true } },
    });
    expect(filtersToQuery({ stale: 3 })).toEqual({
      ok: false,
      details: [{ path: 'filters.stale', message: 'must be true or false' }],
    });
  });

  it('names each condition that cannot hold', () => {
    expect(filtersToQuery({ cores: 'many', site: { gt: 1 } })).toEqual({
      ok: false,
      details: [
        { path: 'filters.cores', message: 'must be a number, found "many"' },
        {
          path: 'filters.site',
          message: 'a range needs a numeric attribute (cpu_mhz, cores, memory_gb)',
        },
      ],
    });
  });
});

describe('filtersOfQueryString', () => {
  it('reads values, repeats, bounds and a JSON filter', () => {
    expect(
      filtersOfQueryString({
        environment: 'prod',
        site: ['ams', 'fra'],
        cores: ['>=4', '<16'],
        limit: '10',
        filters: '{"owner":{"exists":true}}',
      }),
    ).toEqual({
      ok: true,
      filters: {
        owner: { exists: true },
        environment: 'prod',
        site: ['ams', 'fra'],
        cores: { gte: 4, lt: 16 },
      },
    });
  });

  it('answers bad names and values with their field', () => {
    const bad = filtersOfQueryString({ 'Bad-Name': 'x' });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.details[0]?.path).toBe('filters.Bad-Name');
    const json = filtersOfQueryString({ filters: '[1]' });
    expect(!json.ok && json.details).toEqual([
      { path: 'filters', message: 'must be a JSON object of attribute conditions' },
    ]);
  });
});
