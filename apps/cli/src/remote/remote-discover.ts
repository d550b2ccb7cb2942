import type { ScanJob } from '@vplan/contracts';
import type { Progress } from '../output/progress';
import { ApiError, call, callJson, type ApiTarget } from './api-client';

/** A credential the CLI stores for one scan (its secret from a file or the environment). */
export interface ScanCredential {
  /** Where it came from, for messages: `--ssh-password-env`. */
  readonly flag: string;
  readonly kind:
    'ssh-password' | 'ssh-key' | 'snmp-v2c' | 'snmp-v3' | 'vsphere' | 'prometheus' | 'kubernetes';
  readonly username?: string;
  readonly secret: string | Record<string, string>;
  /** What it opens: an address probe (`credentialIds`), or a manager of the scan. */
  readonly use: 'address' | { vcenter: number } | { prometheus: number } | { kubernetes: number };
}

/** The scan to start: the contract's scan body, without the credential ids. */
export interface RemoteScan {
  readonly body: Record<string, unknown> & {
    vcenters?: { url: string; insecure?: boolean }[];
    prometheus?: { url: string }[];
    kubernetes?: { context?: string }[];
  };
  /** Credentials to store for this scan (deleted again when it ended). */
  readonly credentials: readonly ScanCredential[];
  /** Stored credentials to use as they are (`--credential <id>`). */
  readonly credentialIds: readonly string[];
}

const ENDED = new Set(['succeeded', 'failed', 'cancelled']);

/**
 * Runs a scan on the discovery service: stores the given credentials (named after the
 * run, never echoed), creates the scan, follows its progress until it ends (an interrupt
 * cancels it), and deletes the credentials it stored, whatever happened.
 */
export async function discoverRemotely(
  target: ApiTarget,
  scan: RemoteScan,
  progress: Progress,
  pollMs = 500,
): Promise<ScanJob> {
  const stored: string[] = [];
  let scanId: string | undefined;
  const onInterrupt = () => {
    if (scanId)
      void call(target, `/discovery/api/v1/scans/${encodeURIComponent(scanId)}/cancel`, {
        method: 'POST',
      }).catch(() => undefined);
  };
  process.once('SIGINT', onInterrupt);
  try {
    const vcenters = (scan.body.vcenters ?? []).map((v) => ({ ...v })) as Record<string, unknown>[];
    const prometheus = (scan.body.prometheus ?? []).map((p) => ({ ...p })) as Record<
      string,
      unknown
    >[];
    const kubernetes = (scan.body.kubernetes ?? []).map((k) => ({ ...k })) as Record<
      string,
      unknown
    >[];
    const credentialIds = [...scan.credentialIds];
    const run = new Date().toISOString().replace(/[:.]/g, '-');
    for (const [i, c] of scan.credentials.entries()) {
      progress.phase(`storing the ${c.flag} credential`);
      const { id } = await callJson<{ id: string }>(target, '/discovery/api/v1/credentials', {
        method: 'POST',
        contentType: 'application/json',
        body: JSON.stringify({
          name: `vplan-discover-${run}-${i + 1}`,
          kind: c.kind,
          ...(c.username !== undefined ? { username: c.username } : {}),
          secret: c.secret,
          description: `stored by vplan discover --api for one scan (${c.flag}); deleted when it ends`,
        }),
      });
      stored.push(id);
      if (c.use === 'address') credentialIds.push(id);
      else if ('vcenter' in c.use) vcenters[c.use.vcenter]!['credentialId'] = id;
      else if ('prometheus' in c.use) prometheus[c.use.prometheus]!['credentialId'] = id;
      else kubernetes[c.use.kubernetes]!['credentialId'] = id;
    }
    const created = await callJson<ScanJob>(target, '/discovery/api/v1/scans', {
      method: 'POST',
      contentType: 'application/json',
      body: JSON.stringify({ ...scan.body, vcenters, prometheus, kubernetes, credentialIds }),
    });
    scanId = created.id;
    progress.phase(`scan ${scanId} ${created.status}`);
    let job = created;
    let last = '';
    while (!ENDED.has(job.status)) {
      await new Promise((resolve) => setTimeout(resolve, pollMs));
      job = await callJson<ScanJob>(
        target,
        `/discovery/api/v1/scans/${encodeURIComponent(scanId)}`,
      );
      const line = describeScan(job);
      if (line !== last) progress.status(line);
      last = line;
    }
    return job;
  } finally {
    process.removeListener('SIGINT', onInterrupt);
    for (const id of stored)
      await call(target, `/discovery/api/v1/credentials/${encodeURIComponent(id)}`, {
        method: 'DELETE',
      }).catch((error: unknown) => {
        if (!(error instanceof ApiError) || error.status !== 404)
          process.stderr.write(
            `warning: credential ${id} not deleted: ${(error as Error).message}\n`,
          );
      });
  }
}

/** `running: probe 3/8, 2 machines, 14 observations, 40 samples`. */
export function describeScan(job: ScanJob): string {
  const p = job.progress;
  const parts = [
    `${p.phase ?? 'sweep'} ${p.done}/${p.targets}`,
    ...(p.machines !== undefined ? [`${p.machines} machines`] : []),
    `${p.observations} observations`,
    ...(p.samples !== undefined ? [`${p.samples} samples`] : []),
  ];
  return `${job.status}: ${parts.join(', ')}`;
}
