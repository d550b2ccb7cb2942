// Jest globalSetup of the data-set acceptance tests for projects with real peers: checks
// the data sets first (one line and exit when absent), then ensures NATS and MongoDB.
import { requireDatasets } from './jest-datasets-setup';
import { ensurePeers } from './peers';

export default async function globalSetup(): Promise<void> {
  requireDatasets();
  await ensurePeers();
}
