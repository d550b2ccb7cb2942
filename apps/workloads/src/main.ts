import { bootstrapService } from '@vplan/platform';
import { loadWorkloadsConfig } from './workloads.config';
import { WorkloadsModule } from './workloads.module';

/** Starts the workloads service from the environment (see README.md). */
void Promise.resolve()
  .then(() =>
    bootstrapService({
      name: 'workloads',
      module: WorkloadsModule,
      config: loadWorkloadsConfig(),
      title: 'vplan workloads',
    }),
  )
  .catch((err: unknown) => {
    process.stderr.write(`workloads: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
