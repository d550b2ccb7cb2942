export * from './common';
export * from './contract';
export * from './parse-or-error';
export * from './streams';
export * from './asset';
export * from './baseline';
export * from './demand';
export * from './inventory';
export * from './workloads';
export * from './constraints-model';
export * from './constraints';
export * from './planning';
export * from './discovery';
export * from './registry';
// plan.json (schema version 1) is defined once, in @vplan/formats; it is part of the contracts.
export {
  PLAN_SCHEMA_VERSION,
  planDocumentSchema,
  planHostSchema,
  planSummarySchema,
  unplacedSchema,
  parsePlanDocument,
} from '@vplan/formats';
export type { PlanDocument, PlanHost, PlanSummary, UnplacedAsset } from '@vplan/formats';
