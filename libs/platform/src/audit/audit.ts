import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Role } from '@vplan/contracts';
import type { Connection } from 'mongoose';
import { PlatformContext } from '../app/platform-context';

/** One audited call. Bodies are never stored (they may hold secrets); only ids. */
export interface AuditRecord {
  readonly at: Date;
  readonly service: string;
  /** Null when the caller could not be identified (401). NATS callers are `internal`. */
  readonly principal: { readonly name: string; readonly role: Role | 'internal' } | null;
  /** HTTP method, or `NATS` for a request/reply call. */
  readonly method: string;
  /** HTTP path without the query string, or the NATS subject. */
  readonly target: string;
  /** HTTP status, or `ok` / the error code of a NATS reply. */
  readonly status: number | string;
  readonly correlationId: string;
  /** Ids the call touched: route parameters, `id`/`ids` of the payload, `id` of the result. */
  readonly targetIds: readonly string[];
}

export const AUDIT_COLLECTION = 'audit';
export const MUTATING_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Appends audit records to the service's `audit` collection; a failed write is logged, not thrown. */
@Injectable()
export class AuditWriter {
  constructor(
    @InjectConnection() private readonly connection: Connection,
    private readonly ctx: PlatformContext,
  ) {}

  async write(record: Omit<AuditRecord, 'service' | 'at'>): Promise<void> {
    try {
      await this.connection.collection(AUDIT_COLLECTION).insertOne({
        at: new Date(),
        service: this.ctx.service,
        ...record,
        targetIds: [...record.targetIds],
      });
    } catch (err) {
      this.ctx.logger.error({ err, target: record.target }, 'audit record not written');
    }
  }
}

/** Ids found in route params, a payload or a result: `id`, `_id`, `ids` (strings only). */
export function idsOf(...sources: unknown[]): string[] {
  const ids = new Set<string>();
  for (const source of sources) {
    if (typeof source !== 'object' || source === null) continue;
    const o = source as Record<string, unknown>;
    for (const key of ['id', '_id']) if (typeof o[key] === 'string') ids.add(o[key] as string);
    if (Array.isArray(o['ids'])) for (const v of o['ids']) if (typeof v === 'string') ids.add(v);
  }
  return [...ids];
}
