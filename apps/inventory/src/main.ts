import { bootstrapService } from '@vplan/platform';
import { loadInventoryConfig } from './inventory.config';
import { InventoryModule } from './inventory.module';

/** Starts the inventory service from the environment (see README.md). */
void bootstrapService({
  name: 'inventory',
  module: InventoryModule,
  config: loadInventoryConfig(),
  title: 'vplan inventory',
}).catch((err: unknown) => {
  process.stderr.write(`inventory: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
