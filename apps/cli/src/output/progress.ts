/**
 * Progress on stderr: a self-overwriting line on a terminal, a few plain lines otherwise
 * (CI logs), nothing when quiet. Results go to stdout; progress never does.
 */
export interface Progress {
  phase(message: string): void;
  count(label: string, done: number, total: number): void;
  /** A status line that replaces the previous one on a terminal (every one is kept in a log). */
  status(message: string): void;
  done(): void;
}

export function stderrProgress(options: { quiet?: boolean } = {}): Progress {
  const stream = process.stderr;
  const tty = stream.isTTY === true;
  const started = performance.now();
  let lastTenth = -1;
  let open = false;
  const elapsed = (): string => `${((performance.now() - started) / 1000).toFixed(1)} s`;
  const write = (line: string): void => {
    if (options.quiet) return;
    if (tty) {
      stream.write(`\r\x1b[2K${line}`);
      open = true;
    } else {
      stream.write(`${line}\n`);
    }
  };
  return {
    phase(message) {
      lastTenth = -1;
      write(`[${elapsed()}] ${message} …`);
    },
    count(label, done, total) {
      const tenth = Math.floor((done / Math.max(1, total)) * 10);
      if (!tty && tenth === lastTenth && done !== total) return;
      lastTenth = tenth;
      write(`[${elapsed()}] ${label} ${done}/${total}`);
    },
    status(message) {
      write(`[${elapsed()}] ${message}`);
    },
    done() {
      if (open && !options.quiet) stream.write('\n');
      open = false;
    },
  };
}
