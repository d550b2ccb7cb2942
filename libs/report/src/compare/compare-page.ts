import { escapeHtml, htmlTable } from '../html';
import { renderPage } from '../page';

/** A plan comparison already reduced to text: figures side by side and difference sentences. */
export interface ComparisonPageInput {
  /** First row: '' then plan names; then a label and one cell per plan. */
  readonly table: readonly (readonly string[])[];
  /** Per plan after the first: its differences against the first, one sentence each. */
  readonly differences: readonly { readonly name: string; readonly lines: readonly string[] }[];
  readonly identical: boolean;
}

/** compare.html: a self-contained page (no network) of a plan comparison. */
export function renderComparisonPage(input: ComparisonPageInput): string {
  const [head = [], ...rows] = input.table;
  const names = head.slice(1);
  const figures = htmlTable(
    head.map(escapeHtml),
    rows.map((r) => r.map(escapeHtml)),
    { numericColumns: names.map((_, i) => i + 1) },
  );
  const first = escapeHtml(names[0] ?? '');
  const differences = input.identical
    ? '<p>no difference</p>'
    : input.differences
        .map(
          (d) =>
            `<h3>${escapeHtml(d.name)} vs ${first}</h3>` +
            (d.lines.length === 0
              ? '<p>same assets, models and co-location</p>'
              : `<ul>${d.lines.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>`),
        )
        .join('\n');
  return renderPage({
    title: 'Plan comparison',
    subtitle: `<p class="sub">${names.map(escapeHtml).join(' · ')}</p>`,
    sections: [
      { id: 'figures', title: 'Plans side by side', html: figures },
      { id: 'differences', title: 'Differences by asset', html: differences },
    ],
  });
}
