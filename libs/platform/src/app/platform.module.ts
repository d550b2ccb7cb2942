import {
  Global,
  Injectable,
  Module,
  RequestMethod,
  type DynamicModule,
  type MiddlewareConsumer,
  type NestModule,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { AuditWriter } from '../audit/audit';
import { AuditInterceptor } from '../audit/audit.interceptor';
import { AuthGuard } from '../auth/auth.guard';
import { TokenVerifier } from '../auth/token-verifier';
import { PlatformExceptionFilter } from '../errors/exception.filter';
import { HealthController } from '../http/health.controller';
import { Metrics } from '../http/metrics';
import { MetricsController } from '../http/metrics.controller';
import { requestMiddleware } from '../http/request.middleware';
import { JetStreamService } from '../jetstream/jetstream.service';
import { MongoModule } from '../mongo/mongo.module';
import { ServiceClient } from '../nats/service-client';
import { NatsLink } from '../nats/nats-link';
import { LOGGER, PlatformContext } from './platform-context';

/** Drains the NATS connection last, after HTTP and the NATS handlers have stopped. */
@Injectable()
class NatsDrain implements OnApplicationShutdown {
  constructor(private readonly ctx: PlatformContext) {}

  async onApplicationShutdown(): Promise<void> {
    await this.ctx.link.drain();
    this.ctx.logger.info('nats drained');
  }
}

/**
 * Everything a service gets from the platform, global so its modules can inject it:
 * `PlatformContext`, the logger (`@InjectLogger()`), `Metrics`, `NatsLink`,
 * `ServiceClient`, `JetStreamService`, `AuditWriter`, the mongoose connection; and the
 * global guard (auth), filter (errors), interceptor (audit), request middleware
 * (correlation id, access log, metrics, HTTP audit), health and metrics endpoints.
 */
@Global()
@Module({})
export class PlatformModule implements NestModule {
  constructor(
    private readonly ctx: PlatformContext,
    private readonly audit: AuditWriter,
  ) {}

  static register(ctx: PlatformContext): DynamicModule {
    return {
      module: PlatformModule,
      imports: [MongoModule.forService(ctx.config.mongoUri, ctx.database)],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: PlatformContext, useValue: ctx },
        { provide: LOGGER, useValue: ctx.logger },
        { provide: Metrics, useValue: ctx.metrics },
        { provide: NatsLink, useValue: ctx.link },
        {
          provide: TokenVerifier,
          useValue: new TokenVerifier(ctx.config.apiKeys, ctx.config.jwtSecret),
        },
        {
          provide: ServiceClient,
          useValue: new ServiceClient({
            connection: ctx.link.connection,
            prefix: ctx.config.prefix,
            timeoutMs: ctx.config.natsRequestTimeoutMs,
          }),
        },
        JetStreamService,
        AuditWriter,
        NatsDrain,
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_INTERCEPTOR, useClass: AuditInterceptor },
        { provide: APP_FILTER, useFactory: () => new PlatformExceptionFilter(ctx.logger) },
      ],
      exports: [
        PlatformContext,
        LOGGER,
        Metrics,
        NatsLink,
        TokenVerifier,
        ServiceClient,
        JetStreamService,
        AuditWriter,
        MongoModule,
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(
        requestMiddleware({
          logger: this.ctx.logger,
          metrics: this.ctx.metrics,
          audit: this.audit,
        }),
      )
      .forRoutes({ path: '*path', method: RequestMethod.ALL });
  }
}
