export * from './rule-model';
export * from './compatibility-report';
export type { RuleSetResult } from './parse-rule-set';
export { parseRuleSet } from './parse-rule-set';
export {
  attributesOf,
  targetAttributesOf,
  TARGET_ATTRIBUTES,
  canonicalSet,
  canonicalText,
  isTruthy,
} from './attributes';
export type { MinuteInterval } from './maintenance-windows';
export {
  MINUTES_PER_WEEK,
  TIMEZONE_REFERENCE_UTC_MS,
  utcOffsetMinutes,
  utcIntervals,
  longestCommonMinutes,
} from './maintenance-windows';
export type { CompiledRuleSet } from './compiled-rule-set';
export { compileRuleSet } from './compiled-rule-set';
export { candidateHits, fitHits, pairHits, explainPair, scoreOf } from './evaluate';
export { analyzeCompatibility } from './compatibility';
export type { PlacementRules } from './compile-placement';
export { compileForPlacement } from './compile-placement';
