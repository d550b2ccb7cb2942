import { Injectable } from '@nestjs/common';
import { DISCOVERY, type Observation, type WireError } from '@vplan/contracts';
import { JetStreamService } from '@vplan/platform';
import {
  DEFAULT_MAX_TARGETS,
  DiscoverRequestError,
  discoverEstate,
  expandTargets,
  type DiscoverResult,
} from '@vplan/probes';
import { CredentialsService } from '../credentials/credentials.service';
import { HostKeysRepository } from '../hostkeys/host-keys.repository';
import { eventIdOf, machineIdentity, machineObservations } from './scan-observations';
import { discoverRequestOf, problemNote, skippedProbeNotes } from './scan-request';
import { ScanSamplesService } from './scan-samples.service';
import type { ClaimedScan, ScanProgress } from './scan.schema';

/** Observations awaiting their JetStream ack at once. */
const PUBLISH_WINDOW = 32;

export type ScanOutcome = { status: 'succeeded' } | { status: 'failed'; error: WireError };

/**
 * Runs one claimed scan: opens its credentials, runs `discoverEstate` (sweep, SSH with the
 * host keys pinned in `hostkeys`, SNMP, vCenters, Prometheus), publishes one
 * `DISCOVERY.observationRecorded` per source fact of each machine (event ids derived from
 * the observation ids, so a re-run is de-duplicated), then sends the machines' samples to
 * workloads. Updates `progress` and `notes` in place (the runner stores them); throws when
 * stopped (the signal's reason) or when observations cannot be published.
 */
@Injectable()
export class ScanExecutor {
  constructor(
    private readonly credentials: CredentialsService,
    private readonly hostKeys: HostKeysRepository,
    private readonly jetstream: JetStreamService,
    private readonly samples: ScanSamplesService,
  ) {}

  async execute(
    scan: ClaimedScan,
    signal: AbortSignal,
    progress: ScanProgress,
    notes: string[],
  ): Promise<ScanOutcome> {
    notes.push(...skippedProbeNotes(scan));
    const expanded = expandTargets(scan.cidrs, scan.hosts, DEFAULT_MAX_TARGETS);
    if (!expanded.ok) return badRequest(expanded.message);
    progress.targets = expanded.targets.length;
    const { request, notes: credentialNotes } = await discoverRequestOf(scan, (id) =>
      this.credentials.probeCredentialOf(id),
    );
    notes.push(...credentialNotes);
    let result: DiscoverResult;
    try {
      result = await discoverEstate(request, {
        concurrency: scan.concurrency,
        timeoutMs: scan.timeoutMs,
        retries: scan.retries,
        sampleSeconds: scan.sampleSeconds,
        historyHours: scan.historyHours,
        hostKeys: this.hostKeys.storeFor(scan._id),
        ...(scan.sudo ? { sudo: true } : {}),
        signal,
        onProgress: (p) => {
          progress.phase = p.phase;
          progress.done = p.done;
          if (p.phase === 'sweep') progress.targets = p.total;
        },
      });
    } catch (error) {
      if (error instanceof DiscoverRequestError) return badRequest(error.message);
      throw error;
    }
    notes.push(...result.notes, ...result.problems.map(problemNote));
    progress.phase = 'publish';
    progress.machines = result.machines.length;
    const observedAt = new Date().toISOString();
    const used = new Set<string>();
    const observations = result.machines.flatMap((m) =>
      machineObservations(m, { scanId: scan._id, observedAt }, used),
    );
    await this.publish(observations, progress);
    signal.throwIfAborted();
    progress.samples = 0;
    const sent = await this.samples.send(
      scan._id,
      result.machines.map((m) => ({ identity: machineIdentity(m.facts), samples: m.samples })),
      { signal, onSent: (n) => (progress.samples = n) },
    );
    progress.samples = sent.sent;
    notes.push(...sent.notes);
    return { status: 'succeeded' };
  }

  /** Publishes every observation (PUBLISH_WINDOW awaiting acks at once); throws if one is refused. */
  private async publish(observations: readonly Observation[], progress: ScanProgress) {
    for (let i = 0; i < observations.length; i += PUBLISH_WINDOW) {
      const window = observations.slice(i, i + PUBLISH_WINDOW);
      const settled = await Promise.allSettled(
        window.map(async (o) => {
          await this.jetstream.publish(DISCOVERY.observationRecorded, o, {
            id: eventIdOf(o.observationId),
          });
          progress.observations += 1;
        }),
      );
      const refused = settled.find((s) => s.status === 'rejected');
      if (refused)
        throw new Error(`observations not published: ${(refused.reason as Error).message}`);
    }
  }
}

function badRequest(message: string): ScanOutcome {
  return { status: 'failed', error: { code: 'BAD_REQUEST', message } };
}
