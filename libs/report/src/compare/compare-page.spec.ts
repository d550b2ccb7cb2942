import { renderComparisonPage } from './compare-page';

describe('renderComparisonPage', () => {
  it('renders figures and escaped differences with no external resource', () => {
    const html = renderComparisonPage({
      table: [
        ['', 'a', 'b<x>'],
        ['hosts', '3', '4'],
      ],
      differences: [{ name: 'b<x>', lines: ['2 pairs split'] }],
      identical: false,
    });
    expect(html).toContain('2 pairs split');
    expect(html).toContain('b&lt;x&gt; vs a');
    expect(html).not.toContain('<x>');
    expect(html).not.toMatch(/(src|href)="https?:/);
  });

  it('says "no difference" for identical plans', () => {
    const html = renderComparisonPage({
      table: [['', 'a', 'a']],
      differences: [],
      identical: true,
    });
    expect(html).toContain('<p>no difference</p>');
  });
});
