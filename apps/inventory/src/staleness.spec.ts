import { isStale, withSighting } from './staleness';

const scans = (source: string, ...days: number[]) =>
  [
    source,
    days.map((d) => ({ id: `${source}-${d}`, completedAt: `2026-01-0${d}T12:00:00.000Z` })),
  ] as const;

describe('isStale', () => {
  const seenBySsh = [{ source: 'ssh', at: '2026-01-01T12:00:00.000Z', scanId: 'ssh-1' }];

  it('marks an asset missed by the last N completed scans of the source that saw it', () => {
    expect(isStale(seenBySsh, new Map([scans('ssh', 1, 2, 3)]), 3)).toBe(false);
    expect(isStale(seenBySsh, new Map([scans('ssh', 1, 2, 3, 4)]), 3)).toBe(true);
  });

  it('does not count the scan that saw it, nor scans of other sources', () => {
    expect(isStale(seenBySsh, new Map([scans('ssh', 1), scans('snmp', 2, 3, 4, 5)]), 1)).toBe(
      false,
    );
  });

  it('keeps an asset live while any scanned source still sees it', () => {
    const seen = [...seenBySsh, { source: 'snmp', at: '2026-01-05T13:00:00.000Z' }];
    const completed = new Map([scans('ssh', 2, 3, 4, 5), scans('snmp', 5)]);
    expect(isStale(seen, completed, 3)).toBe(false);
  });

  it('never marks an asset no scanned source saw (files, operators)', () => {
    expect(isStale([], new Map([scans('ssh', 2, 3, 4, 5)]), 1)).toBe(false);
    expect(
      isStale([{ source: 'inventory-csv', at: '2026-01-01T00:00:00.000Z' }], new Map(), 1),
    ).toBe(false);
  });
});

describe('withSighting', () => {
  it('keeps the latest sighting per source', () => {
    const a = withSighting(undefined, { source: 'ssh', at: '2026-01-02T00:00:00.000Z' });
    expect(withSighting(a, { source: 'ssh', at: '2026-01-01T00:00:00.000Z' })).toEqual(a);
    expect(withSighting(a, { source: 'snmp', at: '2026-01-01T00:00:00.000Z' })).toHaveLength(2);
  });
});
