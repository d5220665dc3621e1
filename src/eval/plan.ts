/**
 * `planSpec` (for `run --dry-run`): what a run would evaluate and execute, computed from the model
 * alone — nothing is evaluated and no library is called.
 */
import type { Span } from '../diagnostics/diagnostic.js';
import type { Node, SpecModel } from '../model/types.js';
import type { OutcomeOrigin } from '../results/types.js';
import type { Expression } from '../syntax/ast.js';
import { collectJobs } from './jobs.js';
import { elementFilter } from './filter.js';

export interface PlannedCheck {
  element: string;
  check: string;
  origin: OutcomeOrigin;
  pattern?: string;
  file: string;
  span: Span;
  /** True when `--filter` excludes the element (the run reports it as skipped). */
  skipped: boolean;
}

export interface PlannedMember {
  name: string;
  /** `<lang>` annotation. */
  language?: string;
  /** Ref type. */
  type?: string;
  /** Expression re-printed (`files.folder_selector('src')`). */
  expression?: string;
  /** `binds` path. */
  binds?: string;
}

export interface PlannedElement {
  path: string;
  name: string;
  depth: number;
  file: string;
  span: Span;
  implements: string[];
  scopes: PlannedMember[];
  refs: PlannedMember[];
  uses: { source: string; target: string }[];
  checks: PlannedCheck[];
}

export interface Plan {
  file: string;
  /** Elements depth-first in document order, each with the checks that run for it. */
  elements: PlannedElement[];
  /** All checks, in report order. */
  checks: PlannedCheck[];
}

export interface PlanOptions {
  filter?: string;
  strictUses?: boolean;
}

export function planSpec(model: SpecModel, opts: PlanOptions = {}): Plan {
  const matches = elementFilter(opts.filter);
  const jobs = collectJobs(model, opts.strictUses ? { strictUses: true } : {});
  const checks: PlannedCheck[] = jobs.map((j) => {
    const c: PlannedCheck = {
      element: j.element.path,
      check: j.label,
      origin: j.origin,
      file: j.file,
      span: j.span,
      skipped: !matches(j.element.path),
    };
    if (j.pattern) c.pattern = j.pattern.name;
    return c;
  });
  const byElement = new Map<string, PlannedCheck[]>();
  for (const c of checks) {
    const l = byElement.get(c.element);
    if (l) l.push(c);
    else byElement.set(c.element, [c]);
  }
  const elements = model.elements.map((e) => planElement(e, byElement.get(e.path) ?? []));
  return { file: model.file, elements, checks };
}

function planElement(e: Node, checks: PlannedCheck[]): PlannedElement {
  const member = (m: Node['scopes'][number]): PlannedMember => {
    const out: PlannedMember = { name: m.name };
    const d = m.decl;
    if (d.kind === 'Scope' && d.language) out.language = d.language.name;
    if (d.kind === 'Ref') out.type = d.type.name;
    if (d.expression) out.expression = printExpression(d.expression);
    if (d.binds) out.binds = d.binds.map((i) => i.name).join('.');
    return out;
  };
  return {
    path: e.path,
    name: e.name,
    depth: e.depth,
    file: e.file,
    span: e.nameSpan,
    implements: e.implements.map((p) => p.name),
    scopes: e.scopes.map(member),
    refs: e.refs.map(member),
    uses: e.uses.map((u) => ({ source: u.source.name, target: u.target.map((i) => i.name).join('.') })),
    checks,
  };
}

/** Re-prints an expression in a canonical form (strings in single quotes). */
export function printExpression(e: Expression): string {
  switch (e.kind) {
    case 'Identifier':
      return e.name;
    case 'Member':
      return `${printExpression(e.object)}.${e.member.name}`;
    case 'Call':
      return `${printExpression(e.callee)}(${e.args.map(printExpression).join(', ')})`;
    case 'String':
      return `'${e.value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
    case 'Number':
      return e.raw;
    case 'Boolean':
      return e.value ? 'true' : 'false';
    case 'List':
      return `[${e.items.map(printExpression).join(', ')}]`;
  }
}
