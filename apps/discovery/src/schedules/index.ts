// The scan schedules' part of the discovery module (controllers, NATS handlers, providers).
import { ScheduleRuns } from './schedule-runs.repository';
import { Scheduler } from './scheduler.service';
import { SchedulesController } from './schedules.controller';
import { SchedulesHandler } from './schedules.handler';
import { SchedulesService } from './schedules.service';

export const SCHEDULE_CONTROLLERS: (new (...args: never[]) => unknown)[] = [
  SchedulesController,
  SchedulesHandler,
];
export const SCHEDULE_PROVIDERS: (new (...args: never[]) => unknown)[] = [
  ScheduleRuns,
  SchedulesService,
  Scheduler,
];
