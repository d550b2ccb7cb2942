import { escapeHtml } from './html';

/** One top-level section of the page: `html` is trusted, already-rendered content. */
export interface PageSection {
  readonly id: string;
  /** Plain text (escaped here). */
  readonly title: string;
  readonly html: string;
}

export interface Page {
  /** Plain text (escaped here). */
  readonly title: string;
  /** Trusted HTML under the title. */
  readonly subtitle: string;
  readonly sections: readonly PageSection[];
}

const CSS = `
:root{--ink:#1f2328;--muted:#57606a;--line:#d0d7de;--soft:#f6f8fa}
*{box-sizing:border-box}
body{margin:0;color:var(--ink);background:#fff;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:1120px;margin:0 auto;padding:28px 32px 64px}
h1{font-size:28px;line-height:1.2;margin:0 0 6px}
h2{font-size:22px;margin:44px 0 12px;padding-bottom:4px;border-bottom:2px solid var(--line)}
h3{font-size:16px;margin:22px 0 6px}
a{color:#1f5c99}
.sub{color:var(--muted);margin:0 0 20px}
nav.toc{background:var(--soft);border:1px solid var(--line);border-radius:6px;padding:10px 18px}
nav.toc h2{font-size:15px;margin:0 0 4px;border:0;padding:0}
nav.toc ol{margin:0;padding-left:22px;columns:2}
.lead{font-size:19px;margin:6px 0 14px}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(160px,1fr));gap:12px;margin:0 0 12px}
.card{border:1px solid var(--line);border-radius:6px;padding:10px 14px}
.card .label{font-size:12px;text-transform:uppercase;letter-spacing:.05em;color:var(--muted)}
.card .value{font-size:30px;font-weight:650;line-height:1.25;font-variant-numeric:tabular-nums}
.card .note{font-size:13px;color:var(--muted);min-height:1.2em}
.findings li{margin:3px 0}
table{border-collapse:collapse;margin:6px 0 14px;font-size:14px}
th,td{padding:4px 10px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
th{background:var(--soft);font-weight:600}
.num{text-align:right;font-variant-numeric:tabular-nums}
td ul{margin:0;padding-left:18px}
dl.settings{display:grid;grid-template-columns:max-content 1fr;gap:4px 18px;font-size:14px}
dl.settings dt{font-weight:600}
dl.settings dd{margin:0}
figure{margin:6px 0 14px;min-width:0}
figcaption{font-size:13px;color:var(--muted)}
.chart{display:block;width:100%;height:auto}
.chart text{font-size:11px;fill:#444}
.chart .yt{text-anchor:end}
.chart .xt{text-anchor:middle}
.chart .at{text-anchor:middle;font-size:12px;fill:#222}
.chart .grid{stroke:#e8e8e8}
.chart .axis{stroke:#666}
.chart-pair{display:grid;grid-template-columns:1fr 1fr;gap:8px 20px}
.host-card{border-top:1px solid var(--line);margin-top:10px}
.host-card h3{margin:10px 0 2px}
.legend{list-style:none;margin:4px 0;padding:0;display:flex;flex-wrap:wrap;gap:2px 16px;font-size:13px}
.legend li{display:flex;align-items:center;gap:6px;overflow-wrap:anywhere}
.sw{flex:none;display:inline-block;width:12px;height:12px;border-radius:2px}
.sw.line,.sw.dash{width:20px;height:0;border-radius:0;border-top:2px solid}
.sw.dash{border-top-style:dashed}
.heat-grids{display:flex;flex-wrap:wrap;gap:4px 28px}
.heat{display:block;max-width:100%;height:auto}
.scale{display:inline-flex;font-size:12px;border:1px solid var(--line)}
.scale span{padding:1px 10px}
.util{display:inline-block;min-width:3.4em;padding:0 5px;border-radius:3px}
.ids,.asset{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px;overflow-wrap:anywhere}
.ids{max-width:560px}
summary{cursor:pointer}
.muted{color:var(--muted);font-weight:400}
.ok{padding:8px 12px;background:#eef6ee;border-left:4px solid #228833}
.warn{padding:4px 14px 6px;margin:10px 0 14px;background:#fff8e6;border-left:4px solid #DDAA33}
.warn h3{margin:8px 0 2px}
.warn ul{margin:4px 0;padding-left:20px}
.warn li{margin:2px 0}
.tag{display:inline-block;padding:0 6px;border-radius:3px;background:#DDEEFF;color:#1f3a5c;font-size:12px}
.bar{display:inline-block;height:10px;vertical-align:middle;border:1px solid var(--line)}
.over{color:#A50026;font-weight:600}
td .note{font-size:12px}
footer{margin-top:48px;color:var(--muted);font-size:13px}
@media (max-width:820px){.chart-pair{grid-template-columns:1fr}nav.toc ol{columns:1}}
@media print{
body{font-size:10.5pt}
main{max-width:none;padding:0}
h2{break-after:avoid}
h3{break-after:avoid}
.card,figure,tr,.host-card,.warn{break-inside:avoid}
a{color:inherit;text-decoration:none}
nav.toc{break-after:page}
}
@page{margin:14mm}
`;

// Closed <details> do not print; open them all when the reader prints.
const PRINT_SCRIPT =
  "addEventListener('beforeprint',function(){document.querySelectorAll('details').forEach(function(d){d.open=true})})";

/** The whole document: head with inline CSS, title, table of contents, sections, footer. */
export function renderPage(page: Page): string {
  const toc = page.sections
    .map((s) => `<li><a href="#${s.id}">${escapeHtml(s.title)}</a></li>`)
    .join('');
  const sections = page.sections.map(
    (s) => `<section id="${s.id}">\n<h2>${escapeHtml(s.title)}</h2>\n${s.html}\n</section>`,
  );
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(page.title)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    '<main>',
    `<header><h1>${escapeHtml(page.title)}</h1><p class="sub">${page.subtitle}</p></header>`,
    `<nav class="toc" aria-label="Contents"><h2>Contents</h2><ol>${toc}</ol></nav>`,
    ...sections,
    '<footer>Made by vplan. This file is self-contained: it loads nothing from the network.</footer>',
    '</main>',
    `<script>${PRINT_SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
