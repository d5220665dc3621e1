/**
 * The programmatic API of Hielements (`import { check, run } from 'hielements'`), documented in
 * docs/api.md. Everything here is stable across minor versions; the deep paths under `dist/` are not.
 */
export {
  check,
  run,
  type CheckOptions,
  type CheckResult,
  type RunApiOptions as RunOptions,
  type RunResult,
} from './api/run.js';
export {
  createLibrary,
  loadLibrary,
  type LibraryDefinition,
  type LibraryFunction,
  type LoadLibraryOptions,
} from './api/library.js';
export { renderDiagnostics, renderReport, type RenderReportOptions, type ReportFormat } from './api/render.js';
export type { PipelineEvent, PipelineStage } from './pipeline/index.js';
export { loadSpec, type LoadedSpec } from './model/load.js';
export { parse, type ParseResult } from './syntax/parser.js';
export type { Program } from './syntax/ast.js';
export type { SpecModel } from './model/types.js';
export type { Diagnostic, Severity, Span, Position } from './diagnostics/diagnostic.js';
export type { CheckOutcome, OutcomeOrigin, OutcomeStatus, RunReport, RunSummary } from './results/types.js';
export {
  LibraryError,
  NULL,
  bool,
  checkError,
  fail,
  float,
  int,
  list,
  pass,
  scopeValue,
  str,
  type CallContext,
  type CheckResult as LibraryCheckResult,
  type CodeLocation,
  type Library,
  type LibraryDoc,
  type Scope,
  type Value,
} from './libraries/types.js';
