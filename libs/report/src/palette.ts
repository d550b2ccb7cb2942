/**
 * Colour-blind-safe colours (Paul Tol's schemes, https://personal.sron.nl/~pault/):
 * "muted" for stacked layers, a light grey for "others", "bright" for single series and
 * YlOrBr for sequential utilization.
 */

/** Qualitative colours for up to nine stacked layers, bottom first. */
export const LAYER_COLORS: readonly string[] = [
  '#332288',
  '#88CCEE',
  '#117733',
  '#DDCC77',
  '#CC6677',
  '#44AA99',
  '#AA4499',
  '#999933',
  '#882255',
];

/** The "others" layer of a stack. */
export const OTHERS_COLOR = '#C8C8C8';

/** Single-series colours. */
export const SERIES_COLOR = '#4477AA';
export const CAPACITY_COLOR = '#222222';
export const USABLE_COLOR = '#EE6677';
export const MULTIPLE_COLOR = '#8C8C8C';
/** Shade of data gaps on time charts (drawn translucent, stronger where more is missing). */
export const GAP_COLOR = '#555555';
/** The same shade as an opaque swatch of a half-missing gap, for legends. */
export const GAP_SWATCH_COLOR = '#D3D3D3';

/** Paul Tol's YlOrBr ramp, light to dark (RGB). */
export const YL_OR_BR: readonly [number, number, number][] = [
  [0xff, 0xff, 0xe5],
  [0xff, 0xf7, 0xbc],
  [0xfe, 0xe3, 0x91],
  [0xfe, 0xc4, 0x4f],
  [0xfb, 0x9a, 0x29],
  [0xec, 0x70, 0x14],
  [0xcc, 0x4c, 0x02],
  [0x99, 0x34, 0x04],
  [0x66, 0x25, 0x06],
];

/**
 * Utilization above usable capacity (exceedance: the percentile allowed it, or the plan is
 * invalid) stands out in red; exactly at the usable limit (rounds to 100 %) is a full but
 * planned host, drawn in a distinct blue so that it does not read as overload.
 */
export const OVER_CAPACITY_COLOR = '#CC3311';
export const AT_LIMIT_COLOR = '#0077BB';
/** Shares from here up to 1 display as 100 % and take AT_LIMIT_COLOR. */
export const AT_LIMIT_FROM = 0.995;
/** The ramp stops at this step of YlOrBr: its darkest browns would read as alarm. */
const RAMP_STEPS = 7;

const hex = (n: number): string => Math.round(n).toString(16).padStart(2, '0').toUpperCase();

/** Sequential colour of a share in [0, 1] on YlOrBr (light = low), without the darkest browns. */
export function rampColor(share: number): string {
  if (!Number.isFinite(share)) return '#FFFFFF';
  const x = Math.min(1, Math.max(0, share)) * (RAMP_STEPS - 1);
  const i = Math.min(RAMP_STEPS - 2, Math.floor(x));
  const f = x - i;
  const a = YL_OR_BR[i] as [number, number, number];
  const b = YL_OR_BR[i + 1] as [number, number, number];
  return `#${hex(a[0] + (b[0] - a[0]) * f)}${hex(a[1] + (b[1] - a[1]) * f)}${hex(a[2] + (b[2] - a[2]) * f)}`;
}

/** Colour of a share of usable capacity: the ramp below the limit, then "at limit", then "over". */
export function utilizationColor(share: number): string {
  if (!Number.isFinite(share)) return '#FFFFFF';
  if (share > 1 + 1e-9) return OVER_CAPACITY_COLOR;
  if (share >= AT_LIMIT_FROM) return AT_LIMIT_COLOR;
  return rampColor(share);
}

/** Text colour readable on `utilizationColor(share)`. */
export function utilizationTextColor(share: number): string {
  return share > 0.55 ? '#FFFFFF' : '#222222';
}
