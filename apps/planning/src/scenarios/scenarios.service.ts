import { Injectable } from '@nestjs/common';
import type { Page, Scenario, ScenarioRecord, ScenarioSummary } from '@vplan/contracts';
import { ConstraintsRefs } from '../inputs/constraints-refs';
import { ScenarioRepository, type StoredScenario } from './scenario.repository';

/**
 * Scenarios (plan-as-code): stored as revisions with every rule and target version
 * pinned through the constraints service, so a revision always plans the same.
 */
@Injectable()
export class ScenariosService {
  constructor(
    private readonly repository: ScenarioRepository,
    private readonly refs: ConstraintsRefs,
  ) {}

  /** Stores a scenario (a new revision unless it equals the latest). */
  async put(
    name: string,
    scenario: Scenario,
    opts: { expectedRevision?: number; createdBy?: string; mustBeNew?: boolean } = {},
  ): Promise<{ record: ScenarioRecord; created: boolean }> {
    const pinned = await this.refs.pin(scenario);
    const { stored, created } = await this.repository.put(name, pinned.scenario, pinned.refs, opts);
    return { record: stored.record, created };
  }

  get(name: string, revision?: number): Promise<StoredScenario> {
    return this.repository.get(name, revision);
  }

  list(limit: number, after?: string): Promise<Page<ScenarioSummary>> {
    return this.repository.list(limit, after);
  }

  delete(name: string): Promise<boolean> {
    return this.repository.delete(name);
  }
}
