import { loadConfig, type PlatformConfig, type ServiceConfig } from '@vplan/platform';
import { z } from 'zod';
import { KeyMaterial, Keyring, decodeKey } from './credentials/keyring';

const KEY_HINT = 'the base64 of 32 random bytes, e.g. from `openssl rand -base64 32`';

/**
 * The discovery service's own variables (validated with the platform's, in one pass):
 * - `VPLAN_DISCOVERY_KEY` (required): the key that encrypts credential secrets, base64 of
 *   32 bytes;
 * - `VPLAN_DISCOVERY_PREVIOUS_KEYS` (optional): comma-separated older keys, still used to
 *   decrypt secrets sealed before a rotation.
 * - `VPLAN_DISCOVERY_SCANS` (optional, `run` or `off`, default `run`): whether this replica
 *   runs scan jobs (`off`: it serves the API only and scans wait for a replica that runs).
 * - `VPLAN_DISCOVERY_RESOLVE_SECONDS` (optional, 0–3600, default 60): how long a scan waits
 *   for inventory to match its machines (`INVENTORY.resolveIdentities`) before the samples
 *   of those still unmatched are noted as not sent.
 * Messages never contain a value.
 */
export const DISCOVERY_ENV = {
  VPLAN_DISCOVERY_KEY: z.string({ error: `is required: ${KEY_HINT}` }).transform((text, ctx) => {
    const key = decodeKey(text);
    if (!key) {
      ctx.addIssue({ code: 'custom', message: `must be ${KEY_HINT}` });
      return z.NEVER;
    }
    return new KeyMaterial(key);
  }),
  VPLAN_DISCOVERY_PREVIOUS_KEYS: z
    .string()
    .optional()
    .transform((text, ctx) => {
      const keys: KeyMaterial[] = [];
      (text ?? '')
        .split(',')
        .map((t) => t.trim())
        .forEach((t, i) => {
          if (t === '') return;
          const key = decodeKey(t);
          if (key) keys.push(new KeyMaterial(key));
          else ctx.addIssue({ code: 'custom', message: `entry ${i + 1}: must be ${KEY_HINT}` });
        });
      return keys;
    }),
  VPLAN_DISCOVERY_SCANS: z.enum(['run', 'off']).default('run'),
  VPLAN_DISCOVERY_RESOLVE_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
};

export type DiscoveryConfig = ServiceConfig<typeof DISCOVERY_ENV>;

/** Platform config plus the discovery key; throws a ConfigError naming every bad variable. */
export function loadDiscoveryConfig(
  env?: Readonly<Record<string, string | undefined>>,
): DiscoveryConfig {
  return env === undefined ? loadConfig(DISCOVERY_ENV) : loadConfig(DISCOVERY_ENV, env);
}

/** The keyring of a loaded config; a config without the discovery variables is a boot error. */
export function keyringOf(config: PlatformConfig & { readonly extra: object }): Keyring {
  const extra = config.extra as Partial<DiscoveryConfig['extra']>;
  if (!extra.VPLAN_DISCOVERY_KEY) {
    throw new Error('VPLAN_DISCOVERY_KEY: not configured (load the config with DISCOVERY_ENV)');
  }
  return new Keyring(
    extra.VPLAN_DISCOVERY_KEY.bytes(),
    (extra.VPLAN_DISCOVERY_PREVIOUS_KEYS ?? []).map((k) => k.bytes()),
  );
}

/** Whether this replica runs scan jobs (`VPLAN_DISCOVERY_SCANS`, default `run`). */
export function runsScans(config: PlatformConfig & { readonly extra: object }): boolean {
  const extra = config.extra as Partial<DiscoveryConfig['extra']>;
  return extra.VPLAN_DISCOVERY_SCANS !== 'off';
}

/** How long a scan waits for inventory to match its machines, ms (`VPLAN_DISCOVERY_RESOLVE_SECONDS`, default 60 s). */
export function resolveDeadlineMs(config: PlatformConfig & { readonly extra: object }): number {
  const extra = config.extra as Partial<DiscoveryConfig['extra']>;
  return (extra.VPLAN_DISCOVERY_RESOLVE_SECONDS ?? 60) * 1000;
}
