import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DISCOVERY } from '@vplan/contracts';
import { JetStreamService } from '@vplan/platform';
import { StalenessService } from './staleness.service';

/** The inventory's durable consumer of discovery scan status changes. */
export const SCANS_DURABLE = 'inventory-scans';

/**
 * Consumes `DISCOVERY.scanUpdated`: a scan that ended `succeeded` feeds staleness (other
 * statuses, and failed or cancelled scans, say nothing about what is gone). Acked after
 * the writes; a redelivery records nothing twice and re-weighs to the same flags.
 */
@Injectable()
export class ScansConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly jetstream: JetStreamService,
    private readonly staleness: StalenessService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.jetstream.consume({
      contract: DISCOVERY.scanUpdated,
      durable: SCANS_DURABLE,
      handler: async (event) => {
        if (event.data.status === 'succeeded') await this.staleness.scanSucceeded(event.data);
      },
    });
  }
}
