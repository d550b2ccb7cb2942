import fs from 'node:fs';
import path from 'node:path';
import { commandLine, errorMessage, isAlive } from '@vplan/testing';
import { z } from 'zod';

const entrySchema = z.object({
  /** nats-server, ferretdb, gateway or a service name. */
  name: z.string().min(1),
  kind: z.enum(['peer', 'service', 'gateway']),
  pid: z.number().int().positive(),
  port: z.number().int().min(1).max(65535),
  /** An argument of the process's command line (its binary or script), checked before a signal. */
  match: z.string().min(1),
  log: z.string(),
});

const recordSchema = z.object({
  version: z.literal(1),
  startedAt: z.string(),
  baseUrl: z.string(),
  natsUrl: z.string(),
  mongoUri: z.string(),
  processes: z.array(entrySchema),
});

export type StackEntry = z.infer<typeof entrySchema>;
export type StackRecord = z.infer<typeof recordSchema>;

/** pids.json, or undefined when there is none; a damaged file is an error naming the field. */
export function readRecord(file: string): StackRecord | undefined {
  let raw: string;
  try {
    raw = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`${file}: ${errorMessage(error)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw new Error(
      `${file}: not JSON (${errorMessage(error)}); stop the processes yourself and delete it`,
    );
  }
  const parsed = recordSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${file}: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

/** Written after every start, atomically, so a stack that failed half-way can be stopped. */
export function writeRecord(file: string, record: StackRecord): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(record, null, 2)}\n`);
  fs.renameSync(tmp, file);
}

export type EntryState = 'running' | 'gone' | 'reused';

/**
 * Whether the recorded process still runs. A live pid whose command line no longer names
 * what we started (the pid was reused, e.g. after a reboot) is `reused`: never signalled.
 */
export function entryState(entry: StackEntry): EntryState {
  if (!isAlive(entry.pid)) return 'gone';
  const args = commandLine(entry.pid);
  if (args === undefined) return 'running';
  return args.includes(entry.match) ? 'running' : 'reused';
}
