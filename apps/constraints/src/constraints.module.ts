import { Module } from '@nestjs/common';
import { RulesetsController, TargetSetsController } from './documents/documents.controller';
import { RulesetsHandler, TargetSetsHandler } from './documents/documents.handler';
import { RulesetRepository, TargetSetRepository } from './documents/repositories';
import { EvaluationController } from './evaluation/evaluation.controller';
import { EvaluationHandler } from './evaluation/evaluation.handler';
import { EvaluationService } from './evaluation/evaluation.service';

/** The constraints service: versioned rule sets and target sets, compatibility evaluation. */
@Module({
  controllers: [
    RulesetsController,
    TargetSetsController,
    EvaluationController,
    RulesetsHandler,
    TargetSetsHandler,
    EvaluationHandler,
  ],
  providers: [RulesetRepository, TargetSetRepository, EvaluationService],
})
export class ConstraintsModule {}
