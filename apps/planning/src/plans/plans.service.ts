import { Injectable } from '@nestjs/common';
import {
  PAGE_BYTE_BUDGET,
  prefixed,
  type PlanComparison,
  type PlanMeta,
  type PlanResponse,
} from '@vplan/contracts';
import { planDocumentSchema, type PlanDocument } from '@vplan/formats';
import { PlatformContext } from '@vplan/platform';
import { comparePlans } from './compare-plans';
import { PlanRepository } from './plan.repository';
import type { PlanFileName } from './plan.schema';

/** Object Store bucket of plans too large for one NATS reply. */
export const PLANS_BUCKET = 'VPLAN_PLANNING_PLANS';

/** Reading stored plans: files, parsed plan.json, NATS replies, comparisons. */
@Injectable()
export class PlansService {
  constructor(
    private readonly repository: PlanRepository,
    private readonly ctx: PlatformContext,
  ) {}

  meta(planId: string): Promise<PlanMeta> {
    return this.repository.meta(planId);
  }

  file(planId: string, file: PlanFileName): Promise<string> {
    return this.repository.file(planId, file);
  }

  async plan(planId: string): Promise<{ meta: PlanMeta; plan: PlanDocument; text: string }> {
    const meta = await this.repository.meta(planId);
    const text = await this.repository.file(planId, 'json');
    return { meta, plan: planDocumentSchema.parse(JSON.parse(text)), text };
  }

  /**
   * The NATS reply for a plan: inline while its JSON stays within PAGE_BYTE_BUDGET, else
   * the same JSON in the JetStream Object Store (bucket VPLAN_PLANNING_PLANS, object =
   * plan id; written once).
   */
  async response(planId: string): Promise<PlanResponse> {
    const { meta, plan, text } = await this.plan(planId);
    const compact = JSON.stringify(plan);
    if (Buffer.byteLength(compact) + 2048 <= PAGE_BYTE_BUDGET) {
      return { meta, delivery: 'inline', plan };
    }
    const bucket = prefixed(this.ctx.config.prefix, PLANS_BUCKET);
    const os = await this.ctx.link.connection.jetstream().views.os(bucket);
    const info = (await os.info(planId)) ?? (await os.putBlob({ name: planId }, Buffer.from(text)));
    return { meta, delivery: 'object-store', object: { bucket, name: planId, bytes: info.size } };
  }

  async compare(a: string, b: string): Promise<PlanComparison> {
    const [pa, pb] = await Promise.all([this.plan(a), this.plan(b)]);
    return comparePlans(pa, pb);
  }
}
