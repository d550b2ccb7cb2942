/**
 * HTML escaping and element ids. Every string that comes from the input (asset ids, host
 * ids, reasons, titles, file names) goes through `escapeHtml` before it reaches the page.
 */

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for element content and for double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/**
 * Builds a valid, unique element id from free text: letters, digits, `-` and `_` are
 * kept, runs of anything else become `-`, and a numeric suffix resolves collisions with
 * ids already in `taken` (which is updated).
 */
export function uniqueId(prefix: string, text: string, taken: Set<string>): string {
  const slug =
    text
      .toLowerCase()
      .replace(/[^a-z0-9_-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'section';
  const base = `${prefix}${slug}`;
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  taken.add(id);
  return id;
}

/** A `<table>` with a header row; cells are trusted HTML (escape before calling). */
export function htmlTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  options: { readonly className?: string; readonly numericColumns?: readonly number[] } = {},
): string {
  const numeric = new Set(options.numericColumns ?? []);
  const cls = (i: number): string => (numeric.has(i) ? ' class="num"' : '');
  const head = headers.map((h, i) => `<th scope="col"${cls(i)}>${h}</th>`).join('');
  const body = rows
    .map((row) => `<tr>${row.map((cell, i) => `<td${cls(i)}>${cell}</td>`).join('')}</tr>`)
    .join('\n');
  const className = options.className ? ` class="${options.className}"` : '';
  return `<table${className}><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}
