/**
 * Where JSON text is wrong (V8's `JSON.parse` messages do not always carry a position) and
 * where the members of its top-level value start, for `file:line:column` messages. Both
 * scan without recursion, so deep nesting cannot overflow the stack. Offsets are UTF-16
 * code units.
 */

export interface JsonSyntaxIssue {
  readonly offset: number;
  readonly message: string;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERALS = ['true', 'false', 'null'] as const;

function skipWs(text: string, from: number): number {
  let i = from;
  while (i < text.length && ' \t\n\r'.includes(text[i] as string)) i++;
  return i;
}

function found(text: string, i: number): string {
  if (i >= text.length) return 'the end of the file';
  const c = text.charCodeAt(i);
  return c < 0x20 || c === 0x7f
    ? `character \\x${c.toString(16).padStart(2, '0')}`
    : `"${text[i]}"`;
}

/** End (exclusive) of the string whose quote is at `start`, or the issue inside it. */
function scanString(text: string, start: number): number | JsonSyntaxIssue {
  let i = start + 1;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 34) return i + 1;
    if (c < 0x20) return { offset: i, message: 'invalid JSON: control character inside a string' };
    if (c === 92) {
      const e = text[i + 1] ?? '';
      if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) i += 6;
      else if (e !== '' && '"\\/bfnrt'.includes(e)) i += 2;
      else return { offset: i, message: 'invalid JSON: bad escape in a string' };
      continue;
    }
    i++;
  }
  return { offset: start, message: 'invalid JSON: string is not closed' };
}

type Expect = 'value' | 'value-or-close' | 'key' | 'key-or-close' | 'colon' | 'after';

/** The first syntax error of a JSON text, or `undefined` when it is well-formed. */
export function jsonSyntaxIssue(text: string): JsonSyntaxIssue | undefined {
  const stack: string[] = [];
  let expect: Expect = 'value';
  let i = 0;
  for (;;) {
    i = skipWs(text, i);
    const c = text[i];
    if (expect === 'after') {
      const top = stack[stack.length - 1];
      if (top === undefined) {
        return i < text.length
          ? { offset: i, message: `invalid JSON: unexpected ${found(text, i)} after the value` }
          : undefined;
      }
      const close = top === '{' ? '}' : ']';
      if (c === ',') expect = top === '{' ? 'key' : 'value';
      else if (c === close) stack.pop();
      else
        return {
          offset: i,
          message: `invalid JSON: expected "," or "${close}", found ${found(text, i)}`,
        };
      i++;
      continue;
    }
    if (expect === 'colon') {
      if (c !== ':')
        return { offset: i, message: `invalid JSON: expected ":", found ${found(text, i)}` };
      expect = 'value';
      i++;
      continue;
    }
    if (expect === 'key' || expect === 'key-or-close') {
      if (expect === 'key-or-close' && c === '}') {
        stack.pop();
        expect = 'after';
        i++;
        continue;
      }
      if (c !== '"')
        return {
          offset: i,
          message: `invalid JSON: expected a property name, found ${found(text, i)}`,
        };
      const end = scanString(text, i);
      if (typeof end !== 'number') return end;
      i = end;
      expect = 'colon';
      continue;
    }
    // a value is expected
    if (expect === 'value-or-close' && c === ']') {
      stack.pop();
      expect = 'after';
      i++;
      continue;
    }
    if (c === '{' || c === '[') {
      stack.push(c);
      expect = c === '{' ? 'key-or-close' : 'value-or-close';
      i++;
      continue;
    }
    expect = 'after';
    if (c === '"') {
      const end = scanString(text, i);
      if (typeof end !== 'number') return end;
      i = end;
      continue;
    }
    const word = LITERALS.find((w) => text.startsWith(w, i));
    if (word !== undefined) {
      i += word.length;
      continue;
    }
    NUMBER.lastIndex = i;
    if (c !== undefined && NUMBER.test(text)) {
      i = NUMBER.lastIndex;
      continue;
    }
    return { offset: i, message: `invalid JSON: expected a value, found ${found(text, i)}` };
  }
}

/**
 * Offsets of the members of the top-level object or array of a well-formed JSON text, in
 * order (for an object, where each value starts).
 */
export function topLevelOffsets(text: string): number[] {
  const offsets: number[] = [];
  const isArray = text.trimStart().startsWith('[');
  let depth = 0;
  let inString = false;
  let pending = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (pending && !' \t\n\r'.includes(c)) {
      if (c !== ']' && c !== '}') offsets.push(i);
      pending = false;
    }
    if (c === '"') inString = true;
    else if (c === '{' || c === '[') {
      depth++;
      if (depth === 1 && isArray) pending = true;
    } else if (c === '}' || c === ']') depth--;
    else if (depth === 1 && c === (isArray ? ',' : ':')) pending = true;
  }
  return offsets;
}

/** Maps offsets to 1-based line and character column (a line ends at `\n`), in O(log lines). */
export function lineLocator(text: string): (offset: number) => { row: number; column: number } {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { row: lo + 1, column: offset - (starts[lo] as number) + 1 };
  };
}
