import { candidateHits, explainPair, fitHits, pairHits, scoreOf } from './evaluate';
import { ISSUE_RULES, assetOf, oneRule, ruleSetOf, targetOf } from './rules.fixture';

const ids = (hits: readonly { ruleId: string }[]): string[] => hits.map((h) => h.ruleId);

describe('pairHits', () => {
  it('fires same on different scalars, ignoring case and spaces, and not when one side is absent', () => {
    const rules = oneRule(
      '{ id: env, kind: pair, require: { same: environment }, severity: hard }',
    );
    const prod = assetOf('a', { environment: 'prod' });
    expect(pairHits(rules, prod, assetOf('b', { environment: ' PROD ' }))).toEqual([]);
    expect(pairHits(rules, prod, assetOf('c', { environment: 'test' }))).toEqual([
      {
        ruleId: 'env',
        severity: 'hard',
        penalty: 100,
        detail: 'environment differs: prod vs test',
      },
    ]);
    expect(pairHits(rules, prod, assetOf('d'))).toEqual([]);
  });

  it('compares lists as sets for same', () => {
    const rules = oneRule('{ id: pci, kind: pair, require: { same: compliance }, severity: hard }');
    const a = assetOf('a', { compliance: ['pci', 'sox'] });
    expect(pairHits(rules, a, assetOf('b', { compliance: ['SOX', 'pci', 'pci'] }))).toEqual([]);
    expect(pairHits(rules, a, assetOf('c', { compliance: ['pci'] }))[0]?.detail).toBe(
      'compliance differs: pci;sox vs pci',
    );
  });

  it('fires intersect only when both have values and share none', () => {
    const rules = oneRule(
      '{ id: vlan, kind: pair, require: { intersect: vlans }, severity: hard }',
    );
    const a = assetOf('a', {}, { vlans: ['10', '20'] });
    expect(pairHits(rules, a, assetOf('b', {}, { vlans: ['20', '30'] }))).toEqual([]);
    expect(pairHits(rules, a, assetOf('c', {}, { vlans: ['30'] }))[0]?.detail).toBe(
      'vlans share no value: 10;20 vs 30',
    );
    expect(pairHits(rules, a, assetOf('d', {}, { vlans: [] }))).toEqual([]);
  });

  it('fires different on equal non-empty values only', () => {
    const rules = oneRule(
      '{ id: dr, kind: pair, require: { different: dr_group }, severity: hard }',
    );
    const a = assetOf('a', { drGroup: 'DR-1' });
    expect(pairHits(rules, a, assetOf('b', { drGroup: 'dr-1' }))[0]?.detail).toBe(
      'both dr_group dr-1: they may not share a host',
    );
    expect(pairHits(rules, a, assetOf('c', { drGroup: 'dr-2' }))).toEqual([]);
    expect(pairHits(rules, assetOf('x', { drGroup: '' }), assetOf('y', { drGroup: '' }))).toEqual(
      [],
    );
  });

  it('fires overlap when common maintenance time in UTC is shorter than min_minutes', () => {
    const rules = oneRule(
      '{ id: mw, kind: pair, require: { overlap: maintenance_window, min_minutes: 60 }, severity: soft, penalty: 40 }',
    );
    // Saturday 22:00–02:00 local in Paris = Saturday 21:00–01:00 UTC in winter (UTC+1),
    // 20:00–00:00 UTC in summer (UTC+2): the weakest week of the year decides.
    const sat22 = 5 * 1440 + 22 * 60;
    const paris = assetOf('paris', {
      maintenanceWindows: [{ start: sat22, minutes: 240 }],
      maintenanceTimezone: 'Europe/Paris',
    });
    const utc = (start: number, minutes: number): ReturnType<typeof assetOf> =>
      assetOf(`utc-${start}`, {
        maintenanceWindows: [{ start, minutes }],
        maintenanceTimezone: 'UTC',
      });
    expect(pairHits(rules, paris, utc(5 * 1440 + 21 * 60, 60))).toEqual([]);
    const hit = pairHits(rules, paris, utc(5 * 1440 + 20 * 60 + 30, 60))[0];
    expect(hit).toEqual({
      ruleId: 'mw',
      severity: 'soft',
      penalty: 40,
      detail:
        'maintenance windows overlap 30 min in the week from 2025-01-06 (less than 60): ' +
        'Sat 21:00+240m UTC, -60m 2025-03-30 01:00–2025-10-26 01:00 UTC vs Sat 20:30+60m UTC',
    });
    // An offset zone, and a window wrapping past Sunday 24:00 into Monday.
    const sun23 = 6 * 1440 + 23 * 60;
    const wrapping = assetOf('w', {
      maintenanceWindows: [{ start: 60, minutes: 120 }],
      maintenanceTimezone: '+02:00',
    });
    expect(pairHits(rules, wrapping, utc(sun23, 90))).toEqual([]);
    expect(pairHits(rules, paris, assetOf('none'))).toEqual([]);
  });

  it('fires a limit of one per host when both carry the value, never for a larger limit', () => {
    const dc = oneRule(
      '{ id: dc, kind: pair, limit: { attribute: role, value: Domain-Controller, max_per_host: 1 }, severity: hard }',
    );
    const a = assetOf('a', { role: 'domain-controller' });
    expect(pairHits(dc, a, assetOf('b', { role: 'domain-controller' }))[0]?.detail).toBe(
      'both role domain-controller: at most 1 per host',
    );
    expect(pairHits(dc, a, assetOf('c', { role: 'web' }))).toEqual([]);
    const two = oneRule(
      '{ id: dc, kind: pair, limit: { attribute: role, value: dc, max_per_host: 2 }, severity: hard }',
    );
    expect(pairHits(two, assetOf('x', { role: 'dc' }), assetOf('y', { role: 'dc' }))).toEqual([]);
  });

  it('applies a when filter only when both assets match it', () => {
    const rules = oneRule(
      '{ id: dept, kind: pair, require: { same: department }, severity: soft, penalty: 20, when: { environment: [prod, staging] } }',
    );
    const prodFin = assetOf('a', { environment: 'prod', department: 'finance' });
    expect(
      ids(pairHits(rules, prodFin, assetOf('b', { environment: 'Staging', department: 'hr' }))),
    ).toEqual(['dept']);
    expect(
      pairHits(rules, prodFin, assetOf('c', { environment: 'test', department: 'hr' })),
    ).toEqual([]);
    expect(pairHits(rules, prodFin, assetOf('d', { department: 'hr' }))).toEqual([]);
  });

  it('reads custom columns by their normalized header name', () => {
    const rules = oneRule(
      '{ id: zone, kind: pair, require: { same: security_zone }, severity: hard }',
    );
    const a = assetOf('a', {}, {}, { 'Security Zone': 'DMZ' });
    expect(ids(pairHits(rules, a, assetOf('b', {}, {}, { 'security-zone': 'core' })))).toEqual([
      'zone',
    ]);
    expect(pairHits(rules, a, assetOf('c', {}, {}, { security_zone: 'dmz' }))).toEqual([]);
  });
});

describe('candidateHits', () => {
  it('names the forbidden values found, with the remediation', () => {
    const rules = ruleSetOf(ISSUE_RULES);
    expect(
      candidateHits(rules, assetOf('a', {}, { peripherals: ['gpu', 'Fax', 'usb-dongle'] })),
    ).toEqual([
      {
        ruleId: 'periph',
        severity: 'hard',
        penalty: 100,
        detail:
          'peripherals include fax, usb-dongle (forbidden: fax, usb-dongle, serial, parallel, tape)',
        remediation: 'Keep physical, or move the device to USB/serial-over-IP',
      },
    ]);
    expect(candidateHits(rules, assetOf('b', {}, { peripherals: ['gpu'] }))).toEqual([]);
    expect(candidateHits(rules, assetOf('c'))).toEqual([]);
  });

  it('reads a scalar attribute as a one-value list', () => {
    const rules = oneRule(
      '{ id: st, kind: candidate, forbid: { any_of: storage, in: [nas] }, severity: soft, penalty: 10 }',
    );
    expect(ids(candidateHits(rules, assetOf('a', {}, { storage: 'nas' })))).toEqual(['st']);
  });
});

describe('fitHits', () => {
  const rules = ruleSetOf(ISSUE_RULES);
  it('fires in when the target lists values and lacks the asset’s, never for an empty list', () => {
    const solaris = assetOf('s', {}, { osFamily: 'Solaris' });
    expect(fitHits(rules, solaris, targetOf('std', { supportedOs: ['windows', 'linux'] }))).toEqual(
      [
        {
          ruleId: 'os',
          severity: 'hard',
          penalty: 100,
          detail: 'os_family solaris not in supported_os of target std (linux, windows)',
        },
      ],
    );
    expect(fitHits(rules, solaris, targetOf('any', { supportedOs: [] }))).toEqual([]);
    expect(fitHits(rules, solaris, targetOf('sol', { supportedOs: ['solaris'] }))).toEqual([]);
    expect(fitHits(rules, assetOf('x'), targetOf('std', { supportedOs: ['linux'] }))).toEqual([]);
  });

  it('fires implies when the asset needs it and the target lacks it', () => {
    const ups = assetOf('u', {}, { upsRequired: true });
    expect(ids(fitHits(rules, ups, targetOf('plain')))).toEqual(['ups']);
    expect(fitHits(rules, ups, targetOf('plain'))[0]?.detail).toBe(
      'ups_required is true but ups_backed of target plain is (none)',
    );
    expect(fitHits(rules, ups, targetOf('backed', { upsBacked: true }))).toEqual([]);
    expect(fitHits(rules, assetOf('n', {}, { upsRequired: false }), targetOf('plain'))).toEqual([]);
  });
});

describe('explainPair', () => {
  it('lists every pair rule with its outcome, the values on both sides and the score', () => {
    const rules = ruleSetOf(ISSUE_RULES);
    const a = assetOf(
      'a',
      { environment: 'prod', department: 'finance', drGroup: 'g1' },
      { vlans: ['10'] },
    );
    const b = assetOf(
      'b',
      { environment: 'prod', department: 'hr', drGroup: 'g2' },
      { vlans: ['10', '20'] },
    );
    const explanation = explainPair(rules, a, b);
    expect(explanation.score).toBe(80);
    const byId = Object.fromEntries(explanation.rules.map((r) => [r.ruleId, r]));
    expect(Object.keys(byId)).toEqual([
      'env',
      'vlan',
      'pci',
      'dr',
      'spread',
      'mw',
      'dept',
      'dc-per-host',
    ]);
    expect(byId['env']).toEqual({
      ruleId: 'env',
      outcome: 'passes',
      values: { environment: { a: 'prod', b: 'prod' } },
      detail: 'both environment prod',
    });
    expect(byId['vlan']?.detail).toBe('vlans share 10');
    expect(byId['pci']).toMatchObject({ outcome: 'passes', detail: 'both compliance (none)' });
    expect(byId['dr']).toMatchObject({ outcome: 'passes', detail: 'dr_group differs: g1 vs g2' });
    expect(byId['dept']).toEqual({
      ruleId: 'dept',
      outcome: 'fires',
      values: { department: { a: 'finance', b: 'hr' }, environment: { a: 'prod', b: 'prod' } },
      detail: 'department differs: finance vs hr',
    });
    const test = assetOf('t', { environment: 'test', department: 'hr' });
    const other = explainPair(rules, a, test);
    expect(other.score).toBe(0);
    expect(other.rules.find((r) => r.ruleId === 'dept')?.detail).toBe(
      'when environment: prod does not match t',
    );
  });
});

describe('scoreOf', () => {
  it('is 100 without hits, 0 with a hard hit, else 100 minus the penalties but at least 1', () => {
    const soft = (penalty: number) => ({
      ruleId: 's',
      severity: 'soft' as const,
      penalty,
      detail: '',
    });
    expect(scoreOf([])).toBe(100);
    expect(scoreOf([soft(40), soft(20)])).toBe(40);
    expect(scoreOf([soft(70), soft(70)])).toBe(1);
    expect(scoreOf([soft(10), { ...soft(100), severity: 'hard' }])).toBe(0);
  });
});

describe('same on a list attribute', () => {
  const pci = oneRule('{ id: pci, kind: pair, require: { same: compliance }, severity: hard }');
  const env = oneRule('{ id: env, kind: pair, require: { same: environment }, severity: hard }');

  it('keeps a tagged server apart from an untagged one (the empty set is a value)', () => {
    const tagged = assetOf('a', { compliance: ['pci'] });
    const untagged = assetOf('b', {});
    expect(pairHits(pci, tagged, untagged).map((h) => h.ruleId)).toEqual(['pci']);
    expect(pairHits(pci, untagged, assetOf('c', {}))).toEqual([]);
  });

  it('leaves a server without a scalar value unconstrained', () => {
    expect(pairHits(env, assetOf('a', { environment: 'prod' }), assetOf('b', {}))).toEqual([]);
  });
});
