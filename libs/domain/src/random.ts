/**
 * A seeded pseudo-random generator (mulberry32): the only source of randomness the pure
 * libs accept, so that results are reproducible for a given seed.
 */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
}

// Bound once: a global lookup per call is slow inside sandboxes such as jest's.
const imul = Math.imul;

export function seededRandom(seed: number): Random {
  let state = seed >>> 0 || 0x9e3779b9;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = imul(t ^ (t >>> 15), t | 1);
    t ^= t + imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n) };
}

/** Shuffles `array` in place (Fisher–Yates) with the given generator, and returns it. */
export function shuffleInPlace<T>(array: T[], random: Random): T[] {
  for (let i = array.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    const tmp = array[i] as T;
    array[i] = array[j] as T;
    array[j] = tmp;
  }
  return array;
}
