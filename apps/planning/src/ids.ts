import { createHash, randomBytes } from 'node:crypto';

/**
 * A new id that sorts by creation time: 9 base-36 characters of epoch ms, then 12 random
 * hex characters (`<kind>-…`). Lists page newest first by it.
 */
export function newSortableId(kind: string): string {
  return `${kind}-${Date.now().toString(36).padStart(9, '0')}${randomBytes(6).toString('hex')}`;
}

/** The plan id of a job: one plan per job, whichever replica ran it. */
export function planIdOf(jobId: string): string {
  return `plan-${jobId.replace(/^job-/, '')}`;
}

/**
 * A UUID (version 5 layout) derived from `name`: the id of an event that must be the
 * same when a replica publishes it again after a crash (JetStream drops the duplicate).
 */
export function stableUuid(name: string): string {
  const h = createHash('sha1').update(name).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** JSON with object keys sorted, so equal values give equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
