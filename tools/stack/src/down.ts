import fs from 'node:fs';
import { errorMessage, stopPid } from '@vplan/testing';
import { readStackConfig, stackFiles } from './config';
import { entryState, readRecord, type StackEntry } from './record';

const say = (line: string): void => {
  process.stderr.write(`stack: ${line}\n`);
};

/**
 * Stops recorded processes, newest first (gateway and services before the peers they
 * use): SIGTERM to each one's process group, SIGKILL after `graceMs`. Returns the entries
 * that are still running.
 */
export async function stopEntries(
  entries: readonly StackEntry[],
  graceMs: number,
): Promise<StackEntry[]> {
  const left: StackEntry[] = [];
  const byKind = (kinds: StackEntry['kind'][]) =>
    [...entries].reverse().filter((e) => kinds.includes(e.kind));
  // Services and the gateway together, then the peers once nothing uses them.
  for (const wave of [byKind(['gateway', 'service']), byKind(['peer'])]) {
    await Promise.all(
      wave.map(async (entry) => {
        const state = entryState(entry);
        if (state === 'gone') {
          say(`${entry.name} (pid ${entry.pid}) was not running`);
          return;
        }
        if (state === 'reused') {
          say(`${entry.name}: pid ${entry.pid} is now another program; not touched`);
          return;
        }
        if (await stopPid(entry.pid, { group: true, graceMs })) {
          say(`${entry.name} (pid ${entry.pid}) stopped`);
        } else {
          say(`${entry.name} (pid ${entry.pid}) did not stop`);
          left.push(entry);
        }
      }),
    );
  }
  return left;
}

/** npm run stack:down: returns the exit code. */
export async function down(): Promise<number> {
  const result = readStackConfig(process.env);
  if (!result.ok) {
    for (const error of result.errors) say(error);
    return 2;
  }
  const { pidsFile } = stackFiles(result.config.dataDir);
  try {
    const record = readRecord(pidsFile);
    if (record === undefined) {
      say(`no stack is running here (no ${pidsFile})`);
      return 0;
    }
    const left = await stopEntries(record.processes, result.config.graceMs);
    if (left.length > 0) {
      say(
        `kept ${pidsFile}: ${left.map((e) => `${e.name} (pid ${e.pid})`).join(', ')} still running`,
      );
      return 1;
    }
    fs.rmSync(pidsFile, { force: true });
    say('stack stopped');
    return 0;
  } catch (error) {
    say(errorMessage(error));
    return 1;
  }
}
