import { Controller } from '@nestjs/common';
import { DISCOVERY, type ScheduleCreate } from '@vplan/contracts';
import { HandleRequest, ZodPayload } from '@vplan/platform';
import type { PageQuery } from '../http/page-query';
import { SchedulesService } from './schedules.service';

/** NATS: the schedule requests of `DISCOVERY`. */
@Controller()
export class SchedulesHandler {
  constructor(private readonly schedules: SchedulesService) {}

  @HandleRequest(DISCOVERY.createSchedule, { mutating: true })
  create(@ZodPayload(DISCOVERY.createSchedule.request) req: ScheduleCreate) {
    return this.schedules.create(req);
  }

  @HandleRequest(DISCOVERY.getSchedule)
  get(@ZodPayload(DISCOVERY.getSchedule.request) req: { id: string }) {
    return this.schedules.get(req.id);
  }

  @HandleRequest(DISCOVERY.listSchedules)
  list(@ZodPayload(DISCOVERY.listSchedules.request) req: PageQuery) {
    return this.schedules.list(req);
  }

  @HandleRequest(DISCOVERY.setScheduleEnabled, { mutating: true })
  setEnabled(
    @ZodPayload(DISCOVERY.setScheduleEnabled.request) req: { id: string; enabled: boolean },
  ) {
    return this.schedules.setEnabled(req.id, req.enabled);
  }

  @HandleRequest(DISCOVERY.deleteSchedule, { mutating: true })
  async delete(@ZodPayload(DISCOVERY.deleteSchedule.request) req: { id: string }) {
    return { id: req.id, deleted: await this.schedules.delete(req.id) };
  }
}
