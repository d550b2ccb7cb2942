import type { ErrorDetail } from '@vplan/contracts';
import { Cron } from 'croner';

const FIELDS = 'minute hour day-of-month month day-of-week';

/** A checked schedule: the zone in its canonical IANA spelling (`utc` → `UTC`). */
export type CronCheck = { ok: true; timeZone: string } | { ok: false; details: ErrorDetail[] };

/**
 * Checks a schedule's time: `cron` has exactly 5 fields (no seconds, years, nicknames or
 * dates) that croner accepts and that come due at some time; `timeZone` is a zone the
 * runtime knows. Each problem is one detail naming `cron` or `timeZone` and why.
 */
export function checkCron(cron: string, timeZone: string): CronCheck {
  const details: ErrorDetail[] = [];
  let zone: string | undefined;
  try {
    zone = new Intl.DateTimeFormat('en-US', { timeZone }).resolvedOptions().timeZone;
  } catch {
    details.push({
      path: 'timeZone',
      message: `unknown time zone "${timeZone}": give an IANA name such as Europe/Amsterdam or UTC`,
    });
  }
  const fields = cron.trim().split(/\s+/).filter(Boolean);
  if (fields.length !== 5) {
    details.push({
      path: 'cron',
      message: `must have 5 fields (${FIELDS}), found ${fields.length} in "${cron}"`,
    });
  } else {
    try {
      if (!cronOf(cron, zone ?? 'UTC').nextRun(new Date())) {
        details.push({ path: 'cron', message: `"${cron}" never comes due` });
      }
    } catch (error) {
      const why = (error as Error).message.replace(/^CronPattern: /, '');
      details.push({ path: 'cron', message: `is not a valid cron expression: ${why}` });
    }
  }
  return details.length > 0 || zone === undefined
    ? { ok: false, details }
    : { ok: true, timeZone: zone };
}

/**
 * The first time strictly after `after` at which a checked `cron` comes due in
 * `timeZone`, or undefined when it never does again. Across a DST change, a fixed time
 * that falls in the skipped hour runs at the first valid time after it, and a fixed time
 * that occurs twice runs once (croner's rule); times of stepped patterns in the skipped
 * hour do not exist.
 */
export function nextRunAfter(cron: string, timeZone: string, after: Date): Date | undefined {
  return cronOf(cron, timeZone).nextRun(after) ?? undefined;
}

function cronOf(cron: string, timeZone: string): Cron {
  return new Cron(cron.trim(), { timezone: timeZone, mode: '5-part', paused: true });
}
