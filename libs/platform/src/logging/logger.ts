import type { LoggerService } from '@nestjs/common';
import pino, { type Logger } from 'pino';
import type { LogLevel } from '../config/config';
import { currentCorrelationId } from './correlation';

export type { Logger } from 'pino';

const SECRET_KEYS = [
  'authorization',
  'Authorization',
  'password',
  'secret',
  'token',
  'apiKey',
  'apiKeys',
  'jwtSecret',
  'mongoUri',
  'cookie',
];

/** Pino redaction paths: the secret keys at the top level and up to two levels down. */
export const REDACT_PATHS: readonly string[] = SECRET_KEYS.flatMap((k) => [
  k,
  `*.${k}`,
  `*.*.${k}`,
  `headers["${k.toLowerCase()}"]`,
  `*.headers["${k.toLowerCase()}"]`,
]);

/**
 * The service's JSON logger: one object per line with `service`, the current
 * `correlationId`, and secrets (authorization headers, tokens, `secret`/`password`
 * fields) replaced by `[redacted]`.
 */
export function createLogger(
  service: string,
  level: LogLevel = 'info',
  destination?: pino.DestinationStream,
): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service },
    messageKey: 'msg',
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: [...new Set(REDACT_PATHS)], censor: '[redacted]' },
    mixin: () => {
      const correlationId = currentCorrelationId();
      return correlationId ? { correlationId } : {};
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** Lets Nest's own messages (boot, routes, errors) go through the service's pino logger. */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  private write(level: pino.Level, message: unknown, rest: unknown[]): void {
    // Nest passes the context (class name) last, and for errors a stack before it.
    const context = typeof rest[rest.length - 1] === 'string' ? rest[rest.length - 1] : undefined;
    const stack = rest.length > 1 && typeof rest[0] === 'string' ? rest[0] : undefined;
    const fields = { context, ...(stack ? { stack } : {}) };
    if (message instanceof Error) this.logger[level]({ ...fields, err: message }, message.message);
    else if (typeof message === 'object' && message !== null)
      this.logger[level]({ ...fields, ...message });
    else this.logger[level](fields, String(message));
  }
}
