import { chromium } from 'playwright-core';
import { renderCompatibilityPage } from '@vplan/report';
import { analyzeCompatibility, compactCompatibility, parseRuleSet } from '@vplan/rules';
import { BENCH_RULES, BENCH_TARGETS, benchEstate } from './rules-bench';

/** Bytes of `value` as `writeJsonDocument` writes it: a key per line, an array element per line. */
export function jsonDocumentBytes(value: object): number {
  let bytes = 4;
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined) continue;
    bytes += Buffer.byteLength(`  ${JSON.stringify(key)}: `) + 2;
    if (Array.isArray(item)) {
      bytes += 4;
      for (const element of item) bytes += Buffer.byteLength(JSON.stringify(element)) + 6;
    } else bytes += Buffer.byteLength(JSON.stringify(item));
  }
  return bytes;
}

/**
 * `node tools/bench/bin/report-bench.js [--assets N]`: compat.json of a generated estate
 * (100,000 assets by default) under the 20 bench rules, as version 1 (the expanded report)
 * and version 2 (compact), and compat.html; then how long headless Chromium
 * (/usr/bin/chromium, every request blocked) takes to load compat.html. Prints bytes and times; asserts nothing.
 */
export async function main(argv: readonly string[]): Promise<number> {
  const at = argv.indexOf('--assets');
  const count = at >= 0 ? Number(argv[at + 1]) : 100_000;
  const parsed = parseRuleSet(BENCH_RULES, 'bench-rules.yaml');
  if (!parsed.ok) {
    process.stderr.write(`${parsed.error.message}\n`);
    return 2;
  }
  const report = analyzeCompatibility(parsed.value, benchEstate(count, 1), BENCH_TARGETS);
  let t = performance.now();
  const before = jsonDocumentBytes(report);
  const compact = compactCompatibility(report);
  const after = jsonDocumentBytes(compact);
  const jsonMs = performance.now() - t;
  t = performance.now();
  const page = renderCompatibilityPage(report);
  const html = Buffer.byteLength(page);
  const htmlMs = performance.now() - t;
  const loads = await chromiumLoadMs({ 'compat.html': page });
  const mb = (n: number): string => `${(n / 1e6).toFixed(1)} MB (${n.toLocaleString('en')} bytes)`;
  process.stdout.write(
    `assets            ${count.toLocaleString('en')}\n` +
      `classes           ${report.classes.length.toLocaleString('en')}\n` +
      `compat.json v1    ${mb(before)}\n` +
      `compat.json v2    ${mb(after)}  (${(before / after).toFixed(1)} x smaller; ${jsonMs.toFixed(0)} ms)\n` +
      `compat.html       ${mb(html)}  (${htmlMs.toFixed(0)} ms)\n` +
      Object.entries(loads)
        .map(
          ([name, ms]) =>
            `load ${name.padEnd(12)} ${ms.toFixed(0)} ms (Chromium, DOMContentLoaded)\n`,
        )
        .join(''),
  );
  return 0;
}

/** Milliseconds from setContent to DOMContentLoaded in headless Chromium, per page. */
async function chromiumLoadMs(pages: Record<string, string>): Promise<Record<string, number>> {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox'],
  });
  const out: Record<string, number> = {};
  try {
    for (const [name, html] of Object.entries(pages)) {
      const page = await browser.newPage();
      await page.route('**/*', (route) => route.abort());
      const t = performance.now();
      await page.setContent(html, { waitUntil: 'domcontentloaded' });
      out[name] = performance.now() - t;
      await page.close();
    }
  } finally {
    await browser.close();
  }
  return out;
}
