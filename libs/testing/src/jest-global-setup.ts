// Jest globalSetup for projects with *.int-spec.ts files (wired in the root jest.config.js):
// makes sure the peers answer once, before any worker starts, so every worker inherits
// NATS_URL/MONGODB_URI and no test waits on a FerretDB build.
import { ensurePeers } from './peers';

export default async function globalSetup(): Promise<void> {
  await ensurePeers();
}
