import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  INVENTORY,
  MAX_INGEST_SAMPLES,
  MAX_RESOLVE_IDENTITIES,
  WORKLOADS,
  type AssetIdentity,
  type Sample,
} from '@vplan/contracts';
import { JetStreamService, PlatformContext, ServiceClient } from '@vplan/platform';
import type { GridSample } from '@vplan/probes';
import { resolveDeadlineMs } from '../config';

/** A discovered machine's samples, under the identity its observations carried. */
export interface MachineSamples {
  readonly identity: AssetIdentity;
  readonly samples: readonly GridSample[];
}

/** First wait between resolve rounds, ms (doubling up to RETRY_MAX_MS). */
const RETRY_FIRST_MS = 250;
const RETRY_MAX_MS = 5000;
/** One resolve request's timeout, ms: at most RESOLVE_TIMEOUT_MS, at least RESOLVE_MIN_MS even near the deadline. */
const RESOLVE_TIMEOUT_MS = 10_000;
const RESOLVE_MIN_MS = 2000;

/**
 * Sends a scan's workload samples to workloads, keyed by asset id: asks inventory which
 * assets the machines are (`INVENTORY.resolveIdentities`, after their observations were
 * published, so it may need a moment to reconcile them), retrying with backoff until all
 * resolve or the deadline (`VPLAN_DISCOVERY_RESOLVE_SECONDS`), then publishes
 * `WORKLOADS.ingestSamples` batches of at most MAX_INGEST_SAMPLES per asset, each with a
 * batch id made of the scan, the asset and the chunk index, which is also its
 * `Nats-Msg-Id`: a scan run again sends nothing twice.
 */
@Injectable()
export class ScanSamplesService {
  constructor(
    private readonly client: ServiceClient,
    private readonly jetstream: JetStreamService,
    private readonly ctx: PlatformContext,
  ) {}

  /** Samples sent, and a note for machines whose samples were not (never a throw but an abort). */
  async send(
    scanId: string,
    machines: readonly MachineSamples[],
    opts: { readonly signal?: AbortSignal; readonly onSent?: (samples: number) => void } = {},
  ): Promise<{ sent: number; notes: string[] }> {
    const pending = machines.filter((m) => m.samples.length > 0);
    if (pending.length === 0) return { sent: 0, notes: [] };
    const { resolved, unresolved, reason } = await this.resolve(pending, opts.signal);
    const byAsset = new Map<string, GridSample[]>();
    for (const [machine, assetId] of resolved)
      byAsset.set(assetId, [...(byAsset.get(assetId) ?? []), ...machine.samples]);
    let sent = 0;
    let failed = 0;
    let failure: string | undefined;
    for (const [assetId, samples] of byAsset) {
      try {
        for (const [i, batch] of chunks(samples).entries()) {
          const batchId = batchIdOf(scanId, assetId, i);
          await this.jetstream.publishWork(
            WORKLOADS.ingestSamples,
            {
              batchId,
              source: `discovery:${scanId}`,
              samples: batch.map((s) => sampleOf(assetId, s)),
            },
            { id: batchId },
          );
          sent += batch.length;
          opts.onSent?.(sent);
        }
      } catch (error) {
        opts.signal?.throwIfAborted();
        failed += 1;
        failure ??= (error as Error).message;
      }
    }
    const notes: string[] = [];
    if (unresolved > 0)
      notes.push(
        `samples of ${unresolved} machines not sent: ${reason ?? 'inventory matched no asset'}`,
      );
    if (failed > 0)
      notes.push(
        `samples of ${failed} assets not sent: ${WORKLOADS.ingestSamples.subject}: ${failure}`,
      );
    return { sent, notes };
  }

  private async resolve(
    machines: readonly MachineSamples[],
    signal: AbortSignal | undefined,
  ): Promise<{ resolved: Map<MachineSamples, string>; unresolved: number; reason?: string }> {
    const deadline = Date.now() + resolveDeadlineMs(this.ctx.config);
    const resolved = new Map<MachineSamples, string>();
    let pending = [...machines];
    let reason: string | undefined;
    for (let wait = RETRY_FIRST_MS; ; wait = Math.min(wait * 2, RETRY_MAX_MS)) {
      const next: MachineSamples[] = [];
      for (const group of chunks(pending, MAX_RESOLVE_IDENTITIES)) {
        try {
          const { matches } = await this.client.request(
            INVENTORY.resolveIdentities,
            { identities: group.map((m) => m.identity) },
            {
              timeoutMs: Math.min(
                RESOLVE_TIMEOUT_MS,
                Math.max(RESOLVE_MIN_MS, deadline - Date.now()),
              ),
            },
          );
          group.forEach((m, i) => {
            const match = matches[i];
            if (match) resolved.set(m, match.assetId);
            else next.push(m);
          });
          reason = `inventory matched no asset within ${resolveDeadlineMs(this.ctx.config) / 1000} s`;
        } catch (error) {
          signal?.throwIfAborted();
          next.push(...group);
          reason = `inventory unreachable: ${(error as Error).message}`;
        }
      }
      pending = next;
      const left = deadline - Date.now();
      if (pending.length === 0 || left <= 0) break;
      await sleep(Math.min(wait, left), signal);
    }
    return { resolved, unresolved: pending.length, ...(reason ? { reason } : {}) };
  }
}

/** `<scan>-<16 hex of the asset id's sha256>-<chunk>`: stable for a scan, asset and chunk. */
export function batchIdOf(scanId: string, assetId: string, chunk: number): string {
  const asset = createHash('sha256').update(assetId).digest('hex').slice(0, 16);
  return `${scanId.slice(0, 40)}-${asset}-${chunk}`;
}

function sampleOf(assetId: string, s: GridSample): Sample {
  return { assetId, metric: s.metric, ts: s.at * 1000, value: s.value };
}

function chunks<T>(items: readonly T[], size = MAX_INGEST_SAMPLES): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(done, ms);
    function done() {
      signal?.removeEventListener('abort', abort);
      resolve();
    }
    function abort() {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    }
    if (signal?.aborted) abort();
    else signal?.addEventListener('abort', abort, { once: true });
  });
}
