import type { z } from 'zod';
import type { ErrorBody, ErrorDetail } from './common';

/** Outcome of {@link parseOrError}. */
export type ParseOutcome<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ErrorBody };

type Issue = z.core.$ZodIssue;

/**
 * Renders a value path the way a user writes it: `filters.environment`,
 * `samples[3].value`; `(root)` for the value itself.
 */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += `${out ? '.' : ''}${String(key)}`;
  }
  return out || '(root)';
}

/**
 * Validates `value` against `schema` — the one validation path of HTTP bodies, query
 * strings and NATS payloads. A failure is a BAD_REQUEST body whose message reads
 * `<where>: <path>: <problem>` for the first problem and whose `details` list every
 * problem with its field path (`filters.environment`, `samples[3].value`).
 */
export function parseOrError<S extends z.ZodType>(
  schema: S,
  value: unknown,
  where: string,
): ParseOutcome<z.output<S>> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, value: parsed.data };
  const details = parsed.error.issues.flatMap((issue) => describeIssue(issue, []));
  const first = details[0] ?? { path: '(root)', message: 'invalid' };
  const more = details.length > 1 ? ` (and ${details.length - 1} more)` : '';
  return {
    ok: false,
    error: {
      error: {
        code: 'BAD_REQUEST',
        message: `${where}: ${first.path}: ${first.message}${more}`,
        details,
      },
    },
  };
}

function describeIssue(issue: Issue, base: readonly PropertyKey[]): ErrorDetail[] {
  const path = [...base, ...issue.path];
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({
        path: formatPath([...path, key]),
        message: 'unknown field',
      }));
    case 'invalid_union': {
      // Report the alternative that came closest: the deepest first problem, then the fewest.
      const branches = issue.errors.filter((b) => b.length > 0);
      if (branches.length === 0) return [{ path: formatPath(path), message: plain(issue) }];
      const best = [...branches].sort(
        (x, y) => depth(y) - depth(x) || x.length - y.length,
      )[0] as Issue[];
      if (depth(best) === 0 && branches.length > 1) {
        return [{ path: formatPath(path), message: unionMessage(branches) }];
      }
      return best.flatMap((b) => describeIssue(b, path));
    }
    case 'invalid_key':
      return [
        {
          path: formatPath(path),
          message: `invalid key: ${issue.issues[0]?.message ?? 'invalid'}`,
        },
      ];
    case 'invalid_element':
      return issue.issues.flatMap((b) => describeIssue(b, path));
    default:
      return [{ path: formatPath(path), message: plain(issue) }];
  }
}

function depth(issues: readonly Issue[]): number {
  return Math.max(...issues.map((i) => i.path.length));
}

/** The union's alternatives that failed on the value itself, e.g. "expected string or number". */
function unionMessage(branches: readonly (readonly Issue[])[]): string {
  const expected = new Set<string>();
  for (const branch of branches) {
    for (const issue of branch) {
      if (issue.code === 'invalid_type') expected.add(String(issue.expected));
      else expected.add(plain(issue));
    }
  }
  return `expected ${[...expected].join(' or ')}`;
}

/** Zod's message without its "Invalid input: " lead-in. */
function plain(issue: Issue): string {
  return issue.message.replace(/^Invalid input: /, '');
}
