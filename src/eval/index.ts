/**
 * Public API of the interpreter: run a validated model (`runSpec`) or list what would run
 * (`planSpec`, for `--dry-run`).
 */
export { elementFilter } from './filter.js';
export { runSpec, type RunOptions, type RunRegistry } from './run.js';
export {
  planSpec,
  printExpression,
  type Plan,
  type PlannedCheck,
  type PlannedElement,
  type PlannedMember,
  type PlanOptions,
} from './plan.js';
export { collectJobs, requirementText, type Job } from './jobs.js';
