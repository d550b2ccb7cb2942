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
  utcIntervalsAtOffset,
  longestCommonMinutes,
} from './maintenance-windows';
export type { OffsetPhase, ZoneOutcome } from './time-zones';
export { resolveZone, offsetPhases } from './time-zones';
export type {
  MaintenanceSchedule,
  OverlapOutcome,
  ScheduleOutcome,
  YearOverlap,
} from './window-overlap';
export {
  maintenanceSchedule,
  REFERENCE_WEEKS,
  scheduleOverlapMinutes,
  windowOverlapMinutes,
  WEEK_MS,
} from './window-overlap';
export type { CompiledRuleSet } from './compiled-rule-set';
export { compileRuleSet } from './compiled-rule-set';
export { candidateHits, fitHits, pairHits, explainPair, scoreOf } from './evaluate';
export { analyzeCompatibility } from './compatibility';
export type { PlacementRules } from './compile-placement';
export { compileForPlacement } from './compile-placement';
export type { CompactCompatibility, CompactHit, CompactRule } from './compatibility-compact';
export {
  compactCompatibility,
  expandCompatibility,
  COMPAT_JSON_VERSION,
} from './compatibility-compact';
