/**
 * The bind phase: resolves every name of a declared model once — `implements`, `binds` targets and
 * V1 bindings, names in expressions, `uses` targets, connection targets, the library of every call
 * — and records each answer in the side table (bindings.ts), keyed by the AST node that wrote it.
 * Names a pattern's requirements use are bound in every element they will be evaluated in (the
 * implementing elements and their children or descendants), so evaluation never resolves a name.
 * The binder reports nothing: a name that does not resolve is recorded with its explanation, and
 * the check phase (check.ts) reports it. Binding fills the derived views `Node.implements` and
 * `Node.bound`; after it, the model is read-only.
 */
import { makeDiagnostic, type Diagnostic, type Span } from '../diagnostics/diagnostic.js';
import type { Expression, Identifier, Requirement } from '../syntax/ast.js';
import { joinSpans } from '../syntax/source.js';
import {
  BindingTable,
  toDeclaration,
  type BindsBinding,
  type CallBinding,
  type ConnectionTargetBinding,
  type PatternBinding,
} from './bindings.js';
import { allPatternNodes, descendants, describeNode, NO_BINDINGS, patternSlots, slotKey } from './build.js';
import { didYouMean } from '../diagnostics/suggest.js';
import { Codes } from './codes.js';
import { findLibrary, type LibraryLookup } from './libraries.js';
import {
  identifiersToSegments,
  isLibraryCallee,
  pathOf,
  resolvePath,
  resolvePathSteps,
  type Segment,
} from './resolve.js';
import type { Binding, FileUnit, Member, Node, SpecModel, Target } from './types.js';

/** The model as declared by `buildModel`, before binding. */
export type DeclaredModel = Omit<SpecModel, 'bindings' | 'libraryCalls'>;

export function bindModel(declared: DeclaredModel, registry: LibraryLookup): SpecModel {
  const table = new BindingTable();
  new Binder(declared, registry, table).run();
  table.settle();
  return { ...declared, bindings: table, libraryCalls: table.libraryCalls };
}

class Binder {
  constructor(
    private readonly model: DeclaredModel,
    private readonly registry: LibraryLookup,
    private readonly table: BindingTable,
  ) {}

  run(): void {
    const patternNodes = this.model.patterns.flatMap(allPatternNodes);
    this.bindImplements();
    this.bindBindings();
    for (const n of this.model.elements) this.bindNodeExpressions(n);
    for (const n of patternNodes) this.bindNodeExpressions(n);
    for (const p of this.model.patterns) for (const r of p.requirements) this.bindRequirement(r, p);
    this.bindUses();
    this.bindExceptions();
    this.bindRequirementSites();
    this.bindLanguages();
    this.bindLibraryImports();
  }

  /** The expressions written in node `n`: its scopes', refs', checks' and V1 bindings'. */
  private bindNodeExpressions(n: Node): void {
    for (const m of n.scopes) if (m.decl.expression) this.bindExpression(m.decl.expression, n, n.unit, true);
    for (const m of n.refs) if (m.decl.expression) this.bindExpression(m.decl.expression, n, n.unit, true);
    for (const c of n.checks) this.bindExpression(c.expression, n, n.unit, true);
    for (const b of n.bindings) this.bindExpression(b.expression, n, n.unit, true);
  }

  // ---------------------------------------------------------------- patterns and bindings

  /** The pattern a name in `implements` / an element requirement denotes. */
  private patternNamed(id: Identifier, unit: FileUnit, file: string): PatternBinding {
    const r = resolvePath(identifiersToSegments([id]), undefined, unit);
    if (r.ok && r.target.kind === 'node' && r.target.node.kind === 'pattern') {
      this.table.addReference(file, id.span, { kind: 'node', node: r.target.node });
      return { ok: true, pattern: r.target.node };
    }
    const patterns = [...unit.topLevel.values(), ...unit.openImports.flatMap((u) => [...u.topLevel.values()])]
      .filter((n) => n.kind === 'pattern')
      .map((n) => n.name);
    const problem = makeDiagnostic(
      'error',
      Codes.UNKNOWN_PATTERN,
      r.ok
        ? `\`${id.name}\` is not a pattern (it is ` +
            `${r.target.kind === 'node' ? describeNode(r.target.node) : 'not a declaration'})`
        : `unknown pattern \`${id.name}\``,
      file,
      id.span,
      {
        help:
          patterns.length > 0
            ? `${r.ok ? '' : didYouMean(id.name, patterns)}known patterns: ${[...new Set(patterns)].join(', ')}`
            : 'declare it with `pattern name { … }` or import the file that declares it',
      },
    );
    return { ok: false, problem };
  }

  private bindImplements(): void {
    for (const e of this.model.elements) {
      if (e.decl.kind !== 'Element' || e.decl.implements.length === 0) continue;
      const patterns: Node[] = [];
      for (const id of e.decl.implements) {
        const b = this.patternNamed(id, e.unit, e.file);
        this.table.setPattern(id, b);
        if (b.ok && !patterns.includes(b.pattern)) patterns.push(b.pattern);
      }
      if (patterns.length > 0) (e as { implements: readonly Node[] }).implements = patterns.slice();
    }
  }

  private bindBindings(): void {
    for (const y of this.model.elements) {
      for (const m of y.scopes) if (m.decl.binds) this.bindMemberBinds(y, m, m.decl.binds);
      for (const m of y.refs) if (m.decl.binds) this.bindMemberBinds(y, m, m.decl.binds);
      for (const b of y.bindings) {
        const slot = this.bindTarget(y, b.path, undefined);
        this.table.setBinds(b.path, slot);
        if (slot.ok)
          this.record(
            slot.implementer,
            { kind: 'v1', slot: slot.slot, decl: b, site: y, span: b.span, file: y.file },
            b.path,
          );
      }
    }
  }

  /** `scope local binds p.e.s = …` / `ref local: T binds p.e.s = …` of element `y`. */
  private bindMemberBinds(y: Node, m: Member, binds: Identifier[]): void {
    const slot = this.bindTarget(y, binds, m.kind);
    this.table.setBinds(binds, slot);
    if (slot.ok)
      this.record(
        slot.implementer,
        { kind: 'member', slot: slot.slot, member: m, span: spanOfIds(binds), file: y.file },
        binds,
      );
  }

  private bindTarget(y: Node, path: Identifier[], kind: 'scope' | 'ref' | undefined): BindsBinding {
    const fail = (
      code: string,
      message: string,
      span: Span,
      extra: { help?: string; related?: Diagnostic['related'] } = {},
    ): BindsBinding => ({
      ok: false,
      problem: makeDiagnostic('error', code, message, y.file, span, extra),
    });
    const [first, ...rest] = path;
    if (!first) return fail(Codes.UNKNOWN_BINDS_TARGET, 'empty binding target', y.nameSpan);
    let impl: Node | undefined;
    let pattern: Node | undefined;
    for (let a: Node | undefined = y; a && !pattern; a = a.parent) {
      const p = a.implements.find((q) => q.name === first.name);
      if (p) {
        impl = a;
        pattern = p;
      }
    }
    const text = path.map((i) => i.name).join('.');
    if (!impl || !pattern) {
      const r = resolvePath([{ name: first.name, span: first.span }], undefined, y.unit);
      const isPattern = r.ok && r.target.kind === 'node' && r.target.node.kind === 'pattern';
      if (isPattern) {
        return fail(
          Codes.BINDS_PATTERN_NOT_IMPLEMENTED,
          `\`${text}\` binds a placeholder of pattern \`${first.name}\`, which neither ${describeNode(y)} nor an ` +
            'enclosing element implements',
          first.span,
          {
            help: `add \`implements ${first.name}\` to the element`,
          },
        );
      }
      const impls = ancestorsOrSelf(y).flatMap((a) => a.implements.map((p) => p.name));
      return fail(
        Codes.UNKNOWN_BINDS_TARGET,
        `\`${text}\` does not start with a pattern that ${describeNode(y)} (or an enclosing element) implements`,
        first.span,
        {
          help:
            impls.length > 0
              ? `write \`${impls[0]}.<element>.<${kind ?? 'member'}>\``
              : 'bindings name a placeholder as `pattern.element.member`',
        },
      );
    }
    this.table.addReference(y.file, first.span, { kind: 'node', node: pattern });
    let node: Node = pattern;
    for (let i = 0; i < rest.length; i++) {
      const seg = rest[i] as Identifier;
      const hit = node.members.get(seg.name);
      const last = i === rest.length - 1;
      if (!hit) {
        const slots = patternSlots(pattern).map((s) => s.key);
        return fail(
          Codes.UNKNOWN_BINDS_TARGET,
          `pattern \`${pattern.name}\` has no placeholder \`${text}\``,
          spanOfIds(path),
          {
            help:
              slots.length > 0
                ? `its placeholders are: ${slots.join(', ')}`
                : `pattern \`${pattern.name}\` declares no scope or ref`,
            related: [{ file: pattern.file, span: pattern.nameSpan, message: `pattern \`${pattern.name}\`` }],
          },
        );
      }
      if ('nameSpan' in hit) {
        if (last) {
          return fail(
            Codes.BINDS_KIND_MISMATCH,
            `\`${text}\` is ${describeNode(hit)}, not a scope or ref`,
            spanOfIds(path),
            {
              help: `bind one of its members, e.g. \`${text}.${[...hit.members.keys()][0] ?? 'module'}\``,
            },
          );
        }
        this.table.addReference(y.file, seg.span, { kind: 'node', node: hit });
        node = hit;
        continue;
      }
      if (!last) {
        return fail(
          Codes.UNKNOWN_BINDS_TARGET,
          `\`${rest
            .slice(0, i + 1)
            .map((s) => s.name)
            .join(
              '.',
            )}\` is a ${hit.kind} of pattern \`${pattern.name}\`; it has no member \`${(rest[i + 1] as Identifier).name}\``,
          spanOfIds(path),
        );
      }
      if (kind && hit.kind !== kind) {
        return fail(
          Codes.BINDS_KIND_MISMATCH,
          `a ${kind} cannot bind \`${text}\`, which is a ${hit.kind}`,
          spanOfIds(path),
          {
            related: [{ file: pattern.file, span: hit.decl.name.span, message: `the ${hit.kind} placeholder` }],
          },
        );
      }
      if (kind === 'ref' && hit.decl.kind === 'Ref') {
        const own = refTypeOf(y, path);
        if (own !== undefined && own !== hit.decl.type.name) {
          return fail(
            Codes.BINDS_TYPE_MISMATCH,
            `ref of type \`${own}\` cannot bind \`${text}\`, which is declared \`${hit.decl.type.name}\``,
            spanOfIds(path),
            {
              help: `declare the ref as \`${hit.decl.type.name}\` (or change the placeholder's type)`,
              related: [{ file: pattern.file, span: hit.decl.name.span, message: 'the ref placeholder' }],
            },
          );
        }
      }
      this.table.addReference(y.file, seg.span, { kind: 'member', member: hit });
      return { ok: true, implementer: impl, slot: hit };
    }
    return fail(
      Codes.UNKNOWN_BINDS_TARGET,
      `\`${text}\` names the pattern itself, not one of its placeholders`,
      spanOfIds(path),
      {
        help: `write \`${first.name}.<element>.<member>\` or \`${first.name}.<member>\``,
      },
    );
  }

  /** Fills the implementer's bound slots; a second binding of one slot is recorded as a problem. */
  private record(impl: Node, b: Binding, path: readonly Identifier[]): void {
    const key = slotKey(b.slot);
    const prev = impl.bound.get(key);
    if (prev) {
      this.table.setDuplicate(
        path,
        makeDiagnostic(
          'error',
          Codes.DUPLICATE_BINDING,
          `\`${key}\` is bound twice for element \`${impl.path}\``,
          b.file,
          b.span,
          {
            related: [{ file: prev.file, span: prev.span, message: 'first binding' }],
          },
        ),
      );
      return;
    }
    if (impl.bound === NO_BINDINGS) (impl as { bound: ReadonlyMap<string, Binding> }).bound = new Map();
    (impl.bound as Map<string, Binding>).set(key, b);
  }

  // ---------------------------------------------------------------- expressions

  /**
   * Binds the names of `expr` as seen from node `site` (when `names`) and its calls in file `unit`.
   * `lexical` sites are where the expression is written; references are recorded for those only.
   */
  private bindExpression(expr: Expression, site: Node, unit: FileUnit, names: boolean, lexical = true): void {
    switch (expr.kind) {
      case 'Call':
        if (isLibraryCallee(expr.callee) && !this.table.hasCall(expr, unit))
          this.table.setCall(expr, unit, this.callOf(expr.callee, unit));
        for (const a of expr.args) this.bindExpression(a, site, unit, names, lexical);
        return;
      case 'List':
        for (const a of expr.items) this.bindExpression(a, site, unit, names, lexical);
        return;
      case 'Identifier':
      case 'Member': {
        const segs = pathOf(expr);
        if (!segs) {
          if (expr.kind === 'Member') this.bindExpression(expr.object, site, unit, names, lexical);
          return;
        }
        if (names && !this.table.hasName(expr, site)) {
          const onStep = lexical
            ? (seg: Segment, target: Target) => this.table.addReference(site.file, seg.span, toDeclaration(target))
            : undefined;
          this.table.setName(expr, site, resolvePathSteps(segs, site, site.unit, onStep));
        }
        return;
      }
      default:
        return;
    }
  }

  /** What `lib.fn` called in file `unit` calls (one object for all the calls bound alike). */
  private callOf(callee: Expression & { kind: 'Member'; object: { name: string } }, unit: FileUnit): CallBinding {
    const found = findLibrary(unit, callee.object.name, this.registry);
    const fn = callee.member.name;
    const local = callee.object.name;
    return this.table.sharedCall(
      found.ok
        ? { ok: true, library: found.name, fn, local, imported: found.imported }
        : { ok: false, library: found.name, fn, local },
    );
  }

  /** Library calls of a requirement's expressions (names there resolve per implementing element). */
  private bindRequirement(r: Requirement, p: Node): void {
    const c = r.component;
    if (c.kind === 'scope' && c.scope.expression) this.bindExpression(c.scope.expression, p, p.unit, false);
    if (c.kind === 'ref' && c.expression) this.bindExpression(c.expression, p, p.unit, false);
    if (c.kind === 'check') this.bindExpression(c.check.expression, p, p.unit, false);
    if (c.kind === 'element') {
      if (c.body) {
        for (const s of [...c.body.scopes, ...c.body.refs])
          if (s.expression) this.bindExpression(s.expression, p, p.unit, false);
        for (const k of c.body.checks) this.bindExpression(k.expression, p, p.unit, false);
      }
      if (c.implements) this.table.setPattern(c.implements, this.patternNamed(c.implements, p.unit, p.file));
    }
  }

  /**
   * Requirements run in the elements that implement the pattern: their names resolve there (and in
   * the children or descendants the requirement names), their calls in those elements' files.
   */
  private bindRequirementSites(): void {
    for (const x of this.model.elements) {
      for (const p of x.implements) {
        for (const r of p.requirements) {
          const c = r.component;
          const at = (expr: Expression, nodes: readonly Node[]): void => {
            for (const e of nodes) this.bindExpression(expr, e, e.unit, true, false);
          };
          if (c.kind === 'scope' && c.scope.expression) at(c.scope.expression, candidates(x, r.descendant, false));
          else if (c.kind === 'ref' && c.expression) at(c.expression, candidates(x, r.descendant, false));
          else if (c.kind === 'element' && c.body)
            for (const k of c.body.checks) at(k.expression, candidates(x, r.descendant, true));
          else if (c.kind === 'check') at(c.check.expression, r.descendant ? descendants(x) : [p, x]);
          else if (c.kind === 'connection') {
            this.table.setConnectionTarget(r, x, resolveConnectionTarget(c.path, x, p));
            // each prefix of the path names an element for this implementer (editors follow them)
            for (let i = 1; i <= c.path.length; i++) {
              const t = resolveConnectionTarget(c.path.slice(0, i), x, p);
              if (t.ok)
                this.table.addReference(p.file, (c.path[i - 1] as Identifier).span, { kind: 'node', node: t.node });
            }
          }
        }
      }
    }
  }

  private bindUses(): void {
    for (const e of this.model.elements) {
      for (const u of e.uses) {
        const segs = identifiersToSegments(u.target);
        this.table.setUses(
          u,
          resolvePathSteps(segs, e, e.unit, (seg, target) =>
            this.table.addReference(e.file, seg.span, toDeclaration(target)),
          ),
        );
        const src = e.members.get(u.source.name);
        if (src && !('nameSpan' in src))
          this.table.addReference(e.file, u.source.span, { kind: 'member', member: src });
      }
    }
  }

  /** Element sides of `except SOURCE to TARGET`: paths resolved from the element the exception is in. */
  private bindExceptions(): void {
    for (const e of this.model.elements) {
      if (e.decl.kind !== 'Element') continue;
      for (const x of e.decl.exceptions ?? []) {
        for (const side of [x.source, x.target]) {
          if (side.kind !== 'element') continue;
          const r = resolvePathSteps(identifiersToSegments(side.path), e, e.unit, (seg, target) =>
            this.table.addReference(e.file, seg.span, toDeclaration(target)),
          );
          const node = r.ok && r.target.kind === 'node' && r.target.node.kind === 'element' ? r.target.node : undefined;
          this.table.setExceptionElement(side, node ? { ok: true, node } : { ok: false });
        }
      }
    }
  }

  /** Library imports (`import python as py`): the registered library each one names. */
  private bindLibraryImports(): void {
    for (const unit of this.model.units) {
      for (const imp of unit.program.imports) {
        const first = imp.path.kind === 'File' ? undefined : imp.path.segments[0];
        if (!first) continue;
        const found = findLibrary(unit, (imp.alias ?? first).name, this.registry);
        this.table.setLibraryImport(imp, { library: found.name, ok: found.ok });
      }
    }
  }

  /** Calls of `connection_check` bodies resolve in the file that declares the language. */
  private bindLanguages(): void {
    for (const unit of this.model.units) {
      for (const lang of unit.program.languages) {
        for (const cc of lang.connectionChecks) this.bindCalls(cc.body, unit);
      }
    }
  }

  private bindCalls(expr: Expression, unit: FileUnit): void {
    if (expr.kind === 'Call' && isLibraryCallee(expr.callee) && !this.table.hasCall(expr, unit))
      this.table.setCall(expr, unit, this.callOf(expr.callee, unit));
    if (expr.kind === 'Call') expr.args.forEach((a) => this.bindCalls(a, unit));
    if (expr.kind === 'List') expr.items.forEach((a) => this.bindCalls(a, unit));
  }
}

/** The elements a requirement of a pattern implemented by `x` looks at. */
export function candidates(x: Node, descendant: boolean, childrenOnly: boolean): Node[] {
  if (descendant) return descendants(x);
  return childrenOnly ? [...x.children] : [x];
}

/**
 * Resolves the target of `… connection to a.b[.*]` for implementer `x`: first as an element path
 * from `x` outward, then inside the pattern (`p.e` pattern elements, bound by `x`).
 */
export function resolveConnectionTarget(path: readonly Identifier[], x: Node, p: Node): ConnectionTargetBinding {
  const segs = identifiersToSegments(path);
  const r = resolvePath(segs, x, x.unit);
  if (r.ok && r.target.kind === 'node' && r.target.node.kind !== 'pattern') return { ok: true, node: r.target.node };
  const rp = resolvePath(segs, p, p.unit);
  if (rp.ok && rp.target.kind === 'node' && rp.target.node.kind !== 'pattern')
    return { ok: true, node: rp.target.node };
  if (r.ok) return { ok: false, message: 'it is not an element' };
  return { ok: false, message: r.message, ...(r.suggestion ? { suggestion: r.suggestion } : {}) };
}

/** Declared type of the ref of `y` whose `binds` path is `path`. */
function refTypeOf(y: Node, path: Identifier[]): string | undefined {
  const m = y.refs.find((r) => r.decl.binds === path);
  return m?.decl.kind === 'Ref' ? m.decl.type.name : undefined;
}

export function spanOfIds(ids: readonly Identifier[]): Span {
  const first = ids[0] as Identifier;
  const last = ids[ids.length - 1] as Identifier;
  return joinSpans(first.span, last.span);
}

function ancestorsOrSelf(n: Node): Node[] {
  const out: Node[] = [];
  for (let a: Node | undefined = n; a; a = a.parent) out.push(a);
  return out;
}
