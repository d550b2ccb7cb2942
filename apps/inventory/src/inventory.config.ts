import { PlatformContext, loadConfig, type ServiceConfig } from '@vplan/platform';
import { z } from 'zod';
import { DEFAULT_SOURCE_PRIORITY } from './source-priority';
import { DEFAULT_STALE_AFTER_SCANS } from './staleness';

const SOURCE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** The inventory service's own environment variables (README.md). */
export const inventoryConfigShape = {
  /**
   * Source priority for conflicting values, most trusted first, comma-separated: probe
   * names (`vsphere`, `ssh`, `snmp` …), `import` (file imports), `api` (operators);
   * default `vsphere,ssh,snmp,import`.
   */
  INVENTORY_SOURCE_PRIORITY: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return [...DEFAULT_SOURCE_PRIORITY];
      const names = v.split(',').map((n) => n.trim());
      if (!names.every((n) => SOURCE_NAME.test(n)) || new Set(names).size !== names.length)
        ctx.addIssue({
          code: 'custom',
          message: 'must be distinct source names separated by commas (vsphere,ssh,snmp,import)',
        });
      return names;
    }),
  /** Completed scans of a probe source an asset may miss before it is marked stale (default 3). */
  INVENTORY_STALE_AFTER_SCANS: z.coerce
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(DEFAULT_STALE_AFTER_SCANS),
};

export type InventoryConfig = ServiceConfig<typeof inventoryConfigShape>;
export type InventorySettings = InventoryConfig['extra'];

/** The inventory configuration from the environment (fails listing every bad variable). */
export function loadInventoryConfig(
  env?: Readonly<Record<string, string | undefined>>,
): InventoryConfig {
  return env ? loadConfig(inventoryConfigShape, env) : loadConfig(inventoryConfigShape);
}

/** The service's own settings, from the platform context (defaults when booted without them). */
export function settingsOf(ctx: PlatformContext): InventorySettings {
  const extra = (ctx.config.extra ?? {}) as Partial<InventorySettings>;
  const defaults = z.object(inventoryConfigShape).parse({});
  return { ...defaults, ...extra };
}
