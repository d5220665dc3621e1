/**
 * The result contract of a run: produced by the interpreter (src/eval), merged by the pipeline
 * (src/pipeline), rendered by the reporters (src/report) and returned by the API. It depends on
 * nothing but the diagnostics and library value types, so every stage may depend on it.
 */
import type { Diagnostic, Span } from '../diagnostics/diagnostic.js';
import type { CodeLocation } from '../libraries/types.js';

export type OutcomeStatus = 'pass' | 'fail' | 'error' | 'skipped';

/** Where a check comes from. */
export type OutcomeOrigin =
  /** `check` written in the element. */
  | 'element'
  /** `check` declared by a pattern the element implements (bindings substituted). */
  | 'pattern'
  /** `requires/allows/forbids [descendant] …` of a pattern the element implements. */
  | 'requirement'
  /** `forbids/allows connection to …` boundary enforcement. */
  | 'connection'
  /** `--strict-uses`: undeclared dependencies between elements. */
  | 'uses'
  /** `connection_check` of a `language` declaration. */
  | 'language';

export interface CheckOutcome {
  /** Dotted element path from the top-level element, e.g. `shop.orders.api`. */
  element: string;
  /** Label: the check expression exactly as written in the source (or the requirement as written). */
  check: string;
  status: OutcomeStatus;
  /** Failure/error explanation; absent on pass. */
  message?: string;
  origin: OutcomeOrigin;
  /** Pattern that declared the check (origin `pattern`/`requirement`). */
  pattern?: string;
  /** The `.hie` file and span of the check statement (or requirement) — SARIF points here. */
  file: string;
  span: Span;
  /** Offending code found by the library (e.g. the forbidden import line). */
  locations?: CodeLocation[];
  /** Library and function that evaluated it, when it was a library check. */
  library?: string;
  function?: string;
  /** Extra detail (plugin stderr tail, wasm stack). */
  details?: string;
  /**
   * Violations of this check recorded in the baseline file (known, accepted for now): they are not
   * in `locations` and do not fail the run. A check whose every violation is known has status `pass`.
   */
  baselined?: BaselinedViolations;
  /** Violations accepted by an `except … because '…'` in the spec: not in `locations`, never failing. */
  excepted?: ExceptedViolation[];
  /** `warning check` / `warning forbids …`: a failure or error is reported but never fails the run. */
  severity?: 'warning';
  /** The `##` documentation of the check or rule (set on failures and errors). */
  doc?: string;
  durationMs: number;
}

export interface ExceptedViolation {
  /** The import the exception accepted. */
  location: CodeLocation;
  /** The exception's `because '…'` text. */
  reason: string;
  /** Where the exception is written (`.hie` file and line). */
  file: string;
  line: number;
}

export interface BaselinedViolations {
  /** How many violations the baseline accepted (a check without locations counts as one). */
  count: number;
  /** Their code locations (empty for a check that fails without locations). */
  locations: CodeLocation[];
}

export interface RunSummary {
  total: number;
  passed: number;
  failed: number;
  errors: number;
  skipped: number;
  /** Violations accepted by the baseline file (present only when > 0). */
  known?: number;
  /** Violations accepted by exceptions in the spec (present only when > 0). */
  excepted?: number;
  /** Failed or errored checks marked `warning` (present only when > 0); not in `failed`/`errors`. */
  warnings?: number;
}

/** An element of the spec as the architecture report draws it (built by src/model/outline.ts). */
export interface ElementOutline {
  /** Dotted path, e.g. `shop.orders.api`. */
  path: string;
  name: string;
  /** Dotted path of the enclosing element; undefined at the top. */
  parent?: string;
  /** Its `##` documentation. */
  doc?: string;
  /** The `.hie` file and line of its declaration. */
  file: string;
  line: number;
  /** Element paths named by its own `uses` declarations (a `uses` of a scope counts for the scope's element). */
  uses: string[];
  /** Patterns it implements. */
  implements: string[];
}

/** One import behind a dependency between two elements. */
export interface DependencyImport {
  /** Absolute path of the importing file. */
  file: string;
  line: number;
  column: number;
  /** The import as written. */
  specifier: string;
  /** Absolute path of the file it resolves to. */
  target: string;
}

/** Files of element `from` import files of element `to` (element paths). */
export interface ElementDependency {
  from: string;
  to: string;
  imports: DependencyImport[];
}

/** The actual dependencies between elements (see src/eval/graph.ts). */
export interface DependencyGraph {
  /** Element path → number of files it owns most specifically. */
  files: Record<string, number>;
  dependencies: ElementDependency[];
}

export interface RunReport {
  /** The spec file as given on the command line. */
  file: string;
  /** Absolute workspace root. */
  workspace: string;
  results: CheckOutcome[];
  /** Validation warnings and run-time diagnostics (scope evaluation errors, empty scopes, config problems). */
  diagnostics: Diagnostic[];
  summary: RunSummary;
  durationMs: number;
  /** The dependency graph between elements, when the run was asked for it (`hielements report`). */
  graph?: DependencyGraph;
}

export function summarize(results: readonly CheckOutcome[]): RunSummary {
  const s: RunSummary = { total: 0, passed: 0, failed: 0, errors: 0, skipped: 0 };
  // indexed: once per report over thousands of outcomes, mostly unoptimised (no iterator results)
  let excepted = 0;
  let known = 0;
  for (let i = 0; i < results.length; i++) {
    const r = results[i] as CheckOutcome;
    excepted += r.excepted?.length ?? 0;
    known += r.baselined?.count ?? 0;
    if (r.status === 'skipped') {
      s.skipped++;
      continue;
    }
    s.total++;
    if (r.status === 'pass') s.passed++;
    else if (r.severity === 'warning') s.warnings = (s.warnings ?? 0) + 1;
    else if (r.status === 'fail') s.failed++;
    else s.errors++;
  }
  if (excepted > 0) s.excepted = excepted;
  if (known > 0) s.known = known;
  return s;
}
