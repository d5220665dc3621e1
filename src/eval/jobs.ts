/**
 * What a run executes, in report order: for every element (depth-first, document order) its own
 * checks, then for each pattern it implements the pattern's checks and requirements, then the
 * `connection_check`s of the languages its scopes are annotated with, then (with `--strict-uses`)
 * its undeclared-dependency check. Shared by `runSpec` and `planSpec`.
 */
import type { Span } from '../diagnostics/diagnostic.js';
import { allPatternNodes } from '../model/build.js';
import type { EvalSite, FileUnit, Member, Node, SpecModel } from '../model/types.js';
import type { OutcomeOrigin } from '../results/types.js';
import type { ConnectionCheckDecl, Expression, Requirement } from '../syntax/ast.js';

interface JobBase {
  /** Element the outcome is reported for. */
  element: Node;
  label: string;
  origin: OutcomeOrigin;
  pattern?: Node;
  file: string;
  span: Span;
  /** `warning check` / `warning forbids …`: never fails the run. */
  severity?: 'warning';
  /** The `##` documentation of the check or rule, shown with its failure. */
  doc?: string;
}

/** Severity and documentation of a check or rule declaration, for its job. */
function marks(d: { severity?: 'warning'; doc?: string }): Pick<JobBase, 'severity' | 'doc'> {
  const out: Pick<JobBase, 'severity' | 'doc'> = {};
  if (d.severity) out.severity = d.severity;
  if (d.doc) out.doc = d.doc;
  return out;
}

/** The job with the declaration's severity and documentation set (a check job is made per check run). */
function withMarks<J extends JobBase>(job: J, d: { severity?: 'warning'; doc?: string }): J {
  if (d.severity) job.severity = d.severity;
  if (d.doc) job.doc = d.doc;
  return job;
}

export type Job = JobBase &
  (
    | { kind: 'check'; expression: Expression; site: EvalSite }
    | { kind: 'requirement'; requirement: Requirement; p: Node }
    /** All `allows connection to …` of one pattern, enforced together for the element. */
    | { kind: 'allows-connection'; requirements: Requirement[]; p: Node }
    /** All `allows language …` of one pattern. */
    | { kind: 'allows-language'; requirements: Requirement[]; p: Node }
    | { kind: 'strict-uses' }
    /** A `connection_check` of language L at an element with scopes annotated `<L>` (docs/semantics.md §10). */
    | {
        kind: 'connection-check';
        language: string;
        check: ConnectionCheckDecl;
        unit: FileUnit;
        own: Member[];
        children: Member[];
      }
  );

export interface CollectOptions {
  strictUses?: boolean;
}

/** Requirement text as written (first line), for labels. */
export function requirementText(model: SpecModel, file: string, r: Requirement): string {
  const src = model.sources.get(file);
  const raw = src ? src.slice(r.span.start.offset, r.span.end.offset) : '';
  const line = raw.split(/\r?\n/)[0]?.trim() ?? '';
  if (line) return line.replace(/\s*[:{]\s*$/, '');
  const c = r.component;
  return `${r.action}${r.descendant ? ' descendant' : ''} ${c.kind}`;
}

export function collectJobs(model: SpecModel, opts: CollectOptions = {}): Job[] {
  return [...eachJob(model, opts)];
}

/**
 * How many jobs `eachJob` makes and whether any of them reads dependency facts (connection rules,
 * `--strict-uses`), without making them. Mirrors `eachJob` rule for rule; `runSpec` checks that
 * both agree.
 */
export function countJobs(model: SpecModel, opts: CollectOptions = {}): { total: number; dependencies: boolean } {
  // Indexed loops: this runs once, mostly before the engine optimises it, where every step of a
  // for…of over 5,000 elements would make an iterator result.
  let total = 0;
  let dependencies = false;
  const elements = model.elements;
  for (let e = 0; e < elements.length; e++) {
    const x = elements[e] as Node;
    total += x.checks.length;
    for (let i = 0; i < x.implements.length; i++) {
      const p = x.implements[i] as Node;
      for (const n of allPatternNodes(p)) total += n.checks.length;
      let allowsConn = false;
      let allowsLang = false;
      for (const r of p.requirements) {
        const kind = r.component.kind;
        if (r.action !== 'allows') {
          total++;
          if (kind === 'connection') dependencies = true;
        } else if (kind === 'connection' && !allowsConn) {
          // all `allows connection` of a pattern are one job, as are its `allows language`
          allowsConn = true;
          dependencies = true;
          total++;
        } else if (kind === 'language' && !allowsLang) {
          allowsLang = true;
          total++;
        }
      }
    }
    for (let u = 0; u < model.units.length; u++) {
      const languages = (model.units[u] as FileUnit).program.languages;
      for (let l = 0; l < languages.length; l++) {
        const lang = languages[l] as (typeof languages)[number];
        const L = lang.name.name;
        const inL = (m: Member): boolean => m.decl.kind === 'Scope' && m.decl.language?.name === L;
        if (x.scopes.some(inL) || x.children.some((c) => c.scopes.some(inL))) total += lang.connectionChecks.length;
      }
    }
    if (opts.strictUses && x.scopes.length > 0) {
      total++;
      dependencies = true;
    }
  }
  return { total, dependencies };
}

/**
 * The jobs of `collectJobs`, one at a time: a run makes each job when its pool asks for it, so a
 * spec with thousands of checks never holds all of them.
 */
export function* eachJob(model: SpecModel, opts: CollectOptions = {}): Generator<Job, void, undefined> {
  for (const x of model.elements) {
    for (const c of x.checks) {
      yield withMarks(
        {
          kind: 'check',
          element: x,
          label: c.text,
          origin: 'element',
          file: x.file,
          span: c.span,
          expression: c.expression,
          site: { expression: c.expression, node: x },
        },
        c,
      );
    }
    for (const p of x.implements) {
      for (const n of allPatternNodes(p)) {
        for (const c of n.checks) {
          yield withMarks(
            {
              kind: 'check',
              element: x,
              label: c.text,
              origin: 'pattern',
              pattern: p,
              file: p.file,
              span: c.span,
              expression: c.expression,
              site: { expression: c.expression, node: n, implementer: x },
            },
            c,
          );
        }
      }
      const allowsConn = p.requirements.filter((r) => r.action === 'allows' && r.component.kind === 'connection');
      const allowsLang = p.requirements.filter((r) => r.action === 'allows' && r.component.kind === 'language');
      for (const r of p.requirements) {
        const c = r.component;
        const base = {
          element: x,
          origin: (c.kind === 'connection' ? 'connection' : 'requirement') as OutcomeOrigin,
          pattern: p,
          file: p.file,
          span: r.span,
          ...marks(r),
        };
        if (r.action === 'allows') {
          // Grouped: one outcome at the first `allows connection` / `allows language` of the pattern.
          if (c.kind === 'connection' && r === allowsConn[0]) {
            yield {
              ...base,
              kind: 'allows-connection',
              label: allowsConn.map((q) => requirementText(model, p.file, q)).join('; '),
              requirements: allowsConn,
              p,
            };
          } else if (c.kind === 'language' && r === allowsLang[0]) {
            yield {
              ...base,
              kind: 'allows-language',
              label: allowsLang.map((q) => requirementText(model, p.file, q)).join('; '),
              requirements: allowsLang,
              p,
            };
          }
          // `allows` of scopes, refs, checks and elements is informational (docs/semantics.md).
          continue;
        }
        yield { ...base, kind: 'requirement', label: requirementText(model, p.file, r), requirement: r, p };
      }
    }
    for (const unit of model.units) {
      for (const lang of unit.program.languages) {
        const L = lang.name.name;
        const inL = (m: Member): boolean => m.decl.kind === 'Scope' && m.decl.language?.name === L;
        const own = x.scopes.filter(inL);
        const children = x.children.flatMap((c) => c.scopes.filter(inL));
        if (own.length + children.length === 0) continue;
        for (const cc of lang.connectionChecks) {
          yield {
            kind: 'connection-check',
            element: x,
            label: `${L} connection_check ${cc.name.name}(${cc.params.map((p) => p.name).join(', ')})`,
            origin: 'language',
            file: unit.file,
            span: cc.span,
            language: L,
            check: cc,
            unit,
            own,
            children,
          };
        }
      }
    }
    if (opts.strictUses && x.scopes.length > 0) {
      yield {
        kind: 'strict-uses',
        element: x,
        label: 'strict uses: dependencies on other elements are declared with `uses`',
        origin: 'uses',
        file: x.file,
        span: x.nameSpan,
      };
    }
  }
}
