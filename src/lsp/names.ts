/**
 * Every place a spec names something, with what it names: declarations of elements, patterns,
 * scopes and refs, and every use of a name (in expressions, `uses`, `implements`, `binds`, V1
 * bindings, connection targets, file imports) together with its target as the model's own
 * resolution functions (`resolvePath`, `resolveConnectionTarget`, `findLibrary`) resolve it. The
 * index only walks the AST to find where names are written; it never looks a name up itself.
 * Definition, references, rename and hover read this index.
 */
import type { Span } from '../diagnostics/diagnostic.js';
import {
  allPatternNodes,
  findLibrary,
  resolveConnectionTarget,
  resolvePath,
  type FileUnit,
  type Member,
  type Node,
} from '../model/index.js';
import { forEachName, isLibraryCallee, type Segment } from '../model/resolve.js';
import type { Expression, Identifier } from '../syntax/ast.js';
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
        const first = imp.path.segments[0];
        if (!first) continue;
        const local = (imp.alias ?? first).name;
        const lib = findLibrary(unit, local, this.a.libs.env.registry);
        const target: NameTarget = { kind: 'library', name: lib.name, local, found: lib.ok };
        for (const seg of imp.path.segments) this.add(unit.file, seg.span, target);
        if (imp.alias) this.add(unit.file, imp.alias.span, target);
      }
      for (const lang of unit.program.languages) {
        for (const cc of lang.connectionChecks) this.calls(cc.body, unit, unit.file, 'check');
      }
    }
    const nodes = [...model.elements, ...model.patterns.flatMap(allPatternNodes)];
    for (const n of nodes) this.node(n);
    for (const p of model.patterns)
      this.requirements(
        p,
        model.elements.filter((e) => e.implements.includes(p)),
      );
  }

  private node(n: Node): void {
    const { file, unit } = n;
    this.add(file, n.nameSpan, { kind: 'node', node: n }, true);
    for (const m of [...n.scopes, ...n.refs]) {
      this.add(file, m.decl.name.span, { kind: 'member', member: m }, true);
      if (m.decl.binds) this.path(m.decl.binds, undefined, unit, file);
      if (m.decl.expression) this.expression(m.decl.expression, n, 'selector');
    }
    for (const c of n.checks) this.expression(c.expression, n, 'check');
    for (const b of n.bindings) {
      this.path(b.path, undefined, unit, file);
      this.expression(b.expression, n, 'selector');
    }
    for (const u of n.uses) {
      const src = n.members.get(u.source.name);
      if (src && !('nameSpan' in src)) this.add(file, u.source.span, { kind: 'member', member: src });
      this.path(u.target, n, unit, file);
    }
    if (n.decl.kind === 'Element') for (const id of n.decl.implements) this.path([id], undefined, unit, file);
  }

  private requirements(p: Node, implementers: Node[]): void {
    for (const r of p.requirements) {
      const c = r.component;
      if (c.kind === 'connection') {
        for (let i = 1; i <= c.path.length; i++) {
          const seg = c.path[i - 1] as Identifier;
          for (const x of implementers) {
            const t = resolveConnectionTarget(c.path.slice(0, i), x, p);
            if (t.ok) this.add(p.file, seg.span, { kind: 'node', node: t.node });
          }
        }
      } else if (c.kind === 'element') {
        if (c.implements) this.path([c.implements], undefined, p.unit, p.file);
        if (c.body) {
          for (const s of [...c.body.scopes, ...c.body.refs])
            if (s.expression) this.calls(s.expression, p.unit, p.file, 'selector');
          for (const k of c.body.checks) this.calls(k.expression, p.unit, p.file, 'check');
        }
      } else if (c.kind === 'scope' && c.scope.expression) this.calls(c.scope.expression, p.unit, p.file, 'selector');
      else if (c.kind === 'ref' && c.expression) this.calls(c.expression, p.unit, p.file, 'selector');
      else if (c.kind === 'check') this.calls(c.check.expression, p.unit, p.file, 'check');
    }
  }

  /** Each prefix of a dotted path, resolved from `from` (or the file's top level). */
  private path(
    ids: readonly Identifier[] | readonly Segment[],
    from: Node | undefined,
    unit: FileUnit,
    file: string,
  ): void {
    const segs = ids.map((i) => ({ name: i.name, span: i.span }));
    for (let i = 1; i <= segs.length; i++) {
      const r = resolvePath(segs.slice(0, i), from, unit);
      if (!r.ok) return;
      this.add(file, (segs[i - 1] as Segment).span, r.target);
    }
  }

  private expression(expr: Expression, n: Node, mode: 'selector' | 'check'): void {
    this.calls(expr, n.unit, n.file, mode);
    forEachName(expr, (segs) => this.path(segs, n, n.unit, n.file));
  }

  private calls(expr: Expression, unit: FileUnit, file: string, mode: 'selector' | 'check'): void {
    switch (expr.kind) {
      case 'Call':
        if (isLibraryCallee(expr.callee)) {
          const local = expr.callee.object.name;
          const lib = findLibrary(unit, local, this.a.libs.env.registry);
          this.add(file, expr.callee.object.span, { kind: 'library', name: lib.name, local, found: lib.ok });
          const fn = expr.callee.member;
          this.add(file, fn.span, { kind: 'function', library: lib.name, local, fn: fn.name, found: lib.ok, mode });
        }
        for (const a of expr.args) this.calls(a, unit, file, 'selector');
        return;
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
