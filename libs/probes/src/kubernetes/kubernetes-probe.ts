import type { RequestContext, ResponseContext } from '@kubernetes/client-node';
import type { HostFacts } from '../host-facts';
import { loadKubeConfig, type KubernetesSource } from './kubernetes-config';
import { failureOf, KubernetesProbeError } from './kubernetes-error';
import { nodesToFacts, type KubeNode } from './kubernetes-facts';
import type { KubePod } from './pod-requests';

export interface KubernetesProbeOptions {
  /** Deadline of the whole probe (every page of nodes and pods), ms. */
  readonly timeoutMs: number;
  /** Cancels the probe: it rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /** Most nodes read (default 10,000); more are left out with a note. */
  readonly maxNodes?: number;
  /** Most pods read (default 200,000); more are left out with a note. */
  readonly maxPods?: number;
  /** Objects asked for per list call (`limit`, default 500). */
  readonly pageSize?: number;
}

export interface KubernetesProbeResult {
  /** The API server, as named in messages. */
  readonly server: string;
  /** One per node (`assetKind` `container-host`). */
  readonly facts: HostFacts[];
  /** What was left out: nodes or pods over the bounds, pods the credential may not list. */
  readonly notes: string[];
}

export const KUBERNETES_MAX_NODES = 10_000;
export const KUBERNETES_MAX_PODS = 200_000;

/** Pods that hold resources on their node: not finished. */
const RUNNING_PODS = 'status.phase!=Succeeded,status.phase!=Failed';

interface Page<T> {
  readonly items: readonly T[];
  readonly metadata?: { readonly _continue?: string; readonly remainingItemCount?: number };
}

/**
 * Reads a Kubernetes cluster's nodes and its unfinished pods (all namespaces, paged with
 * `limit`/`continue`) through the API server the kubeconfig context names, and returns one
 * HostFacts per node ({@link nodesToFacts}). Read-only (list verbs on nodes and pods). A
 * credential that may list nodes but not pods gives nodes without requests, and a note.
 * Fails with a {@link KubernetesProbeError} whose message never holds a credential.
 */
export async function probeKubernetes(
  source: KubernetesSource,
  options: KubernetesProbeOptions,
): Promise<KubernetesProbeResult> {
  options.signal?.throwIfAborted();
  // ESM-only package: loaded when a cluster is probed, not when @vplan/probes is imported.
  const k8s = await import('@kubernetes/client-node');
  const loaded = loadKubeConfig(k8s.KubeConfig, source);
  const { server, secrets } = loaded;
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), options.timeoutMs);
  const both = options.signal
    ? AbortSignal.any([deadline.signal, options.signal])
    : deadline.signal;
  const api = loaded.config.makeApiClient(k8s.CoreV1Api);
  // Each request carries the deadline and the caller's signal (node-fetch aborts on it).
  const call = {
    middleware: [
      {
        pre: (request: RequestContext) => {
          request.setSignal(both);
          return new k8s.Observable(Promise.resolve(request));
        },
        post: (response: ResponseContext) => new k8s.Observable(Promise.resolve(response)),
      },
    ],
    middlewareMergeStrategy: 'append' as const,
  };
  const context = (what: string) => ({
    server,
    what,
    deadline: deadline.signal,
    ...(options.signal ? { signal: options.signal } : {}),
    secrets,
  });
  const notes: string[] = [];
  const pageSize = options.pageSize ?? 500;
  try {
    const nodes = await listAll<KubeNode>(
      'nodes',
      options.maxNodes ?? KUBERNETES_MAX_NODES,
      pageSize,
      (limit, next) =>
        api.listNode({ limit, ...(next ? { _continue: next } : {}) }, call) as Promise<
          Page<KubeNode>
        >,
      context('list nodes'),
      notes,
    );
    let pods: KubePod[] = [];
    try {
      pods = await listAll<KubePod>(
        'pods',
        options.maxPods ?? KUBERNETES_MAX_PODS,
        pageSize,
        (limit, next) =>
          api.listPodForAllNamespaces(
            { fieldSelector: RUNNING_PODS, limit, ...(next ? { _continue: next } : {}) },
            call,
          ) as Promise<Page<KubePod>>,
        context('list pods'),
        notes,
      );
    } catch (error) {
      if (!(error instanceof KubernetesProbeError) || error.stage !== 'auth') throw error;
      notes.push(`${error.message}: nodes read without their pods' requests`);
    }
    return { server, facts: nodesToFacts(nodes, pods, { server, cluster: loaded.cluster }), notes };
  } finally {
    clearTimeout(timer);
  }
}

/** Every page of a list, up to `max` objects (a note says what was left). */
async function listAll<T>(
  what: string,
  max: number,
  pageSize: number,
  page: (limit: number, next: string | undefined) => Promise<Page<T>>,
  context: Parameters<typeof failureOf>[1],
  notes: string[],
): Promise<T[]> {
  const out: T[] = [];
  let next: string | undefined;
  // A server that keeps answering empty pages with a continue token must not loop forever.
  for (let pages = 0; pages <= Math.ceil(max / pageSize) + 100; pages++) {
    if (context.signal?.aborted) throw context.signal.reason;
    if (context.deadline.aborted) throw failureOf(new Error('deadline'), context);
    let got: Page<T>;
    try {
      got = await page(Math.min(pageSize, max - out.length), next);
    } catch (error) {
      throw failureOf(error, context);
    }
    if (!Array.isArray(got?.items))
      throw new KubernetesProbeError(
        context.server,
        'protocol',
        `${context.server}: ${context.what}: no list in the answer`,
      );
    out.push(...got.items.slice(0, max - out.length));
    next = got.metadata?._continue || undefined;
    if (next === undefined) return out;
    if (out.length >= max) {
      const more = got.metadata?.remainingItemCount;
      notes.push(
        `${context.server}: stopped after ${max} ${what}${more !== undefined ? ` (${more} more)` : ''}: the rest left out` +
          (what === 'pods' ? ', so requests are partial' : ''),
      );
      return out;
    }
  }
  throw new KubernetesProbeError(
    context.server,
    'protocol',
    `${context.server}: ${context.what}: paging does not end`,
  );
}
