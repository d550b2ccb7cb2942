import type { FormatIssue } from '@vplan/formats';
import type { Document, LineCounter, Node, Pair } from 'yaml';
import { isAlias, isMap, isScalar, isSeq } from 'yaml';

/**
 * Reading a parsed YAML document with positions: every complaint becomes a FormatIssue
 * at the line and column of the node it is about.
 */
export class SyntaxReader {
  readonly issues: FormatIssue[] = [];

  constructor(
    readonly file: string,
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  /** 1-based line and column of a node's start (1:1 without a node). */
  position(node: Node | null | undefined): { row: number; column: number } {
    const offset = node?.range?.[0];
    if (offset === undefined) return { row: 1, column: 1 };
    const { line, col } = this.lines.linePos(offset);
    return { row: line, column: col };
  }

  /** Records a problem at `node`; `label` (`rule env`) prefixes the message when given. */
  complain(node: Node | null | undefined, label: string | undefined, message: string): void {
    this.issues.push({
      file: this.file,
      ...this.position(node),
      message: label === undefined ? message : `${label}: ${message}`,
    });
  }

  /** Follows aliases (`*anchor`) to the node they name. */
  resolve(node: unknown): Node | null {
    if (node === null || node === undefined) return null;
    if (isAlias(node)) return (node.resolve(this.doc) as Node | undefined) ?? null;
    return node as Node;
  }

  /**
   * The entries of a map node by key text, or undefined when `node` is not a map (a
   * non-text key is reported and skipped).
   */
  entries(node: Node | null, label: string | undefined): Map<string, MapEntry> | undefined {
    if (!isMap(node)) return undefined;
    const out = new Map<string, MapEntry>();
    for (const pair of node.items as Pair<unknown, unknown>[]) {
      const key = this.resolve(pair.key);
      if (!isScalar(key) || typeof key.value !== 'string') {
        this.complain(key ?? node, label, 'keys must be text');
        continue;
      }
      out.set(key.value, { key, value: this.resolve(pair.value) });
    }
    return out;
  }

  /** Reports every key not in `allowed`; true when there was none. */
  onlyKeys(
    entries: ReadonlyMap<string, MapEntry>,
    allowed: readonly string[],
    label: string | undefined,
    what: string,
  ): boolean {
    let ok = true;
    for (const [name, entry] of entries) {
      if (allowed.includes(name)) continue;
      this.complain(entry.key, label, `unknown key '${name}' ${what} (expected ${list(allowed)})`);
      ok = false;
    }
    return ok;
  }

  /** The items of a sequence node, or undefined when it is not one. */
  items(node: Node | null): (Node | null)[] | undefined {
    if (!isSeq(node)) return undefined;
    return node.items.map((item) => this.resolve(item));
  }
}

/** A key of a map and its value, both as nodes (a missing value is null). */
export interface MapEntry {
  readonly key: Node;
  readonly value: Node | null;
}

/** A plain value of a scalar node, or undefined for anything else (maps, lists, null). */
export function scalarOf(node: Node | null): string | number | boolean | undefined {
  if (!isScalar(node)) return undefined;
  const value = node.value;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'bigint') return Number(value);
  return undefined;
}

/** Text of a scalar node (numbers and booleans as written), or undefined. */
export function textOf(node: Node | null): string | undefined {
  const value = scalarOf(node);
  return value === undefined ? undefined : String(value);
}

/** Short description of a node's type for messages: `a list`, `a map`, `'abc'`, `nothing`. */
export function describe(node: Node | null): string {
  if (node === null || (isScalar(node) && node.value === null)) return 'nothing';
  if (isMap(node)) return 'a map';
  if (isSeq(node)) return 'a list';
  const value = scalarOf(node);
  return typeof value === 'string' ? `'${value}'` : String(value);
}

/** `a, b or c`. */
export function list(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}
