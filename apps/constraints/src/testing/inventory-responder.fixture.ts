import {
  ASSET_ATTRIBUTE_PATHS,
  INVENTORY,
  pageFill,
  prefixed,
  type AssetFilters,
  type AssetRecord,
} from '@vplan/contracts';
import type { Asset } from '@vplan/domain';
import { decodeJson, encodeJson } from '@vplan/platform';
import type { NatsConnection, Subscription } from 'nats';

/**
 * Most records per page this stand-in serves for scopes of up to 1,000 assets: below the
 * caller's limit, so paging is exercised; larger scopes get the caller's limit.
 */
export const RESPONDER_PAGE = 25;

/**
 * A stand-in for the inventory service in constraints' int-specs: a real NATS peer that
 * answers `INVENTORY.queryAssets` (paged, filtered on id, named and custom attributes;
 * value or list conditions) and `INVENTORY.getAsset` from a fixed list of assets, with
 * the contract's wire format. Not a mock of NATS: the service under test talks to it
 * through the real server.
 */
export class InventoryResponder {
  readonly queries: AssetFilters[] = [];
  private readonly subs: Subscription[] = [];
  private readonly matching = new Map<string, readonly Asset[]>();

  constructor(
    private readonly nc: NatsConnection,
    private readonly prefix: string,
    private readonly assets: readonly Asset[],
  ) {}

  start(): void {
    const at = new Date('2026-01-12T00:00:00Z').toISOString();
    const record = (asset: Asset): AssetRecord =>
      ({
        asset,
        revision: 1,
        provenance: {},
        firstSeen: at,
        lastSeen: at,
        updatedAt: at,
      }) as AssetRecord;
    this.subs.push(
      this.nc.subscribe(prefixed(this.prefix, INVENTORY.queryAssets.subject), {
        callback: (_err, msg) => {
          const req = INVENTORY.queryAssets.request.parse(decodeJson(msg.data));
          this.queries.push(req.filters);
          const key = JSON.stringify(req.filters);
          const matching =
            this.matching.get(key) ?? this.assets.filter((a) => matches(a, req.filters));
          this.matching.set(key, matching);
          const start = req.after === undefined ? 0 : Number(req.after);
          const cap = matching.length > 1000 ? req.limit : Math.min(req.limit, RESPONDER_PAGE);
          const rest = matching.slice(start, start + cap).map(record);
          const n = pageFill(rest, cap);
          const next = start + n < matching.length ? String(start + n) : undefined;
          msg.respond(
            encodeJson({ ok: true, data: { items: rest.slice(0, n), ...(next ? { next } : {}) } }),
          );
        },
      }),
      this.nc.subscribe(prefixed(this.prefix, INVENTORY.getAsset.subject), {
        callback: (_err, msg) => {
          const { id } = INVENTORY.getAsset.request.parse(decodeJson(msg.data));
          const asset = this.assets.find((a) => a.id === id);
          msg.respond(
            encodeJson(
              asset
                ? { ok: true, data: record(asset) }
                : { ok: false, error: { code: 'NOT_FOUND', message: `asset ${id} not found` } },
            ),
          );
        },
      }),
    );
  }

  stop(): void {
    for (const sub of this.subs) sub.unsubscribe();
  }
}

function matches(asset: Asset, filters: AssetFilters): boolean {
  return Object.entries(filters).every(([name, condition]) => {
    const value = valueOf(asset, name);
    const wanted = Array.isArray(condition) ? condition : [condition];
    return wanted.some((w) => {
      if (typeof w === 'object')
        throw new Error(`stand-in inventory: range filters unsupported (${name})`);
      const text = String(w).toLowerCase();
      return Array.isArray(value)
        ? value.some((v) => String(v).toLowerCase() === text)
        : value !== undefined && String(value).toLowerCase() === text;
    });
  });
}

function valueOf(asset: Asset, name: string): unknown {
  const path = (ASSET_ATTRIBUTE_PATHS as Record<string, string>)[name];
  if (path === undefined) return asset.custom[name];
  let node: unknown = asset;
  for (const key of path.split('.')) node = (node as Record<string, unknown> | undefined)?.[key];
  return node;
}
