import { Injectable } from '@nestjs/common';
import type { ScenarioRef } from '@vplan/contracts';
import { AppError } from '@vplan/platform';
import { BaselineReader, baselineOfEstate } from '../inputs/baseline-reader';
import { ConstraintsRefs } from '../inputs/constraints-refs';
import { EstateReader } from '../inputs/estate-reader';
import { ScenarioRepository } from '../scenarios/scenario.repository';
import type { PlanTask, SourceDocument } from '../worker/plan-task';

/**
 * Everything a job plans, gathered over NATS from the scenario revision: the rule and
 * target sources at their pinned versions (constraints), the estate (inventory and
 * workloads) and today's hosts (the inventory's latest RVTools baseline, when it has one).
 */
@Injectable()
export class JobInputs {
  constructor(
    private readonly scenarios: ScenarioRepository,
    private readonly constraints: ConstraintsRefs,
    private readonly estate: EstateReader,
    private readonly baselines: BaselineReader,
  ) {}

  async task(ref: ScenarioRef, onPhase: (phase: string) => void): Promise<PlanTask> {
    const { record, refs } = await this.scenarios.get(ref.name, ref.revision);
    const { scenario } = record;
    let ruleSet: SourceDocument | undefined;
    if (scenario.ruleset) {
      if (!refs.ruleset)
        throw new AppError('INTERNAL', `scenario ${ref.name}: rule set unresolved`);
      onPhase(`reading rule set ${scenario.ruleset.name} v${refs.ruleset.version}`);
      ruleSet = {
        file: `rulesets/${scenario.ruleset.name}@${refs.ruleset.version}`,
        text: await this.constraints.source('ruleset', refs.ruleset),
      };
    }
    let targets: PlanTask['targets'];
    if (scenario.targets) {
      if (!refs.targets) throw new AppError('INTERNAL', `scenario ${ref.name}: targets unresolved`);
      onPhase(`reading target models ${scenario.targets.name} v${refs.targets.version}`);
      targets = {
        file: `targets/${scenario.targets.name}@${refs.targets.version}`,
        text: await this.constraints.source('targets', refs.targets),
        ...(scenario.targets.target ? { target: scenario.targets.target } : {}),
      };
    }
    const estate = await this.estate.read(scenario.assets?.filter, onPhase);
    onPhase("reading today's hosts");
    const baseline = await this.baselines.read();
    return {
      assets: estate.assets,
      series: estate.series,
      // An RVTools baseline the inventory stored wins over the hypervisors discovery found.
      ...(baseline
        ? { baseline: baselineOfEstate(baseline, estate.assets) }
        : estate.baseline
          ? { baseline: estate.baseline }
          : {}),
      options: scenario.options,
      // As `vplan plan --scenario` writes it, so the same scenario gives the same plan.json.
      source: { source: `scenario ${ref.name}`, format: 'scenario', scenario: ref.name },
      ...(ruleSet ? { ruleSet } : {}),
      ...(targets ? { targets } : {}),
    };
  }
}
