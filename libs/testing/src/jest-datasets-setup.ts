// Jest globalSetup of the data-set acceptance tests (jest.datasets.config.js) for projects
// without real peers: stops the run at once, with one line, when the data sets are absent.
import { hostProcess } from './host-process';
import { datasetsProblem } from './datasets';

export function requireDatasets(): void {
  const problem = datasetsProblem();
  if (problem === undefined) return;
  hostProcess.stderr.write(`\n${problem}\n`);
  hostProcess.exit(1);
}

export default function globalSetup(): void {
  requireDatasets();
}
