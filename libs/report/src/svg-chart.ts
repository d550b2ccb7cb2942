import { escapeHtml } from './html';
import { formatCompact } from './format';
import { GAP_COLOR } from './palette';
import type { TimeAxis } from './time-axis';

/** One filled layer of a stacked area; `values[p]` is the layer's own value at point p. */
export interface ChartLayer {
  readonly values: ArrayLike<number>;
  readonly color: string;
}

/** A horizontal reference line (a capacity), labelled in the right margin. */
export interface ReferenceLine {
  readonly value: number;
  readonly label: string;
  readonly color: string;
  /** Dashed lines are secondary references; solid ones are drawn thicker. */
  readonly dashed?: boolean;
}

/** A range of slots `[from, to)` shaded over the plot (data gaps), drawn above the areas. */
export interface ShadedRange {
  readonly from: number;
  readonly to: number;
  /** Fill opacity 0..1 of the shade colour. */
  readonly opacity: number;
  /** Hover text (escaped here); omitted to keep many small charts light. */
  readonly title?: string;
}

export interface TimeChartSpec {
  /** Accessible description of the chart (escaped here). */
  readonly label: string;
  readonly axis: TimeAxis;
  /** Y-axis title with unit, e.g. `CPU (MHz)` (escaped here). */
  readonly yTitle: string;
  /** The slot each point stands for, ascending. */
  readonly pointSlots: readonly number[];
  /** Stacked layers, bottom first. */
  readonly layers: readonly ChartLayer[];
  readonly references?: readonly ReferenceLine[];
  readonly shaded?: readonly ShadedRange[];
  /** Colour of `shaded` ranges, default GAP_COLOR. */
  readonly shadeColor?: string;
  readonly width?: number;
  readonly height?: number;
}

const MARGIN = { top: 10, right: 92, bottom: 38, left: 58 };
const Y_TICKS = 5;

/** A "nice" step (1, 2, 2.5 or 5 × 10^k) for about `count` intervals up to `max`. */
export function niceStep(max: number, count: number): number {
  if (!(max > 0)) return 1;
  const raw = max / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].find((m) => m * magnitude >= raw) ?? 10;
  return step * magnitude;
}

/** Rounds a pixel coordinate to 0.1 and prints it without a trailing `.0`. */
const px = (v: number): string => String(Math.round(v * 10) / 10);

/**
 * An SVG chart of stacked areas over the time axis with capacity reference lines. Each
 * layer is drawn as the area under its cumulative top, from the top layer down, so each
 * path needs only one edge (half the bytes of band polygons).
 */
export function renderTimeChart(spec: TimeChartSpec): string {
  const width = spec.width ?? 560;
  const height = spec.height ?? 220;
  const { top, right, bottom, left } = MARGIN;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const base = top + plotH;
  const slots = Math.max(1, spec.axis.slots);

  const cumulative: Float64Array[] = [];
  const running = new Float64Array(spec.pointSlots.length);
  for (const layer of spec.layers) {
    for (let p = 0; p < running.length; p++) {
      const v = layer.values[p] ?? 0;
      running[p] = (running[p] as number) + (v === v ? v : 0);
    }
    cumulative.push(Float64Array.from(running));
  }
  let dataMax = 0;
  for (const v of running) dataMax = Math.max(dataMax, v);
  const references = spec.references ?? [];
  for (const r of references) dataMax = Math.max(dataMax, r.value);
  const step = niceStep(dataMax, Y_TICKS);
  const yMax = Math.max(step, Math.ceil((dataMax * 1.02) / step) * step);

  const xOf = (slot: number): number => left + (slot / slots) * plotW;
  const yOf = (value: number): number => base - (value / yMax) * plotH;

  const parts: string[] = [];
  for (let v = 0; v <= yMax + step / 1e6; v += step) {
    const y = px(yOf(v));
    parts.push(`<line class="grid" x1="${left}" x2="${left + plotW}" y1="${y}" y2="${y}"/>`);
    parts.push(
      `<text class="yt" x="${left - 5}" y="${y}" dy="0.32em">${escapeHtml(formatCompact(v))}</text>`,
    );
  }
  for (const tick of spec.axis.ticks) {
    const x = px(xOf(tick.slot));
    parts.push(`<line class="grid" x1="${x}" x2="${x}" y1="${top}" y2="${base + 4}"/>`);
    parts.push(`<text class="xt" x="${x}" y="${base + 15}">${escapeHtml(tick.label)}</text>`);
  }

  const xs = spec.pointSlots.map((s) => px(xOf(s + 0.5)));
  for (let k = cumulative.length - 1; k >= 0; k--) {
    const layer = spec.layers[k];
    const tops = cumulative[k];
    if (!layer || !tops || xs.length === 0) continue;
    parts.push(
      `<path fill="${layer.color}" d="${areaPath(xs, tops, yOf, left, left + plotW, base)}"/>`,
    );
  }

  const shadeColor = spec.shadeColor ?? GAP_COLOR;
  for (const range of spec.shaded ?? []) {
    const x = xOf(range.from);
    const hover = range.title ? `<title>${escapeHtml(range.title)}</title>` : '';
    parts.push(
      `<rect x="${px(x)}" y="${top}" width="${px(Math.max(0.5, xOf(range.to) - x))}" height="${plotH}" ` +
        `fill="${shadeColor}" fill-opacity="${range.opacity}">${hover}</rect>`,
    );
  }

  let lastLabelY = Number.POSITIVE_INFINITY;
  const sorted = [...references].sort((a, b) => a.value - b.value);
  for (const r of sorted) {
    const y = yOf(r.value);
    const dash = r.dashed ? ' stroke-dasharray="4 3"' : '';
    const widthAttr = r.dashed ? '1' : '1.6';
    parts.push(
      `<line x1="${left}" x2="${left + plotW}" y1="${px(y)}" y2="${px(y)}" stroke="${r.color}" stroke-width="${widthAttr}"${dash}/>`,
    );
    // Labels closer than a line of text would overlap: keep the lower one only.
    if (lastLabelY - y >= 11) {
      parts.push(
        `<text class="rl" x="${left + plotW + 4}" y="${px(y)}" dy="0.32em" fill="${r.color}">${escapeHtml(r.label)}</text>`,
      );
      lastLabelY = y;
    }
  }

  parts.push(`<line class="axis" x1="${left}" x2="${left + plotW}" y1="${base}" y2="${base}"/>`);
  parts.push(`<line class="axis" x1="${left}" x2="${left}" y1="${top}" y2="${base}"/>`);
  parts.push(
    `<text class="at" x="${left + plotW / 2}" y="${height - 4}">${escapeHtml(spec.axis.title)}</text>`,
  );
  parts.push(
    `<text class="at" transform="translate(13 ${top + plotH / 2}) rotate(-90)">${escapeHtml(spec.yTitle)}</text>`,
  );
  return (
    `<svg class="chart" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(spec.label)}">` +
    parts.join('') +
    '</svg>'
  );
}

/** The area under `tops`, stretched to the plot edges so the first and last point reach them. */
function areaPath(
  xs: readonly string[],
  tops: Float64Array,
  yOf: (v: number) => number,
  xStart: number,
  xEnd: number,
  base: number,
): string {
  // Whole pixels: half a pixel of height is invisible and the area paths are most of a
  // large report's bytes.
  const ys = Array.from(tops, (v) => String(Math.round(yOf(v))));
  const coords: string[] = [`M${xStart},${base}`, `${xStart},${ys[0] ?? base}`];
  for (let p = 0; p < xs.length; p++) coords.push(`${xs[p]},${ys[p]}`);
  coords.push(`${xEnd},${ys[ys.length - 1] ?? base}`, `${xEnd},${base}Z`);
  return coords.join(' ');
}
