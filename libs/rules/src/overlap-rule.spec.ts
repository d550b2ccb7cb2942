import { analyzeCompatibility } from './compatibility';
import { compileForPlacement } from './compile-placement';
import { explainPair, pairHits } from './evaluate';
import { assetOf, oneRule } from './rules.fixture';

const SUN = 6 * 1440;
const RULE = oneRule(
  '{ id: mw, kind: pair, require: { overlap: maintenance_window, min_minutes: 60 }, severity: hard }',
);

function server(id: string, start: number, minutes: number, zone: string) {
  return assetOf(id, { maintenanceWindows: [{ start, minutes }], maintenanceTimezone: zone });
}

// Sun 02:00–03:00 in Amsterdam and Sun 01:00–03:00 UTC: 60 min in winter, none in summer.
const AMS = server('ams', SUN + 120, 60, 'Europe/Amsterdam');
const UTC = server('utc', SUN + 60, 120, 'UTC');

describe('the overlap rule over a reference year', () => {
  it('fires when the windows miss each other in some week of the year', () => {
    expect(pairHits(RULE, AMS, UTC).map((h) => h.detail)).toEqual([
      'maintenance windows overlap 0 min in the week from 2025-03-31 (less than 60): ' +
        'Sun 01:00+60m UTC, -60m 2025-03-30 01:00–2025-10-26 01:00 UTC vs Sun 01:00+120m UTC',
    ]);
  });

  it('takes its year from the reference instant the caller passes', () => {
    // From 2025-11-03 the summer starts 2026-03-29: the year still holds a summer.
    const november = { referenceUtcMs: Date.UTC(2025, 10, 3) };
    expect(pairHits(RULE, AMS, UTC, november)).toHaveLength(1);
    // Two Amsterdam servers move together. On 2026-03-29 02:00–03:00 does not exist: AMS
    // is closed that week, which asks nothing of its partner.
    const ams2 = server('ams2', SUN + 60, 180, 'Europe/Amsterdam');
    expect(pairHits(RULE, AMS, ams2, november)).toEqual([]);
    expect(explainPair(RULE, AMS, ams2, november).rules[0]?.detail).toBe(
      'maintenance windows overlap 60 min (at least 60): ' +
        'Sun 01:00+60m UTC, -60m 2026-03-29 01:00–2026-10-25 01:00 UTC vs ' +
        'Sun 00:00+180m UTC, -60m 2026-03-29 01:00–2026-10-25 01:00 UTC',
    );
  });

  it('decides fixed offsets as before: a week is a week', () => {
    const plus2 = server('p2', 60, 120, '+02:00'); // Mon 01:00–03:00 = Sun 23:00–Mon 01:00 UTC
    expect(pairHits(RULE, plus2, server('u', SUN + 23 * 60, 90, 'UTC'))).toEqual([]);
    expect(pairHits(RULE, plus2, server('v', SUN + 22 * 60 + 30, 60, 'UTC'))).toHaveLength(1);
  });

  it('lets equal windows share a host even where a switch night swallows them', () => {
    expect(pairHits(RULE, AMS, server('twin', SUN + 120, 60, 'Europe/Amsterdam'))).toEqual([]);
  });

  it('fires for an unknown zone and says which', () => {
    const mars = server('mars', SUN, 1440, 'Mars/Olympus');
    expect(pairHits(RULE, mars, UTC)[0]?.detail).toBe(
      'maintenance windows cannot be compared: mars: unknown time zone "Mars/Olympus" ' +
        '(expected an IANA name such as Europe/Amsterdam, UTC or an offset such as +01:00)',
    );
  });

  it('puts equal behaviour in one class and scores classes as pairs', () => {
    // Paris 02:00 and London 01:00 switch at the same UTC instant: one class.
    const paris = server('paris', SUN + 120, 240, 'Europe/Paris');
    const london = server('london', SUN + 60, 240, 'Europe/London');
    const fixed = server('fixed', SUN + 60, 240, '+00:00');
    const report = analyzeCompatibility(RULE, [paris, london, fixed, AMS, UTC]);
    expect(report.classes.map((c) => c.members)).toEqual([
      ['paris', 'london'],
      ['fixed'],
      ['ams'],
      ['utc'],
    ]);
    const { hard } = compileForPlacement(RULE, [paris, london, fixed, AMS, UTC]);
    const conflicts = hard.pairwise?.[0]?.conflicts;
    // paris–fixed: 240 min in winter, 180 in summer; ams–utc: 0 in summer.
    expect([conflicts?.(0, 1), conflicts?.(0, 2), conflicts?.(3, 4)]).toEqual([false, false, true]);
  });
});
