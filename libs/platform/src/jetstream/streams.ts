import { prefixed } from '@vplan/contracts';
import {
  DiscardPolicy,
  NatsError,
  RetentionPolicy,
  StorageType,
  nanos,
  type JetStreamManager,
  type StreamConfig,
} from 'nats';

/** A JetStream stream as the contracts define it (unprefixed name and subjects). */
export interface StreamDef {
  readonly name: string;
  readonly subjects: readonly string[];
  /** `limits` (default) keeps events for every consumer; `workqueue` removes each once acked. */
  readonly retention?: 'limits' | 'workqueue' | 'interest';
  /** How long an event is kept (ms; default forever). */
  readonly maxAgeMs?: number;
  /** `Nats-Msg-Id` de-duplication window (ms; default 2 minutes, the server's default). */
  readonly duplicateWindowMs?: number;
}

const DEFAULT_DUPLICATE_WINDOW_MS = 120_000;
const STREAM_NOT_FOUND = 10059;
const STREAM_NAME_IN_USE = 10058;

/**
 * Creates the streams that are missing and brings the subjects, age limit and
 * de-duplication window of existing ones in line (idempotent; run at every boot). Names
 * and subjects get `prefix` as `prefixed()` defines. Uses nats-server 2.9 features only.
 * Returns the prefixed stream names.
 */
export async function ensureStreams(
  jsm: JetStreamManager,
  defs: readonly StreamDef[],
  prefix: string,
): Promise<string[]> {
  const names: string[] = [];
  for (const def of defs) {
    const name = prefixed(prefix, def.name);
    const wanted = {
      subjects: def.subjects.map((s) => prefixed(prefix, s)),
      max_age: nanos(def.maxAgeMs ?? 0),
      duplicate_window: nanos(def.duplicateWindowMs ?? DEFAULT_DUPLICATE_WINDOW_MS),
    };
    const existing = await streamConfig(jsm, name);
    if (!existing) {
      await addStream(jsm, {
        name,
        ...wanted,
        retention: retentionOf(def),
        storage: StorageType.File,
        discard: DiscardPolicy.Old,
      });
    } else if (!sameConfig(existing, wanted)) {
      await jsm.streams.update(name, { ...existing, ...wanted });
    }
    names.push(name);
  }
  return names;
}

/** Adds a stream; another replica booting at the same moment may have added it first. */
async function addStream(jsm: JetStreamManager, config: Partial<StreamConfig> & { name: string }) {
  try {
    await jsm.streams.add(config);
  } catch (err) {
    if (!(err instanceof NatsError && err.api_error?.err_code === STREAM_NAME_IN_USE)) throw err;
  }
}

async function streamConfig(
  jsm: JetStreamManager,
  name: string,
): Promise<StreamConfig | undefined> {
  try {
    return (await jsm.streams.info(name)).config;
  } catch (err) {
    if (err instanceof NatsError && err.api_error?.err_code === STREAM_NOT_FOUND) return undefined;
    throw err;
  }
}

function retentionOf(def: StreamDef): RetentionPolicy {
  if (def.retention === 'workqueue') return RetentionPolicy.Workqueue;
  if (def.retention === 'interest') return RetentionPolicy.Interest;
  return RetentionPolicy.Limits;
}

function sameConfig(
  a: StreamConfig,
  b: { subjects: string[]; max_age: number; duplicate_window: number },
): boolean {
  const subjects = [...(a.subjects ?? [])].sort().join(' ');
  return (
    subjects === [...b.subjects].sort().join(' ') &&
    a.max_age === b.max_age &&
    a.duplicate_window === b.duplicate_window
  );
}
