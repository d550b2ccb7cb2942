import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import {
  scenarioSchema,
  type Page,
  type Scenario,
  type ScenarioRecord,
  type ScenarioSummary,
} from '@vplan/contracts';
import { AppError } from '@vplan/platform';
import type { Model } from 'mongoose';
import { canonicalJson } from '../ids';
import type { ResolvedRefs } from '../inputs/constraints-refs';
import {
  SCENARIO_REVISIONS,
  SCENARIOS,
  type ScenarioHeadDoc,
  type ScenarioRevisionDoc,
} from './scenario.schema';

/** A stored revision with the resolved ids of what it references. */
export interface StoredScenario {
  readonly record: ScenarioRecord;
  readonly refs: ResolvedRefs;
}

const DUPLICATE_KEY = 11000;

/**
 * Scenarios as immutable revisions (`scenario_revisions`, unique on name + revision)
 * plus one head per name (`scenarios`) for lists. Storing the same scenario again makes
 * no revision; a concurrent writer of the same name gets CONFLICT.
 */
@Injectable()
export class ScenarioRepository {
  constructor(
    @InjectModel(SCENARIO_REVISIONS) private readonly revisions: Model<ScenarioRevisionDoc>,
    @InjectModel(SCENARIOS) private readonly heads: Model<ScenarioHeadDoc>,
  ) {}

  /** Stores `scenario` as the next revision of `name` (or answers the latest when equal). */
  async put(
    name: string,
    scenario: Scenario,
    refs: ResolvedRefs,
    opts: { expectedRevision?: number; createdBy?: string; mustBeNew?: boolean } = {},
  ): Promise<{ stored: StoredScenario; created: boolean }> {
    const head = await this.heads.findById(name).lean();
    const current = head && !head.deleted ? head.latest : 0;
    if (opts.mustBeNew && current > 0) {
      throw new AppError('CONFLICT', `scenario ${name} exists (revision ${current})`);
    }
    if (opts.expectedRevision !== undefined && opts.expectedRevision !== current) {
      throw new AppError(
        'CONFLICT',
        `scenario ${name} is at revision ${current}, not ${opts.expectedRevision}`,
      );
    }
    if (current > 0) {
      const latest = await this.get(name, current);
      if (canonicalJson(latest.record.scenario) === canonicalJson(scenario)) {
        return { stored: latest, created: false };
      }
    }
    const revision = (head?.latest ?? 0) + 1;
    const now = new Date();
    try {
      await this.revisions.create({
        _id: `${name}#${revision}`,
        name,
        revision,
        scenario: scenario as Record<string, unknown>,
        refs: { ...refs },
        createdAt: now,
        ...(opts.createdBy ? { createdBy: opts.createdBy } : {}),
      });
    } catch (err) {
      if ((err as { code?: number }).code === DUPLICATE_KEY) {
        throw new AppError('CONFLICT', `scenario ${name} was changed at the same time; retry`);
      }
      throw err;
    }
    await this.heads.updateOne(
      { _id: name },
      {
        $max: { latest: revision },
        $set: {
          updatedAt: now,
          deleted: false,
          ...(scenario.description !== undefined ? { description: scenario.description } : {}),
        },
        ...(scenario.description === undefined ? { $unset: { description: 1 } } : {}),
      },
      { upsert: true },
    );
    return { stored: await this.get(name, revision), created: true };
  }

  /** A revision (default the latest of a scenario that is not deleted); NOT_FOUND otherwise. */
  async get(name: string, revision?: number): Promise<StoredScenario> {
    let wanted = revision;
    if (wanted === undefined) {
      const head = await this.heads.findById(name).lean();
      if (!head || head.deleted) throw new AppError('NOT_FOUND', `no scenario named ${name}`);
      wanted = head.latest;
    }
    const doc = await this.revisions.findOne({ name, revision: wanted }).lean();
    if (!doc) throw new AppError('NOT_FOUND', `scenario ${name} has no revision ${wanted}`);
    return {
      record: {
        name: doc.name,
        revision: doc.revision,
        scenario: scenarioSchema.parse(doc.scenario),
        createdAt: doc.createdAt.toISOString(),
        ...(doc.createdBy ? { createdBy: doc.createdBy } : {}),
      },
      refs: doc.refs ?? {},
    };
  }

  /** Scenarios that are not deleted, by name, after the cursor (a name). */
  async list(limit: number, after?: string): Promise<Page<ScenarioSummary>> {
    const docs = await this.heads
      .find({ deleted: false, ...(after ? { _id: { $gt: after } } : {}) })
      .sort({ _id: 1 })
      .limit(limit + 1)
      .lean();
    const items = docs.slice(0, limit).map((d) => ({
      name: d._id,
      revision: d.latest,
      updatedAt: d.updatedAt.toISOString(),
      ...(d.description !== undefined ? { description: d.description } : {}),
    }));
    return docs.length > limit ? { items, next: items[items.length - 1]!.name } : { items };
  }

  /** Hides a scenario from lists (its revisions stay); false when there was none. */
  async delete(name: string): Promise<boolean> {
    const res = await this.heads.updateOne(
      { _id: name, deleted: false },
      { $set: { deleted: true, updatedAt: new Date() } },
    );
    return res.matchedCount > 0;
  }
}
