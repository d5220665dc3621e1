/**
 * Every place a spec names something, with what it names: declarations of elements, patterns,
 * scopes and refs, and every use of a name (in expressions, `uses`, `implements`, `binds`, V1
 * bindings, connection targets, exceptions) as the bind phase recorded it (`model.bindings`), file
 * imports as the loader found them, and libraries and functions of calls as the binder bound them.
 * The index resolves nothing itself. Definition, references, rename and hover read it.
 */
import type { Span } from '../diagnostics/diagnostic.js';
import { allPatternNodes, type FileUnit, type Member, type Node } from '../model/index.js';
import type { Declaration } from '../model/bindings.js';
import { isLibraryCallee } from '../model/resolve.js';
import type { Expression } from '../syntax/ast.js';
import type { Analysis } from './analysis.js';
import { spanContains } from './paths.js';

export type NameTarget =
  | { kind: 'node'; node: Node }
  | { kind: 'member'; member: Member }
  | { kind: 'unit'; unit: FileUnit }
  /** A library, by its registered name (`local` is the name written in the file). */
  | { kind: 'library'; name: string; local: string; found: boolean }
  /** A library function called as `local.fn(...)`; `check` when it is the function of a `check`. */
  | { kind: 'function'; library: string; local: string; fn: string; found: boolean; mode: 'selector' | 'check' };

export interface Occurrence {
  file: string;
  span: Span;
  target: NameTarget;
  /** True where the name is declared (element, pattern, scope or ref name). */
  declaration: boolean;
}

/** Identity of a target that holds across analyses (each analysis builds its own model objects). */
export function targetKey(t: NameTarget): string {
  switch (t.kind) {
    case 'node':
      return `decl:${t.node.file}#${t.node.nameSpan.start.offset}`;
    case 'member':
      return `decl:${t.member.owner.file}#${t.member.decl.name.span.start.offset}`;
    case 'unit':
      return `file:${t.unit.file}`;
    case 'library':
      return `lib:${t.name}`;
    case 'function':
      return `fn:${t.library}.${t.fn}`;
  }
}

/** Where a target is declared, when it is declared in a spec file. */
export function declarationOf(t: NameTarget): { file: string; span?: Span } | undefined {
  switch (t.kind) {
    case 'node':
      return { file: t.node.file, span: t.node.nameSpan };
    case 'member':
      return { file: t.member.owner.file, span: t.member.decl.name.span };
    case 'unit':
      return { file: t.unit.file };
    default:
      return undefined;
  }
}

export class NameIndex {
  readonly occurrences: Occurrence[] = [];
  private readonly byFile = new Map<string, Occurrence[]>();

  constructor(private readonly a: Analysis) {
    this.build();
    for (const o of this.occurrences) {
      let list = this.byFile.get(o.file);
      if (!list) this.byFile.set(o.file, (list = []));
      list.push(o);
    }
  }

  /** The occurrences of the innermost name at `offset` (several when a name resolves per implementer). */
  at(file: string, offset: number): Occurrence[] {
    const hits = (this.byFile.get(file) ?? []).filter((o) => spanContains(o.span, offset));
    if (hits.length === 0) return [];
    const width = (o: Occurrence): number => o.span.end.offset - o.span.start.offset;
    const best = Math.min(...hits.map(width));
    const out: Occurrence[] = [];
    const keys = new Set<string>();
    for (const o of hits) {
      const key = targetKey(o.target);
      if (width(o) !== best || keys.has(key)) continue;
      keys.add(key);
      out.push(o);
    }
    return out;
  }

  /** Every occurrence (declaration included) of the target with this key. */
  referencesTo(key: string): Occurrence[] {
    return this.occurrences.filter((o) => targetKey(o.target) === key);
  }

  inFile(file: string): readonly Occurrence[] {
    return this.byFile.get(file) ?? [];
  }

  private add(file: string, span: Span, target: NameTarget, declaration = false): void {
    this.occurrences.push({ file, span, target, declaration });
  }

  private build(): void {
    const { model, spec } = this.a;
    const bindings = model.bindings;
    // declarations
    const nodes = [...model.elements, ...model.patterns.flatMap(allPatternNodes)];
    for (const n of nodes) {
      this.add(n.file, n.nameSpan, { kind: 'node', node: n }, true);
      for (const m of [...n.scopes, ...n.refs]) this.add(n.file, m.decl.name.span, { kind: 'member', member: m }, true);
    }
    // every name the binder resolved
    for (const r of bindings.references()) this.add(r.file, r.span, fromDeclaration(r.declaration));
    // imports: spec files as the loader found them, libraries as the binder bound them
    const unitByFile = new Map(model.units.map((u) => [u.file, u]));
    for (const unit of model.units) {
      const loaded = spec.imports?.get(unit.file);
      for (const imp of unit.program.imports) {
        if (imp.path.kind === 'File') {
          const target = loaded?.get(imp);
          const tu = target !== undefined ? unitByFile.get(target) : undefined;
          if (!tu) continue;
          this.add(unit.file, imp.path.span, { kind: 'unit', unit: tu });
          if (imp.alias) this.add(unit.file, imp.alias.span, { kind: 'unit', unit: tu });
          continue;
        }
        const lib = bindings.libraryImport(imp);
        const first = imp.path.segments[0];
        if (!lib || !first) continue;
        const target: NameTarget = {
          kind: 'library',
          name: lib.library,
          local: (imp.alias ?? first).name,
          found: lib.ok,
        };
        for (const seg of imp.path.segments) this.add(unit.file, seg.span, target);
        if (imp.alias) this.add(unit.file, imp.alias.span, target);
      }
      for (const lang of unit.program.languages) {
        for (const cc of lang.connectionChecks) this.calls(cc.body, unit, unit.file, 'check');
      }
    }
    // library calls, as bound in the file they are written in
    for (const n of nodes) {
      for (const m of [...n.scopes, ...n.refs])
        if (m.decl.expression) this.calls(m.decl.expression, n.unit, n.file, 'selector');
      for (const c of n.checks) this.calls(c.expression, n.unit, n.file, 'check');
      for (const b of n.bindings) this.calls(b.expression, n.unit, n.file, 'selector');
    }
    for (const p of model.patterns) {
      for (const r of p.requirements) {
        const c = r.component;
        if (c.kind === 'element' && c.body) {
          for (const s of [...c.body.scopes, ...c.body.refs])
            if (s.expression) this.calls(s.expression, p.unit, p.file, 'selector');
          for (const k of c.body.checks) this.calls(k.expression, p.unit, p.file, 'check');
        } else if (c.kind === 'scope' && c.scope.expression) this.calls(c.scope.expression, p.unit, p.file, 'selector');
        else if (c.kind === 'ref' && c.expression) this.calls(c.expression, p.unit, p.file, 'selector');
        else if (c.kind === 'check') this.calls(c.check.expression, p.unit, p.file, 'check');
      }
    }
  }

  /** The library and function of every call in `expr`, as the binder bound them for `unit`. */
  private calls(expr: Expression, unit: FileUnit, file: string, mode: 'selector' | 'check'): void {
    switch (expr.kind) {
      case 'Call': {
        const b = this.a.model.bindings.call(expr, unit);
        if (b && isLibraryCallee(expr.callee)) {
          const { local, library, fn, ok } = b;
          this.add(file, expr.callee.object.span, { kind: 'library', name: library, local, found: ok });
          this.add(file, expr.callee.member.span, { kind: 'function', library, local, fn, found: ok, mode });
        }
        for (const a of expr.args) this.calls(a, unit, file, 'selector');
        return;
      }
      case 'List':
        for (const a of expr.items) this.calls(a, unit, file, 'selector');
        return;
      case 'Member':
        this.calls(expr.object, unit, file, 'selector');
        return;
      default:
        return;
    }
  }
}

function fromDeclaration(d: Declaration): NameTarget {
  return d.kind === 'node'
    ? { kind: 'node', node: d.node }
    : d.kind === 'member'
      ? { kind: 'member', member: d.member }
      : { kind: 'unit', unit: d.unit };
}
