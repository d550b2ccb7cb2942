import type { PlanDocument } from '@vplan/formats';
import { timeAxisOf, type TimeAxis } from './time-axis';

/**
 * The one time axis of a report: every chart and slot label of the page uses it.
 *
 * The grid is an hour-of-week profile when the plan says so (`sizing.profile` of a v2
 * plan); a v1 plan had one only below the 100th percentile. A v2 plan at a percentile
 * below 100 with the `series` profile is a measured period (the percentile is a chance
 * constraint), so its axis is dated. The axis is drawn in `plan.input.timeZone` (IANA;
 * UTC when absent).
 */
export function planTimeAxis(plan: PlanDocument): TimeAxis {
  const { input, sizing } = plan;
  return timeAxisOf(input, {
    ...(input.timeZone !== undefined ? { timeZone: input.timeZone } : {}),
    ...(sizing ? { weekly: sizing.profile === 'weekly' } : {}),
  });
}
