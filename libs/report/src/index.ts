export {
  renderReport,
  DEFAULT_REPORT_TITLE,
  MAX_CHARTED_HOSTS,
  MAX_CHART_POINTS,
  TOP_VMS_PER_HOST,
  type ReportInput,
} from './render-report';
export { MAX_LISTED_ASSETS } from './coverage-section';
export { MAX_FAILOVER_ROWS } from './failover-section';
export { MAX_CPU_SOURCES } from './sizing-section';
export { MAX_GAP_BUCKETS } from './data-gaps';
export {
  renderCompatibilitySection,
  renderCompatibilityPage,
  largestClasses,
  COMPATIBILITY_PAGE_TITLE,
  MAX_HEAT_MAP_CLASSES,
  MAX_LISTED_BLOCKERS,
  MAX_RULES_PER_CELL,
  type CompatibilitySectionOptions,
  type RenderedSection,
} from './heat-map-section';
export {
  countClassPairs,
  scoreBand,
  scoreColor,
  FREE_COLOR,
  FORBIDDEN_COLOR,
  type ClassPairCounts,
  type ScoreBand,
} from './heat-map-scale';
export { renderComparisonPage, type ComparisonPageInput } from './compare/compare-page';
export { timeAxisOf, type TimeAxis } from './time-axis';
