import type { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { STREAM_LIST, type ServiceName } from '@vplan/contracts';
import type { AddressInfo } from 'node:net';
import type pino from 'pino';
import { databaseName, loadConfig, queueGroup, type ServiceConfig } from '../config/config';
import { authenticate } from '../auth/auth.guard';
import { TokenVerifier } from '../auth/token-verifier';
import { mapError } from '../errors/error-body';
import { Metrics } from '../http/metrics';
import { ensureStreams, type StreamDef } from '../jetstream/streams';
import { NestPinoLogger, createLogger, type Logger } from '../logging/logger';
import { NatsLink } from '../nats/nats-link';
import { PlatformNatsServer } from '../nats/nats-server';
import { PlatformContext } from './platform-context';
import { PlatformModule } from './platform.module';

export interface ServiceAppOptions {
  /** The service: global HTTP prefix `/<name>`, queue group, database and log name. */
  readonly name: ServiceName;
  /** The service's root Nest module (controllers, NATS handlers, mongoose models). */
  readonly module: Type<unknown> | DynamicModule;
  /** Default: `loadConfig()` from the environment. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any service's extension
  readonly config?: ServiceConfig<any>;
  /** Streams ensured at boot (default: every stream of the contracts, so boot order is free). */
  readonly streams?: readonly StreamDef[];
  /** OpenAPI title and version. */
  readonly title?: string;
  readonly version?: string;
  /** Where logs go (default stdout). */
  readonly logDestination?: pino.DestinationStream;
}

/** A built service, not yet listening on HTTP (NATS handlers are already subscribed). */
export interface ServiceApp {
  readonly app: INestApplication;
  readonly context: PlatformContext;
  readonly logger: Logger;
  /** Listens on `port` (default the configured PORT) and returns the base URL (`http://127.0.0.1:<port>`). */
  listen(port?: number): Promise<string>;
  /** Graceful shutdown: stop consumers, close HTTP, finish NATS handlers, drain NATS, close MongoDB. */
  close(): Promise<void>;
}

/**
 * Builds one service process: config, logger and NATS connection (reconnecting
 * forever), the JetStream streams, the Nest app with the platform module (auth, errors,
 * audit, health, metrics, MongoDB), OpenAPI at `/<name>/docs`, and the NATS
 * request/reply transport in the service's queue group.
 */
export async function createServiceApp(opts: ServiceAppOptions): Promise<ServiceApp> {
  const config = opts.config ?? loadConfig();
  const logger = createLogger(opts.name, config.logLevel, opts.logDestination);
  if (config.apiKeys.length === 0 && !config.jwtSecret) {
    logger.warn(
      'neither VPLAN_API_KEYS nor VPLAN_JWT_SECRET is set: every API call will answer 401',
    );
  }
  const link = await NatsLink.connect(config.natsServers, queueGroup(config, opts.name), logger);
  try {
    const streams = opts.streams ?? STREAM_LIST;
    await ensureStreams(await link.connection.jetstreamManager(), streams, config.prefix);
    // A NATS that comes back without its store has no streams: put them back.
    link.onReconnect(async () => {
      await ensureStreams(await link.connection.jetstreamManager(), streams, config.prefix);
    });
    const ctx = new PlatformContext(
      opts.name,
      config,
      logger,
      new Metrics(opts.name),
      link,
      databaseName(config, opts.name),
    );
    const app = await NestFactory.create(
      { module: ServiceRootModule, imports: [PlatformModule.register(ctx), opts.module] },
      { logger: new NestPinoLogger(logger), abortOnError: false },
    );
    app.setGlobalPrefix(opts.name);
    setUpOpenApi(app, opts, ctx);
    app.connectMicroservice(
      {
        strategy: new PlatformNatsServer({
          link,
          prefix: config.prefix,
          queue: queueGroup(config, opts.name),
          logger,
          metrics: ctx.metrics,
        }),
      },
      { inheritAppConfig: true },
    );
    await app.init();
    await app.startAllMicroservices();
    return {
      app,
      context: ctx,
      logger,
      async listen(port = config.port) {
        await app.listen(port);
        const address = app.getHttpServer().address() as AddressInfo;
        logger.info({ port: address.port }, `${opts.name} listening`);
        return `http://127.0.0.1:${address.port}`;
      },
      async close() {
        await app.close();
        logger.info(`${opts.name} stopped`);
      },
    };
  } catch (err) {
    await link.drain().catch(() => undefined);
    throw err;
  }
}

/**
 * Starts a service for real: {@link createServiceApp}, then HTTP on `PORT`, with a
 * graceful shutdown on SIGTERM and SIGINT. A bad environment throws a `ConfigError`
 * listing every bad variable before anything connects.
 */
export async function bootstrapService(opts: ServiceAppOptions): Promise<ServiceApp> {
  const service = await createServiceApp(opts);
  service.app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  await service.listen();
  return service;
}

class ServiceRootModule {}

/** The parts of an Express request and response the OpenAPI guard uses. */
interface DocsRequest {
  readonly path: string;
  readonly headers: Record<string, string | string[] | undefined>;
}
interface DocsResponse {
  setHeader(name: string, value: string): void;
  status(code: number): { json(body: unknown): void };
}

/**
 * OpenAPI at `/<name>/docs` (UI), `/<name>/docs-json` and `/<name>/docs-yaml`, for a
 * viewer token like every endpoint but health: Swagger's routes are not Nest handlers,
 * so the guard's check runs in a middleware in front of them.
 */
function setUpOpenApi(app: INestApplication, opts: ServiceAppOptions, ctx: PlatformContext): void {
  const verifier = app.get(TokenVerifier);
  const docsPath = `/${opts.name}/docs`;
  app.use((req: DocsRequest, res: DocsResponse, next: () => void) => {
    if (!req.path.startsWith(docsPath)) return next();
    // Any valid token will do: viewer is the weakest role.
    authenticate(req.headers, verifier, ctx).then(
      () => next(),
      (err: unknown) => {
        const mapped = mapError(err);
        if (mapped.status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
        res.status(mapped.status).json({ error: mapped.payload });
      },
    );
  });
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(opts.title ?? `vplan ${opts.name}`)
      .setVersion(opts.version ?? '1')
      .addBearerAuth()
      .addSecurityRequirements('bearer')
      .build(),
  );
  SwaggerModule.setup(`${opts.name}/docs`, app, document, {
    jsonDocumentUrl: `${opts.name}/docs-json`,
  });
}
