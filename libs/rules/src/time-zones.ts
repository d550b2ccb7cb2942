import { FixedOffsetZone, IANAZone, type Zone } from 'luxon';

/** A time zone resolved by Luxon, or why the text names none. */
export type ZoneOutcome =
  { readonly ok: true; readonly zone: Zone } | { readonly ok: false; readonly message: string };

/** A stretch of time from `from` (epoch ms) on which a zone keeps `offset` minutes (local = UTC + offset). */
export interface OffsetPhase {
  readonly from: number;
  readonly offset: number;
}

const OFFSET = /^(?:utc|gmt)?\s*([+-])(\d{1,2})(?::?(\d{2}))?$/i;
const MAX_OFFSET_MINUTES = 18 * 60;
const zones = new Map<string, ZoneOutcome>();
const MAX_REMEMBERED = 1_000;

/**
 * The zone of maintenance windows: `UTC`/`GMT`/`Z` or absent/empty (UTC), a fixed offset
 * `±HH:MM`/`±HHMM`/`±HH` (optionally after `UTC`/`GMT`, at most ±18:00), or an IANA name
 * known to Luxon (ICU). Anything else is refused with a message naming the text.
 */
export function resolveZone(text: string | undefined): ZoneOutcome {
  const trimmed = (text ?? '').trim();
  const known = zones.get(trimmed);
  if (known !== undefined) return known;
  const outcome = resolveUncached(trimmed);
  if (zones.size < MAX_REMEMBERED) zones.set(trimmed, outcome);
  return outcome;
}

function resolveUncached(text: string): ZoneOutcome {
  if (text === '' || /^(utc|gmt|z)$/i.test(text))
    return { ok: true, zone: FixedOffsetZone.utcInstance };
  const match = OFFSET.exec(text);
  if (match) {
    const minutes = Number(match[2]) * 60 + Number(match[3] ?? 0);
    if (Number(match[3] ?? 0) < 60 && minutes <= MAX_OFFSET_MINUTES)
      return { ok: true, zone: FixedOffsetZone.instance(match[1] === '-' ? -minutes : minutes) };
  } else {
    const zone = IANAZone.create(text);
    if (zone.isValid) return { ok: true, zone };
  }
  return {
    ok: false,
    message: `unknown time zone "${text}" (expected an IANA name such as Europe/Amsterdam, UTC or an offset such as +01:00)`,
  };
}

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const phaseCache = new Map<string, readonly OffsetPhase[]>();

/**
 * The offsets a zone keeps over [from, to) (epoch ms), first phase starting at `from`;
 * a transition is found to the minute. Offsets are sampled once a day, so two
 * transitions less than a day apart (no zone has them) would be missed. Cached.
 */
export function offsetPhases(zone: Zone, from: number, to: number): readonly OffsetPhase[] {
  if (zone.type === 'fixed') return [{ from, offset: zone.offset(from) }];
  const key = `${zone.name}|${from}|${to}`;
  const cached = phaseCache.get(key);
  if (cached !== undefined) return cached;
  const phases: OffsetPhase[] = [{ from, offset: zone.offset(from) }];
  const samples: number[] = [];
  for (let t = from + DAY_MS; t < to; t += DAY_MS) samples.push(t);
  samples.push(to);
  let previous = from;
  let offset = zone.offset(from);
  for (const t of samples) {
    const next = zone.offset(t);
    if (next !== offset) {
      const at = transitionAfter(zone, previous, t, offset);
      phases.push({ from: at, offset: zone.offset(at) });
      offset = next;
    }
    previous = t;
  }
  if (phaseCache.size >= MAX_REMEMBERED) phaseCache.clear();
  phaseCache.set(key, phases);
  return phases;
}

/** The first minute in (lo, hi] whose offset is not `before` (hi has another offset). */
function transitionAfter(zone: Zone, lo: number, hi: number, before: number): number {
  let a = Math.floor(lo / MINUTE_MS);
  let b = Math.ceil(hi / MINUTE_MS);
  while (b - a > 1) {
    const mid = Math.floor((a + b) / 2);
    if (zone.offset(mid * MINUTE_MS) === before) a = mid;
    else b = mid;
  }
  return b * MINUTE_MS;
}

/** The offset of the phase holding `at` (phases sorted by `from`). */
export function offsetAt(phases: readonly OffsetPhase[], at: number): number {
  let offset = (phases[0] as OffsetPhase).offset;
  for (const p of phases) {
    if (p.from > at) break;
    offset = p.offset;
  }
  return offset;
}
