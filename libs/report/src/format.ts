/**
 * Locale-independent number, duration and date formatting: the report must be
 * byte-identical for the same input on any machine, so nothing here calls
 * `toLocaleString` or reads the local time zone.
 */

/** `1234567.8` → `"1,234,568"`; `decimals` digits after the point (default 0). */
export function formatNumber(value: number, decimals = 0): string {
  if (!Number.isFinite(value)) return '–';
  const fixed = Math.abs(value).toFixed(decimals);
  const [whole = '0', fraction] = fixed.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const sign = value < 0 && Number(fixed) !== 0 ? '−' : '';
  return fraction === undefined ? `${sign}${grouped}` : `${sign}${grouped}.${fraction}`;
}

/** A quantity with at most one decimal, dropped when the value is whole: `12.5`, `48`. */
export function formatQuantity(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  return formatNumber(rounded, Number.isInteger(rounded) ? 0 : 1);
}

/** Share (0..1) as a whole percentage: `0.873` → `"87%"`; tiny non-zero shares → `"<1%"`. */
export function formatPercent(share: number): string {
  if (!Number.isFinite(share)) return '–';
  if (share > 0 && share < 0.005) return '<1%';
  return `${formatNumber(share * 100)}%`;
}

/** Short axis label: `950`, `12.5k`, `1.25M`. */
export function formatCompact(value: number): string {
  const abs = Math.abs(value);
  const trim = (v: number): string => String(Math.round(v * 100) / 100);
  if (abs >= 1e9) return `${trim(value / 1e9)}G`;
  if (abs >= 1e6) return `${trim(value / 1e6)}M`;
  if (abs >= 1e3) return `${trim(value / 1e3)}k`;
  return trim(value);
}

/** `300` → `"5 min"`, `3600` → `"1 h"`, `2592000` → `"30 days"`. */
export function formatDuration(seconds: number): string {
  const units: readonly [number, string, string][] = [
    [86400, 'day', 'days'],
    [3600, 'h', 'h'],
    [60, 'min', 'min'],
    [1, 's', 's'],
  ];
  for (const [size, one, many] of units) {
    if (seconds >= size && seconds % size === 0) {
      const n = seconds / size;
      return `${formatNumber(n)} ${n === 1 ? one : many}`;
    }
  }
  return `${formatQuantity(seconds)} s`;
}

export const WEEKDAYS: readonly string[] = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const MONTHS: readonly string[] = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
];

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** Weekday index with Monday = 0, of an instant in epoch seconds (UTC). */
export function weekdayOf(epochSeconds: number): number {
  const days = Math.floor(epochSeconds / 86400);
  // 1970-01-01 was a Thursday (index 3).
  return (((days + 3) % 7) + 7) % 7;
}

/** `"14:05"` (UTC) of an instant in epoch seconds. */
export function formatClock(epochSeconds: number): string {
  const inDay = ((epochSeconds % 86400) + 86400) % 86400;
  return `${pad2(Math.floor(inDay / 3600))}:${pad2(Math.floor((inDay % 3600) / 60))}`;
}

/** `"Tue 4 Jun"` (UTC) of an instant in epoch seconds. */
export function formatDay(epochSeconds: number): string {
  const date = new Date(epochSeconds * 1000);
  const weekday = WEEKDAYS[weekdayOf(epochSeconds)] ?? '';
  return `${weekday} ${date.getUTCDate()} ${MONTHS[date.getUTCMonth()] ?? ''}`;
}

/** `"2024-06-04 14:05 UTC"` of an instant in epoch seconds. */
export function formatDateTime(epochSeconds: number): string {
  const date = new Date(epochSeconds * 1000);
  if (Number.isNaN(date.getTime())) return '–';
  const day = `${date.getUTCFullYear()}-${pad2(date.getUTCMonth() + 1)}-${pad2(date.getUTCDate())}`;
  return `${day} ${formatClock(epochSeconds)} UTC`;
}

/** Formats an ISO-8601 timestamp as `formatDateTime` does, or returns it unchanged. */
export function formatIsoTimestamp(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : formatDateTime(Math.floor(ms / 1000));
}

const RESOURCE_LABELS: Readonly<Record<string, string>> = {
  cpu: 'CPU',
  memory: 'Memory',
  disk: 'Disk',
  network: 'Network',
};

/** Display name of a resource: `cpu` → `CPU`, `memory` → `Memory`. */
export function resourceLabel(resource: string): string {
  return RESOURCE_LABELS[resource] ?? resource;
}

/** `95` → `"95th"`, `1` → `"1st"`, `22` → `"22nd"`, `99.5` → `"99.5th"`. */
export function ordinal(n: number): string {
  const text = formatQuantity(n);
  if (!Number.isInteger(n)) return `${text}th`;
  const teen = n % 100 >= 11 && n % 100 <= 13;
  const suffix = teen ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${text}${suffix}`;
}
