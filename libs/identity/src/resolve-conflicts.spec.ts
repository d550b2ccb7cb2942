import { resolveConflicts } from './resolve-conflicts';

describe('resolveConflicts', () => {
  const priority = ['vcenter', 'ssh', 'csv'];

  it('takes the most trusted source and keeps the other values with their provenance', () => {
    expect(
      resolveConflicts(
        [
          { source: 'csv', value: 'web-1' },
          { source: 'ssh', value: 'web01' },
          { source: 'vcenter', value: 'web01' },
          { source: 'nmap', value: 'web01.corp' },
        ],
        priority,
      ),
    ).toEqual({
      value: 'web01',
      source: 'vcenter',
      conflicts: [
        { source: 'csv', value: 'web-1' },
        { source: 'nmap', value: 'web01.corp' },
      ],
    });
  });

  it('breaks a tie within one source by the newest observation', () => {
    const r = resolveConflicts(
      [
        { source: 'ssh', value: 8, observedAt: '2026-01-01T00:00:00Z' },
        { source: 'ssh', value: 16, observedAt: '2026-03-01T00:00:00Z' },
        { source: 'ssh', value: 4 },
      ],
      priority,
    );
    expect(r).toEqual({
      value: 16,
      source: 'ssh',
      conflicts: [
        { source: 'ssh', value: 8 },
        { source: 'ssh', value: 4 },
      ],
    });
  });

  it('ranks unlisted sources after listed ones, by name, and returns nothing for no values', () => {
    expect(
      resolveConflicts(
        [
          { source: 'zeta', value: 'a' },
          { source: 'alpha', value: 'b' },
        ],
        priority,
      )?.source,
    ).toBe('alpha');
    expect(resolveConflicts([], priority)).toBeUndefined();
  });

  it('compares values with the given equality', () => {
    const r = resolveConflicts(
      [
        { source: 'ssh', value: { cores: 8 } },
        { source: 'csv', value: { cores: 8 } },
      ],
      priority,
      (a, b) => a.cores === b.cores,
    );
    expect(r?.conflicts).toEqual([]);
  });
});
