/**
 * SARIF 2.1.0 reporter (`--format sarif`) so GitHub code scanning shows failures on the `.hie` line.
 *
 * Mapping (docs/output-formats.md):
 * - one rule per library function (`files.exists`), per non-library check origin
 *   (`hielements.connection`, `hielements.requirement`, ...) and per diagnostic code (`E007`);
 * - one result per failed or errored check, located at the check in the `.hie` file, with
 *   `relatedLocations` for the offending code the library found — except dependency violations
 *   (connection rules, `--strict-uses`, `no_dependency`, `no_import`, `no_circular_dependencies`):
 *   one result per offending import, located at that source line (where code scanning annotates
 *   a pull request), with the `.hie` rule as its related location;
 * - one result per diagnostic (validation and run-time);
 * - URIs relative to the workspace with `uriBaseId` `%SRCROOT%` (absolute `file://` outside it);
 * - columns count Unicode code points (`columnKind: unicodeCodePoints`), as our positions do.
 */
import { createRequire } from 'node:module';
import type { Diagnostic, Span } from '../diagnostics/diagnostic.js';
import type { CodeLocation } from '../libraries/types.js';
import { toPosix } from '../diagnostics/paths.js';
import { directoryUri, workspaceUri } from './paths.js';
import type { CheckOutcome, OutcomeOrigin, RunReport } from '../results/types.js';

// node:crypto is loaded only when a SARIF report is written (`check` imports this module for its
// `--format sarif` but usually prints something else).
const require = createRequire(import.meta.url);

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const SRCROOT = '%SRCROOT%';

export type SarifLevel = 'error' | 'warning' | 'note' | 'none';

export interface SarifArtifactLocation {
  uri: string;
  uriBaseId?: string;
}
export interface SarifRegion {
  startLine: number;
  startColumn?: number;
  endLine?: number;
  endColumn?: number;
}
export interface SarifPhysicalLocation {
  artifactLocation: SarifArtifactLocation;
  region?: SarifRegion;
}
export interface SarifLocation {
  id?: number;
  physicalLocation: SarifPhysicalLocation;
  message?: { text: string };
}
export interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription?: { text: string };
  helpUri?: string;
  defaultConfiguration: { level: SarifLevel };
  properties?: Record<string, unknown>;
}
export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: { text: string };
  locations: SarifLocation[];
  relatedLocations?: SarifLocation[];
  partialFingerprints: Record<string, string>;
  /** Known violations (baseline) and spec exceptions: reported, but not counted as open alerts. */
  suppressions?: { kind: 'inSource' | 'external'; status: 'accepted'; justification: string }[];
  baselineState?: 'new' | 'unchanged';
  properties?: Record<string, unknown>;
}
export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: {
    tool: { driver: { name: string; version: string; semanticVersion: string; rules: SarifRule[] } };
    originalUriBaseIds: Record<string, { uri: string; description?: { text: string } }>;
    columnKind: 'unicodeCodePoints';
    invocations: { executionSuccessful: boolean; toolExecutionNotifications?: unknown[] }[];
    results: SarifResult[];
  }[];
}

export interface SarifOptions {
  toolVersion: string;
  /** Directory relative `.hie` paths in the report are resolved against. */
  cwd: string;
  /** Optional rule descriptions by rule id (e.g. library function docs). */
  ruleDescriptions?: ReadonlyMap<string, string>;
}

const ORIGIN_TEXT: Record<OutcomeOrigin, string> = {
  element: 'Architecture check',
  pattern: 'Check declared by a pattern',
  requirement: 'Pattern requirement (requires/allows/forbids)',
  connection: 'Forbidden or not-allowed connection between elements',
  uses: 'Undeclared dependency between elements (--strict-uses)',
  language: 'Language connection check',
};

export function ruleIdFor(r: CheckOutcome): string {
  if (r.library && r.function) return `${r.library}.${r.function}`;
  return `hielements.${r.origin === 'element' || r.origin === 'pattern' ? 'check' : r.origin}`;
}

export function buildSarif(report: RunReport, opts: SarifOptions): SarifLog {
  const rules: SarifRule[] = [];
  const ruleIndex = new Map<string, number>();
  const ensureRule = (id: string, text: string, level: SarifLevel, props?: Record<string, unknown>): number => {
    const existing = ruleIndex.get(id);
    if (existing !== undefined) return existing;
    const rule: SarifRule = {
      id,
      name: id,
      shortDescription: { text },
      defaultConfiguration: { level },
    };
    const full = opts.ruleDescriptions?.get(id);
    if (full) rule.fullDescription = { text: full };
    if (props) rule.properties = props;
    rules.push(rule);
    ruleIndex.set(id, rules.length - 1);
    return rules.length - 1;
  };

  const results: SarifResult[] = [];
  for (const r of report.results) {
    if (r.baselined) {
      const id = ruleIdFor(r);
      const text = r.library && r.function ? `Check ${r.library}.${r.function}` : ORIGIN_TEXT[r.origin];
      const index = ensureRule(id, text, 'error', { origin: r.origin });
      const known: SarifResult = {
        ruleId: id,
        ruleIndex: index,
        level: 'error',
        message: {
          text:
            `${r.element}: ${r.check}: ` +
            `${r.baselined.count === 1 ? 'a known violation' : `${r.baselined.count} known violations`} ` +
            `(baseline): ${r.message ?? 'check failed'}`,
        },
        locations: [locationAt(r.file, r.span, report.workspace, opts.cwd)],
        partialFingerprints: {
          'hielementsCheck/v1': fingerprint([r.element, r.check, r.origin, r.pattern ?? '', 'baseline']),
        },
        suppressions: [
          { kind: 'external', status: 'accepted', justification: 'known violation recorded in the baseline file' },
        ],
        baselineState: 'unchanged',
        properties: {
          element: r.element,
          check: r.check,
          status: 'known',
          origin: r.origin,
          ...(r.pattern ? { pattern: r.pattern } : {}),
        },
      };
      const related = r.baselined.locations.map((l, i) => relatedLocation(l, i, report.workspace, opts.cwd));
      if (related.length > 0) known.relatedLocations = related;
      results.push(known);
    }
    for (const e of r.excepted ?? []) {
      const id = ruleIdFor(r);
      const index = ensureRule(id, ORIGIN_TEXT[r.origin], 'error', { origin: r.origin });
      results.push({
        ruleId: id,
        ruleIndex: index,
        level: 'error',
        message: { text: `${r.element}: ${r.check}: excepted: ${e.location.message ?? ''} — ${e.reason}` },
        locations: [relatedLocation(e.location, 0, report.workspace, opts.cwd)].map((l) => ({
          physicalLocation: l.physicalLocation,
        })),
        partialFingerprints: {
          'hielementsCheck/v1': fingerprint([
            r.element,
            r.check,
            r.origin,
            r.pattern ?? '',
            'except',
            e.location.file,
            e.location.specifier ?? '',
          ]),
        },
        suppressions: [{ kind: 'inSource', status: 'accepted', justification: e.reason }],
        properties: {
          element: r.element,
          check: r.check,
          status: 'excepted',
          origin: r.origin,
          exception: `${toPosix(e.file)}:${e.line}`,
          ...(r.pattern ? { pattern: r.pattern } : {}),
        },
      });
    }
    if (r.status !== 'fail' && r.status !== 'error') continue;
    const id = ruleIdFor(r);
    const text = r.library && r.function ? `Check ${r.library}.${r.function}` : ORIGIN_TEXT[r.origin];
    const index = ensureRule(id, text, 'error', { origin: r.origin });
    const base =
      r.status === 'fail'
        ? `${r.element}: ${r.check} failed: ${r.message ?? 'check failed'}`
        : `${r.element}: ${r.check} could not be evaluated: ${r.message ?? 'error'}`;
    const message = r.doc ? `${base}\n\n${r.doc}` : base;
    const result: SarifResult = {
      ruleId: id,
      ruleIndex: index,
      level: r.severity === 'warning' ? 'warning' : 'error',
      message: { text: message },
      locations: [locationAt(r.file, r.span, report.workspace, opts.cwd)],
      partialFingerprints: { 'hielementsCheck/v1': fingerprint([r.element, r.check, r.origin, r.pattern ?? '']) },
      properties: {
        element: r.element,
        check: r.check,
        status: r.status,
        origin: r.origin,
        ...(r.pattern ? { pattern: r.pattern } : {}),
      },
    };
    const offending = isDependencyViolation(r)
      ? (r.locations ?? []).filter((l) => l.line !== undefined && l.line >= 1)
      : [];
    if (offending.length > 0) {
      // one result per offending import, on its source line; the rule in the .hie is related
      const rule = locationAt(r.file, r.span, report.workspace, opts.cwd);
      for (const l of offending) {
        const primary = relatedLocation(l, 0, report.workspace, opts.cwd);
        delete primary.id;
        const where = workspaceUri(l.file, report.workspace, opts.cwd).uri;
        results.push({
          ...result,
          message: {
            text: `${r.element}: ${l.message ?? where} — ${r.check} failed: ` + `${r.message ?? 'check failed'}`,
          },
          locations: [primary],
          relatedLocations: [{ id: 0, physicalLocation: rule.physicalLocation, message: { text: `rule: ${r.check}` } }],
          partialFingerprints: {
            'hielementsCheck/v1': fingerprint([r.element, r.check, r.origin, r.pattern ?? '', where, l.message ?? '']),
          },
        });
      }
      continue;
    }
    const related = (r.locations ?? []).map((l, i) => relatedLocation(l, i, report.workspace, opts.cwd));
    if (related.length > 0) result.relatedLocations = related;
    results.push(result);
  }

  for (const d of report.diagnostics) {
    const level = levelOf(d);
    const index = ensureRule(d.code, `Hielements diagnostic ${d.code}`, level);
    const file = d.file || report.file;
    const result: SarifResult = {
      ruleId: d.code,
      ruleIndex: index,
      level,
      message: { text: d.help ? `${d.message} (help: ${d.help})` : d.message },
      locations: [locationAt(file, d.span, report.workspace, opts.cwd)],
      partialFingerprints: { 'hielementsDiagnostic/v1': fingerprint([d.code, d.file, d.message]) },
    };
    const related = (d.related ?? []).map((rel, i) => {
      const loc = locationAt(rel.file, rel.span, report.workspace, opts.cwd);
      return { id: i, physicalLocation: loc.physicalLocation, message: { text: rel.message } };
    });
    if (related.length > 0) result.relatedLocations = related;
    results.push(result);
  }

  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'hielements',
            version: opts.toolVersion,
            semanticVersion: opts.toolVersion,
            rules,
          },
        },
        originalUriBaseIds: {
          [SRCROOT]: { uri: directoryUri(report.workspace), description: { text: 'The workspace root' } },
        },
        columnKind: 'unicodeCodePoints',
        invocations: [{ executionSuccessful: true }],
        results,
      },
    ],
  };
}

export function renderSarifReport(report: RunReport, opts: SarifOptions): string {
  return `${JSON.stringify(buildSarif(report, opts), null, 2)}\n`;
}

/** Library checks whose offending locations are import statements. */
const DEPENDENCY_CHECKS = new Set(['no_dependency', 'no_import', 'no_circular_dependencies']);

/** A failed dependency rule: its locations are the offending imports. */
function isDependencyViolation(r: CheckOutcome): boolean {
  if (r.status !== 'fail') return false;
  return (
    r.origin === 'connection' || r.origin === 'uses' || (r.function !== undefined && DEPENDENCY_CHECKS.has(r.function))
  );
}

function levelOf(d: Diagnostic): SarifLevel {
  return d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warning' : 'note';
}

function artifact(file: string, workspace: string, cwd: string): SarifArtifactLocation {
  const { uri, inside } = workspaceUri(file, workspace, cwd);
  return inside ? { uri, uriBaseId: SRCROOT } : { uri };
}

function locationAt(file: string, span: Span | undefined, workspace: string, cwd: string): SarifLocation {
  const physicalLocation: SarifPhysicalLocation = { artifactLocation: artifact(file, workspace, cwd) };
  if (span) {
    physicalLocation.region = normalizeRegion({
      startLine: span.start.line,
      startColumn: span.start.column,
      endLine: span.end.line,
      endColumn: span.end.column,
    });
  }
  return { physicalLocation };
}

function relatedLocation(l: CodeLocation, id: number, workspace: string, cwd: string): SarifLocation {
  const physicalLocation: SarifPhysicalLocation = { artifactLocation: artifact(l.file, workspace, cwd) };
  if (l.line !== undefined && l.line >= 1) {
    const region: SarifRegion = { startLine: l.line };
    if (l.column !== undefined && l.column >= 1) region.startColumn = l.column;
    if (l.endLine !== undefined && l.endLine >= l.line) region.endLine = l.endLine;
    if (l.endColumn !== undefined && l.endColumn >= 1) region.endColumn = l.endColumn;
    physicalLocation.region = normalizeRegion(region);
  }
  const loc: SarifLocation = { id, physicalLocation };
  if (l.message) loc.message = { text: l.message };
  return loc;
}

/** SARIF requires 1-based lines/columns and an end that does not precede the start. */
function normalizeRegion(r: SarifRegion): SarifRegion {
  const out: SarifRegion = { startLine: Math.max(1, r.startLine) };
  if (r.startColumn !== undefined) out.startColumn = Math.max(1, r.startColumn);
  if (r.endLine !== undefined) out.endLine = Math.max(out.startLine, r.endLine);
  if (r.endColumn !== undefined) {
    const sameLine = (out.endLine ?? out.startLine) === out.startLine;
    out.endColumn = Math.max(1, sameLine ? Math.max(r.endColumn, out.startColumn ?? 1) : r.endColumn);
  }
  return out;
}

function fingerprint(parts: string[]): string {
  return (require('node:crypto') as typeof import('node:crypto'))
    .createHash('sha256')
    .update(parts.join('\u0000'))
    .digest('hex')
    .slice(0, 32);
}
