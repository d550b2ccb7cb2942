/** Test helper: the lines of a text as the async stream the parsers take. */
export async function* linesOf(text: string): AsyncGenerator<string> {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  for (const line of lines) yield line.endsWith('\r') ? line.slice(0, -1) : line;
}

/** Test helper: an async stream of the given lines. */
export async function* linesFrom(lines: readonly string[]): AsyncGenerator<string> {
  for (const line of lines) yield line;
}
