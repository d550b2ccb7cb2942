import { escapeHtml, htmlTable, uniqueId } from './html';

describe('escapeHtml', () => {
  it('escapes the five characters that matter in content and attributes', () => {
    expect(escapeHtml(`<a href="x">Tom & Jerry's</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;',
    );
  });

  it('leaves plain text alone', () => {
    expect(escapeHtml('host-001 web 01')).toBe('host-001 web 01');
  });
});

describe('uniqueId', () => {
  it('keeps only id-safe characters and resolves collisions with a suffix', () => {
    const taken = new Set(['summary']);
    expect(uniqueId('', 'Summary', taken)).toBe('summary-2');
    expect(uniqueId('x-', 'Compat <heat> map!', taken)).toBe('x-compat-heat-map');
    expect(uniqueId('x-', 'compat heat map', taken)).toBe('x-compat-heat-map-2');
  });

  it('falls back to a generic name when nothing usable is left', () => {
    expect(uniqueId('x-', '<<>>', new Set())).toBe('x-section');
  });
});

describe('htmlTable', () => {
  it('marks numeric columns for right alignment', () => {
    const html = htmlTable(['Name', 'Count'], [['a', '1']], { numericColumns: [1] });
    expect(html).toContain('<th scope="col" class="num">Count</th>');
    expect(html).toContain('<td>a</td><td class="num">1</td>');
  });
});
