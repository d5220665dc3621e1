/**
 * The side table the bind phase leaves (bind.ts): for every name written in a spec — `implements`,
 * `binds` targets, names in expressions, `uses` targets, connection targets, the library and
 * function of every call — the answer, keyed by the AST node that wrote it (and, for the names a
 * pattern's requirement uses in each implementing element, by that element). Checking reports
 * from it, evaluation reads it; neither resolves a name again. Read-only once bound.
 *
 * For editors it also answers "what does the name at this place declare?" (`declarationAt`) and
 * "where is this declared thing used?" (`referencesTo`), with files and spans.
 */
import type { Diagnostic, Span } from '../diagnostics/diagnostic.js';
import type { ExceptionSide, Expression, Identifier, ImportDecl, Requirement, UsesDecl } from '../syntax/ast.js';
import { endOffset, startOffset } from '../syntax/source.js';
import type { Resolution } from './resolve.js';
import type { FileUnit, Member, Node, Target } from './types.js';

/** What a `lib.fn(...)` call calls: the registered library (or why there is none) and the function. */
export type CallBinding =
  | { ok: true; library: string; fn: string; local: string; imported: boolean }
  | { ok: false; library: string; fn: string; local: string };

/** What a `binds` path (or a V1 binding `p.e.s = …`) names: the slot and the element implementing its pattern. */
export type BindsBinding = { ok: true; implementer: Node; slot: Member } | { ok: false; problem: Diagnostic };

/** The pattern a name in `implements` (or in `requires element … implements p`) denotes. */
export type PatternBinding = { ok: true; pattern: Node } | { ok: false; problem: Diagnostic };

/** The element a `… connection to a.b` requirement names for one implementing element. */
export type ConnectionTargetBinding =
  | { ok: true; node: Node }
  /** `suggestion`: the closest element path, when the path looks misspelt. */
  | { ok: false; message: string; suggestion?: string };

/** The element an element side of `except SOURCE to TARGET` names, from the element it is written in. */
export type ExceptionElementBinding = { ok: true; node: Node } | { ok: false };

/** The registered library a library import (`import python as py`) names, and whether it is registered. */
export interface LibraryImportBinding {
  library: string;
  ok: boolean;
}

/** Something a spec declares, where editors jump to. */
export type Declaration =
  | { kind: 'node'; node: Node }
  | { kind: 'member'; member: Member }
  | { kind: 'unit'; unit: FileUnit };

/** One place a spec names a declaration. */
export interface Reference {
  file: string;
  span: Span;
  declaration: Declaration;
}

/** Key of what a reference points at, so that references to one declaration can be listed. */
function declarationKey(d: Declaration): object {
  return d.kind === 'node' ? d.node : d.kind === 'member' ? d.member : d.unit;
}

/** A target as a declaration: the two have one shape, so the (read-only) target object itself serves. */
export function toDeclaration(t: Target): Declaration {
  return t;
}

/** File and span of a declaration's name (a file import has no span: the whole file). */
export function declarationSite(d: Declaration): { file: string; span?: Span } {
  if (d.kind === 'node') return { file: d.node.file, span: d.node.nameSpan };
  if (d.kind === 'member') return { file: d.member.owner.file, span: d.member.decl.name.span };
  return { file: d.unit.file };
}

/** How many references of one declaration are compared one by one before a set of their places is kept. */
const PLACES_SCANNED = 16;

function placeOf(file: string, span: Span): string {
  return `${file}\u0000${startOffset(span)}\u0000${endOffset(span)}`;
}

/** The read-only view every phase after binding gets. */
export interface Bindings {
  /** Resolution of the dotted name `expr` (an Identifier or Member expression) as seen from `site`. */
  name(expr: Expression, site: Node): Resolution | undefined;
  /** The library and function of a call written in (or evaluated for) file `unit`. */
  call(expr: Expression & { kind: 'Call' }, unit: FileUnit): CallBinding | undefined;
  /** A pattern name in `implements` or in an element requirement. */
  pattern(id: Identifier): PatternBinding | undefined;
  /** The slot a `binds` path (of a scope or ref) or a V1 binding names. */
  binds(path: readonly Identifier[]): BindsBinding | undefined;
  /** Problem of a binding that names an already bound slot (duplicate), if any. */
  duplicateBinding(path: readonly Identifier[]): Diagnostic | undefined;
  /** Target of a `uses` declaration. */
  uses(decl: UsesDecl): Resolution | undefined;
  /** Target of a connection requirement for one implementing element. */
  connectionTarget(requirement: Requirement, implementer: Node): ConnectionTargetBinding | undefined;
  /** The element an element side of an exception names (undefined for a glob side). */
  exceptionElement(side: ExceptionSide): ExceptionElementBinding | undefined;
  /** The library a library import names (undefined for a file import). */
  libraryImport(decl: ImportDecl): LibraryImportBinding | undefined;
  /** Registered library name → the functions the spec calls on it. */
  readonly libraryCalls: ReadonlyMap<string, ReadonlySet<string>>;
  /** What the name written at `offset` of `file` declares (the innermost reference there). */
  declarationAt(file: string, offset: number): Reference | undefined;
  /** Every place the spec names `declaration` (declarations themselves excluded), in source order per file. */
  referencesTo(declaration: Declaration): readonly Reference[];
  /** Every reference, in the order they were bound. */
  references(): readonly Reference[];
}

/**
 * The answers for one AST node, per site. Nearly every node is bound for one site only (a
 * pattern's requirement is bound once per implementing element), so the first answer is held
 * inline and a Map is made only for a second site: a spec naming things thousands of times holds
 * thousands fewer Maps.
 */
class PerSite<K extends object, V> {
  private site: K | undefined;
  private value: V | undefined;
  private more: Map<K, V> | undefined;

  get(site: K): V | undefined {
    if (this.more) return this.more.get(site);
    return this.site === site ? this.value : undefined;
  }

  has(site: K): boolean {
    if (this.more) return this.more.has(site);
    return this.site === site;
  }

  set(site: K, value: V): void {
    if (this.more) this.more.set(site, value);
    else if (this.site === undefined || this.site === site) {
      this.site = site;
      this.value = value;
    } else {
      this.more = new Map([
        [this.site, this.value as V],
        [site, value],
      ]);
      this.site = undefined;
      this.value = undefined;
    }
  }
}

/** The writable side table; only the binder holds it (as `Bindings` everyone else reads it). */
export class BindingTable implements Bindings {
  private readonly names = new Map<Expression, PerSite<Node, Resolution>>();
  /** Per file the calls are bound for (a few files): the calls' bindings, by call expression. */
  private readonly calls = new Map<FileUnit, Map<Expression, CallBinding>>();
  private readonly patterns = new Map<Identifier, PatternBinding>();
  private readonly bindsPaths = new Map<readonly Identifier[], BindsBinding>();
  private readonly duplicates = new Map<readonly Identifier[], Diagnostic>();
  private readonly usesTargets = new Map<UsesDecl, Resolution>();
  private readonly connections = new Map<Requirement, PerSite<Node, ConnectionTargetBinding>>();
  private readonly exceptionSides = new Map<ExceptionSide, ExceptionElementBinding>();
  private readonly libraryImports = new Map<ImportDecl, LibraryImportBinding>();
  private readonly calledFunctions = new Map<string, Set<string>>();
  private readonly refs: Reference[] = [];
  private readonly refsByDeclaration = new Map<object, Reference[]>();
  /**
   * Places already recorded (file and offsets), for declarations named more than PLACES_SCANNED
   * times; the places of the others are compared one by one (most declarations are named a few
   * times: no set and no key string for each).
   */
  private readonly refPlaces = new Map<object, Set<string>>();
  /** One object per distinct call binding (thousands of calls to a few functions). */
  private readonly callBindings = new Map<string, CallBinding>();

  get libraryCalls(): ReadonlyMap<string, ReadonlySet<string>> {
    return this.calledFunctions;
  }

  name(expr: Expression, site: Node): Resolution | undefined {
    return this.names.get(expr)?.get(site);
  }

  hasName(expr: Expression, site: Node): boolean {
    return this.names.get(expr)?.has(site) ?? false;
  }

  setName(expr: Expression, site: Node, r: Resolution): void {
    let bySite = this.names.get(expr);
    if (!bySite) this.names.set(expr, (bySite = new PerSite()));
    bySite.set(site, r);
  }

  call(expr: Expression & { kind: 'Call' }, unit: FileUnit): CallBinding | undefined {
    return this.calls.get(unit)?.get(expr);
  }

  hasCall(expr: Expression, unit: FileUnit): boolean {
    return this.calls.get(unit)?.has(expr) ?? false;
  }

  setCall(expr: Expression, unit: FileUnit, b: CallBinding): void {
    let inUnit = this.calls.get(unit);
    if (!inUnit) this.calls.set(unit, (inUnit = new Map()));
    inUnit.set(expr, b);
    if (!b.ok) return;
    let fns = this.calledFunctions.get(b.library);
    if (!fns) this.calledFunctions.set(b.library, (fns = new Set()));
    fns.add(b.fn);
  }

  pattern(id: Identifier): PatternBinding | undefined {
    return this.patterns.get(id);
  }

  setPattern(id: Identifier, b: PatternBinding): void {
    this.patterns.set(id, b);
  }

  binds(path: readonly Identifier[]): BindsBinding | undefined {
    return this.bindsPaths.get(path);
  }

  setBinds(path: readonly Identifier[], b: BindsBinding): void {
    this.bindsPaths.set(path, b);
  }

  duplicateBinding(path: readonly Identifier[]): Diagnostic | undefined {
    return this.duplicates.get(path);
  }

  setDuplicate(path: readonly Identifier[], d: Diagnostic): void {
    this.duplicates.set(path, d);
  }

  uses(decl: UsesDecl): Resolution | undefined {
    return this.usesTargets.get(decl);
  }

  setUses(decl: UsesDecl, r: Resolution): void {
    this.usesTargets.set(decl, r);
  }

  connectionTarget(requirement: Requirement, implementer: Node): ConnectionTargetBinding | undefined {
    return this.connections.get(requirement)?.get(implementer);
  }

  setConnectionTarget(requirement: Requirement, implementer: Node, b: ConnectionTargetBinding): void {
    let byImpl = this.connections.get(requirement);
    if (!byImpl) this.connections.set(requirement, (byImpl = new PerSite()));
    byImpl.set(implementer, b);
  }

  exceptionElement(side: ExceptionSide): ExceptionElementBinding | undefined {
    return this.exceptionSides.get(side);
  }

  setExceptionElement(side: ExceptionSide, b: ExceptionElementBinding): void {
    this.exceptionSides.set(side, b);
  }

  libraryImport(decl: ImportDecl): LibraryImportBinding | undefined {
    return this.libraryImports.get(decl);
  }

  setLibraryImport(decl: ImportDecl, b: LibraryImportBinding): void {
    this.libraryImports.set(decl, b);
  }

  /** Records that `span` of `file` names `declaration` (once per place and declaration). */
  addReference(file: string, span: Span, declaration: Declaration): void {
    const target = declarationKey(declaration);
    let list = this.refsByDeclaration.get(target);
    if (list === undefined) this.refsByDeclaration.set(target, (list = []));
    else if (list.length <= PLACES_SCANNED) {
      const start = startOffset(span);
      const end = endOffset(span);
      for (const r of list) if (r.file === file && startOffset(r.span) === start && endOffset(r.span) === end) return;
    } else {
      let places = this.refPlaces.get(target);
      if (!places) this.refPlaces.set(target, (places = new Set(list.map((r) => placeOf(r.file, r.span)))));
      const place = placeOf(file, span);
      if (places.has(place)) return;
      places.add(place);
    }
    const ref: Reference = { file, span, declaration };
    this.refs.push(ref);
    list.push(ref);
  }

  /** A call binding equal to `b`, shared with the calls bound alike. */
  sharedCall(b: CallBinding): CallBinding {
    const key = `${b.ok ? (b.imported ? 'i' : 'n') : 'x'}\u0000${b.library}\u0000${b.fn}\u0000${b.local}`;
    const known = this.callBindings.get(key);
    if (known) return known;
    this.callBindings.set(key, b);
    return b;
  }

  /**
   * Once binding is done: the lists of references are copied at their exact length (a list grown by
   * `push` keeps room for 17), and the working sets are dropped.
   */
  settle(): void {
    for (const [target, list] of this.refsByDeclaration) this.refsByDeclaration.set(target, list.slice());
    this.refPlaces.clear();
    this.callBindings.clear();
  }

  declarationAt(file: string, offset: number): Reference | undefined {
    let best: Reference | undefined;
    for (const r of this.refs) {
      if (r.file !== file || offset < r.span.start.offset || offset > r.span.end.offset) continue;
      if (!best || r.span.end.offset - r.span.start.offset < best.span.end.offset - best.span.start.offset) best = r;
    }
    return best;
  }

  referencesTo(declaration: Declaration): readonly Reference[] {
    const list = this.refsByDeclaration.get(declarationKey(declaration)) ?? [];
    return [...list].sort((a, b) =>
      a.file === b.file ? a.span.start.offset - b.span.start.offset : a.file < b.file ? -1 : 1,
    );
  }

  references(): readonly Reference[] {
    return this.refs;
  }
}
