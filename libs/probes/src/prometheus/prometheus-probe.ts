import type { HostFacts } from '../host-facts';
import { PrometheusApi, type PromSeries } from './prometheus-api';
import { factQueries, factsOfVectors, matcher, type FactVectors } from './prometheus-facts';
import { samplesOf, usageQueries, type PrometheusSample } from './prometheus-samples';

export interface PrometheusProbeOptions {
  /** Deadline of the whole probe (every request together), ms. */
  readonly timeoutMs: number;
  /** Only this node_exporter (`instance` label); default every instance with `node_uname_info`. */
  readonly instance?: string;
  /** Sent as `Authorization: Bearer …`; never written to an error. */
  readonly bearerToken?: string;
  /** Cancels the probe: it rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /** Step of the usage series, s (default 300: the 5-minute grid). */
  readonly stepSeconds?: number;
  /** How far back the usage series reach, s (default 86 400; at most 10 000 steps). */
  readonly historySeconds?: number;
  /** Window of the CPU rate, s (default the step, at least 60). */
  readonly rateWindowSeconds?: number;
  /** Largest answer read, bytes (default 16 MiB). */
  readonly maxResponseBytes?: number;
  /** The clock (default `Date.now`). */
  readonly now?: () => number;
}

export interface PrometheusProbeResult {
  /** One per instance, kind `prometheus`. */
  readonly facts: HostFacts[];
  /** CPU and memory usage of each instance on the step grid, oldest first per instance. */
  readonly samples: PrometheusSample[];
}

/** Instances are those with a `node_uname_info` series in the last five minutes. */
const LOOKBACK_SECONDS = 300;
const MAX_STEPS = 10_000;

/**
 * Reads node_exporter facts and usage history from a Prometheus server's HTTP API
 * (`/api/v1/series`, `/api/v1/query`, `/api/v1/query_range`, form-encoded POSTs): one
 * {@link HostFacts} per instance and CPU/memory samples every `stepSeconds` over
 * `historySeconds`, aligned to multiples of the step. A fixed number of queries whatever
 * the number of instances (each aggregates `by (instance)`). Fails with a
 * {@link PrometheusProbeError} (`connect`, `http`, `query`, `timeout`).
 */
export async function probePrometheus(
  url: string,
  options: PrometheusProbeOptions,
): Promise<PrometheusProbeResult> {
  const step = positive('stepSeconds', options.stepSeconds ?? 300);
  const history = positive('historySeconds', options.historySeconds ?? 86_400);
  const window = positive('rateWindowSeconds', options.rateWindowSeconds ?? Math.max(step, 60));
  positive('timeoutMs', options.timeoutMs);
  const deadline = AbortSignal.timeout(options.timeoutMs);
  const api = new PrometheusApi(url, {
    deadline,
    signal: options.signal,
    bearerToken: options.bearerToken,
    maxResponseBytes: options.maxResponseBytes ?? 16 * 2 ** 20,
  });
  const now = (options.now ?? Date.now)() / 1000;
  const sel = options.instance === undefined ? '' : matcher('instance', options.instance);

  const known = await api.series(`node_uname_info{${sel}}`, now - LOOKBACK_SECONDS, now);
  if (known.length === 0) return { facts: [], samples: [] };

  const facts = factsOfVectors(await factVectors(api, sel, now), api.target);
  const end = Math.floor(now / step) * step;
  const start = end - Math.min(Math.floor(history / step), MAX_STEPS) * step;
  const usage = usageQueries(sel, window);
  const [cpu, memory] = await Promise.all([
    api.queryRange(usage.cpu, start, end, step),
    api.queryRange(usage.memory, start, end, step),
  ]);
  const instances = new Set(facts.map((f) => f.source.target));
  const mine = (series: PromSeries[]): PromSeries[] =>
    series.filter((s) => instances.has(s.metric.instance ?? ''));
  return { facts, samples: samplesOf(mine(cpu), mine(memory), facts) };
}

async function factVectors(api: PrometheusApi, sel: string, time: number): Promise<FactVectors> {
  const queries = Object.entries(factQueries(sel));
  const answers = await Promise.all(queries.map(([, expr]) => api.query(expr, time)));
  return Object.fromEntries(
    queries.map(([name], i) => [name, answers[i] ?? []]),
  ) as unknown as FactVectors;
}

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0)
    throw new RangeError(`probePrometheus: ${name} must be a positive number, got ${value}`);
  return value;
}
