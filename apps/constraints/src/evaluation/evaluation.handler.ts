import { randomUUID } from 'node:crypto';
import { Controller } from '@nestjs/common';
import {
  CONSTRAINTS,
  PAGE_BYTE_BUDGET,
  jsonBytes,
  type EvaluateRequest,
  type Evaluation,
  type Explanation,
  type ExplainRequest,
} from '@vplan/contracts';
import { HandleRequest, JetStreamService, PlatformContext, ZodPayload } from '@vplan/platform';
import { nanos } from 'nats';
import { EvaluationService } from './evaluation.service';

/** Reports in the Object Store live a day: long enough for the caller to fetch them. */
const REPORT_TTL_MS = 24 * 3600 * 1000;

/** The Object Store bucket of large evaluation reports (prefixed like the streams). */
export function reportBucket(prefix: string): string {
  return prefix ? `${prefix}_vplan_constraints_reports` : 'vplan_constraints_reports';
}

/**
 * NATS: `CONSTRAINTS.evaluate` and `CONSTRAINTS.explainPair`. An evaluation whose reply
 * would pass PAGE_BYTE_BUDGET (classes list their members) is put in the JetStream Object
 * Store (bucket {@link reportBucket}, the report's JSON) and answered by reference.
 */
@Controller()
export class EvaluationHandler {
  constructor(
    private readonly evaluation: EvaluationService,
    private readonly jetstream: JetStreamService,
    private readonly ctx: PlatformContext,
  ) {}

  @HandleRequest(CONSTRAINTS.evaluate)
  async evaluate(
    @ZodPayload(CONSTRAINTS.evaluate.request) req: EvaluateRequest,
  ): Promise<Evaluation> {
    const { report, ...head } = await this.evaluation.evaluate(req);
    const inline: Evaluation = { ...head, delivery: 'inline', report };
    if (jsonBytes(inline) <= PAGE_BYTE_BUDGET) return inline;
    const bucket = reportBucket(this.ctx.config.prefix);
    const store = await this.jetstream.js.views.os(bucket, { ttl: nanos(REPORT_TTL_MS) });
    const name = `evaluation-${randomUUID()}.json`;
    const bytes = new TextEncoder().encode(JSON.stringify(report));
    await store.putBlob(
      { name, description: `report of ${head.ruleset.id}@${head.ruleset.version}` },
      bytes,
    );
    return { ...head, delivery: 'object-store', object: { bucket, name, bytes: bytes.length } };
  }

  @HandleRequest(CONSTRAINTS.explainPair)
  explain(@ZodPayload(CONSTRAINTS.explainPair.request) req: ExplainRequest): Promise<Explanation> {
    return this.evaluation.explain(req);
  }
}
