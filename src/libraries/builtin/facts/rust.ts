/** Facts of a Rust file, from its tree-sitter syntax tree. */
import type { Language, Node, Tree } from 'web-tree-sitter';
import type { FileFacts, ImportFact, SymbolFact } from './types.js';
import { emptyFacts } from './types.js';
import { type AttrInfo, CFG_ATTR_PATH, lastSegment, MACRO_MOD, TEST_ATTRIBUTES } from './rust-text.js';
import { firstLine, pos, queryFor, squash, stringLiteralValue } from './util.js';

const QUERY = `
(use_declaration argument: (_) @arg) @use
(mod_item name: (identifier) @name) @mod
(extern_crate_declaration name: (identifier) @name) @extern
(struct_item name: (type_identifier) @name) @struct
(enum_item name: (type_identifier) @name) @enum
(union_item name: (type_identifier) @name) @union
(trait_item name: (type_identifier) @name) @trait
(type_item name: (type_identifier) @name) @type
(function_item name: (identifier) @name) @function
(function_signature_item name: (identifier) @name) @function
(impl_item type: (_) @name) @impl
(scoped_identifier) @path
(scoped_type_identifier) @path
(type_identifier) @typeref
(line_comment) @comment
(block_comment) @comment
(inner_attribute_item) @inner
(attribute_item) @attr
(source_file (macro_invocation (token_tree) @tokens) @macro)
(declaration_list (macro_invocation (token_tree) @tokens) @macro)
`;

const USE_PARENTS = new Set([
  'use_declaration',
  'scoped_use_list',
  'use_as_clause',
  'use_list',
  'scoped_identifier',
  'scoped_type_identifier',
  'use_wildcard',
]);

function isDocComment(text: string): 'outer' | 'inner' | undefined {
  if (text.startsWith('//!') || text.startsWith('/*!')) return 'inner';
  if (
    (text.startsWith('///') && !text.startsWith('////')) ||
    (text.startsWith('/**') && !text.startsWith('/***') && text !== '/**/')
  )
    return 'outer';
  return undefined;
}

/** Attributes and doc comments directly before an item. */
function leadingAttributes(item: Node): AttrInfo {
  const info: AttrInfo = { documented: false, test: false, derives: [], cfgPaths: [] };
  for (let s = item.previousNamedSibling; s; s = s.previousNamedSibling) {
    if (s.type === 'line_comment' || s.type === 'block_comment') {
      if (isDocComment(s.text) === 'outer') info.documented = true;
      continue;
    }
    if (s.type !== 'attribute_item') break;
    const attr = s.firstNamedChild;
    if (!attr) continue;
    const pathNode = attr.firstNamedChild;
    const path = pathNode ? squash(pathNode.text) : '';
    const last = lastSegment(path);
    const args = attr.childForFieldName('arguments');
    if (last === 'test' || TEST_ATTRIBUTES.test(last)) info.test = true;
    if (path === 'doc') info.documented = true;
    if (path === 'derive' && args) {
      for (const c of args.namedChildren)
        if (c && (c.type === 'identifier' || c.type === 'scoped_identifier')) info.derives.push(lastSegment(c.text));
      // `#[derive(a::B)]` may come as a flat token tree: identifiers separated by `::`
      for (const id of args.descendantsOfType('identifier')) {
        const next = id?.nextSibling;
        if (id && next?.type !== '::' && !info.derives.includes(id.text)) info.derives.push(id.text);
      }
    }
    if (path === 'path') {
      const v = attr.childForFieldName('value');
      if (v) info.pathAttr = stringLiteralValue(v.text);
    }
    if (path === 'cfg_attr' && args) {
      const m = CFG_ATTR_PATH.exec(args.text);
      if (m) info.cfgPaths.push(m[1]!);
    }
  }
  return info;
}

interface Where {
  /** `a::b` chain of enclosing inline modules. */
  inlineModule?: string;
  container?: string;
  topLevel: boolean;
}

/** An item that encloses later captures (captures arrive in document order). */
interface Open {
  type: 'mod' | 'impl' | 'trait' | 'function';
  name: string;
  end: number;
}

function whereIn(open: Open[], node: Node): Where {
  while (open.length > 0 && open[open.length - 1]!.end <= node.startIndex) open.pop();
  const mods: string[] = [];
  let container: string | undefined;
  let inFunction = false;
  for (let i = open.length - 1; i >= 0; i--) {
    const o = open[i]!;
    if (o.type === 'mod') mods.unshift(o.name);
    else if (o.type === 'function') inFunction = true;
    else container ??= o.name;
  }
  const w: Where = { topLevel: !inFunction && container === undefined && mods.length === 0 };
  if (mods.length > 0) w.inlineModule = mods.join('::');
  if (container !== undefined) w.container = container;
  return w;
}

/** Expands a use tree into one path per leaf (`a::{b, c::d as e}` → `a::b`, `a::c::d` as `e`). */
function expandUse(node: Node, prefix: string, out: { path: string; alias?: string; node: Node }[]): void {
  const join = (a: string, b: string) => (a === '' ? b : b === 'self' ? a : `${a}::${b}`);
  switch (node.type) {
    case 'use_as_clause': {
      const path = node.childForFieldName('path');
      const alias = node.childForFieldName('alias')?.text;
      if (path)
        out.push(
          alias
            ? { path: join(prefix, squash(path.text)), alias, node }
            : { path: join(prefix, squash(path.text)), node },
        );
      return;
    }
    case 'scoped_use_list': {
      const path = node.childForFieldName('path');
      const list = node.childForFieldName('list');
      const p = path ? join(prefix, squash(path.text)) : prefix;
      if (list) expandUse(list, p, out);
      return;
    }
    case 'use_list':
      // comments between the entries are not entries
      for (const c of node.namedChildren)
        if (c && c.type !== 'line_comment' && c.type !== 'block_comment') expandUse(c, prefix, out);
      return;
    case 'use_wildcard':
      out.push({ path: join(prefix, squash(node.text)), node });
      return;
    default:
      out.push({ path: join(prefix, squash(node.text)), node });
  }
}

/** The query without type references (the outline: `FileFacts.typeRefsOmitted`). */
const OUTLINE_QUERY = QUERY.replace('(type_identifier) @typeref\n', '');

/**
 * Facts of a Rust file. `withTypeRefs: false` gives the outline that the import graph, module and
 * symbol questions use: everything but the type references (`typeRefsOmitted`).
 */
export function rustFacts(
  tree: Tree,
  language: Language,
  withTypeRefs = true,
  /** Asked while the query runs: true cancels it (the caller then discards the facts). */
  cancel?: () => boolean,
): FileFacts {
  const facts = emptyFacts('rust');
  const imports: ImportFact[] = facts.imports;
  const symbols: SymbolFact[] = facts.symbols;
  const typeRefs = new Set<string>();
  const open: Open[] = [];
  const enclosing = (node: Node) => whereIn(open, node);
  const addSymbol = (
    kind: SymbolFact['kind'],
    item: Node,
    nameNode: Node,
    name: string,
    extra: Partial<SymbolFact> = {},
  ) => {
    const attrs = leadingAttributes(item);
    const where = enclosing(item);
    const vis = item.namedChildren.some((c) => c?.type === 'visibility_modifier');
    const s: SymbolFact = {
      kind,
      name,
      ...pos(nameNode),
      exported: vis,
      documented: attrs.documented,
      topLevel: where.topLevel,
      ...extra,
    };
    if (where.container !== undefined) s.container = where.container;
    if (where.inlineModule !== undefined) s.inlineModule = where.inlineModule;
    if (kind === 'module' && item.childForFieldName('body')) s.hasBody = true;
    if (attrs.derives.length > 0) s.derives = attrs.derives;
    if (attrs.test) {
      s.test = true;
      facts.hasTests = true;
    }
    if (attrs.documented) facts.anyDoc = true;
    symbols.push(s);
    const opener =
      kind === 'module'
        ? 'mod'
        : kind === 'impl'
          ? 'impl'
          : kind === 'trait'
            ? 'trait'
            : kind === 'function'
              ? 'function'
              : undefined;
    if (opener)
      open.push({ type: opener, name: kind === 'impl' ? lastSegment(nameNode.text) : name, end: item.endIndex });
    return { attrs, where };
  };
  if (!withTypeRefs) facts.typeRefsOmitted = true;
  const query = queryFor(language, withTypeRefs ? QUERY : OUTLINE_QUERY);
  for (const cap of query.captures(tree.rootNode, cancel ? { progressCallback: cancel } : undefined)) {
    const node = cap.node;
    switch (cap.name) {
      case 'use': {
        const arg = node.childForFieldName('argument');
        if (!arg) break;
        const leaves: { path: string; alias?: string; node: Node }[] = [];
        expandUse(arg, '', leaves);
        const where = enclosing(node);
        const reexport = node.namedChildren.some((c) => c?.type === 'visibility_modifier' && c.text.startsWith('pub'));
        for (const l of leaves) {
          const f: ImportFact = { specifier: l.path, form: 'use', ...pos(l.node), text: firstLine(node.text) };
          if (l.alias) f.alias = l.alias;
          if (reexport) f.reexport = true;
          if (l.path.startsWith('::')) f.global = true;
          if (where.inlineModule) f.inlineModule = where.inlineModule;
          imports.push(f);
        }
        break;
      }
      case 'mod': {
        const nameNode = node.childForFieldName('name');
        if (!nameNode) break;
        const body = node.childForFieldName('body');
        const { attrs, where } = addSymbol('module', node, nameNode, nameNode.text);
        if (!body) {
          const f: ImportFact = { specifier: nameNode.text, form: 'mod', ...pos(node), text: firstLine(node.text) };
          if (attrs.pathAttr) f.pathAttr = attrs.pathAttr;
          if (attrs.cfgPaths.length > 0) f.cfgPaths = attrs.cfgPaths;
          if (where.inlineModule) f.inlineModule = where.inlineModule;
          imports.push(f);
        }
        break;
      }
      case 'macro': {
        const tokens = node.namedChildren.find((c) => c?.type === 'token_tree');
        if (!tokens || !/\bmod\b/.test(tokens.text)) break;
        const where = enclosing(node);
        const base = tokens.startPosition;
        const text = tokens.text;
        for (const m of text.matchAll(MACRO_MOD)) {
          const at = m.index + m[0].lastIndexOf('mod');
          const before = text.slice(0, at);
          const nl = before.lastIndexOf('\n');
          const line = base.row + 1 + (before.match(/\n/g)?.length ?? 0);
          const column = nl < 0 ? base.column + 1 + at : at - nl;
          const f: ImportFact = { specifier: m[2]!, form: 'mod', line, column, text: firstLine(m[0]), inMacro: true };
          if (m[1] !== undefined) f.pathAttr = m[1];
          if (where.inlineModule) f.inlineModule = where.inlineModule;
          imports.push(f);
        }
        break;
      }
      case 'extern': {
        const nameNode = node.childForFieldName('name');
        if (nameNode)
          imports.push({ specifier: nameNode.text, form: 'extern-crate', ...pos(node), text: firstLine(node.text) });
        break;
      }
      case 'struct':
      case 'enum':
      case 'union':
      case 'trait':
      case 'type':
      case 'function': {
        const nameNode = node.childForFieldName('name');
        if (!nameNode) break;
        const extra: Partial<SymbolFact> = {};
        if (cap.name === 'function') {
          const rt = node.childForFieldName('return_type');
          if (rt) {
            extra.returnText = squash(rt.text);
            extra.returnTypes = [
              ...new Set(
                [rt, ...rt.descendantsOfType('type_identifier')]
                  .filter((n): n is Node => !!n && n.type === 'type_identifier')
                  .map((n) => n.text),
              ),
            ];
          }
        }
        const kind = cap.name === 'function' ? 'function' : cap.name;
        const { where } = addSymbol(kind, node, nameNode, nameNode.text, extra);
        if (cap.name === 'function' && where.container !== undefined) symbols[symbols.length - 1]!.kind = 'method';
        break;
      }
      case 'impl': {
        const typeNode = node.childForFieldName('type');
        if (!typeNode) break;
        const traitNode = node.childForFieldName('trait');
        const extra: Partial<SymbolFact> = {};
        if (traitNode) {
          extra.trait = lastSegment(traitNode.text);
          extra.traitPath = squash(traitNode.text).replace(/<.*$/s, '');
        }
        addSymbol('impl', node, typeNode, lastSegment(typeNode.text), extra);
        break;
      }
      case 'path': {
        const parent = node.parent;
        if (parent && USE_PARENTS.has(parent.type)) break;
        if (parent?.type === 'attribute') break;
        const text = squash(node.text);
        if (withTypeRefs)
          for (const seg of text.split('::')) if (/^[A-Z]/.test(seg)) typeRefs.add(seg.replace(/<.*$/s, ''));
        const segs = text.split('::');
        const first = (segs[0] === '' ? segs[1] : segs[0]) ?? '';
        if (first === '' || /^[A-Z]/.test(first) || first === 'std' || first === 'core' || first === 'alloc') break;
        const f: ImportFact = { specifier: text, form: 'path', ...pos(node), text: firstLine(node.text) };
        if (text.startsWith('::')) f.global = true;
        const where = enclosing(node);
        if (where.inlineModule) f.inlineModule = where.inlineModule;
        imports.push(f);
        break;
      }
      case 'typeref':
        typeRefs.add(node.text);
        break;
      case 'comment': {
        const kind = isDocComment(node.text);
        if (kind) facts.anyDoc = true;
        if (kind === 'inner' && node.parent?.type === 'source_file') facts.moduleDoc = true;
        break;
      }
      case 'inner': {
        const t = squash(node.text);
        if (t.startsWith('#![doc')) {
          facts.anyDoc = true;
          facts.moduleDoc = true;
        }
        break;
      }
      case 'attr': {
        const t = squash(node.text);
        if (t === '#[cfg(test)]' || t.startsWith('#[cfg(all(test') || t.startsWith('#[cfg(any(test'))
          facts.hasTests = true;
        if (t.startsWith('#[doc')) facts.anyDoc = true;
        break;
      }
    }
  }
  facts.typeRefs = [...typeRefs];
  if (tree.rootNode.hasError) facts.syntaxErrors = tree.rootNode.descendantsOfType('ERROR').length || 1;
  return facts;
}
