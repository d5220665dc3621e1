/**
 * The data every architecture report format draws: the element tree with declared `uses`, the
 * actual dependencies between elements (with the imports behind each, counted), and the run's
 * violations marked on them. Paths of code files are relative to the workspace.
 */
import { relativeInside, toPosix } from '../../diagnostics/paths.js';
import type { CheckOutcome, ElementOutline, RunReport } from '../../results/types.js';

export interface ArchElement {
  path: string;
  name: string;
  parent: string | null;
  doc: string | null;
  /** `.hie` file (as given) and line of the declaration. */
  file: string;
  line: number;
  uses: string[];
  implements: string[];
  /** Files this element owns most specifically. */
  files: number;
  checks: { passed: number; failed: number; errors: number; known: number };
  /** Failing checks of this element (label, message), for the details panel. */
  failures: { check: string; message: string; status: 'fail' | 'error' }[];
}

export interface ArchImport {
  file: string;
  line: number;
  specifier: string;
  target: string;
  /** The rule it violates (`forbids connection to api (pattern storage_layer)`), when it does. */
  violation: string | null;
  /** Accepted by the baseline (a known violation). */
  known: boolean;
  /** The reason of the spec exception that accepts it, when one does. */
  excepted: string | null;
}

export interface ArchDependency {
  from: string;
  to: string;
  count: number;
  /** Some `uses` of `from` or an ancestor names `to` or an ancestor of it. */
  declared: boolean;
  violations: number;
  imports: ArchImport[];
}

export interface ArchitectureData {
  spec: string;
  workspace: string;
  elements: ArchElement[];
  dependencies: ArchDependency[];
  /** Declared `uses` with no actual import behind them. */
  unusedUses: { from: string; to: string }[];
  summary: { elements: number; dependencies: number; imports: number; violations: number; failedChecks: number };
}

export function buildArchitecture(outline: readonly ElementOutline[], report: RunReport): ArchitectureData {
  const graph = report.graph ?? { files: {}, dependencies: [] };
  const byPath = new Map(outline.map((e) => [e.path, e]));
  const ancestorsOrSelf = (path: string): string[] => {
    const out: string[] = [];
    for (let p: string | undefined = path; p !== undefined; p = byPath.get(p)?.parent) out.push(p);
    return out;
  };
  const rel = (f: string) => relativeInside(f, report.workspace) ?? toPosix(f);

  // Imports named by failing (or known) dependency rules: file + line + specifier.
  const marks = new Map<string, { rule: string; known: boolean }>();
  const mark = (r: CheckOutcome, locations: CheckOutcome['locations'], known: boolean) => {
    for (const l of locations ?? []) {
      if (l.specifier === undefined) continue;
      const key = `${l.file}\u0000${l.line ?? 0}\u0000${l.specifier}`;
      if (!marks.has(key) || !known)
        marks.set(key, { rule: r.pattern ? `${r.check} (pattern ${r.pattern})` : r.check, known });
    }
  };
  const exceptedBy = new Map<string, string>();
  for (const r of report.results) {
    if (r.status === 'fail' && r.severity !== 'warning') mark(r, r.locations, false);
    if (r.baselined) mark(r, r.baselined.locations, true);
    for (const e of r.excepted ?? [])
      exceptedBy.set(`${e.location.file}\u0000${e.location.line ?? 0}\u0000${e.location.specifier ?? ''}`, e.reason);
  }

  const elements: ArchElement[] = outline.map((e) => {
    const own = report.results.filter((r) => r.element === e.path);
    return {
      path: e.path,
      name: e.name,
      parent: e.parent ?? null,
      doc: e.doc ?? null,
      file: toPosix(e.file),
      line: e.line,
      uses: e.uses,
      implements: e.implements,
      files: graph.files[e.path] ?? 0,
      checks: {
        passed: own.filter((r) => r.status === 'pass' && !r.baselined).length,
        failed: own.filter((r) => r.status === 'fail').length,
        errors: own.filter((r) => r.status === 'error').length,
        known: own.filter((r) => r.baselined).length,
      },
      failures: own.flatMap((r) =>
        r.status === 'fail' || r.status === 'error'
          ? [{ check: r.check, message: r.message ?? r.status, status: r.status }]
          : [],
      ),
    };
  });

  const declared = (from: string, to: string): boolean => {
    const targets = new Set(ancestorsOrSelf(to));
    return ancestorsOrSelf(from).some((a) => (byPath.get(a)?.uses ?? []).some((u) => targets.has(u)));
  };
  const dependencies: ArchDependency[] = graph.dependencies.map((d) => {
    const imports = d.imports.map((i): ArchImport => {
      const key = `${i.file}\u0000${i.line}\u0000${i.specifier}`;
      const m = marks.get(key);
      return {
        file: rel(i.file),
        line: i.line,
        specifier: i.specifier,
        target: rel(i.target),
        violation: m && !m.known ? m.rule : null,
        known: m?.known ?? false,
        excepted: exceptedBy.get(key) ?? null,
      };
    });
    return {
      from: d.from,
      to: d.to,
      count: imports.length,
      declared: declared(d.from, d.to),
      violations: imports.filter((i) => i.violation !== null).length,
      imports,
    };
  });

  // A `uses` is exercised by an actual dependency from the element (or a descendant) into the target (or a descendant).
  const under = (path: string, root: string) => ancestorsOrSelf(path).includes(root);
  const unusedUses: ArchitectureData['unusedUses'] = [];
  for (const e of outline) {
    for (const u of e.uses) {
      if (!dependencies.some((d) => under(d.from, e.path) && under(d.to, u))) unusedUses.push({ from: e.path, to: u });
    }
  }

  return {
    spec: toPosix(report.file),
    workspace: report.workspace,
    elements,
    dependencies,
    unusedUses,
    summary: {
      elements: elements.length,
      dependencies: dependencies.length,
      imports: dependencies.reduce((n, d) => n + d.count, 0),
      violations: dependencies.reduce((n, d) => n + d.violations, 0),
      failedChecks: report.summary.failed + report.summary.errors,
    },
  };
}
