// @vplan/platform: the NestJS service kit every vplan service boots with (README.md).
export {
  ConfigError,
  LOG_LEVELS,
  databaseName,
  loadConfig,
  queueGroup,
  type ApiKey,
  type ConfigProblem,
  type LogLevel,
  type PlatformConfig,
  type ServiceConfig,
} from './config/config';
export {
  CORRELATION_HEADER,
  acceptCorrelationId,
  currentCorrelationId,
  newCorrelationId,
  runWithCorrelation,
} from './logging/correlation';
export { NestPinoLogger, REDACT_PATHS, createLogger, type Logger } from './logging/logger';
export {
  AppError,
  HTTP_STATUS,
  codeForStatus,
  validationError,
  zodDetails,
} from './errors/app-error';
export { mapError, type MappedError } from './errors/error-body';
export { PlatformExceptionFilter } from './errors/exception.filter';
export { ZodBody, ZodPayload, ZodQuery, ZodValidationPipe } from './validation/zod.pipe';
export { Public, Roles, type Principal } from './auth/roles';
export { TokenVerifier, bearerToken, type VerifyOutcome } from './auth/token-verifier';
export { hashToken } from './auth/token-hash';
export { signHs256, verifyHs256, type JwtOutcome } from './auth/hs256-jwt';
export { AuthGuard, type AuthenticatedRequest } from './auth/auth.guard';
export { CurrentPrincipal } from './auth/current-principal';
export { AUDIT_COLLECTION, AuditWriter, idsOf, type AuditRecord } from './audit/audit';
export { AuditInterceptor, HandleRequest } from './audit/audit.interceptor';
export { MongoModule } from './mongo/mongo.module';
export { NATS_RECONNECT, NatsLink } from './nats/nats-link';
export { PlatformNatsServer, type PlatformNatsServerOptions } from './nats/nats-server';
export { ServiceClient, type ServiceClientOptions } from './nats/service-client';
export { decodeJson, encodeJson, type NatsReply } from './nats/reply';
export { ensureStreams, type StreamDef } from './jetstream/streams';
export {
  publishEvent,
  publishWork,
  type PublishEventOptions,
  type PublishedEvent,
} from './jetstream/publish';
export {
  runDurableConsumer,
  type DurableConsumerOptions,
  type Delivery,
  type RunningConsumer,
} from './jetstream/consumer';
export { ProcessedEvents } from './jetstream/processed-events';
export { JetStreamService, type ConsumeOptions } from './jetstream/jetstream.service';
export { Metrics } from './http/metrics';
export { InjectLogger, LOGGER, PlatformContext } from './app/platform-context';
export { PlatformModule } from './app/platform.module';
export {
  bootstrapService,
  createServiceApp,
  type ServiceApp,
  type ServiceAppOptions,
} from './app/create-service-app';
export { readTextBody, type TextBodyOptions, type TextRequest } from './http/text-body';
export { readBytesBody, type BytesBodyOptions } from './http/bytes-body';
