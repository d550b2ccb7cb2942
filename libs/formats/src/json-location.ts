/**
 * Locating things in JSON text, for `file:row:column` messages: the first syntax error
 * (V8's `JSON.parse` messages do not always carry a position) and the value at a path
 * (zod reports paths, not offsets). Offsets are UTF-16 code units from the start.
 */

/** A JSON syntax problem at `offset`. */
export interface JsonSyntaxIssue {
  readonly offset: number;
  readonly message: string;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES = '"\\/bfnrt';

class Syntax {
  constructor(
    readonly offset: number,
    readonly message: string,
  ) {}
}

function skipWs(text: string, i: number): number {
  let j = i;
  while (j < text.length && ' \t\n\r'.includes(text[j] as string)) j++;
  return j;
}

function what(text: string, i: number): string {
  return i >= text.length ? 'end of file' : `"${text[i]}"`;
}

/** End (exclusive) of the string starting at the quote at `i`. */
function scanString(text: string, i: number): number {
  let j = i + 1;
  while (j < text.length) {
    const c = text.charCodeAt(j);
    if (c === 34) return j + 1;
    if (c < 0x20) throw new Syntax(j, 'control character inside a string');
    if (c === 92) {
      const e = text[j + 1] ?? '';
      if (e === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(j + 2, j + 6))) {
          throw new Syntax(j, 'bad \\u escape');
        }
        j += 6;
        continue;
      }
      if (e === '' || !ESCAPES.includes(e)) throw new Syntax(j, 'bad escape in a string');
      j += 2;
      continue;
    }
    j++;
  }
  throw new Syntax(i, 'string is not closed');
}

/** End (exclusive) of the value starting at or after `i` (whitespace skipped). */
function scanValue(text: string, start: number): number {
  const i = skipWs(text, start);
  const c = text[i];
  if (c === '"') return scanString(text, i);
  if (c === '{' || c === '[') return scanContainer(text, i);
  for (const word of ['true', 'false', 'null']) {
    if (text.startsWith(word, i)) return i + word.length;
  }
  NUMBER.lastIndex = i;
  if (NUMBER.test(text)) return NUMBER.lastIndex;
  throw new Syntax(i, `expected a value, found ${what(text, i)}`);
}

function scanContainer(text: string, open: number): number {
  const isObject = text[open] === '{';
  const close = isObject ? '}' : ']';
  let i = skipWs(text, open + 1);
  if (text[i] === close) return i + 1;
  for (;;) {
    if (isObject) {
      if (text[i] !== '"') throw new Syntax(i, `expected a property name, found ${what(text, i)}`);
      i = skipWs(text, scanString(text, i));
      if (text[i] !== ':') throw new Syntax(i, `expected ":", found ${what(text, i)}`);
      i++;
    }
    i = skipWs(text, scanValue(text, i));
    if (text[i] === close) return i + 1;
    if (text[i] !== ',') throw new Syntax(i, `expected "," or "${close}", found ${what(text, i)}`);
    i = skipWs(text, i + 1);
  }
}

/** The first syntax error of a JSON text, or `undefined` when it is well-formed. */
export function jsonSyntaxIssue(text: string): JsonSyntaxIssue | undefined {
  try {
    const end = skipWs(text, scanValue(text, 0));
    if (end < text.length)
      return { offset: end, message: `unexpected ${what(text, end)} after the JSON value` };
    return undefined;
  } catch (error) {
    if (error instanceof Syntax) return { offset: error.offset, message: error.message };
    throw error;
  }
}

/**
 * Offset of the value at `path` in a well-formed JSON text; when the path leaves the
 * document (a missing property), the offset of the deepest value that exists.
 */
export function locateJsonPath(text: string, path: readonly PropertyKey[]): number {
  let at = skipWs(text, 0);
  for (const key of path) {
    const next = childOffset(text, at, key);
    if (next === undefined) return at;
    at = next;
  }
  return at;
}

function childOffset(text: string, at: number, key: PropertyKey): number | undefined {
  const isObject = text[at] === '{';
  if (!isObject && text[at] !== '[') return undefined;
  const close = isObject ? '}' : ']';
  let i = skipWs(text, at + 1);
  let index = 0;
  while (i < text.length && text[i] !== close) {
    let match = index === key;
    if (isObject) {
      const end = scanString(text, i);
      match = JSON.parse(text.slice(i, end)) === key;
      i = skipWs(text, end) + 1; // past ':'
    }
    const value = skipWs(text, i);
    if (match) return value;
    i = skipWs(text, scanValue(text, value));
    if (text[i] === ',') i = skipWs(text, i + 1);
    index++;
  }
  return undefined;
}

/** 1-based line and character column of an offset (a line ends at `\n`). */
export function lineColumn(text: string, offset: number): { row: number; column: number } {
  let row = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      row++;
      lineStart = i + 1;
    }
  }
  return { row, column: end - lineStart + 1 };
}
