/**
 * Name resolution (docs/design-rulings.md#name-resolution): a name resolves in the current node, then each enclosing
 * node
 * outward, then the file's top level (elements, patterns, `import './x.hie' as y` aliases), then
 * the top level of the files imported without alias. A dotted path resolves its first segment that
 * way and then descends through members. No suffix matching; a name found in several imported
 * files is ambiguous.
 */
import path from 'node:path';
import type { RelatedInformation, Span } from '../diagnostics/diagnostic.js';
import type { Expression, Identifier } from '../syntax/ast.js';
import { joinSpans } from '../syntax/source.js';
import { closestName, didYouMean } from '../diagnostics/suggest.js';
import { Codes } from './codes.js';
import { describeNode, slotKey } from './build.js';
import type { EvalSite, FileUnit, Member, Node, Target } from './types.js';

export interface Resolved {
  ok: true;
  target: Target;
}

export interface Unresolved {
  ok: false;
  code: string;
  message: string;
  span: Span;
  help?: string;
  /** The closest known name, when the name looks misspelt (also in `help`). */
  suggestion?: string;
  related?: RelatedInformation[];
}

export type Resolution = Resolved | Unresolved;

export interface Segment {
  name: string;
  span: Span;
}

/**
 * `a`, `a.b.c` as segments; undefined when the expression is not a plain dotted name. The
 * segments are the syntax nodes themselves (an identifier expression and the `.member` names both
 * have a name and a span): only the list is new.
 */
export function pathOf(expr: Expression): Segment[] | undefined {
  if (expr.kind === 'Identifier') return [expr];
  if (expr.kind !== 'Member') return undefined;
  let length = 1;
  let e: Expression = expr;
  for (; e.kind === 'Member'; e = e.object) length++;
  if (e.kind !== 'Identifier') return undefined;
  const segs: Segment[] = new Array(length);
  segs[0] = e;
  let i = length - 1;
  for (let m: Expression = expr; m.kind === 'Member'; m = m.object) segs[i--] = m.member;
  return segs;
}

/** Identifiers are segments already (a name and a span). */
export function identifiersToSegments(ids: readonly Identifier[]): readonly Segment[] {
  return ids;
}

function spanOf(segs: readonly Segment[]): Span {
  const first = segs[0] as Segment;
  const last = segs[segs.length - 1] as Segment;
  return joinSpans(first.span, last.span);
}

/** A spec file named in a message: absolute (every output shows it relative to the workspace). */
export function absoluteSpec(file: string): string {
  return path.resolve(file).split(path.sep).join('/');
}

function describeTarget(t: Target): string {
  if (t.kind === 'node') return describeNode(t.node);
  if (t.kind === 'unit') return `imported spec \`${absoluteSpec(t.unit.file)}\``;
  return `${t.member.kind} \`${t.member.name}\` of ${describeNode(t.member.owner)}`;
}

function locationOf(t: Target): RelatedInformation {
  if (t.kind === 'node') return { file: t.node.file, span: t.node.nameSpan, message: describeTarget(t) };
  if (t.kind === 'unit') return { file: t.unit.file, message: describeTarget(t) };
  return { file: t.member.owner.file, span: t.member.decl.name.span, message: describeTarget(t) };
}

/**
 * The answers "resolves to this node / member / file", one per declaration, shared by every name
 * that resolves there (a spec names each scope several times; answers are never modified).
 */
const answers = new WeakMap<Node | Member | FileUnit, Resolved>();

function resolvedTo(hit: Node | Member): Resolved {
  let r = answers.get(hit);
  if (!r) {
    r = { ok: true, target: 'nameSpan' in hit ? { kind: 'node', node: hit } : { kind: 'member', member: hit } };
    answers.set(hit, r);
  }
  return r;
}

function resolvedToUnit(unit: FileUnit): Resolved {
  let r = answers.get(unit);
  if (!r) {
    r = { ok: true, target: { kind: 'unit', unit } };
    answers.set(unit, r);
  }
  return r;
}

function lookupFirst(seg: Segment, from: Node | undefined, unit: FileUnit): Resolution {
  for (let n = from; n; n = n.parent) {
    const hit = n.members.get(seg.name);
    if (hit) return resolvedTo(hit);
  }
  const top = unit.topLevel.get(seg.name);
  if (top) return resolvedTo(top);
  const alias = unit.fileAliases.get(seg.name);
  if (alias) return resolvedToUnit(alias);
  const found: Node[] = [];
  for (const u of unit.openImports) {
    const n = u.topLevel.get(seg.name);
    if (n && !found.includes(n)) found.push(n);
  }
  if (found.length === 1) return resolvedTo(found[0] as Node);
  if (found.length > 1) {
    return {
      ok: false,
      code: Codes.AMBIGUOUS_NAME,
      message: `\`${seg.name}\` is ambiguous: it is declared in ${found.length} imported files`,
      span: seg.span,
      help: `import the files with \`as\` aliases and write \`alias.${seg.name}\``,
      related: found.map((n) => locationOf({ kind: 'node', node: n })),
    };
  }
  const suggestion = closestName(seg.name, visibleNames(from, unit));
  return {
    ok: false,
    code: Codes.UNDEFINED_NAME,
    message: `undefined name \`${seg.name}\``,
    span: seg.span,
    ...(suggestion ? { suggestion } : {}),
    help:
      didYouMean(seg.name, suggestion ? [suggestion] : []) +
      (from
        ? `names resolve in ${describeNode(from)}, then in each enclosing element, then at the top level of the file ` +
          'and in imported files'
        : 'names resolve at the top level of the file, then in imported files'),
  };
}

/** Every name a path's first segment can start with from `from` in `unit` (for suggestions). */
export function visibleNames(from: Node | undefined, unit: FileUnit): string[] {
  const names = new Set<string>();
  for (let n = from; n; n = n.parent) for (const k of n.members.keys()) names.add(k);
  for (const k of unit.topLevel.keys()) names.add(k);
  for (const k of unit.fileAliases.keys()) names.add(k);
  for (const u of unit.openImports) for (const k of u.topLevel.keys()) names.add(k);
  return [...names];
}

/** Resolves a dotted path from a node (or from the file top level when `from` is undefined). */
export function resolvePath(segs: readonly Segment[], from: Node | undefined, unit: FileUnit): Resolution {
  return resolvePathSteps(segs, from, unit);
}

/**
 * `resolvePath`, also telling `onStep` what each prefix (`a`, `a.b`, …) denotes as the walk goes,
 * so that the binder records a reference per segment in the same single walk.
 */
export function resolvePathSteps(
  segs: readonly Segment[],
  from: Node | undefined,
  unit: FileUnit,
  onStep?: (seg: Segment, target: Target) => void,
): Resolution {
  const first = segs[0];
  if (!first) return { ok: false, code: Codes.UNDEFINED_NAME, message: 'empty name', span: unit.program.span };
  let r = lookupFirst(first, from, unit);
  if (!r.ok) return r;
  let target = r.target;
  onStep?.(first, target);
  for (let i = 1; i < segs.length; i++) {
    const seg = segs[i] as Segment;
    let next: Resolved | undefined;
    if (target.kind === 'node') {
      const hit = target.node.members.get(seg.name);
      if (hit) next = resolvedTo(hit);
    } else if (target.kind === 'unit') {
      const hit = target.unit.topLevel.get(seg.name);
      if (hit) next = resolvedTo(hit);
    }
    if (!next) {
      const prefix = segs
        .slice(0, i)
        .map((s) => s.name)
        .join('.');
      const members =
        target.kind === 'node'
          ? [...target.node.members.keys()]
          : target.kind === 'unit'
            ? [...target.unit.topLevel.keys()]
            : [];
      return {
        ok: false,
        code: Codes.NO_SUCH_MEMBER,
        message:
          target.kind === 'member'
            ? `\`${prefix}\` is a ${target.member.kind}; it has no member \`${seg.name}\``
            : `\`${prefix}\` (${describeTarget(target)}) has no member \`${seg.name}\``,
        span: spanOf(segs.slice(0, i + 1)),
        ...(members.length > 0
          ? { help: `${didYouMean(seg.name, members)}its members are: ${members.join(', ')}` }
          : {}),
        ...(closestName(seg.name, members) ? { suggestion: `${prefix}.${closestName(seg.name, members)}` } : {}),
        related: [locationOf(target)],
      };
    }
    r = next;
    target = next.target;
    onStep?.(seg, target);
  }
  return r;
}

/** Nearest element, from `start` outward, that implements `pattern`. */
export function findImplementer(start: Node | undefined, pattern: Node): Node | undefined {
  for (let n = start; n; n = n.parent) {
    if (n.kind === 'element' && n.implements.includes(pattern)) return n;
  }
  return undefined;
}

// ---------------------------------------------------------------- member instances

/** A member evaluated for one implementer (slots) or on its own (element members). */
export interface Instance {
  key: string;
  member: Member;
  implementer?: Node;
}

export type InstanceResult = { ok: true; instance: Instance } | Unresolved;

/** The instance a member denotes when reached from `site` (pattern slots need an implementer). */
export function instanceFor(member: Member, from: { node: Node; implementer?: Node }, span: Span): InstanceResult {
  if (member.owner.kind === 'element') return { ok: true, instance: instanceOf(member) };
  const pattern = member.owner.pattern as Node;
  const start = from.implementer ?? (from.node.kind === 'element' ? from.node : undefined);
  const impl = findImplementer(start, pattern);
  if (!impl) {
    return {
      ok: false,
      code: Codes.PATTERN_NOT_IMPLEMENTED_HERE,
      message:
        `\`${slotKey(member)}\` is a placeholder of pattern \`${pattern.name}\`, and no enclosing element ` +
        `implements \`${pattern.name}\``,
      span,
      help: `use it in an element that implements ${pattern.name} (or in one of its children)`,
    };
  }
  return { ok: true, instance: instanceOf(member, impl) };
}

/**
 * The one place instance keys are made: an element's member is one instance (`e3:src`); a pattern
 * slot is one instance per implementing element (`e7|p.e.s`).
 */
export function instanceOf(member: Member, implementer?: Node): Instance {
  if (member.owner.kind === 'element' || !implementer) return { key: member.key, member };
  return { key: `${implementer.id}|${slotKey(member)}`, member, implementer };
}

/** Where an instance's value comes from: an expression to evaluate, or another instance (a `binds`). */
export type InstanceSource =
  | { kind: 'site'; site: EvalSite; file: string }
  | { kind: 'alias'; instance: Instance }
  | { kind: 'missing'; message: string; code: string };

export function sourceOf(inst: Instance): InstanceSource {
  const { member } = inst;
  if (member.owner.kind === 'element') {
    const expr = member.decl.expression;
    if (!expr)
      return {
        kind: 'missing',
        code: member.kind === 'scope' ? Codes.UNBOUNDED_SCOPE : Codes.UNBOUNDED_REF,
        message: `${member.kind} \`${member.name}\` has no expression`,
      };
    return { kind: 'site', site: { expression: expr, node: member.owner }, file: member.owner.file };
  }
  const impl = inst.implementer as Node;
  const b = impl.bound.get(slotKey(member));
  if (b?.kind === 'member') return { kind: 'alias', instance: instanceOf(b.member) };
  if (b?.kind === 'v1') return { kind: 'site', site: { expression: b.decl.expression, node: b.site }, file: b.file };
  const expr = member.decl.expression;
  if (expr)
    return { kind: 'site', site: { expression: expr, node: member.owner, implementer: impl }, file: member.owner.file };
  return {
    kind: 'missing',
    code: Codes.MISSING_BINDING,
    message: `element \`${impl.path}\` does not bind \`${slotKey(member)}\``,
  };
}

/** Human name of an instance: `shop.api.src` or `shop.api → microservice.api.module`. */
export function instanceLabel(inst: Instance): string {
  if (inst.member.owner.kind === 'element') return `${inst.member.owner.path}.${inst.member.name}`;
  return `${slotKey(inst.member)} (bound by \`${inst.implementer?.path ?? '?'}\`)`;
}

/** Calls `fn` for every dotted name used as a value in `expr` (callees of calls excluded). */
export function forEachName(expr: Expression, fn: (segs: Segment[], expr: Expression) => void): void {
  switch (expr.kind) {
    case 'Identifier':
    case 'Member': {
      const segs = pathOf(expr);
      if (segs) fn(segs, expr);
      else if (expr.kind === 'Member') forEachName(expr.object, fn);
      return;
    }
    case 'Call':
      // A callee that is not `library.function` is reported as such (E035), not as names.
      for (const a of expr.args) forEachName(a, fn);
      return;
    case 'List':
      for (const a of expr.items) forEachName(a, fn);
      return;
    default:
      return;
  }
}

/** `lib.fn` with a plain identifier on the left. */
export function isLibraryCallee(
  e: Expression,
): e is Expression & { kind: 'Member'; object: { kind: 'Identifier'; name: string } } {
  return e.kind === 'Member' && e.object.kind === 'Identifier';
}
