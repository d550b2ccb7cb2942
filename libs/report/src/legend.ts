import { escapeHtml } from './html';

export interface LegendItem {
  readonly color: string;
  /** Plain text (escaped here). */
  readonly label: string;
  /** Drawn as a line sample instead of a filled box. */
  readonly line?: boolean;
  readonly dashed?: boolean;
}

/** An HTML legend: wraps on narrow screens and prints crisply. */
export function legend(items: readonly LegendItem[]): string {
  const entries = items.map((item) => {
    const kind = item.line ? (item.dashed ? 'sw dash' : 'sw line') : 'sw';
    const style = item.line ? `border-color:${item.color}` : `background:${item.color}`;
    return `<li><span class="${kind}" style="${style}"></span>${escapeHtml(item.label)}</li>`;
  });
  return `<ul class="legend">${entries.join('')}</ul>`;
}
