/**
 * Data gaps on the time axis: ranges of slots where part of the estate's series had no
 * sample, so the planner's gap policy filled them. Drawn as shaded bands, darker where
 * more is missing.
 */

/** A shaded range of slots `[from, to)`; `missing` is the share (0..1) of unmeasured series. */
export interface GapBand {
  readonly from: number;
  readonly to: number;
  /** Largest unmeasured share in the range, rounded up to a quarter (0.25, 0.5, 0.75, 1). */
  readonly missing: number;
}

/** Buckets the axis is cut into for gap bands at most, so a chart carries at most this many bands. */
export const MAX_GAP_BUCKETS = 200;

const LEVELS = 4;

/** The quarter (0, 0.25 … 1) a missing share rounds up to; 0 only when nothing is missing. */
const level = (missing: number): number =>
  missing <= 1e-6 ? 0 : Math.ceil(Math.min(1, missing) * LEVELS - 1e-9) / LEVELS;

/**
 * Gap bands of a `measured` array (per slot, share 0..1 of measured series with a sample;
 * see ReportInput.measured). The slots are cut into at most `maxBuckets` buckets of
 * consecutive slots; a bucket's level is the largest unmeasured share of its slots
 * (so a one-slot gap still shows), and neighbouring buckets of the same level merge.
 * Returns no band when `measured` is not `slots` long or when nothing was measured at all
 * (then every value is assumed, not a gap; see `nothingMeasured`).
 */
export function gapBands(
  measured: ArrayLike<number> | undefined,
  slots: number,
  maxBuckets = MAX_GAP_BUCKETS,
): GapBand[] {
  if (!measured || measured.length !== slots || slots === 0 || nothingMeasured(measured)) return [];
  const buckets = Math.max(1, Math.min(slots, Math.floor(maxBuckets)));
  const bands: GapBand[] = [];
  let open: { from: number; to: number; missing: number } | undefined;
  for (let b = 0; b < buckets; b++) {
    const from = Math.floor((b * slots) / buckets);
    const to = Math.floor(((b + 1) * slots) / buckets);
    let worst = 0;
    for (let t = from; t < to; t++) {
      const m = measured[t] as number;
      const missing = m === m ? 1 - m : 1;
      if (missing > worst) worst = missing;
    }
    const missing = level(worst);
    if (open && open.missing === missing) {
      open.to = to;
      continue;
    }
    if (open) bands.push(open);
    open = missing > 0 ? { from, to, missing } : undefined;
  }
  if (open) bands.push(open);
  return bands;
}

/** Whether no slot has any measured sample (every series assumed, or no series at all). */
export function nothingMeasured(measured: ArrayLike<number>): boolean {
  for (let t = 0; t < measured.length; t++) if ((measured[t] as number) > 0) return false;
  return true;
}

/** Slots where some measured series has no sample (`measured < 1`). */
export function gapSlots(measured: ArrayLike<number>): number {
  let n = 0;
  for (let t = 0; t < measured.length; t++) if (!((measured[t] as number) >= 1 - 1e-6)) n++;
  return n;
}

/** Fill opacity of a band: stronger where more is missing (0.14 at a quarter, 0.5 when all is). */
export const gapOpacity = (missing: number): number =>
  Math.round((0.02 + 0.48 * missing) * 100) / 100;

/** What fills a gap under each policy, in words. */
export const GAP_POLICY_WORDS: Readonly<Record<'profile' | 'hold' | 'zero', string>> = {
  profile: "the server's own hour-of-week profile",
  hold: 'the last measured value',
  zero: 'zero demand',
};

/** What the charts shade and say about the estate's data gaps. */
export interface DataGaps {
  readonly bands: readonly GapBand[];
  /** Slots with some series unmeasured (exact, not at band resolution). */
  readonly slots: number;
  /** What filled the gaps, in words; absent for plans that do not record the policy (v1). */
  readonly filledBy?: string;
  /** Legend text: `data gap (filled by the last measured value)`, or `data gap`. */
  readonly label: string;
  /** A measured array was given and no slot of it has a sample (every series assumed). */
  readonly nothingMeasured: boolean;
}

/** The data gaps of a plan from ReportInput.measured (none when it is absent or of the wrong length). */
export function dataGapsOf(
  measured: ArrayLike<number> | undefined,
  slots: number,
  gaps: 'profile' | 'hold' | 'zero' | undefined,
): DataGaps {
  const usable = measured !== undefined && measured.length === slots && slots > 0;
  const filledBy = gaps === undefined ? undefined : GAP_POLICY_WORDS[gaps];
  const bands = gapBands(measured, slots);
  return {
    bands,
    slots: usable && bands.length > 0 ? gapSlots(measured) : 0,
    ...(filledBy !== undefined ? { filledBy } : {}),
    label: filledBy === undefined ? 'data gap' : `data gap (filled by ${filledBy})`,
    nothingMeasured: usable && nothingMeasured(measured),
  };
}
