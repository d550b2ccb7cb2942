import { InvalidArgumentError } from 'commander';

/** A bad combination of options or a bad value: shown as is, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Commander argument parser for a finite number within [min, max]. */
export function numberIn(min: number, max: number, integer = false): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (
      value.trim() === '' ||
      !Number.isFinite(n) ||
      (integer && !Number.isInteger(n)) ||
      n < min ||
      n > max
    ) {
      const kind = integer ? 'a whole number' : 'a number';
      const range = max === Infinity ? `≥ ${min}` : `from ${min} to ${max}`;
      throw new InvalidArgumentError(`expected ${kind} ${range}, got '${value}'.`);
    }
    return n;
  };
}

/** Commander argument parser for a comma-separated subset of `allowed`. */
export function listOf<T extends string>(allowed: readonly T[]): (value: string) => T[] {
  return (value: string) => {
    const items = value
      .split(',')
      .map((v) => v.trim())
      .filter((v) => v.length > 0);
    const bad = items.filter((v) => !(allowed as readonly string[]).includes(v));
    if (items.length === 0 || bad.length > 0) {
      throw new InvalidArgumentError(
        `expected a comma-separated list of ${allowed.join(', ')}, got '${value}'.`,
      );
    }
    return [...new Set(items)] as T[];
  };
}
