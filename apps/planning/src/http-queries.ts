import { jobStatusSchema, nameSchema } from '@vplan/contracts';
import { z } from 'zod';

/** `?limit=&after=` of HTTP lists (numbers arrive as text). */
const page = {
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  after: z.string().min(1).max(512).optional(),
};

export const pageQuerySchema = z.strictObject(page);
export const jobsQuerySchema = z.strictObject({
  ...page,
  scenario: nameSchema.optional(),
  status: jobStatusSchema.optional(),
});
export const plansQuerySchema = z.strictObject({ ...page, scenario: nameSchema.optional() });
export const revisionQuerySchema = z.strictObject({
  revision: z.coerce.number().int().positive().optional(),
});
export const compareQuerySchema = z.strictObject({
  a: z.string().min(1).max(64),
  b: z.string().min(1).max(64),
});

/** A path parameter checked like the contracts check names (no surrounding white space, ≤ 200). */
export const nameParamSchema = nameSchema;
