import path from 'node:path';
import { SERVICES, type ServiceName } from '@vplan/contracts';
import { DEFAULT_MONGODB_URI, DEFAULT_NATS_URL, repoRoot } from '@vplan/testing';
import { z } from 'zod';

/** What `npm run stack` reads from the environment (tools/stack/README.md lists it). */
export interface StackConfig {
  dataDir: string;
  appsDir: string;
  /** 0: any free port. */
  gatewayPort: number;
  /** Services listen on basePort + their index in SERVICES; 0: free ports. */
  basePort: number;
  services: ServiceName[];
  natsUrl: string;
  mongoUri: string;
  logLevel: string;
  readyTimeoutMs: number;
  graceMs: number;
}

const blankIsUnset = (value: unknown): unknown => (value === '' ? undefined : value);

const integer = (min: number, max: number, fallback: number) =>
  z.preprocess(
    blankIsUnset,
    z
      .string()
      .regex(/^\d+$/, 'must be a whole number')
      .transform(Number)
      .pipe(z.number().min(min, `must be ${min} or more`).max(max, `must be ${max} or less`))
      .default(fallback),
  );

const text = (fallback: string) => z.preprocess(blankIsUnset, z.string().default(fallback));

const serviceList = z.preprocess(
  blankIsUnset,
  z
    .string()
    .default(SERVICES.join(','))
    .transform((value, ctx) => {
      if (value.trim() === 'none') return [];
      const names = value.split(',').map((name) => name.trim());
      const unknown = names.filter((name) => !(SERVICES as readonly string[]).includes(name));
      if (unknown.length > 0) {
        ctx.addIssue({
          code: 'custom',
          message: `unknown service ${unknown.map((n) => JSON.stringify(n)).join(', ')}; use "none" or a comma list of ${SERVICES.join(', ')}`,
        });
        return z.NEVER;
      }
      return SERVICES.filter((service) => names.includes(service));
    }),
);

const envSchema = z.object({
  VPLAN_DATA_DIR: text(path.join(repoRoot, '.data')),
  VPLAN_STACK_APPS_DIR: text(path.join(repoRoot, 'apps')),
  VPLAN_GATEWAY_PORT: integer(0, 65535, 8080),
  VPLAN_STACK_BASE_PORT: integer(0, 65535 - SERVICES.length, 8081),
  VPLAN_STACK_SERVICES: serviceList,
  NATS_URL: text(DEFAULT_NATS_URL),
  MONGODB_URI: text(DEFAULT_MONGODB_URI),
  LOG_LEVEL: text('info'),
  VPLAN_STACK_READY_TIMEOUT_MS: integer(1, 3_600_000, 120_000),
  VPLAN_STACK_STOP_GRACE_MS: integer(0, 600_000, 10_000),
});

export type ConfigResult = { ok: true; config: StackConfig } | { ok: false; errors: string[] };

/** Reads the stack's settings; lists every bad variable rather than stopping at the first. */
export function readStackConfig(env: Record<string, string | undefined>): ConfigResult {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
    };
  }
  const e = parsed.data;
  return {
    ok: true,
    config: {
      dataDir: path.resolve(e.VPLAN_DATA_DIR),
      appsDir: path.resolve(e.VPLAN_STACK_APPS_DIR),
      gatewayPort: e.VPLAN_GATEWAY_PORT,
      basePort: e.VPLAN_STACK_BASE_PORT,
      services: e.VPLAN_STACK_SERVICES,
      natsUrl: e.NATS_URL,
      mongoUri: e.MONGODB_URI,
      logLevel: e.LOG_LEVEL,
      readyTimeoutMs: e.VPLAN_STACK_READY_TIMEOUT_MS,
      graceMs: e.VPLAN_STACK_STOP_GRACE_MS,
    },
  };
}

/** Where the stack keeps its state under the data directory. */
export function stackFiles(dataDir: string) {
  const stackDir = path.join(dataDir, 'stack');
  return {
    stackDir,
    logsDir: path.join(stackDir, 'logs'),
    pidsFile: path.join(stackDir, 'pids.json'),
    tokenFile: path.join(stackDir, 'admin-token'),
    natsStoreDir: path.join(dataDir, 'nats'),
    ferretdbDir: path.join(dataDir, 'ferretdb'),
  };
}
