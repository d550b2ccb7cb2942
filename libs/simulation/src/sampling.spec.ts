import { seededRandom } from '@vplan/domain';
import { deriveSeed, logNormal, pickWeighted, quickNormal } from './sampling';

describe('deriveSeed', () => {
  it('gives different seeds for different parts and for another order', () => {
    const seeds = [deriveSeed(1, 0), deriveSeed(1, 1), deriveSeed(2, 0), deriveSeed(0, 1)];
    expect(new Set(seeds).size).toBe(4);
    expect(deriveSeed(1, 2, 3)).toBe(deriveSeed(1, 2, 3));
  });
});

describe('quickNormal', () => {
  it('has mean 0 and standard deviation 1', () => {
    const random = seededRandom(3);
    const draws = Array.from({ length: 50_000 }, () => quickNormal(random));
    const mean = draws.reduce((s, x) => s + x, 0) / draws.length;
    const sd = Math.sqrt(draws.reduce((s, x) => s + (x - mean) ** 2, 0) / draws.length);
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(sd - 1)).toBeLessThan(0.03);
  });
});

describe('logNormal', () => {
  it('draws around the given median', () => {
    const random = seededRandom(4);
    const draws = Array.from({ length: 20_001 }, () => logNormal(random, 0.04, 0.8));
    draws.sort((a, b) => a - b);
    expect(draws[10_000]).toBeCloseTo(0.04, 2);
    expect(Math.min(...draws)).toBeGreaterThan(0);
  });
});

describe('pickWeighted', () => {
  it('picks in proportion to the weights and never a zero weight', () => {
    const random = seededRandom(5);
    const counts = { a: 0, b: 0, never: 0 };
    for (let i = 0; i < 10_000; i++) {
      counts[
        pickWeighted(random, [
          ['a', 3],
          ['b', 1],
          ['never', 0],
        ] as const)
      ]++;
    }
    expect(counts.never).toBe(0);
    expect(counts.a / counts.b).toBeGreaterThan(2.5);
    expect(counts.a / counts.b).toBeLessThan(3.5);
  });
});
