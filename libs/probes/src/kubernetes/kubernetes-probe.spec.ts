import { createServer, type Server, type Socket } from 'node:net';
import { ApiException } from '@kubernetes/client-node';
import { discoverEstate } from '../discover/discover-estate';
import { memoryHostKeyStore } from '../ssh/host-key-store';
import { failureOf, KubernetesProbeError } from './kubernetes-error';
import { probeKubernetes } from './kubernetes-probe';

const TOKEN = 'eyJhbGciOiJSUzI1NiIsImtpZCI6InZwbGFuLXRlc3QifQ.c2VjcmV0LXRva2VuLWJvZHk.sig-Zq9';
const PASSWORD = 'hunter2-kube-Pa55';

function kubeconfig(server: string, user = `token: ${TOKEN}`): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: lab',
    '  cluster:',
    `    server: ${server}`,
    '    insecure-skip-tls-verify: true',
    'users:',
    '- name: ops',
    '  user:',
    ...user.split('\n').map((l) => `    ${l}`),
    'contexts:',
    '- name: lab-ops',
    '  context: { cluster: lab, user: ops }',
    'current-context: lab-ops',
    '',
  ].join('\n');
}

async function failure(promise: Promise<unknown>): Promise<KubernetesProbeError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof KubernetesProbeError))
    throw new Error(`not a probe error: ${String(error)}`);
  return error;
}

const secretFree = (error: Error, text: string) => {
  for (const s of [TOKEN, PASSWORD, text]) {
    expect(error.message).not.toContain(s);
    expect(String(error.stack)).not.toContain(s);
  }
  expect(JSON.stringify(error)).not.toContain(TOKEN);
};

describe('probeKubernetes', () => {
  it('fails to connect to an unreachable server naming its URL, never the token', async () => {
    const config = kubeconfig('https://127.0.0.1:1');
    const error = await failure(probeKubernetes({ kubeconfig: config }, { timeoutMs: 10_000 }));
    expect(error).toMatchObject({ stage: 'connect', target: 'https://127.0.0.1:1' });
    expect(error.message).toMatch(
      /^https:\/\/127\.0\.0\.1:1: list nodes: cannot connect \(ECONNREFUSED\)$/,
    );
    secretFree(error, config);
  });

  describe('with a server that accepts and never answers', () => {
    let server: Server;
    const sockets = new Set<Socket>();
    let url = '';
    beforeAll(async () => {
      server = createServer((s) => {
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const address = server.address();
      url = `https://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    });
    afterAll(async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    it('gives up at the deadline as a timeout', async () => {
      const error = await failure(
        probeKubernetes({ kubeconfig: kubeconfig(url) }, { timeoutMs: 300 }),
      );
      expect(error).toMatchObject({ stage: 'timeout', target: url });
      expect(error.message).toBe(`${url}: list nodes: no answer within the timeout`);
    });

    it("rejects with the caller's reason when cancelled", async () => {
      const controller = new AbortController();
      const reason = new Error('stopped by the user');
      const probe = probeKubernetes(
        { kubeconfig: kubeconfig(url) },
        { timeoutMs: 60_000, signal: controller.signal },
      );
      setImmediate(() => controller.abort(reason));
      await expect(probe).rejects.toBe(reason);
    });
  });

  it('refuses YAML that does not parse, naming the line and quoting nothing', async () => {
    const config = `apiVersion: v1\nusers:\n- name: ops\n  user:\n    token: ${TOKEN}\n   password: : ${PASSWORD}\n`;
    const error = await failure(probeKubernetes({ kubeconfig: config }, { timeoutMs: 1000 }));
    expect(error).toMatchObject({ stage: 'config', target: 'kubeconfig' });
    expect(error.message).toMatch(/^kubeconfig: not valid YAML \(line \d+\)$/);
    secretFree(error, config);
  });

  it('refuses a context the kubeconfig does not hold, listing those it does', async () => {
    const error = await failure(
      probeKubernetes(
        { kubeconfig: kubeconfig('https://127.0.0.1:1'), context: 'prod' },
        { timeoutMs: 1000 },
      ),
    );
    expect(error.stage).toBe('config');
    expect(error.message).toBe('kubeconfig: no context "prod" (contexts: lab-ops)');
  });

  it('refuses a user that logs in by running a command, unless allowed', async () => {
    const config = kubeconfig(
      'https://127.0.0.1:1',
      'exec:\n  apiVersion: client.authentication.k8s.io/v1\n  command: /bin/false',
    );
    const error = await failure(probeKubernetes({ kubeconfig: config }, { timeoutMs: 1000 }));
    expect(error).toMatchObject({ stage: 'config', target: 'https://127.0.0.1:1' });
    expect(error.message).toMatch(/logs in by running a command/);
  });

  it('refuses a kubeconfig that refers to files on disk, unless allowed', async () => {
    const config = kubeconfig(
      'https://127.0.0.1:1',
      'client-certificate: /etc/passwd\nclient-key: /etc/shadow',
    );
    const error = await failure(probeKubernetes({ kubeconfig: config }, { timeoutMs: 1000 }));
    expect(error).toMatchObject({ stage: 'config', target: 'https://127.0.0.1:1' });
    expect(error.message).toMatch(/refers to files \(client-certificate, client-key\)/);
    const allowed = await failure(
      probeKubernetes({ kubeconfig: config, allowExec: true }, { timeoutMs: 1000 }),
    );
    expect(allowed.message).not.toMatch(/refers to files/);
  });

  it('refuses a server URL that is not http(s)', async () => {
    const error = await failure(
      probeKubernetes({ kubeconfig: kubeconfig('unix:///run/k8s.sock') }, { timeoutMs: 1000 }),
    );
    expect(error.message).toBe('kubeconfig: cluster "lab" has no http(s) server URL');
  });
});

describe('failureOf', () => {
  const context = {
    server: 'https://k8s.lab:6443',
    what: 'list pods',
    deadline: new AbortController().signal,
    secrets: [TOKEN, PASSWORD],
  };

  it('calls 401 and 403 auth, scrubbing a secret the answer echoes', () => {
    const body = { kind: 'Status', message: `token ${TOKEN} is not valid`, code: 401 };
    const error = failureOf(new ApiException(401, 'Unauthorized', body, {}), context);
    expect(error).toMatchObject({ stage: 'auth', target: 'https://k8s.lab:6443' });
    expect((error as Error).message).toBe(
      'https://k8s.lab:6443: list pods: HTTP 401 (token *** is not valid)',
    );
    const forbidden = failureOf(
      new ApiException(403, 'Forbidden', JSON.stringify({ message: 'pods is forbidden' }), {}),
      context,
    );
    expect(forbidden).toMatchObject({ stage: 'auth' });
    expect((forbidden as Error).message).toMatch(/HTTP 403 \(pods is forbidden\)$/);
  });

  it('calls another status protocol, and an error without a code by its name only', () => {
    expect(failureOf(new ApiException(410, 'Gone', {}, {}), context)).toMatchObject({
      stage: 'protocol',
      message: 'https://k8s.lab:6443: list pods: HTTP 410',
    });
    const parse = failureOf(new SyntaxError(`Unexpected token in ${PASSWORD}`), context);
    expect((parse as Error).message).toBe(
      'https://k8s.lab:6443: list pods: unexpected answer (SyntaxError)',
    );
  });
});

describe('discoverEstate with a Kubernetes cluster', () => {
  it('reports an unreachable cluster as a problem naming its server, never the token', async () => {
    const result = await discoverEstate(
      {
        probes: new Set(['kubernetes']),
        cidrs: [],
        hosts: [],
        sshPort: 22,
        snmpPort: 161,
        kubernetes: [{ kubeconfig: kubeconfig('https://127.0.0.1:1') }],
      },
      {
        concurrency: 1,
        timeoutMs: 1000,
        sampleSeconds: 0,
        historyHours: 1,
        hostKeys: memoryHostKeyStore({}),
      },
    );
    expect(result.machines).toEqual([]);
    expect(result.problems).toEqual([
      {
        probe: 'kubernetes',
        target: 'https://127.0.0.1:1',
        stage: 'connect',
        message: 'https://127.0.0.1:1: list nodes: cannot connect (ECONNREFUSED)',
      },
    ]);
    expect(JSON.stringify(result)).not.toContain(TOKEN);
  });
});
