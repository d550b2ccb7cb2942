// The scan schedules' part of the discovery module (controllers, NATS handlers, providers).
export const SCHEDULE_CONTROLLERS: (new (...args: never[]) => unknown)[] = [];
export const SCHEDULE_PROVIDERS: (new (...args: never[]) => unknown)[] = [];
