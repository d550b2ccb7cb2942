import { bootstrapService, type ServiceApp } from '@vplan/platform';
import { loadDiscoveryConfig } from './config';
import { DiscoveryModule } from './discovery.module';

/**
 * Starts the discovery service from the environment (`bin/serve.js`). The config,
 * `VPLAN_DISCOVERY_KEY` included, is checked before anything connects.
 */
export async function main(): Promise<ServiceApp> {
  return bootstrapService({
    name: 'discovery',
    module: DiscoveryModule,
    config: loadDiscoveryConfig(),
  });
}
