export {
  renderReport,
  DEFAULT_REPORT_TITLE,
  MAX_CHARTED_HOSTS,
  MAX_CHART_POINTS,
  TOP_VMS_PER_HOST,
  type ReportInput,
} from './render-report';
