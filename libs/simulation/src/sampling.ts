import { seededRandom, type Random } from '@vplan/domain';

/**
 * Mixes numbers into one 32-bit seed (a murmur3-style finalizer per part), so that every
 * server and every stream gets its own independent generator from the estate seed.
 */
export function deriveSeed(...parts: readonly number[]): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    h = Math.imul(h ^ (part >>> 0), 0x01000193);
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

/** Uniform in [min, max). */
export function uniform(random: Random, min: number, max: number): number {
  return min + (max - min) * random.next();
}

/** Uniform integer in [min, max] (both ends included). */
export function integer(random: Random, min: number, max: number): number {
  return min + random.int(max - min + 1);
}

/** True with probability `p`. */
export function chance(random: Random, p: number): boolean {
  return random.next() < p;
}

/** Standard normal (Box–Muller; the second value is dropped for simplicity). */
export function normal(random: Random): number {
  const u = 1 - random.next(); // (0, 1]: log(0) would be -Infinity
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.next());
}

const TABLE_SIZE = 4096;

/** Normal draws from a fixed seed, rescaled to mean 0 and variance 1 exactly. */
const GAUSSIAN_TABLE: Float32Array = (() => {
  const random = seededRandom(0x5eed);
  const draws = Array.from({ length: TABLE_SIZE }, () => normal(random));
  const mean = draws.reduce((sum, x) => sum + x, 0) / TABLE_SIZE;
  const sd = Math.sqrt(draws.reduce((sum, x) => sum + (x - mean) ** 2, 0) / TABLE_SIZE);
  return Float32Array.from(draws, (x) => (x - mean) / sd);
})();

/**
 * Approximately standard normal from one uniform draw (a lookup in a table of 4,096
 * normal draws): the per-slot noise loops would otherwise spend most of their time in
 * Box–Muller's log and cos.
 */
export function quickNormal(random: Random): number {
  return GAUSSIAN_TABLE[(random.next() * TABLE_SIZE) | 0] ?? 0;
}

/** Log-normal with the given median and shape σ (of the underlying normal). */
export function logNormal(random: Random, median: number, sigma: number): number {
  return median * Math.exp(sigma * normal(random));
}

export function clamp(value: number, min: number, max: number): number {
  return value < min ? min : value > max ? max : value;
}

/** One of `items`, each with probability proportional to its weight. */
export function pickWeighted<T>(random: Random, items: readonly (readonly [T, number])[]): T {
  let total = 0;
  for (const [, weight] of items) total += weight;
  let x = random.next() * total;
  for (const [item, weight] of items) {
    x -= weight;
    if (x < 0) return item;
  }
  const last = items[items.length - 1];
  if (last === undefined) throw new Error('pickWeighted needs at least one item');
  return last[0];
}

/** One element of a non-empty list, uniformly. */
export function pick<T>(random: Random, items: readonly T[]): T {
  const item = items[random.int(items.length)];
  if (item === undefined) throw new Error('pick needs at least one item');
  return item;
}
