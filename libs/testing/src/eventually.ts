import { errorMessage } from './paths';

export interface EventuallyOptions {
  /** Give up after this long, ms (default 10 000). */
  timeoutMs?: number;
  /** Pause between attempts, ms (default 100). */
  intervalMs?: number;
}

function checkPositive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) {
    throw new RangeError(
      `eventually: options.${name} must be a positive number of ms, got ${value}`,
    );
  }
  return value;
}

/**
 * Calls `fn` until it returns (or resolves) without throwing and gives that value; a
 * polling helper for tests instead of fixed sleeps. After `timeoutMs` it throws the last
 * failure (as `cause`, and its message in its own).
 */
export async function eventually<T>(
  fn: () => Promise<T> | T,
  options: EventuallyOptions = {},
): Promise<T> {
  const timeoutMs = checkPositive('timeoutMs', options.timeoutMs, 10_000);
  const intervalMs = checkPositive('intervalMs', options.intervalMs, 100);
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(
          `eventually: still failing after ${timeoutMs} ms (${attempt} attempts): ${errorMessage(error)}`,
          { cause: error },
        );
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(intervalMs, left)));
    }
  }
}
