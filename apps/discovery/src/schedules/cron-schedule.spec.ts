import { checkCron, nextRunAfter } from './cron-schedule';

const AMS = 'Europe/Amsterdam';
const next = (cron: string, after: string, zone = AMS) =>
  nextRunAfter(cron, zone, new Date(after))?.toISOString();

describe('nextRunAfter', () => {
  // 2026-03-29, the last Sunday of March: Amsterdam skips 02:00–03:00 CET (01:00Z).
  it('runs a daily 02:30 in the skipped hour at 03:00 CEST, then at 02:30 CEST', () => {
    expect(next('30 2 * * *', '2026-03-28T12:00:00Z')).toBe('2026-03-29T01:00:00.000Z');
    expect(next('30 2 * * *', '2026-03-29T01:00:00Z')).toBe('2026-03-30T00:30:00.000Z');
  });

  it('keeps the local hour across the change: 09:00 CET on Friday, 09:00 CEST on Monday', () => {
    expect(next('0 9 * * 1-5', '2026-03-27T07:59:00Z')).toBe('2026-03-27T08:00:00.000Z');
    expect(next('0 9 * * 1-5', '2026-03-27T08:00:00Z')).toBe('2026-03-30T07:00:00.000Z');
  });

  it('skips the times of a stepped pattern that do not exist that night', () => {
    // 01:30 CET (00:30Z) is followed by 03:00 CEST (01:00Z): 02:00 and 02:30 never happen.
    expect(next('*/30 * * * *', '2026-03-29T00:30:00Z')).toBe('2026-03-29T01:00:00.000Z');
  });

  it('runs a fixed time that occurs twice (last Sunday of October) once', () => {
    expect(next('30 2 * * *', '2026-10-24T12:00:00Z')).toBe('2026-10-25T00:30:00.000Z');
    expect(next('30 2 * * *', '2026-10-25T00:30:00Z')).toBe('2026-10-26T01:30:00.000Z');
  });

  it('is strictly after the given instant, on whole minutes', () => {
    expect(next('* * * * *', '2026-03-29T00:31:00Z', 'UTC')).toBe('2026-03-29T00:32:00.000Z');
    expect(next('* * * * *', '2026-03-29T00:31:00.500Z', 'UTC')).toBe('2026-03-29T00:32:00.000Z');
  });

  it('reads the same pattern in UTC an hour later than in Amsterdam in winter', () => {
    expect(next('0 2 * * *', '2026-01-10T12:00:00Z', 'UTC')).toBe('2026-01-11T02:00:00.000Z');
    expect(next('0 2 * * *', '2026-01-10T12:00:00Z')).toBe('2026-01-11T01:00:00.000Z');
  });
});

describe('checkCron', () => {
  it('accepts a 5-field expression and gives the zone its canonical name', () => {
    expect(checkCron('0 2 * * *', AMS)).toEqual({ ok: true, timeZone: AMS });
    expect(checkCron(' */5  *  * * MON-FRI ', 'utc')).toEqual({ ok: true, timeZone: 'UTC' });
  });

  it('names cron and why for a wrong field count, a bad value or a time that never comes', () => {
    expect(checkCron('0 0 2 * * *', 'UTC')).toEqual({
      ok: false,
      details: [
        {
          path: 'cron',
          message:
            'must have 5 fields (minute hour day-of-month month day-of-week), found 6 in "0 0 2 * * *"',
        },
      ],
    });
    expect(checkCron('2030-01-23T00:00:00', 'UTC')).toMatchObject({
      ok: false,
      details: [{ path: 'cron', message: expect.stringContaining('found 1') as unknown }],
    });
    expect(checkCron('61 * * * *', 'UTC')).toEqual({
      ok: false,
      details: [
        { path: 'cron', message: 'is not a valid cron expression: Invalid value for minute: 61' },
      ],
    });
    expect(checkCron('0 0 30 2 *', 'UTC')).toEqual({
      ok: false,
      details: [{ path: 'cron', message: '"0 0 30 2 *" never comes due' }],
    });
  });

  it('names timeZone for a zone the runtime does not know, and still checks the cron', () => {
    expect(checkCron('x * * * *', 'Mars/Olympus')).toEqual({
      ok: false,
      details: [
        {
          path: 'timeZone',
          message:
            'unknown time zone "Mars/Olympus": give an IANA name such as Europe/Amsterdam or UTC',
        },
        { path: 'cron', message: expect.stringMatching(/^is not a valid cron expression: /) },
      ],
    });
    expect(checkCron('0 2 * * *', '+01:00')).toMatchObject({
      ok: false,
      details: [{ path: 'timeZone' }],
    });
  });
});
