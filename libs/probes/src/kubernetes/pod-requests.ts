import { parseQuantity } from './quantity';

/** The fields of a Pod its requests are read from (`kubectl get pods -A -o json` items). */
export interface KubePod {
  readonly metadata?: { readonly name?: string; readonly namespace?: string };
  readonly spec?: {
    readonly nodeName?: string;
    readonly containers?: readonly KubeContainer[];
    readonly initContainers?: readonly KubeContainer[];
    readonly overhead?: Readonly<Record<string, unknown>>;
  };
  readonly status?: { readonly phase?: string };
}

export interface KubeContainer {
  readonly name?: string;
  /** `Always` on an init container makes it a sidecar: it runs beside the app containers. */
  readonly restartPolicy?: string;
  readonly resources?: {
    readonly requests?: Readonly<Record<string, unknown>>;
    readonly limits?: Readonly<Record<string, unknown>>;
  };
}

/** CPU in cores, memory in bytes. */
export interface Resources {
  readonly cpu: number;
  readonly memory: number;
}

/**
 * What the scheduler reserves for a pod on its node (its effective request): the larger of
 * the app containers plus sidecars and the largest init container (plus the sidecars started
 * before it), plus the pod's overhead. A container with a limit but no request requests its
 * limit (the API server defaults it so); an unparsable quantity counts as none.
 */
export function podRequests(pod: KubePod): Resources {
  const spec = pod.spec ?? {};
  let sidecars = { cpu: 0, memory: 0 };
  let init = { cpu: 0, memory: 0 };
  for (const c of spec.initContainers ?? []) {
    const r = containerRequests(c);
    if (c.restartPolicy === 'Always') {
      sidecars = add(sidecars, r);
      init = max(init, sidecars);
    } else {
      init = max(init, add(sidecars, r));
    }
  }
  const app = (spec.containers ?? []).reduce((sum, c) => add(sum, containerRequests(c)), sidecars);
  const overhead = resources(spec.overhead);
  return add(max(app, init), overhead);
}

function containerRequests(c: KubeContainer): Resources {
  const requests = c.resources?.requests ?? {};
  const limits = c.resources?.limits ?? {};
  const one = (name: 'cpu' | 'memory') =>
    Math.max(0, parseQuantity(requests[name] ?? limits[name]) ?? 0);
  return { cpu: one('cpu'), memory: one('memory') };
}

function resources(list: Readonly<Record<string, unknown>> | undefined): Resources {
  return {
    cpu: Math.max(0, parseQuantity(list?.['cpu']) ?? 0),
    memory: Math.max(0, parseQuantity(list?.['memory']) ?? 0),
  };
}

const add = (a: Resources, b: Resources): Resources => ({
  cpu: a.cpu + b.cpu,
  memory: a.memory + b.memory,
});

const max = (a: Resources, b: Resources): Resources => ({
  cpu: Math.max(a.cpu, b.cpu),
  memory: Math.max(a.memory, b.memory),
});
