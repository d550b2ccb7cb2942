import { Controller } from '@nestjs/common';
import {
  CONSTRAINTS,
  type LatestOrVersionRef,
  type RulesetCreate,
  type RulesetUpdate,
} from '@vplan/contracts';
import { HandleRequest, ZodPayload } from '@vplan/platform';
import { RulesetRepository, TargetSetRepository } from './repositories';
import type { VersionedDocuments } from './versioned-documents.repository';

interface ListRequest {
  limit: number;
  after?: string;
  name?: string;
}
interface VersionsRequest {
  id: string;
  limit: number;
  after?: string;
}

/** The same six requests for any versioned document kind. */
class DocumentRequests {
  constructor(private readonly docs: VersionedDocuments<unknown>) {}

  create(req: RulesetCreate) {
    return this.docs.publish({ ...req, mode: 'create' });
  }
  update(req: RulesetUpdate) {
    const { id, ...rest } = req;
    return this.docs.publish({ ...rest, name: id, mode: 'update' });
  }
  get(req: LatestOrVersionRef) {
    return this.docs.get(req.id, req.version);
  }
  list(req: ListRequest) {
    return this.docs.list(req);
  }
  versions(req: VersionsRequest) {
    const { id, ...page } = req;
    return this.docs.history(id, page);
  }
  async delete(req: { id: string }) {
    return { id: req.id, deleted: await this.docs.delete(req.id) };
  }
}

/** NATS: the rule set requests of `CONSTRAINTS` (planning reads versions by name here). */
@Controller()
export class RulesetsHandler {
  private readonly requests: DocumentRequests;
  constructor(repository: RulesetRepository) {
    this.requests = new DocumentRequests(repository);
  }

  @HandleRequest(CONSTRAINTS.createRuleset, { mutating: true })
  create(@ZodPayload(CONSTRAINTS.createRuleset.request) req: RulesetCreate) {
    return this.requests.create(req);
  }
  @HandleRequest(CONSTRAINTS.updateRuleset, { mutating: true })
  update(@ZodPayload(CONSTRAINTS.updateRuleset.request) req: RulesetUpdate) {
    return this.requests.update(req);
  }
  @HandleRequest(CONSTRAINTS.getRuleset)
  get(@ZodPayload(CONSTRAINTS.getRuleset.request) req: LatestOrVersionRef) {
    return this.requests.get(req);
  }
  @HandleRequest(CONSTRAINTS.listRulesets)
  list(@ZodPayload(CONSTRAINTS.listRulesets.request) req: ListRequest) {
    return this.requests.list(req);
  }
  @HandleRequest(CONSTRAINTS.rulesetVersions)
  versions(@ZodPayload(CONSTRAINTS.rulesetVersions.request) req: VersionsRequest) {
    return this.requests.versions(req);
  }
  @HandleRequest(CONSTRAINTS.deleteRuleset, { mutating: true })
  delete(@ZodPayload(CONSTRAINTS.deleteRuleset.request) req: { id: string }) {
    return this.requests.delete(req);
  }
}

/** NATS: the target set requests of `CONSTRAINTS`. */
@Controller()
export class TargetSetsHandler {
  private readonly requests: DocumentRequests;
  constructor(repository: TargetSetRepository) {
    this.requests = new DocumentRequests(repository);
  }

  @HandleRequest(CONSTRAINTS.createTargetSet, { mutating: true })
  create(@ZodPayload(CONSTRAINTS.createTargetSet.request) req: RulesetCreate) {
    return this.requests.create(req);
  }
  @HandleRequest(CONSTRAINTS.updateTargetSet, { mutating: true })
  update(@ZodPayload(CONSTRAINTS.updateTargetSet.request) req: RulesetUpdate) {
    return this.requests.update(req);
  }
  @HandleRequest(CONSTRAINTS.getTargetSet)
  get(@ZodPayload(CONSTRAINTS.getTargetSet.request) req: LatestOrVersionRef) {
    return this.requests.get(req);
  }
  @HandleRequest(CONSTRAINTS.listTargetSets)
  list(@ZodPayload(CONSTRAINTS.listTargetSets.request) req: ListRequest) {
    return this.requests.list(req);
  }
  @HandleRequest(CONSTRAINTS.targetSetVersions)
  versions(@ZodPayload(CONSTRAINTS.targetSetVersions.request) req: VersionsRequest) {
    return this.requests.versions(req);
  }
  @HandleRequest(CONSTRAINTS.deleteTargetSet, { mutating: true })
  delete(@ZodPayload(CONSTRAINTS.deleteTargetSet.request) req: { id: string }) {
    return this.requests.delete(req);
  }
}
