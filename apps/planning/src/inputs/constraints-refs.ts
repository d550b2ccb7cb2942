import { Injectable } from '@nestjs/common';
import { CONSTRAINTS, type Scenario } from '@vplan/contracts';
import { AppError, ServiceClient } from '@vplan/platform';

/** A document of the constraints service resolved to its id and a pinned version. */
export interface ResolvedRef {
  readonly id: string;
  readonly version: number;
}

/** Ids and versions of what a stored scenario revision references. */
export interface ResolvedRefs {
  readonly ruleset?: ResolvedRef;
  readonly targets?: ResolvedRef;
}

type Kind = 'ruleset' | 'targets';

/**
 * Resolves a scenario's rule set and target set names to ids and pinned versions, over
 * NATS (CONSTRAINTS list by name, then get): what makes a stored revision plan the same
 * forever (plan-as-code).
 */
@Injectable()
export class ConstraintsRefs {
  constructor(private readonly client: ServiceClient) {}

  /** The scenario with every version pinned, and the ids of the documents. */
  async pin(scenario: Scenario): Promise<{ scenario: Scenario; refs: ResolvedRefs }> {
    let pinned = scenario;
    const refs: { ruleset?: ResolvedRef; targets?: ResolvedRef } = {};
    if (scenario.ruleset) {
      refs.ruleset = await this.resolve('ruleset', scenario.ruleset.name, scenario.ruleset.version);
      pinned = { ...pinned, ruleset: { ...scenario.ruleset, version: refs.ruleset.version } };
    }
    if (scenario.targets) {
      refs.targets = await this.resolve('targets', scenario.targets.name, scenario.targets.version);
      pinned = { ...pinned, targets: { ...scenario.targets, version: refs.targets.version } };
    }
    return { scenario: pinned, refs };
  }

  /** The YAML source of a pinned document. */
  async source(kind: Kind, ref: ResolvedRef): Promise<string> {
    const request = { id: ref.id, version: ref.version };
    const doc =
      kind === 'ruleset'
        ? await this.client.request(CONSTRAINTS.getRuleset, request)
        : await this.client.request(CONSTRAINTS.getTargetSet, request);
    return doc.source;
  }

  private async resolve(kind: Kind, name: string, version?: number): Promise<ResolvedRef> {
    const list = kind === 'ruleset' ? CONSTRAINTS.listRulesets : CONSTRAINTS.listTargetSets;
    const what = kind === 'ruleset' ? 'rule set' : 'target set';
    let after: string | undefined;
    for (;;) {
      const page = await this.client.request(list, {
        name,
        limit: 100,
        ...(after ? { after } : {}),
      });
      const found = page.items.find((item) => item.name === name);
      if (found) {
        if (version === undefined) return { id: found.id, version: found.latestVersion };
        if (version > found.latestVersion) {
          throw new AppError(
            'BAD_REQUEST',
            `${kind}.version: ${what} ${name} has no version ${version} (latest ${found.latestVersion})`,
            [{ path: `${kind}.version`, message: `${what} ${name} has no version ${version}` }],
          );
        }
        return { id: found.id, version };
      }
      if (!page.next) break;
      after = page.next;
    }
    throw new AppError(
      'BAD_REQUEST',
      `${kind}.name: no ${what} named ${name} in the constraints service`,
      [{ path: `${kind}.name`, message: `no ${what} named ${name}` }],
    );
  }
}
