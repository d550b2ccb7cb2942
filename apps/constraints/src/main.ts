import { bootstrapService, loadConfig, type ServiceApp } from '@vplan/platform';
import { ConstraintsModule } from './constraints.module';

/** Starts the constraints service from the environment (`bin/serve.js`). */
export async function main(): Promise<ServiceApp> {
  return bootstrapService({ name: 'constraints', module: ConstraintsModule, config: loadConfig() });
}
