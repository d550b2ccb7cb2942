import { Inject } from '@nestjs/common';
import type { ServiceName } from '@vplan/contracts';
import type { ServiceConfig } from '../config/config';
import type { Metrics } from '../http/metrics';
import type { Logger } from '../logging/logger';
import type { NatsLink } from '../nats/nats-link';

/** What the platform built for one service before Nest started; injectable by class. */
export class PlatformContext {
  constructor(
    readonly service: ServiceName,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any service's extension
    readonly config: ServiceConfig<any>,
    readonly logger: Logger,
    readonly metrics: Metrics,
    readonly link: NatsLink,
    /** The service's MongoDB database name. */
    readonly database: string,
  ) {}
}

/** Injection token of the service's pino logger. */
export const LOGGER = Symbol('vplan:logger');

/** Injects the service's pino logger (`@InjectLogger() private readonly log: Logger`). */
export const InjectLogger = (): ParameterDecorator & PropertyDecorator => Inject(LOGGER);
