import type { KubeConfig } from '@kubernetes/client-node';
import { KubernetesProbeError } from './kubernetes-error';

/** A Kubernetes cluster to read, as a kubeconfig (its text, never a path) and a context. */
export interface KubernetesSource {
  /** The kubeconfig's YAML text. Holds credentials: never logged, never in a message. */
  readonly kubeconfig: string;
  /** The context to use (default: the kubeconfig's `current-context`, or its only context). */
  readonly context?: string;
  /**
   * Whether the kubeconfig may log in by running a command (`exec`, `auth-provider`) or
   * refer to files (`certificate-authority`, `client-certificate`, `client-key`): right for
   * the user's own kubeconfig on their machine, wrong for one a service was sent. Default
   * false: such a kubeconfig is refused (`config`).
   */
  readonly allowExec?: boolean;
}

/** A kubeconfig loaded for one context: the API server, the cluster's name and the secrets. */
export interface LoadedConfig {
  readonly config: KubeConfig;
  /** The API server as named in messages: no user info, no query string. */
  readonly server: string;
  readonly cluster: string;
  /** Everything that must never appear in a message. */
  readonly secrets: readonly string[];
}

const MISSING_FIELD = /^(clusters|users|contexts)\[\d+\]\.[\w.-]+ is missing$/;

/**
 * Reads the kubeconfig text for the source's context. Fails with a `config` error that
 * quotes nothing of the text (a YAML error names its line only).
 */
export function loadKubeConfig(
  KubeConfigClass: new () => KubeConfig,
  source: KubernetesSource,
): LoadedConfig {
  const bad = (message: string) => new KubernetesProbeError('kubeconfig', 'config', message);
  const config = new KubeConfigClass();
  try {
    config.loadFromString(source.kubeconfig);
  } catch (error) {
    const line = (error as { mark?: { line?: unknown } }).mark?.line;
    const message = error instanceof Error ? error.message : '';
    if (typeof line === 'number') throw bad(`kubeconfig: not valid YAML (line ${line + 1})`);
    if (MISSING_FIELD.test(message)) throw bad(`kubeconfig: ${message}`);
    throw bad('kubeconfig: not a kubeconfig (apiVersion v1, kind Config)');
  }
  const names = config.getContexts().map((c) => c.name);
  const wanted =
    source.context ?? (config.getCurrentContext() || (names.length === 1 ? names[0] : undefined));
  if (wanted === undefined || !names.includes(wanted)) {
    const which =
      wanted === undefined ? 'no current-context' : `no context ${JSON.stringify(wanted)}`;
    throw bad(`kubeconfig: ${which} (contexts: ${names.join(', ') || 'none'})`);
  }
  config.setCurrentContext(wanted);
  const cluster = config.getCurrentCluster();
  if (cluster === null) throw bad(`kubeconfig: context ${JSON.stringify(wanted)} names no cluster`);
  const server = displayUrl(cluster.server);
  if (server === undefined)
    throw bad(`kubeconfig: cluster ${JSON.stringify(cluster.name)} has no http(s) server URL`);
  const user = config.getCurrentUser();
  const secrets: string[] = [];
  if (user !== null) {
    for (const s of [user.token, user.password, user.keyData, user.certData])
      if (typeof s === 'string' && s !== '') secrets.push(s, ...base64Of(s));
    const provider = user.authProvider as { config?: Record<string, unknown> } | undefined;
    for (const v of Object.values(provider?.config ?? {}))
      if (typeof v === 'string' && v !== '') secrets.push(v);
    if ((user.exec !== undefined || user.authProvider !== undefined) && source.allowExec !== true)
      throw new KubernetesProbeError(
        server,
        'config',
        `${server}: kubeconfig user ${JSON.stringify(user.name)} logs in by running a command (exec or auth-provider), which is not allowed here: give a token or a client certificate`,
      );
  }
  // A kubeconfig a service was sent must not make it read its own files.
  const files = [
    ...(cluster.caFile ? ['certificate-authority'] : []),
    ...(user?.certFile ? ['client-certificate'] : []),
    ...(user?.keyFile ? ['client-key'] : []),
  ];
  if (files.length > 0 && source.allowExec !== true)
    throw new KubernetesProbeError(
      server,
      'config',
      `${server}: kubeconfig refers to files (${files.join(', ')}), which is not allowed here: embed them as ${files.map((f) => `${f}-data`).join(', ')}`,
    );
  const url = new URL(cluster.server);
  if (url.password !== '') secrets.push(url.password, decodeURIComponent(url.password));
  return { config, server, cluster: cluster.name, secrets };
}

/** `https://host:port/path` of a server URL, or undefined when it is no http(s) URL. */
function displayUrl(text: string | undefined): string | undefined {
  if (text === undefined || !URL.canParse(text)) return undefined;
  const url = new URL(text);
  if (!/^https?:$/.test(url.protocol)) return undefined;
  url.username = '';
  url.password = '';
  url.search = '';
  url.hash = '';
  return url.toString().replace(/\/+$/, '');
}

/** A secret given base64-encoded (`client-key-data`) is also a secret decoded. */
function base64Of(value: string): string[] {
  if (!/^[A-Za-z0-9+/=\s]+$/.test(value) || value.length < 16) return [];
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  return decoded
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length >= 16 && !/^-----(BEGIN|END) /.test(l));
}
