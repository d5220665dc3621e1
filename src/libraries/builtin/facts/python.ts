/**
 * Facts of a Python file, from its tree-sitter syntax tree. Two passes give the same imports,
 * definitions, docs and `__all__` (checked on every file of the standard library and more):
 *
 * - full (with calls): one depth-first walk in C (`descendantsOfType`) returns every node a fact
 *   comes from, in document order;
 * - outline (no calls): a walk over statements only, which never enters expressions (see
 *   `OutlineWalk`); about four times cheaper, and all the import graph needs.
 *
 * Either way JavaScript reads only the few children each fact needs and takes texts by slicing the
 * source (node indices are string indices): every node property read is a call into WebAssembly.
 */
import type { Node, Tree } from 'web-tree-sitter';
import type { CallFact, FileFacts, ImportFact, SymbolFact } from './types.js';
import { emptyFacts } from './types.js';
import { firstLine, squash, stringLiteralValue } from './util.js';

/** Node types facts are taken from. */
const OUTLINE_TYPES = ['import_statement', 'import_from_statement', 'class_definition', 'function_definition'];
const FACT_TYPES = [...OUTLINE_TYPES, 'call'];

/** Open class/function definitions around the current node (nodes arrive in document order). */
interface Open {
  kind: 'class' | 'function';
  name: string;
  end: number;
}

/** Reads node texts from the source the tree was parsed from. */
class Source {
  private markers: number[] | undefined;
  constructor(readonly text: string) {}
  of(node: Node): string {
    return this.text.slice(node.startIndex, node.endIndex);
  }
  /** Could a statement starting here be a string literal (a docstring)? Prefix letters, then a quote. */
  stringAt(index: number): boolean {
    STRING_START.lastIndex = index;
    return STRING_START.test(this.text);
  }
  /**
   * Does [start, end) contain the word `import`, `def` or `class` anywhere (even in strings or
   * comments)? Every node the outline walk reports contains one of these keywords, so a range
   * without any holds no fact.
   */
  mayHoldFacts(start: number, end: number): boolean {
    if (!this.markers) {
      this.markers = [];
      // keywords are whole words (`__class__`, `default`, `classmethod` do not count)
      for (const m of this.text.matchAll(/\b(?:import|def|class)\b/g)) this.markers.push(m.index);
    }
    const ms = this.markers;
    let lo = 0;
    let hi = ms.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ms[mid]! < start) lo = mid + 1;
      else hi = mid;
    }
    return lo < ms.length && ms[lo]! < end;
  }
}

const STRING_START = /[a-zA-Z]{0,3}["']/y;

/*
 * Positions are written into the fact literals field by field (same keys, same order as before),
 * not spread from a position object: a spread goes through a generic property copy, and the hot
 * functions built that way were among the costliest for V8's optimizing compiler and were
 * recompiled more often (every worker compiles them anew, in helper threads that compete with the
 * parse for the same cores).
 */
const line = (node: Node) => node.startPosition.row + 1;
const column = (node: Node) => node.startPosition.column + 1;

/** A docstring: the block's first statement is a bare string literal. */
function hasDocstring(block: Node | null, src: Source): boolean {
  const first = block?.firstNamedChild;
  // the text test only avoids asking the tree about statements that cannot be a string
  return (
    !!first &&
    src.stringAt(first.startIndex) &&
    first.type === 'expression_statement' &&
    first.firstNamedChild?.type === 'string'
  );
}

/** Dotted name and alias of one `import a.b as c` part. */
function importParts(node: Node, src: Source): { name: string; alias?: string } {
  if (node.type === 'aliased_import') {
    const nameNode = node.childForFieldName('name');
    const name = nameNode ? squash(src.of(nameNode)) : '';
    const aliasNode = node.childForFieldName('alias');
    return aliasNode ? { name, alias: src.of(aliasNode) } : { name };
  }
  return { name: squash(src.of(node)) };
}

function importFacts(node: Node, src: Source, out: ImportFact[]): void {
  const text = firstLine(src.of(node));
  for (const n of node.childrenForFieldName('name')) {
    const { name, alias } = importParts(n, src);
    const f: ImportFact = { specifier: name, form: 'import', line: line(n), column: column(n), text };
    if (alias) f.alias = alias;
    out.push(f);
  }
}

function fromImportFacts(node: Node, src: Source, out: ImportFact[]): void {
  const mod = node.childForFieldName('module_name');
  if (!mod) return;
  const specifier = squash(src.of(mod));
  const text = firstLine(src.of(node));
  const parts = node.childrenForFieldName('name');
  const names: string[] = [];
  for (const n of parts) names.push(importParts(n, src).name);
  if (node.namedChildren.some((c) => c?.type === 'wildcard_import')) names.push('*');
  out.push({ specifier, names, form: 'from', line: line(node), column: column(node), text });
  // aliases of `from m import a as b` are kept as separate facts so calls through `b` resolve
  for (const n of parts) {
    if (n.type !== 'aliased_import') continue;
    const { name, alias } = importParts(n, src);
    if (alias) out.push({ specifier, names: [name], alias, form: 'from', line: line(n), column: column(n), text });
  }
}

/**
 * Records a class/function definition; returns its body. `end` bounds the definition (its end, or
 * where the next sibling statement starts): only used to know which later definitions it encloses.
 */
function definitionFact(
  node: Node,
  kind: 'class' | 'function',
  end: number,
  src: Source,
  open: Open[],
  facts: FileFacts,
): Node | null {
  const nameNode = node.childForFieldName('name');
  if (!nameNode) return null;
  const name = src.of(nameNode);
  const start = node.startIndex;
  while (open.length > 0 && open[open.length - 1]!.end <= start) open.pop();
  const inner = open[open.length - 1];
  open.push({ kind, name, end });
  const body = node.childForFieldName('body');
  const container = inner?.name;
  const isMethod = kind === 'function' && inner !== undefined && inner.kind === 'class';
  const s: SymbolFact = {
    kind: kind === 'class' ? 'class' : isMethod ? 'method' : 'function',
    name,
    line: line(nameNode),
    column: column(nameNode),
    exported: !name.startsWith('_') && container === undefined,
    // a block starts where its first statement does: no string there, no docstring (and no need
    // to ask the tree for the first statement of every body)
    documented: !!body && src.stringAt(body.startIndex) && hasDocstring(body, src),
    topLevel: container === undefined,
  };
  if (container !== undefined) s.container = container;
  // `->` somewhere in the header (maybe inside a default value) before asking the tree
  const header = body ? src.text.slice(start, body.startIndex) : src.of(node);
  const rt = kind === 'function' && header.includes('->') ? node.childForFieldName('return_type') : null;
  if (rt) {
    const rtText = src.of(rt);
    s.returnText = squash(rtText);
    const ids = new Set<string>();
    if (rt.type === 'identifier') ids.add(rtText);
    for (const id of rt.descendantsOfType('identifier')) if (id) ids.add(src.of(id));
    s.returnTypes = [...ids];
  }
  if ((kind === 'function' && name.startsWith('test')) || (kind === 'class' && name.startsWith('Test'))) {
    s.test = true;
    facts.hasTests = true;
  }
  facts.symbols.push(s);
  if (s.documented) facts.anyDoc = true;
  return body;
}

function callFact(node: Node, src: Source, out: CallFact[]): void {
  const fn = node.firstChild; // the grammar's `function` field is always the first child of a call
  if (!fn) return;
  const t = fn.type;
  if (t !== 'identifier' && t !== 'attribute') return;
  out.push({ callee: squash(src.of(fn)), line: line(fn), column: column(fn) });
}

/** `__all__ = [...]` / `(...)` at module level, when it is a literal list of strings. */
function dunderAll(statements: readonly (Node | null)[], src: Source): string[] | undefined {
  let found: string[] | undefined;
  for (const stmt of statements) {
    // cheap textual filter before asking the tree
    if (!stmt || !src.text.startsWith('__all__', stmt.startIndex) || stmt.type !== 'expression_statement') continue;
    const a = stmt.firstNamedChild;
    if (a?.type !== 'assignment') continue;
    const left = a.childForFieldName('left');
    if (!left || src.of(left) !== '__all__') continue;
    const right = a.childForFieldName('right');
    if (!right || (right.type !== 'list' && right.type !== 'tuple')) continue;
    // a plain loop: filter/map closures made this one of the costliest functions to optimize
    found = [];
    for (const c of right.namedChildren) if (c?.type === 'string') found.push(stringLiteralValue(src.of(c)));
  }
  return found;
}

/** Statement keywords of every node the outline walk stops at (sticky: tested at a statement's start). */
const OUTLINE_START = /(?:def|class|import|from|if|for|while|try|with|match|case|async)\b|@/y;

/** Compound statements and clauses: their blocks hold statements. */
const COMPOUND = new Set([
  'if_statement',
  'elif_clause',
  'else_clause',
  'for_statement',
  'while_statement',
  'try_statement',
  'except_clause',
  'except_group_clause',
  'finally_clause',
  'with_statement',
  'match_statement',
  'case_clause',
  'ERROR',
]);

/**
 * Imports and definitions without visiting expressions: statement lists, compound statements and
 * definition bodies only, for trees without syntax errors. Two text tests (on the source, never
 * instead of the tree) skip most statements without asking the tree: a statement that can hold a
 * fact starts with its keyword, and a range holding a fact contains `import`, `def` or `class`.
 * Each node's range is bounded by where its next sibling starts, so no end offset is asked for.
 */
class OutlineWalk {
  private readonly open: Open[] = [];
  constructor(
    private readonly src: Source,
    private readonly facts: FileFacts,
  ) {}

  /** Children of a module / block, the list ending at `end`. */
  statements(kids: readonly (Node | null)[], end: number): void {
    const text = this.src.text;
    for (let i = 0; i < kids.length; i++) {
      const c = kids[i];
      if (!c) continue;
      const start = c.startIndex;
      const stop = kids[i + 1]?.startIndex ?? end;
      OUTLINE_START.lastIndex = start;
      if (!OUTLINE_START.test(text)) continue;
      if (!this.src.mayHoldFacts(start, stop)) continue;
      this.statement(c, stop);
    }
  }

  private statement(node: Node, end: number): void {
    const t = node.type;
    switch (t) {
      case 'import_statement':
        importFacts(node, this.src, this.facts.imports);
        return;
      case 'import_from_statement':
        fromImportFacts(node, this.src, this.facts.imports);
        return;

      case 'class_definition':
      case 'function_definition': {
        const body = definitionFact(
          node,
          t === 'class_definition' ? 'class' : 'function',
          end,
          this.src,
          this.open,
          this.facts,
        );
        if (body && this.src.mayHoldFacts(body.startIndex, end)) this.statements(body.namedChildren, end);
        return;
      }
      case 'decorated_definition': {
        const def = node.childForFieldName('definition');
        if (def) this.statement(def, end);
        return;
      }
      case 'block':
        this.statements(node.namedChildren, end);
        return;
    }
    if (!COMPOUND.has(t)) return;
    const kids = node.namedChildren;
    for (let i = 0; i < kids.length; i++) {
      const k = kids[i];
      if (!k) continue;
      const stop = kids[i + 1]?.startIndex ?? end;
      if (this.src.mayHoldFacts(k.startIndex, stop)) this.statement(k, stop);
    }
  }
}

/** `TYPE_CHECKING` or `<anything>.TYPE_CHECKING` (`typing.TYPE_CHECKING`, `t.TYPE_CHECKING`). */
const TYPE_CHECKING = /^(?:[A-Za-z_][A-Za-z0-9_]*\.)*TYPE_CHECKING$/;

/**
 * Marks the imports of `if TYPE_CHECKING:` / `elif TYPE_CHECKING:` blocks (and the `else:` of
 * `if not TYPE_CHECKING:`)
 * as type-only: type checkers read them, the program never runs them.
 */
function markTypeCheckingImports(root: Node, src: Source, facts: FileFacts): void {
  const ranges: [Node['startPosition'], Node['endPosition']][] = [];
  for (const stmt of root.descendantsOfType(['if_statement', 'elif_clause'])) {
    const cond = stmt?.childForFieldName('condition');
    if (!stmt || !cond) continue;
    let c = squash(src.of(cond)).replace(/^\((.*)\)$/, '$1');
    const negated = c.startsWith('not') && cond.type === 'not_operator' && stmt.type === 'if_statement';
    if (negated) c = squash(src.of(cond.childForFieldName('argument') ?? cond));
    if (!TYPE_CHECKING.test(c)) continue;
    const block = negated
      ? stmt
          .childrenForFieldName('alternative')
          .find((a) => a?.type === 'else_clause')
          ?.childForFieldName('body')
      : stmt.childForFieldName('consequence');
    if (block) ranges.push([block.startPosition, block.endPosition]);
  }
  const before = (a: { row: number; column: number }, line: number, col: number) =>
    a.row + 1 < line || (a.row + 1 === line && a.column + 1 <= col);
  const after = (b: { row: number; column: number }, line: number, col: number) =>
    b.row + 1 > line || (b.row + 1 === line && b.column + 1 > col);
  for (const imp of facts.imports)
    if (ranges.some(([a, b]) => before(a, imp.line, imp.column) && after(b, imp.line, imp.column))) imp.typeOnly = true;
}

/**
 * Facts of a parsed Python file. `withCalls: false` skips the calls (the only facts that need a
 * walk through every expression of the file) and marks the facts `callsOmitted`.
 */
export function pythonFacts(tree: Tree, text: string, withCalls = true): FileFacts {
  const facts = emptyFacts('python');
  const src = new Source(text);
  const root = tree.rootNode;
  facts.moduleDoc = hasDocstring(root, src);
  const hasError = root.hasError;
  const top = root.namedChildren;
  if (withCalls || hasError) {
    // one walk in C over the whole tree; also used without calls when the tree has syntax errors,
    // since error recovery can put definitions where the outline walk does not look
    const open: Open[] = [];
    for (const node of root.descendantsOfType(withCalls ? FACT_TYPES : OUTLINE_TYPES)) {
      if (!node) continue;
      switch (node.type) {
        case 'call':
          callFact(node, src, facts.calls);
          break;
        case 'import_statement':
          importFacts(node, src, facts.imports);
          break;
        case 'import_from_statement':
          fromImportFacts(node, src, facts.imports);
          break;

        case 'class_definition':
          definitionFact(node, 'class', node.endIndex, src, open, facts);
          break;
        case 'function_definition':
          definitionFact(node, 'function', node.endIndex, src, open, facts);
          break;
      }
    }
  } else new OutlineWalk(src, facts).statements(top, text.length);
  if (!withCalls) facts.callsOmitted = true;
  if (text.includes('TYPE_CHECKING') && facts.imports.length > 0) markTypeCheckingImports(root, src, facts);
  if (facts.moduleDoc) facts.anyDoc = true;
  if (hasError) facts.syntaxErrors = root.descendantsOfType('ERROR').length || 1;
  const all = dunderAll(top, src);
  if (all) facts.dunderAll = all;
  return facts;
}
