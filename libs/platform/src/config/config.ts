import { z } from 'zod';
import { ROLES, type Role } from '@vplan/contracts';
import { hashToken } from '../auth/token-hash';
import { processEnv } from './process-env';

/** Log levels pino understands; `silent` turns logging off (tests). */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** One API key from `VPLAN_API_KEYS`: only the SHA-256 of the token is kept. */
export interface ApiKey {
  readonly name: string;
  readonly role: Role;
  readonly tokenHash: Buffer;
}

/** The configuration every service shares, parsed from the environment by {@link loadConfig}. */
export interface PlatformConfig {
  /** `PORT`: HTTP port (default 3000; 0 picks a free one). */
  readonly port: number;
  /** `NATS_URL`: one or more servers, comma-separated (default `nats://127.0.0.1:4222`). */
  readonly natsServers: readonly string[];
  /** `NATS_REQUEST_TIMEOUT_MS`: default timeout of service-to-service requests (default 5000). */
  readonly natsRequestTimeoutMs: number;
  /** `MONGODB_URI` (default `mongodb://127.0.0.1:27017`); may hold credentials: never log it. */
  readonly mongoUri: string;
  /** `MONGODB_DB`: the service's database; unset means `<prefix>vplan_<service>`. */
  readonly mongoDb: string | undefined;
  /** `VPLAN_PREFIX`: isolates subjects, streams, queue groups and databases ('' = none). */
  readonly prefix: string;
  /** `VPLAN_API_KEYS`: `token:role[:name]`, comma-separated; tokens are kept hashed. */
  readonly apiKeys: readonly ApiKey[];
  /** `VPLAN_JWT_SECRET`: HS256 key for bearer JWTs (at least 32 characters), if set. */
  readonly jwtSecret: Uint8Array | undefined;
  /** `LOG_LEVEL` (default `info`). */
  readonly logLevel: LogLevel;
}

/** A service's configuration: the shared part plus its own variables under `extra`. */
export type ServiceConfig<S extends z.ZodRawShape = Record<never, never>> = PlatformConfig & {
  readonly extra: z.output<z.ZodObject<S>>;
};

/** One bad variable: its name and why (never its value). */
export interface ConfigProblem {
  readonly variable: string;
  readonly message: string;
}

/** Thrown by {@link loadConfig}: lists every bad variable at once. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(
      `invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

const MIN_TOKEN_LENGTH = 16;
const MIN_JWT_SECRET_LENGTH = 32;
const PREFIX_PATTERN = /^[a-z][a-z0-9_-]{0,31}$/;
const DB_NAME_PATTERN = /^[A-Za-z0-9_-]{1,63}$/;
const NATS_URL_PATTERN = /^(nats|tls|ws|wss):\/\/[^\s,]+$|^[A-Za-z0-9.-]+:\d+$/;

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

/** An integer variable in `[min, max]`, `fallback` when unset. */
function integer(min: number, max: number, fallback: number) {
  return optionalText.transform((v, ctx) => {
    if (v === undefined) return fallback;
    const n = /^-?\d+$/.test(v) ? Number(v) : NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) {
      ctx.addIssue({ code: 'custom', message: `must be an integer from ${min} to ${max}` });
    }
    return n;
  });
}

const baseShape = {
  PORT: integer(0, 65535, 3000),
  NATS_URL: optionalText.transform((v, ctx) => {
    const servers = (v ?? 'nats://127.0.0.1:4222').split(',').map((s) => s.trim());
    servers.forEach((s, i) => {
      if (!NATS_URL_PATTERN.test(s)) {
        ctx.addIssue({
          code: 'custom',
          message: `server ${i + 1} is not a NATS URL (nats://host:port, tls://…, or host:port)`,
        });
      }
    });
    return servers;
  }),
  NATS_REQUEST_TIMEOUT_MS: integer(1, 600_000, 5000),
  MONGODB_URI: optionalText.transform((v, ctx) => {
    const uri = v ?? 'mongodb://127.0.0.1:27017';
    if (!/^mongodb(\+srv)?:\/\/\S+$/.test(uri)) {
      ctx.addIssue({ code: 'custom', message: 'must start with mongodb:// or mongodb+srv://' });
    }
    return uri;
  }),
  MONGODB_DB: optionalText.refine((v) => v === undefined || DB_NAME_PATTERN.test(v), {
    message: 'must be 1-63 letters, digits, "_" or "-"',
  }),
  VPLAN_PREFIX: optionalText.transform((v, ctx) => {
    if (v !== undefined && !PREFIX_PATTERN.test(v)) {
      ctx.addIssue({
        code: 'custom',
        message: 'must be a lowercase letter then up to 31 lowercase letters, digits, "_" or "-"',
      });
    }
    return v ?? '';
  }),
  VPLAN_API_KEYS: optionalText.transform((v, ctx) => parseApiKeys(v ?? '', ctx)),
  VPLAN_JWT_SECRET: optionalText.transform((v, ctx) => {
    if (v === undefined) return undefined;
    if (v.length < MIN_JWT_SECRET_LENGTH) {
      ctx.addIssue({
        code: 'custom',
        message: `must be at least ${MIN_JWT_SECRET_LENGTH} characters long`,
      });
    }
    return new TextEncoder().encode(v);
  }),
  LOG_LEVEL: optionalText.pipe(
    z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  ),
};

function parseApiKeys(text: string, ctx: z.RefinementCtx): ApiKey[] {
  const keys: ApiKey[] = [];
  const entries = text.split(',').map((e) => e.trim());
  entries.forEach((entry, i) => {
    if (entry === '') return;
    const where = `entry ${i + 1}`;
    const [token = '', role = '', ...rest] = entry.split(':');
    const name = rest.join(':').trim() || `api-key-${i + 1}`;
    if (token.length < MIN_TOKEN_LENGTH) {
      ctx.addIssue({
        code: 'custom',
        message: `${where}: token must be at least ${MIN_TOKEN_LENGTH} characters (format token:role[:name])`,
      });
      return;
    }
    if (!(ROLES as readonly string[]).includes(role)) {
      ctx.addIssue({
        code: 'custom',
        message: `${where}: role must be one of ${ROLES.join(', ')} (format token:role[:name])`,
      });
      return;
    }
    keys.push({ name, role: role as Role, tokenHash: hashToken(token) });
  });
  return keys;
}

/**
 * Reads the service configuration from the environment (`env`, default `process.env`) and
 * fails fast: one {@link ConfigError} names every bad variable and why, without echoing
 * any value. `extension` adds the service's own variables (a zod shape keyed by variable
 * name); they come back under `extra`.
 */
export function loadConfig<S extends z.ZodRawShape = Record<never, never>>(
  extension?: S,
  env: Readonly<Record<string, string | undefined>> = processEnv(),
): ServiceConfig<S> {
  const schema = z.object({ ...baseShape, ...(extension ?? {}) });
  const input = pickStrings(env, Object.keys(schema.shape));
  const result = schema.safeParse(input);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => ({
      variable: String(issue.path[0] ?? '(environment)'),
      message: scrub(issue.message, input),
    }));
    throw new ConfigError(problems);
  }
  const v = result.data as Record<string, unknown>;
  const extra = Object.fromEntries(Object.keys(extension ?? {}).map((k) => [k, v[k]]));
  return {
    port: v['PORT'] as number,
    natsServers: v['NATS_URL'] as string[],
    natsRequestTimeoutMs: v['NATS_REQUEST_TIMEOUT_MS'] as number,
    mongoUri: v['MONGODB_URI'] as string,
    mongoDb: v['MONGODB_DB'] as string | undefined,
    prefix: v['VPLAN_PREFIX'] as string,
    apiKeys: v['VPLAN_API_KEYS'] as ApiKey[],
    jwtSecret: v['VPLAN_JWT_SECRET'] as Uint8Array | undefined,
    logLevel: v['LOG_LEVEL'] as LogLevel,
    extra: extra as z.output<z.ZodObject<S>>,
  };
}

function pickStrings(
  env: Readonly<Record<string, string | undefined>>,
  names: readonly string[],
): Record<string, string | undefined> {
  return Object.fromEntries(names.map((n) => [n, env[n]]));
}

/** Zod messages do not quote input, but a custom extension's message might: cut values out. */
function scrub(message: string, input: Record<string, string | undefined>): string {
  let out = message;
  for (const value of Object.values(input)) {
    if (value !== undefined && value.length >= 6 && out.includes(value)) {
      out = out.split(value).join('[redacted]');
    }
  }
  return out;
}

/** The service's database: `MONGODB_DB`, else `<prefix>_vplan_<service>` (or `vplan_<service>`). */
export function databaseName(config: PlatformConfig, service: string): string {
  if (config.mongoDb) return config.mongoDb;
  return config.prefix ? `${config.prefix}_vplan_${service}` : `vplan_${service}`;
}

/** The NATS queue group of a service's replicas: `<prefix>.vplan-<service>` (or `vplan-<service>`). */
export function queueGroup(config: PlatformConfig, service: string): string {
  return config.prefix ? `${config.prefix}.vplan-${service}` : `vplan-${service}`;
}
