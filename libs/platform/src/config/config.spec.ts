import { z } from 'zod';
import { ConfigError, databaseName, loadConfig, queueGroup } from './config';
import { hashToken } from '../auth/token-hash';

const TOKEN = 'viewer-token-0123456789';
const SECRET_TOKEN = 'super-secret-token-abcdef';
const JWT_SECRET = 'a-jwt-secret-of-at-least-32-characters!';

function problemsOf(env: Record<string, string>, extension?: z.ZodRawShape): ConfigError {
  try {
    loadConfig(extension ?? {}, env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('loadConfig accepted a bad environment');
}

describe('loadConfig', () => {
  it('applies the defaults to an empty environment', () => {
    const config = loadConfig(undefined, {});
    expect(config).toMatchObject({
      port: 3000,
      natsServers: ['nats://127.0.0.1:4222'],
      natsRequestTimeoutMs: 5000,
      mongoUri: 'mongodb://127.0.0.1:27017',
      mongoDb: undefined,
      prefix: '',
      apiKeys: [],
      jwtSecret: undefined,
      logLevel: 'info',
    });
    expect(databaseName(config, 'inventory')).toBe('vplan_inventory');
    expect(queueGroup(config, 'inventory')).toBe('vplan-inventory');
  });

  it('parses every variable and keeps only the hash of each API key', () => {
    const config = loadConfig(undefined, {
      PORT: '8081',
      NATS_URL: 'nats://a:4222, nats://b:4222',
      MONGODB_URI: 'mongodb://user:pw@db:27017/?replicaSet=rs0',
      VPLAN_PREFIX: 'tabc',
      VPLAN_API_KEYS: `${TOKEN}:viewer, ${SECRET_TOKEN}:admin:ci-bot`,
      VPLAN_JWT_SECRET: JWT_SECRET,
      LOG_LEVEL: 'debug',
    });
    expect(config.port).toBe(8081);
    expect(config.natsServers).toEqual(['nats://a:4222', 'nats://b:4222']);
    expect(config.apiKeys.map((k) => [k.name, k.role])).toEqual([
      ['api-key-1', 'viewer'],
      ['ci-bot', 'admin'],
    ]);
    expect(config.apiKeys[1]?.tokenHash.equals(hashToken(SECRET_TOKEN))).toBe(true);
    expect(JSON.stringify(config)).not.toContain(SECRET_TOKEN);
    expect(databaseName(config, 'planning')).toBe('tabc_vplan_planning');
    expect(queueGroup(config, 'planning')).toBe('tabc.vplan-planning');
  });

  it('lists every bad variable in one error, naming each and why', () => {
    const err = problemsOf({
      PORT: 'eighty',
      NATS_URL: 'http://nats:4222',
      MONGODB_URI: 'postgres://db',
      MONGODB_DB: 'bad name',
      VPLAN_PREFIX: 'Has.Dots',
      VPLAN_API_KEYS: 'short:admin',
      VPLAN_JWT_SECRET: 'too-short',
      LOG_LEVEL: 'loud',
    });
    expect(err.problems.map((p) => p.variable).sort()).toEqual(
      [
        'LOG_LEVEL',
        'MONGODB_DB',
        'MONGODB_URI',
        'NATS_URL',
        'PORT',
        'VPLAN_API_KEYS',
        'VPLAN_JWT_SECRET',
        'VPLAN_PREFIX',
      ].sort(),
    );
    expect(err.message).toMatch(/^invalid configuration \(8 problems\)/);
    expect(err.message).toContain('PORT: must be an integer from 0 to 65535');
    expect(err.message).toContain('VPLAN_API_KEYS: entry 1: token must be at least 16 characters');
    expect(err.message).toContain('VPLAN_JWT_SECRET: must be at least 32 characters long');
  });

  it('never echoes a secret value in its error', () => {
    const err = problemsOf({
      VPLAN_API_KEYS: `${SECRET_TOKEN}:root`,
      VPLAN_JWT_SECRET: 'secret-but-short',
      MONGODB_URI: 'mysql://admin:hunter2hunter2@db',
    });
    expect(err.problems.map((p) => p.variable).sort()).toEqual([
      'MONGODB_URI',
      'VPLAN_API_KEYS',
      'VPLAN_JWT_SECRET',
    ]);
    expect(err.message).toContain('entry 1: role must be one of viewer, operator, planner, admin');
    for (const secret of [SECRET_TOKEN, 'secret-but-short', 'hunter2hunter2']) {
      expect(err.message).not.toContain(secret);
    }
  });

  it('validates the service extension with the base variables and returns it under extra', () => {
    const extension = {
      DISCOVERY_KEY: z.string().length(64, 'must be 64 hex characters'),
      SCAN_LIMIT: z.coerce.number().int().positive().default(10),
    };
    const err = problemsOf({ PORT: '-1', DISCOVERY_KEY: 'abc' }, extension);
    expect(err.problems.map((p) => p.variable)).toEqual(['PORT', 'DISCOVERY_KEY']);
    expect(err.message).not.toContain('abc');

    const config = loadConfig(extension, { DISCOVERY_KEY: 'f'.repeat(64) });
    expect(config.extra).toEqual({ DISCOVERY_KEY: 'f'.repeat(64), SCAN_LIMIT: 10 });
  });
});
