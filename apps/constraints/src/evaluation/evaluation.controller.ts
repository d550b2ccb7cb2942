import { Controller, HttpCode, Post } from '@nestjs/common';
import {
  MAX_SCOPE_IDS,
  assetFiltersSchema,
  assetIdSchema,
  idSchema,
  type EvaluateRequest,
} from '@vplan/contracts';
import { Roles, ZodBody } from '@vplan/platform';
import { z } from 'zod';
import { EvaluationService } from './evaluation.service';

const version = z.number().int().positive();

/** `POST /evaluate`: documents by name; the scope by ids or a filter (neither: every asset). */
export const evaluateBodySchema = z
  .strictObject({
    ruleset: idSchema,
    version: version.optional(),
    targets: idSchema.optional(),
    targetsVersion: version.optional(),
    assetIds: z.array(assetIdSchema).min(1).max(MAX_SCOPE_IDS).optional(),
    filter: assetFiltersSchema.optional(),
  })
  .superRefine((b, ctx) => {
    if (b.assetIds && b.filter) {
      ctx.addIssue({
        code: 'custom',
        path: ['filter'],
        message: 'give assetIds or filter, not both',
      });
    }
    if (b.targetsVersion !== undefined && b.targets === undefined) {
      ctx.addIssue({ code: 'custom', path: ['targetsVersion'], message: 'needs targets' });
    }
  });
export type EvaluateBody = z.infer<typeof evaluateBodySchema>;

/** `POST /explain`: why may assets `a` and `b` (not) share a host under a rule set. */
export const explainBodySchema = z.strictObject({
  ruleset: idSchema,
  version: version.optional(),
  a: assetIdSchema,
  b: assetIdSchema,
});
export type ExplainBody = z.infer<typeof explainBodySchema>;

/** The HTTP body as the NATS contract's request. */
export function evaluateRequestOf(body: EvaluateBody): EvaluateRequest {
  return {
    ruleset: { id: body.ruleset, ...(body.version ? { version: body.version } : {}) },
    ...(body.targets
      ? {
          targets: {
            id: body.targets,
            ...(body.targetsVersion ? { version: body.targetsVersion } : {}),
          },
        }
      : {}),
    scope: body.assetIds ? { assetIds: body.assetIds } : { filters: body.filter ?? {} },
  };
}

@Roles('viewer')
@Controller('api/v1')
export class EvaluationController {
  constructor(private readonly evaluation: EvaluationService) {}

  /** Classes, class-pair scores, blockers and warnings; the whole report inline (HTTP has no 1 MB limit). */
  @Post('evaluate')
  @HttpCode(200)
  async evaluate(@ZodBody(evaluateBodySchema) body: EvaluateBody) {
    const { report, ...head } = await this.evaluation.evaluate(evaluateRequestOf(body));
    return { ...head, delivery: 'inline' as const, report };
  }

  @Post('explain')
  @HttpCode(200)
  explain(@ZodBody(explainBodySchema) body: ExplainBody) {
    return this.evaluation.explain({
      ruleset: { id: body.ruleset, ...(body.version ? { version: body.version } : {}) },
      a: body.a,
      b: body.b,
    });
  }
}
