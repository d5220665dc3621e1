/** Files larger than this are not parsed (generated data, minified bundles). */
export const MAX_PARSE_BYTES = 4 * 1024 * 1024;

/**
 * Time one file's tree-sitter parse and fact queries may take. Ordinary files take milliseconds;
 * a hostile one (tens of thousands of nested template literals) makes tree-sitter's queries
 * superlinear and would hold a run for minutes. Past the limit the file's facts carry an error.
 */
export const MAX_ANALYSIS_MS = 10_000;

/** A deadline that tree-sitter's progress callbacks ask; `expired` tells afterwards whether it cancelled. */
export class AnalysisBudget {
  private readonly deadline: number;
  expired = false;

  constructor(ms = MAX_ANALYSIS_MS) {
    this.deadline = performance.now() + ms;
  }

  /** True (cancel) once the deadline has passed; given to tree-sitter as a progress callback. */
  readonly over = (): boolean => {
    if (!this.expired && performance.now() > this.deadline) this.expired = true;
    return this.expired;
  };
}
