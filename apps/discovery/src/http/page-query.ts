import { MAX_PAGE_LIMIT } from '@vplan/contracts';
import { z } from 'zod';

/** `?limit=` (1–1000, default 100) and `?after=<cursor>` of every list. */
export const pageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_LIMIT).default(100),
  after: z.string().min(1).max(512).optional(),
});
export type PageQuery = z.infer<typeof pageQuery>;
