// Jest globalTeardown: stops the peers the global setup started (none when NATS_URL and
// MONGODB_URI already answered).
import { stopStartedPeers } from './peers';

export default async function globalTeardown(): Promise<void> {
  await stopStartedPeers();
}
