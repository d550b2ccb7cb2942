import { Injectable } from '@nestjs/common';
import {
  INVENTORY,
  MAX_PAGE_LIMIT,
  type AssetFilters,
  type AssetScope,
  type CompatibilityReportPayload,
  type EvaluateRequest,
  type Explanation,
  type ExplainRequest,
  type PairExplanationPayload,
  type VersionRef,
} from '@vplan/contracts';
import type { Asset } from '@vplan/domain';
import { AppError, ServiceClient } from '@vplan/platform';
import { analyzeCompatibility, explainPair } from '@vplan/rules';
import { RulesetRepository, TargetSetRepository } from '../documents/repositories';

/** An evaluation before delivery: the report travels inline over HTTP, maybe by object over NATS. */
export interface EvaluationResult {
  ruleset: VersionRef;
  targets?: VersionRef;
  summary: { assets: number; classes: number; blocked: number; warned: number };
  report: CompatibilityReportPayload;
}

/** Asset ids per inventory query (a filter list holds at most 1000 values). */
const IDS_PER_QUERY = 1000;

/**
 * Compatibility of a scope of assets under a stored rule set (and target set): the
 * assets come from inventory over NATS (`INVENTORY.queryAssets`, read page by page), the
 * analysis is `@vplan/rules`' `analyzeCompatibility` / `explainPair` as is.
 */
@Injectable()
export class EvaluationService {
  constructor(
    private readonly rulesets: RulesetRepository,
    private readonly targetSets: TargetSetRepository,
    private readonly client: ServiceClient,
  ) {}

  async evaluate(req: EvaluateRequest): Promise<EvaluationResult> {
    const ruleset = await this.rulesets.getRef(req.ruleset);
    const targets = req.targets ? await this.targetSets.getRef(req.targets) : undefined;
    const assets = await this.assetsOf(req.scope);
    const report = analyzeCompatibility(ruleset.parsed, assets, targets?.parsed);
    return {
      ruleset: ruleset.ref,
      ...(targets ? { targets: targets.ref } : {}),
      summary: {
        assets: report.assets,
        classes: report.classes.length,
        blocked: report.blockers.length,
        warned: report.warnings?.length ?? 0,
      },
      report: report as CompatibilityReportPayload,
    };
  }

  async explain(req: ExplainRequest): Promise<Explanation> {
    const ruleset = await this.rulesets.getRef(req.ruleset);
    const [a, b] = await Promise.all([this.asset(req.a), this.asset(req.b)]);
    // The payload type is the library's, mutable (constraints-model.spec.ts checks the shapes).
    const explanation = explainPair(ruleset.parsed, a, b) as PairExplanationPayload;
    return { ruleset: ruleset.ref, explanation };
  }

  /** The assets of a scope, in inventory order; NOT_FOUND naming ids inventory lacks. */
  private async assetsOf(scope: AssetScope): Promise<Asset[]> {
    if ('filters' in scope) return this.query(scope.filters);
    const found: Asset[] = [];
    for (let i = 0; i < scope.assetIds.length; i += IDS_PER_QUERY) {
      found.push(...(await this.query({ id: scope.assetIds.slice(i, i + IDS_PER_QUERY) })));
    }
    const have = new Set(found.map((a) => a.id));
    const missing = [...new Set(scope.assetIds)].filter((id) => !have.has(id));
    if (missing.length > 0) {
      const shown = missing.slice(0, 10).join(', ');
      throw new AppError(
        'NOT_FOUND',
        `${missing.length} asset${missing.length === 1 ? '' : 's'} not in inventory: ${shown}${missing.length > 10 ? ', …' : ''}`,
      );
    }
    return found;
  }

  /** Every page of an inventory query: pages stop at `limit` or the byte budget, read on while `next`. */
  private async query(filters: AssetFilters): Promise<Asset[]> {
    const assets: Asset[] = [];
    let after: string | undefined;
    do {
      const page = await this.client.request(INVENTORY.queryAssets, {
        filters,
        limit: MAX_PAGE_LIMIT,
        ...(after ? { after } : {}),
      });
      for (const record of page.items) assets.push(record.asset);
      after = page.next;
    } while (after !== undefined);
    return assets;
  }

  private async asset(id: string): Promise<Asset> {
    return (await this.client.request(INVENTORY.getAsset, { id })).asset;
  }
}
