/**
 * JetStream streams of a vplan deployment. Every service's events go to its own stream
 * (`VPLAN_EVT_<SERVICE>`, subjects `vplan.evt.<service>.>`); collector samples to
 * `VPLAN_INGEST`; planning jobs to the work-queue stream `VPLAN_PLANNING_JOBS`. Streams
 * are ensured (created or updated) by @vplan/platform at boot.
 */
export interface StreamDefinition {
  readonly name: string;
  readonly subjects: readonly string[];
  /**
   * `limits`: messages stay until the limits below drop them (events: several durable
   * consumers each read everything). `workqueue`: a message is removed once acked (each
   * job is taken by one planning replica).
   */
  readonly retention: 'limits' | 'workqueue';
  /** How long messages are kept, ms (0 = no limit). */
  readonly maxAgeMs: number;
  /** Window in which a repeated `Nats-Msg-Id` is dropped, ms. */
  readonly duplicateWindowMs: number;
  readonly description: string;
}

const DAY_MS = 24 * 3600 * 1000;
const MINUTE_MS = 60 * 1000;

function eventStream(service: string): StreamDefinition {
  return {
    name: `VPLAN_EVT_${service.toUpperCase()}`,
    subjects: [`vplan.evt.${service}.>`],
    retention: 'limits',
    maxAgeMs: 7 * DAY_MS,
    duplicateWindowMs: 2 * MINUTE_MS,
    description: `events of the ${service} service`,
  };
}

export const STREAMS = {
  VPLAN_EVT_INVENTORY: eventStream('inventory'),
  VPLAN_EVT_WORKLOADS: eventStream('workloads'),
  VPLAN_EVT_CONSTRAINTS: eventStream('constraints'),
  VPLAN_EVT_PLANNING: eventStream('planning'),
  VPLAN_EVT_DISCOVERY: eventStream('discovery'),
  VPLAN_INGEST: {
    name: 'VPLAN_INGEST',
    subjects: ['vplan.ingest.>'],
    retention: 'limits',
    maxAgeMs: 7 * DAY_MS,
    // A collector that retries a batch after a lost ack within this window is de-duplicated.
    duplicateWindowMs: 10 * MINUTE_MS,
    description: 'workload samples from collectors, consumed by the workloads service',
  },
  VPLAN_PLANNING_JOBS: {
    name: 'VPLAN_PLANNING_JOBS',
    subjects: ['vplan.jobs.planning.>'],
    retention: 'workqueue',
    maxAgeMs: 0,
    duplicateWindowMs: 2 * MINUTE_MS,
    description: 'planning jobs, shared by the planning replicas (one takes each job)',
  },
} as const satisfies Record<string, StreamDefinition>;

export type StreamName = keyof typeof STREAMS;

/** Every stream, in a fixed order. */
export const STREAM_LIST: readonly StreamDefinition[] = Object.values(STREAMS);

/**
 * A subject or stream name under an isolation prefix (tests, several deployments on one
 * NATS): subjects become `<prefix>.vplan.…`, stream names `<PREFIX>_VPLAN_…`. An empty
 * or absent prefix changes nothing.
 */
export function prefixed(prefix: string | undefined, subjectOrStreamName: string): string {
  if (!prefix) return subjectOrStreamName;
  if (subjectOrStreamName.startsWith('vplan.')) return `${prefix}.${subjectOrStreamName}`;
  return `${prefix.toUpperCase().replace(/[^A-Z0-9_]/g, '_')}_${subjectOrStreamName}`;
}

/** A stream definition with its name and subjects under an isolation prefix. */
export function prefixedStream(
  prefix: string | undefined,
  stream: StreamDefinition,
): StreamDefinition {
  return {
    ...stream,
    name: prefixed(prefix, stream.name),
    subjects: stream.subjects.map((s) => prefixed(prefix, s)),
  };
}

/**
 * Whether a NATS subject pattern (`*` one token, `>` the rest) captures a subject.
 */
export function subjectMatches(pattern: string, subject: string): boolean {
  const p = pattern.split('.');
  const s = subject.split('.');
  for (let i = 0; i < p.length; i++) {
    const token = p[i];
    if (token === '>') return s.length > i;
    if (i >= s.length) return false;
    if (token !== '*' && token !== s[i]) return false;
  }
  return p.length === s.length;
}

/** The streams whose subjects capture `subject` (exactly one for every vplan subject). */
export function streamsOf(subject: string): StreamDefinition[] {
  return STREAM_LIST.filter((s) => s.subjects.some((p) => subjectMatches(p, subject)));
}
