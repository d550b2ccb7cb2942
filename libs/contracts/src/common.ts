import { z } from 'zod';

/** The five services of a vplan deployment, in the order of the data flow. */
export const SERVICES = ['inventory', 'workloads', 'constraints', 'planning', 'discovery'] as const;
export type ServiceName = (typeof SERVICES)[number];

/** Roles of a caller, ordered weakest → strongest: a role may do all a weaker one may. */
export const ROLES = ['viewer', 'operator', 'planner', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Whether `role` is `minimum` or stronger. */
export function roleAtLeast(role: Role, minimum: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(minimum);
}

/**
 * Wire error codes, shared by HTTP bodies and NATS replies. HTTP status mapping (done in
 * one filter of @vplan/platform): BAD_REQUEST 400, UNAUTHORIZED 401, FORBIDDEN 403,
 * NOT_FOUND 404, CONFLICT 409, TIMEOUT 504, UNAVAILABLE 503, INTERNAL 500.
 */
export const ERROR_CODES = [
  'BAD_REQUEST',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'TIMEOUT',
  'UNAVAILABLE',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** One problem of a bad input: the field (`filters.environment`, `samples[3].value`) and what is wrong. */
export const errorDetailSchema = z.strictObject({
  path: z.string(),
  message: z.string(),
});
export type ErrorDetail = z.infer<typeof errorDetailSchema>;

/** What went wrong, as carried by HTTP error bodies and NATS error replies. */
export const wireErrorSchema = z.strictObject({
  code: z.enum(ERROR_CODES),
  /** One sentence for a human, naming where and what. */
  message: z.string(),
  details: z.array(errorDetailSchema).optional(),
  correlationId: z.string().optional(),
});
export type WireError = z.infer<typeof wireErrorSchema>;

/** The body of every HTTP error response: `{ error: { code, message, details?, correlationId? } }`. */
export const errorBodySchema = z.strictObject({ error: wireErrorSchema });
export type ErrorBody = z.infer<typeof errorBodySchema>;

/** Builds an error body. */
export function errorBody(
  code: ErrorCode,
  message: string,
  details?: readonly ErrorDetail[],
): ErrorBody {
  return { error: { code, message, ...(details ? { details: [...details] } : {}) } };
}

/**
 * A NATS reply: `{ ok: true, data }` with the contract's response, or
 * `{ ok: false, error }`.
 */
export function replySchema<T extends z.ZodType>(data: T) {
  return z.discriminatedUnion('ok', [
    z.strictObject({ ok: z.literal(true), data }),
    z.strictObject({ ok: z.literal(false), error: wireErrorSchema }),
  ]);
}
export type Reply<T> = { ok: true; data: T } | { ok: false; error: WireError };

// ── Shared field schemas ──────────────────────────────────────────────────────────

/** Longest asset id accepted (characters); keeps pages of ids small. */
export const ASSET_ID_MAX = 128;
/** Longest free text of an attribute (characters). */
export const TEXT_MAX = 1024;

/** A non-empty text without surrounding white space, at most `max` characters. */
export function textSchema(max: number = TEXT_MAX) {
  return z
    .string()
    .min(1)
    .max(max)
    .regex(/^\S(?:[\s\S]*\S)?$/, 'must not start or end with white space');
}

/** An asset id: 1–128 characters, no surrounding white space. */
export const assetIdSchema = textSchema(ASSET_ID_MAX);

/** A server-generated id (uuid or ObjectId-like): 1–64 of `[A-Za-z0-9_-]`. */
export const idSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'must be letters, digits, _ or -');

/** A human name of a stored document (rule set, scenario, credential …). */
export const nameSchema = textSchema(200);

/** An instant as ISO-8601 with `Z` or an offset, e.g. `2024-05-01T00:00:00Z`. */
export const isoDateTimeSchema = z.iso.datetime({ offset: true }).max(40);

/** An instant as epoch milliseconds (integer ≥ 0) or ISO-8601 with a zone. */
export const instantSchema = z.union([z.number().int().nonnegative(), isoDateTimeSchema]);
export type Instant = z.infer<typeof instantSchema>;

/** Epoch milliseconds of an instant (ISO or epoch ms). */
export function instantMs(instant: Instant): number {
  return typeof instant === 'number' ? instant : Date.parse(instant);
}

/** A half-open time window `[from, to)`; `to` must be after `from`. */
export const timeWindowSchema = z
  .strictObject({ from: instantSchema, to: instantSchema })
  .refine((w) => instantMs(w.to) > instantMs(w.from), {
    message: 'must be after from',
    path: ['to'],
  });
export type TimeWindow = z.infer<typeof timeWindowSchema>;

/** Page size of list requests: 1–1000, default 100. */
export const MAX_PAGE_LIMIT = 1000;
export const DEFAULT_PAGE_LIMIT = 100;

/**
 * Most bytes of JSON a list response may carry in its items. A responder stops filling a
 * page when the next item would pass this budget (a page always holds at least one item),
 * so a page can be shorter than `limit`: the end is reached only when `next` is absent.
 * 512 KiB keeps every reply far below NATS's default 1 MiB max payload.
 */
export const PAGE_BYTE_BUDGET = 512 * 1024;

/** Paging of list requests: `limit` items after the opaque `after` cursor. */
export const pageRequestShape = {
  limit: z.number().int().min(1).max(MAX_PAGE_LIMIT).default(DEFAULT_PAGE_LIMIT),
  /** The `next` cursor of the previous page; absent for the first page. */
  after: z.string().min(1).max(512).optional(),
};

/** A page of a list: `items` and, when more follow, the opaque `next` cursor. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.strictObject({
    items: z.array(item),
    next: z.string().min(1).max(512).optional(),
  });
}
export interface Page<T> {
  items: T[];
  next?: string;
}

/** Bytes of a value as UTF-8 JSON (what a NATS message of it weighs). */
export function jsonBytes(value: unknown): number {
  return utf8Length(JSON.stringify(value) ?? '');
}

function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * How many of `items` (in order) fit one page: at most `limit`, and, after the first,
 * only while their JSON stays within `budget` bytes (default {@link PAGE_BYTE_BUDGET}).
 */
export function pageFill(
  items: readonly unknown[],
  limit: number,
  budget: number = PAGE_BYTE_BUDGET,
): number {
  let used = 0;
  let n = 0;
  for (const item of items) {
    if (n >= limit) break;
    const size = jsonBytes(item) + 1;
    if (n > 0 && used + size > budget) break;
    used += size;
    n++;
  }
  return n;
}

/** A pinned version of a versioned document (rule set, target set, scenario). */
export const versionRefSchema = z.strictObject({
  id: idSchema,
  version: z.number().int().positive(),
});
export type VersionRef = z.infer<typeof versionRefSchema>;

/** A document, at a given version or (absent) its latest. */
export const latestOrVersionRefSchema = z.strictObject({
  id: idSchema,
  version: z.number().int().positive().optional(),
});
export type LatestOrVersionRef = z.infer<typeof latestOrVersionRefSchema>;

/**
 * An object in the JetStream Object Store, for payloads too large for one message
 * (NATS's default max payload is 1 MiB).
 */
export const objectRefSchema = z.strictObject({
  bucket: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9_-]+$/, 'must be letters, digits, _ or -'),
  name: z.string().min(1).max(256),
  /** Size of the object in bytes. */
  bytes: z.number().int().nonnegative(),
});
export type ObjectRef = z.infer<typeof objectRefSchema>;

/** Who did something, as recorded in audits and documents. */
export const actorSchema = z.string().min(1).max(200);
