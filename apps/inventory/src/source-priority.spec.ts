import { listConflicts, priorityName, sourceRank, trackConflicts } from './source-priority';

const prov = (source: string, observedAt: string) => ({ source, observedAt });
const PRIORITY = ['vsphere', 'ssh', 'snmp', 'import'];

describe('trackConflicts', () => {
  const before = {
    fields: new Map<string, unknown>([['capacity.cores', 8]]),
    provenance: new Map([['capacity.cores', prov('import:cmdb.csv', '2026-01-01T00:00:00.000Z')]]),
  };

  it('keeps the stored and the incoming value, each with its provenance', () => {
    const out = trackConflicts(undefined, before, new Map([['capacity.cores', 4]]), {
      source: 'discovery:ssh',
      observedAt: '2026-01-02T00:00:00.000Z',
    });
    expect(out).toEqual([
      {
        path: 'capacity.cores',
        values: [
          { value: 8, source: 'import:cmdb.csv', observedAt: '2026-01-01T00:00:00.000Z' },
          { value: 4, source: 'discovery:ssh', observedAt: '2026-01-02T00:00:00.000Z' },
        ],
      },
    ]);
  });

  it('takes each source’s latest value and drops the field once all agree', () => {
    const first = trackConflicts(undefined, before, new Map([['capacity.cores', 4]]), {
      source: 'discovery:ssh',
      observedAt: '2026-01-02T00:00:00.000Z',
    });
    const late = trackConflicts(first, before, new Map([['capacity.cores', 16]]), {
      source: 'discovery:ssh',
      observedAt: '2026-01-01T12:00:00.000Z',
    });
    expect(late).toEqual(first);
    const agreed = trackConflicts(first, before, new Map([['capacity.cores', 8]]), {
      source: 'discovery:ssh',
      observedAt: '2026-01-03T00:00:00.000Z',
    });
    expect(agreed).toEqual([]);
  });

  it('records nothing for equal values or new fields', () => {
    const out = trackConflicts(
      undefined,
      before,
      new Map<string, unknown>([
        ['capacity.cores', 8],
        ['hostname', 'h'],
      ]),
      { source: 'discovery:ssh', observedAt: '2026-01-02T00:00:00.000Z' },
    );
    expect(out).toEqual([]);
  });
});

describe('listConflicts', () => {
  it('orders values by source priority and resolves to the most trusted', () => {
    const [c] = listConflicts(
      [
        {
          path: 'capacity.cores',
          values: [
            { value: 8, source: 'import:cmdb.csv', observedAt: '2026-01-03T00:00:00.000Z' },
            { value: 4, source: 'discovery:snmp', observedAt: '2026-01-02T00:00:00.000Z' },
            { value: 6, source: 'discovery:vsphere', observedAt: '2026-01-01T00:00:00.000Z' },
            { value: 5, source: 'api:alice', observedAt: '2026-01-04T00:00:00.000Z' },
          ],
        },
      ],
      PRIORITY,
    );
    expect(c?.values.map((v) => v.source)).toEqual([
      'discovery:vsphere',
      'discovery:snmp',
      'import:cmdb.csv',
      'api:alice',
    ]);
    expect(c?.resolved).toEqual({ value: 6, source: 'discovery:vsphere' });
  });

  it('breaks a tie of one priority name by the newest value', () => {
    const [c] = listConflicts(
      [
        {
          path: 'hostname',
          values: [
            { value: 'a', source: 'discovery:ssh', observedAt: '2026-01-01T00:00:00.000Z' },
            { value: 'b', source: 'discovery:ssh:x.csv', observedAt: '2026-01-02T00:00:00.000Z' },
          ],
        },
      ],
      PRIORITY,
    );
    expect(c?.resolved).toEqual({ value: 'b', source: 'discovery:ssh:x.csv' });
  });
});

describe('source names in the priority', () => {
  it('names probes, imports and operators', () => {
    expect(priorityName('discovery:vsphere:vc1.csv')).toBe('vsphere');
    expect(priorityName('import:cmdb.csv')).toBe('import');
    expect(priorityName('api:alice')).toBe('api');
    expect(sourceRank(PRIORITY, 'discovery:ssh')).toBe(1);
    expect(sourceRank(PRIORITY, 'api:alice')).toBe(4);
  });
});
