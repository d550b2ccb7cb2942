import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { TargetModel } from '@vplan/domain';
import { InjectLogger, JetStreamService, type Logger } from '@vplan/platform';
import type { RuleSet } from '@vplan/rules';
import type { Connection } from 'mongoose';
import { RULESET_KIND, TARGET_SET_KIND } from './document-kinds';
import { VersionedDocuments } from './versioned-documents.repository';

/** Rule sets by name: `ruleset_versions` and `rulesets`. */
@Injectable()
export class RulesetRepository extends VersionedDocuments<RuleSet> implements OnModuleInit {
  constructor(
    @InjectConnection() connection: Connection,
    jetstream: JetStreamService,
    @InjectLogger() logger: Logger,
  ) {
    super(RULESET_KIND, connection, jetstream, logger);
  }

  onModuleInit(): Promise<void> {
    return this.init();
  }
}

/** Target sets (target host models) by name: `target_set_versions` and `target_sets`. */
@Injectable()
export class TargetSetRepository extends VersionedDocuments<TargetModel[]> implements OnModuleInit {
  constructor(
    @InjectConnection() connection: Connection,
    jetstream: JetStreamService,
    @InjectLogger() logger: Logger,
  ) {
    super(TARGET_SET_KIND, connection, jetstream, logger);
  }

  onModuleInit(): Promise<void> {
    return this.init();
  }
}
