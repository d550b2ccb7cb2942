import { fieldsOf } from './asset-fields';
import { mergeFields, type FieldWrite } from './merge';

const at = (minute: number) => `2026-01-01T00:${String(minute).padStart(2, '0')}:00.000Z`;
const write = (kind: FieldWrite['kind'], source: string, minute = 0, mode?: FieldWrite['mode']) =>
  ({
    kind,
    source,
    observedAt: at(minute),
    mode: mode ?? (kind === 'manual' ? 'replace' : kind === 'import' ? 'replace-own' : 'merge'),
  }) as FieldWrite;
const fields = (o: Record<string, unknown>) => new Map(Object.entries(o));

describe('mergeFields', () => {
  const imported = mergeFields(
    undefined,
    fields({ hostname: 'web-1', 'business.owner': 'alice', 'custom.rack': 'r1' }),
    write('import', 'import:a.csv'),
  );

  it('records every field of a new asset as a change with its provenance', () => {
    expect(imported.changes.map((c) => c.path)).toEqual([
      'hostname',
      'business.owner',
      'custom.rack',
    ]);
    expect(imported.provenance.get('hostname')).toEqual({
      source: 'import:a.csv',
      kind: 'import',
      observedAt: at(0),
    });
  });

  it('changes nothing when the same values come again, keeping the first provenance', () => {
    const again = mergeFields(
      imported,
      new Map(imported.fields),
      write('import', 'import:a.csv', 5),
    );
    expect(again.changes).toEqual([]);
    expect(again.provenance.get('hostname')?.observedAt).toBe(at(0));
  });

  it('lets discovery fill gaps but never overwrite an imported field', () => {
    const seen = mergeFields(
      imported,
      fields({ 'business.owner': 'probe', 'technical.osVersion': 'RHEL 9' }),
      write('discovery', 'discovery:ssh', 1),
    );
    expect(seen.changes).toEqual([{ path: 'technical.osVersion', after: 'RHEL 9' }]);
    expect(seen.fields.get('business.owner')).toBe('alice');
    expect(seen.fields.get('custom.rack')).toBe('r1');
  });

  it('ignores an observation older than the discovery value it would replace', () => {
    const seen = mergeFields(
      imported,
      fields({ site: 'ams' }),
      write('discovery', 'discovery:ssh', 9),
    );
    const stale = mergeFields(
      seen,
      fields({ site: 'fra' }),
      write('discovery', 'discovery:snmp', 3),
    );
    expect(stale.changes).toEqual([]);
    const newer = mergeFields(
      seen,
      fields({ site: 'fra' }),
      write('discovery', 'discovery:snmp', 12),
    );
    expect(newer.changes).toEqual([{ path: 'site', before: 'ams', after: 'fra' }]);
  });

  it('lets the source priority decide between probes, whatever their times', () => {
    const priority = ['vsphere', 'ssh', 'snmp'];
    const byPriority = (source: string, minute: number) => ({
      ...write('discovery', source, minute),
      priority,
    });
    const seen = mergeFields(imported, fields({ site: 'ams' }), byPriority('discovery:ssh', 5));
    const weaker = mergeFields(seen, fields({ site: 'fra' }), byPriority('discovery:snmp', 9));
    expect(weaker.changes).toEqual([]);
    const stronger = mergeFields(seen, fields({ site: 'fra' }), byPriority('discovery:vsphere', 1));
    expect(stronger.changes).toEqual([{ path: 'site', before: 'ams', after: 'fra' }]);
    const imports = mergeFields(
      imported,
      fields({ hostname: 'x' }),
      byPriority('discovery:vsphere', 1),
    );
    expect(imports.changes).toEqual([]);
  });

  it('keeps manual values against imports, and a file row removes only what its source said', () => {
    const manual = mergeFields(
      imported,
      fields({ hostname: 'web-1', 'business.owner': 'bob', 'custom.rack': 'r1' }),
      write('manual', 'api:jane'),
    );
    const other = mergeFields(manual, fields({ site: 'ams' }), write('import', 'import:b.csv', 2));
    const reimport = mergeFields(
      other,
      fields({ hostname: 'web-1', 'business.owner': 'carol' }),
      write('import', 'import:a.csv', 3),
    );
    expect(reimport.fields.get('business.owner')).toBe('bob');
    expect(reimport.fields.get('site')).toBe('ams');
    expect(reimport.changes).toEqual([{ path: 'custom.rack', before: 'r1' }]);
  });

  it('removes every field a manual replacement leaves out', () => {
    const replaced = mergeFields(
      imported,
      fields({ hostname: 'web-1' }),
      write('manual', 'api:jane'),
    );
    expect([...replaced.fields.keys()]).toEqual(['hostname']);
    expect(replaced.changes.map((c) => c.path)).toEqual(['business.owner', 'custom.rack']);
  });
});

describe('fieldsOf', () => {
  it('flattens an asset into field paths, lists and custom columns included', () => {
    expect([
      ...fieldsOf({
        id: 'a',
        capacity: { cores: 2 },
        business: { compliance: ['pci'] },
        custom: { 'Rack.Unit': '4' },
      }),
    ]).toEqual([
      ['capacity.cores', 2],
      ['business.compliance', ['pci']],
      ['custom.Rack.Unit', '4'],
    ]);
  });
});
