import { Controller } from '@nestjs/common';
import { DISCOVERY, type ScanCreate, type ScanStatus } from '@vplan/contracts';
import { HandleRequest, ZodPayload } from '@vplan/platform';
import { ScansService } from './scans.service';

/** NATS: the scan requests of `DISCOVERY`. */
@Controller()
export class ScansHandler {
  constructor(private readonly scans: ScansService) {}

  @HandleRequest(DISCOVERY.createScan, { mutating: true })
  create(@ZodPayload(DISCOVERY.createScan.request) req: ScanCreate) {
    return this.scans.create(req);
  }

  @HandleRequest(DISCOVERY.cancelScan, { mutating: true })
  cancel(@ZodPayload(DISCOVERY.cancelScan.request) req: { id: string }) {
    return this.scans.cancel(req.id);
  }

  @HandleRequest(DISCOVERY.getScan)
  get(@ZodPayload(DISCOVERY.getScan.request) req: { id: string }) {
    return this.scans.get(req.id);
  }

  @HandleRequest(DISCOVERY.listScans)
  list(
    @ZodPayload(DISCOVERY.listScans.request)
    req: {
      limit: number;
      after?: string;
      status?: ScanStatus;
    },
  ) {
    return this.scans.list(req);
  }
}
