import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '@vplan/file-input';
import { discoverCommand, type DiscoverFlags } from './discover';
import { kubernetesSources } from './discover-sources';
import { UsageError } from './options';

const base: DiscoverFlags = {
  sshPort: 22,
  snmpPort: 161,
  concurrency: 1,
  timeoutMs: 1000,
  sampleSeconds: 0,
  historyHours: 1,
  out: 'out',
};

describe('vplan discover --kubeconfig', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vplan-kube-flags-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('parses --kubeconfig and --kube-context', () => {
    const command = discoverCommand();
    command.parseOptions(['--kubeconfig', '/etc/k.yaml', '--kube-context', 'prod', '--out', 'o']);
    expect(command.opts()).toMatchObject({ kubeconfig: '/etc/k.yaml', kubeContext: 'prod' });
  });

  it('reads the kubeconfig file into a source with its context', async () => {
    const file = join(dir, 'config');
    await writeFile(file, 'apiVersion: v1\nkind: Config\n');
    await expect(
      kubernetesSources({ ...base, kubeconfig: file, kubeContext: 'prod' }),
    ).resolves.toEqual([
      { kubeconfig: 'apiVersion: v1\nkind: Config\n', context: 'prod', allowExec: true },
    ]);
    await expect(kubernetesSources(base)).resolves.toBeUndefined();
  });

  it('names a missing kubeconfig file, and refuses a context without one', async () => {
    const missing = join(dir, 'nope');
    await expect(kubernetesSources({ ...base, kubeconfig: missing })).rejects.toEqual(
      new InputError(missing, 'not found'),
    );
    await expect(kubernetesSources({ ...base, kubeContext: 'prod' })).rejects.toBeInstanceOf(
      UsageError,
    );
  });
});
