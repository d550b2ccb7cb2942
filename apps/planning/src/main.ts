// The planning service process (bin/serve.js): config from the environment, then boot.
import { bootstrapService, loadConfig } from '@vplan/platform';
import { planningConfigShape } from './config';
import { PlanningModule } from './planning.module';

bootstrapService({
  name: 'planning',
  module: PlanningModule,
  config: loadConfig(planningConfigShape),
}).catch((err: unknown) => {
  process.stderr.write(`planning: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
