import { niceStep, renderTimeChart } from './svg-chart';
import type { TimeAxis } from './time-axis';

const axis: TimeAxis = {
  slots: 4,
  title: 'Time (UTC)',
  weekly: false,
  ticks: [{ slot: 0, label: 'Mon <3>' }],
  slotLabel: (i) => `slot ${i}`,
  span: '4 slots',
};

describe('niceStep', () => {
  it('picks 1, 2, 2.5 or 5 times a power of ten', () => {
    expect(niceStep(100, 5)).toBe(20);
    expect(niceStep(1100, 5)).toBe(250);
    expect(niceStep(0.9, 5)).toBe(0.2);
    expect(niceStep(0, 5)).toBe(1);
  });
});

describe('renderTimeChart', () => {
  const svg = renderTimeChart({
    label: 'CPU of "a" & b',
    axis,
    yTitle: 'CPU (MHz)',
    pointSlots: [0, 1, 2, 3],
    layers: [
      { values: [1, 2, 3, 4], color: '#111111' },
      { values: [4, 3, 2, 1], color: '#222222' },
    ],
    references: [{ value: 8, label: 'usable', color: '#EE6677' }],
  });

  it('draws one filled path per layer', () => {
    expect(svg.match(/<path /g)).toHaveLength(2);
  });

  it('draws the top layer first so lower layers paint over it', () => {
    expect(svg.indexOf('#222222')).toBeLessThan(svg.indexOf('#111111'));
  });

  it('labels axes, ticks and reference lines, escaped', () => {
    expect(svg).toContain('aria-label="CPU of &quot;a&quot; &amp; b"');
    expect(svg).toContain('>CPU (MHz)</text>');
    expect(svg).toContain('>Time (UTC)</text>');
    expect(svg).toContain('>Mon &lt;3&gt;</text>');
    expect(svg).toContain('>usable</text>');
  });
});

describe('renderTimeChart with shaded ranges', () => {
  const svg = renderTimeChart({
    label: 'gaps',
    axis,
    yTitle: 'CPU (MHz)',
    pointSlots: [0, 1, 2, 3],
    layers: [{ values: [1, 2, 3, 4], color: '#111111' }],
    shaded: [
      { from: 1, to: 2, opacity: 0.26, title: 'gap <1>' },
      { from: 3, to: 4, opacity: 0.5 },
    ],
  });

  it('draws one rectangle per range over the areas, with its opacity and escaped hover', () => {
    const rects = svg.match(/<rect [^>]*>/g) ?? [];
    expect(rects).toHaveLength(2);
    expect(rects[0]).toContain('fill-opacity="0.26"');
    expect(rects[1]).toContain('fill-opacity="0.5"');
    expect(svg).toContain('<title>gap &lt;1&gt;</title>');
    expect(svg.indexOf('<rect')).toBeGreaterThan(svg.indexOf('<path'));
  });

  it('spans the slot range on the x axis', () => {
    // Plot from x=58 to 560−92=468 over 4 slots: 102.5 px per slot.
    expect(svg).toContain('<rect x="160.5" y="10" width="102.5"');
  });
});
