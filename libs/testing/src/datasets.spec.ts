import path from 'node:path';
import { DATASETS_VARIABLE, datasetPath, datasetsDir, datasetsProblem } from './datasets';
import { hostProcess } from './host-process';
import { repoRoot } from './paths';

const env = hostProcess.env;

describe('datasetsDir', () => {
  const saved = env[DATASETS_VARIABLE];
  afterEach(() => {
    if (saved === undefined) delete env[DATASETS_VARIABLE];
    else env[DATASETS_VARIABLE] = saved;
  });

  it('defaults to shared/datasets beside the repository, also when the variable is empty', () => {
    delete env[DATASETS_VARIABLE];
    expect(datasetsDir()).toBe(path.resolve(repoRoot, '../shared/datasets'));
    env[DATASETS_VARIABLE] = '';
    expect(datasetsDir()).toBe(path.resolve(repoRoot, '../shared/datasets'));
  });

  it('takes VPLAN_DATASETS, resolved against the working directory', () => {
    env[DATASETS_VARIABLE] = 'some/where';
    expect(datasetsDir()).toBe(path.resolve('some/where'));
    expect(datasetPath('planetlab', '20110303')).toBe(
      path.resolve('some/where/planetlab/20110303'),
    );
  });

  it('names the folder and the variable in one line when the folder is missing', () => {
    env[DATASETS_VARIABLE] = '/nonexistent/vplan-datasets';
    const problem = datasetsProblem();
    expect(problem).toContain('/nonexistent/vplan-datasets');
    expect(problem).toContain('VPLAN_DATASETS');
    expect(problem).not.toContain('\n');
    env[DATASETS_VARIABLE] = repoRoot;
    expect(datasetsProblem()).toBeUndefined();
  });
});
