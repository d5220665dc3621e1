/**
 * Completion: what may be written at the cursor, read from the product's own tokens (the lexer) and
 * the analysed model — keywords in position, library names after `import`, a library's functions
 * after `lib.` (checks in a `check` statement, selectors elsewhere, from the library's catalogue),
 * pattern names after `implements`, element names after `uses` and `connection to`, pattern
 * placeholders after `binds`, members after `name.`, and names and libraries where a value goes.
 */
import { CompletionItemKind, type CompletionItem } from 'vscode-languageserver';
import { isDependencyProvider } from '../libraries/types.js';
import { patternSlots, resolvePath, type FileUnit, type Member, type Node } from '../model/index.js';
import { tokenize, type Token } from '../syntax/index.js';
import type { Analysis } from './analysis.js';
import { signature } from './hover.js';

const TOP_LEVEL = ['import', 'from', 'element', 'pattern', 'template', 'language'];
const ELEMENT_BODY = ['element', 'scope', 'ref', 'connection_point', 'check'];
const PATTERN_BODY = [...ELEMENT_BODY, 'requires', 'allows', 'forbids'];
const REQUIREMENT = ['descendant', 'element', 'scope', 'ref', 'check', 'connection', 'language', 'implements'];

interface Context {
  a: Analysis;
  file: string;
  text: string;
  offset: number;
  unit: FileUnit | undefined;
  node: Node | undefined;
  /** Code tokens of the statement before the word under the cursor. */
  stmt: Token[];
  /** Open `(`/`[` in the statement before the cursor. */
  depth: number;
}

export async function completions(a: Analysis, file: string, text: string, offset: number): Promise<CompletionItem[]> {
  const word = /[A-Za-z_][A-Za-z0-9_]*$/.exec(text.slice(Math.max(0, offset - 200), offset))?.[0] ?? '';
  const wordStart = offset - word.length;
  const tokens = tokenize(text, file)
    .tokens.filter((t) => t.end > t.start && t.kind !== 'doc')
    .sort((x, y) => x.start - y.start);
  if (tokens.some((t) => t.kind === 'string' && t.start < offset && offset < t.end)) return [];
  if (inComment(text, tokens, wordStart)) return [];
  const before = tokens.filter((t) => t.end <= wordStart);
  const { stmt, depth } = statementOf(before, text, wordStart);
  const unit = a.model.units.find((u) => u.file === file);
  const ctx: Context = {
    a,
    file,
    text,
    offset,
    unit,
    node: unit ? enclosingNode(a, file, text, offset, before) : undefined,
    stmt,
    depth,
  };
  return dedupe(await itemsFor(ctx));
}

async function itemsFor(c: Context): Promise<CompletionItem[]> {
  const { stmt } = c;
  const first = stmt[0];
  const last = stmt[stmt.length - 1];
  if (!last || !first) return keywordsHere(c);
  const is = (t: Token | undefined, kind: Token['kind'], text?: string): boolean =>
    t !== undefined && t.kind === kind && (text === undefined || t.text === text);
  const kw = (t: Token | undefined, text: string): boolean => is(t, 'keyword', text);
  if (is(last, 'punct', '.')) return afterDot(c);
  if ((kw(first, 'import') || kw(first, 'from')) && stmt.length === 1) return libraryNames(c);
  if (kw(first, 'from') && kw(last, 'import')) return [];
  if (kw(last, 'implements') || (is(last, 'punct', ',') && stmt.some((t) => kw(t, 'implements')) && c.depth === 0))
    return patternNames(c);
  if (kw(last, 'uses') || kw(last, 'to')) return elementNames(c);
  if (kw(last, 'binds')) return slotNames(c);
  if (kw(last, 'check') && stmt.length === 1) return libraryAliases(c);
  if (is(last, 'punct', '<')) return languageNames(c);
  if (['requires', 'allows', 'forbids', 'descendant'].some((w) => kw(last, w)))
    return keywords(kw(last, 'descendant') ? REQUIREMENT.filter((w) => w !== 'descendant') : REQUIREMENT);
  if (kw(last, 'connection') && stmt.length <= 3) return keywords(['to']);
  if (['=', '(', ',', '['].some((p) => is(last, 'punct', p))) return valueNames(c);
  if (kw(first, 'element') && stmt.length === 2) return keywords(['implements']);
  if (
    (kw(first, 'scope') || kw(first, 'ref') || kw(first, 'connection_point')) &&
    (is(last, 'punct', '>') || is(last, 'identifier')) &&
    !stmt.some((t) => is(t, 'punct', '='))
  ) {
    return keywords(['binds']);
  }
  if (is(first, 'identifier') && stmt.length === 1 && c.node) return keywords(['uses']);
  return [];
}

// ---------------------------------------------------------------- contexts

function keywordsHere(c: Context): CompletionItem[] {
  if (!c.node) return keywords(TOP_LEVEL);
  const words = c.node.kind === 'pattern' ? PATTERN_BODY : ELEMENT_BODY;
  // A statement may also start with a member's name: `code uses core`.
  const members = [...c.node.scopes, ...c.node.refs].map((m) => memberItem(m));
  return [...keywords(words), ...members];
}

async function afterDot(c: Context): Promise<CompletionItem[]> {
  const chain = dottedBefore(c.stmt);
  if (chain.length === 0 || !c.unit) return [];
  const first = c.stmt[0];
  if (first?.kind === 'keyword' && (first.text === 'import' || first.text === 'from')) return [];
  const inBinds =
    c.stmt.some((t) => t.kind === 'keyword' && t.text === 'binds') &&
    !c.stmt.some((t) => t.kind === 'punct' && t.text === '=');
  const segs = chain.map((t) => ({ name: t.text, span: { start: pos(t.start), end: pos(t.end) } }));
  if (chain.length === 1 && !inBinds) {
    const lib =
      c.unit.libraries.get(chain[0]!.text) ?? (c.a.libs.env.registry.has(chain[0]!.text) ? chain[0]!.text : undefined);
    const asName = resolvePath(segs, c.node, c.unit);
    if (lib !== undefined && !asName.ok) {
      const doc = await c.a.libs.docs(lib);
      if (!doc) return [];
      const wantChecks = first?.kind === 'keyword' && first.text === 'check' && c.depth === 0;
      const list = wantChecks ? doc.checks : doc.functions;
      return list.map((f, i) => ({
        label: f.name,
        kind: wantChecks ? CompletionItemKind.Method : CompletionItemKind.Function,
        detail: signature(chain[0]!.text, f),
        documentation: f.description,
        sortText: String(i).padStart(4, '0'),
      }));
    }
  }
  const r = resolvePath(segs, inBinds ? undefined : c.node, c.unit);
  if (!r.ok) return [];
  if (r.target.kind === 'node')
    return [...r.target.node.members.values()].map((m) => ('nameSpan' in m ? nodeItem(m) : memberItem(m)));
  if (r.target.kind === 'unit') return [...r.target.unit.topLevel.values()].map(nodeItem);
  return [];
}

function libraryNames(c: Context): CompletionItem[] {
  return c.a.libs.env.registry
    .names()
    .map((n) => ({ label: n, kind: CompletionItemKind.Module, detail: `library (${kindOf(c, n)})` }));
}

function libraryAliases(c: Context): CompletionItem[] {
  const imported = c.unit ? [...c.unit.libraries.keys()] : [];
  return imported.map((n) => ({ label: n, kind: CompletionItemKind.Module, detail: 'imported library' }));
}

function languageNames(c: Context): CompletionItem[] {
  return c.a.libs.env.registry
    .list()
    .filter((l) => isDependencyProvider(l))
    .map((l) => ({
      label: (l as unknown as { language: string }).language,
      kind: CompletionItemKind.EnumMember,
      detail: 'language',
    }));
}

function patternNames(c: Context): CompletionItem[] {
  if (!c.unit) return [];
  return visibleTopLevel(c.unit)
    .filter((n) => n.kind === 'pattern')
    .map(nodeItem);
}

function elementNames(c: Context): CompletionItem[] {
  if (!c.unit) return [];
  const out: CompletionItem[] = [];
  for (let n = c.node; n; n = n.parent) for (const m of n.children) out.push(nodeItem(m));
  for (const n of visibleTopLevel(c.unit)) if (n.kind === 'element') out.push(nodeItem(n));
  for (const alias of c.unit.fileAliases.keys())
    out.push({ label: alias, kind: CompletionItemKind.File, detail: 'imported spec' });
  return out;
}

function slotNames(c: Context): CompletionItem[] {
  const out: CompletionItem[] = [];
  for (let n = c.node; n; n = n.parent) {
    for (const p of n.implements) {
      for (const s of patternSlots(p))
        out.push({
          label: s.key,
          kind: s.member.kind === 'scope' ? CompletionItemKind.Variable : CompletionItemKind.Property,
          detail: `${s.member.kind} placeholder of pattern ${p.name}`,
        });
    }
  }
  return out;
}

function valueNames(c: Context): CompletionItem[] {
  const out: CompletionItem[] = [...libraryAliases(c)];
  for (let n = c.node; n; n = n.parent) {
    for (const m of n.members.values()) out.push('nameSpan' in m ? nodeItem(m) : memberItem(m));
  }
  if (c.unit) for (const n of visibleTopLevel(c.unit)) if (n.kind === 'element') out.push(nodeItem(n));
  out.push(...keywords(['true', 'false']));
  return out;
}

// ---------------------------------------------------------------- helpers

function keywords(words: readonly string[]): CompletionItem[] {
  return words.map((w) => ({ label: w, kind: CompletionItemKind.Keyword }));
}

function nodeItem(n: Node): CompletionItem {
  const item: CompletionItem = {
    label: n.name,
    kind: n.kind === 'pattern' ? CompletionItemKind.Interface : CompletionItemKind.Class,
    detail: n.kind === 'pattern' ? `pattern ${n.name}` : `element ${n.path}`,
  };
  if (n.decl.doc) item.documentation = n.decl.doc;
  return item;
}

function memberItem(m: Member): CompletionItem {
  const item: CompletionItem = {
    label: m.name,
    kind: m.kind === 'scope' ? CompletionItemKind.Variable : CompletionItemKind.Property,
    detail: `${m.kind} of ${m.owner.path}`,
  };
  if (m.decl.doc) item.documentation = m.decl.doc;
  return item;
}

function kindOf(c: Context, name: string): string {
  const k = c.a.libs.env.registry.get(name)?.kind;
  return k === 'builtin' ? 'built-in' : k === 'wasm' ? 'WebAssembly' : 'external';
}

/** Top-level declarations visible in a file: its own, then those of files imported without alias. */
function visibleTopLevel(unit: FileUnit): Node[] {
  const out = [...unit.topLevel.values()];
  for (const u of unit.openImports)
    for (const n of u.topLevel.values()) if (!out.some((o) => o.name === n.name)) out.push(n);
  return out;
}

function dedupe(items: CompletionItem[]): CompletionItem[] {
  const seen = new Set<string>();
  return items.filter((i) => {
    if (seen.has(i.label)) return false;
    seen.add(i.label);
    return true;
  });
}

/** `a.b.` before the cursor → tokens `a`, `b`. */
function dottedBefore(stmt: Token[]): Token[] {
  const out: Token[] = [];
  let i = stmt.length - 1;
  while (
    i >= 1 &&
    stmt[i]!.kind === 'punct' &&
    stmt[i]!.text === '.' &&
    (stmt[i - 1]!.kind === 'identifier' || stmt[i - 1]!.kind === 'keyword')
  ) {
    out.unshift(stmt[i - 1]!);
    i -= 2;
  }
  return out;
}

/** A position for a name typed in the buffer (resolution only reports offsets back, never lines). */
function pos(offset: number): { line: number; column: number; offset: number } {
  return { line: 0, column: 0, offset };
}

/**
 * Tokens of the statement the cursor is in: from the last statement boundary (`;`, `{`, `}`, or a
 * line break outside brackets) up to the cursor.
 */
function statementOf(before: Token[], text: string, cursor: number): { stmt: Token[]; depth: number } {
  let start = 0;
  let depth = 0;
  for (let i = 0; i < before.length; i++) {
    const t = before[i]!;
    const prev = before[i - 1];
    if (depth === 0 && prev && text.slice(prev.end, t.start).includes('\n')) start = i;
    if (t.kind === 'punct') {
      if (t.text === '(' || t.text === '[') depth++;
      else if ((t.text === ')' || t.text === ']') && depth > 0) depth--;
      else if ((t.text === ';' || t.text === '{' || t.text === '}') && depth === 0) start = i + 1;
    }
  }
  const lastBefore = before[before.length - 1];
  if (depth === 0 && lastBefore && text.slice(lastBefore.end, cursor).includes('\n')) return { stmt: [], depth: 0 };
  let d = 0;
  const stmt = before.slice(start);
  for (const t of stmt) {
    if (t.kind === 'punct' && (t.text === '(' || t.text === '[')) d++;
    else if (t.kind === 'punct' && (t.text === ')' || t.text === ']') && d > 0) d--;
  }
  // A header ending with `:` opens an indented body: the cursor after it starts a new statement.
  const last = stmt[stmt.length - 1];
  if (
    last &&
    last.kind === 'punct' &&
    last.text === ':' &&
    d === 0 &&
    stmt[0]?.kind === 'keyword' &&
    ['element', 'pattern', 'template', 'language'].includes(stmt[0].text)
  ) {
    return { stmt: [], depth: 0 };
  }
  return { stmt, depth: d };
}

/** True when the cursor is after a `#` comment start on its line (outside strings). */
function inComment(text: string, tokens: Token[], offset: number): boolean {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  let from = lineStart;
  for (const t of tokens) {
    if (t.end <= lineStart || t.start >= offset) continue;
    if (t.start > from && text.slice(from, t.start).includes('#')) return true;
    from = Math.max(from, t.end);
  }
  return text.slice(from, offset).includes('#');
}

/**
 * The innermost element or pattern whose body holds the cursor. An indented body also holds the
 * lines after its last statement while they stay indented deeper than its header.
 */
function enclosingNode(a: Analysis, file: string, text: string, offset: number, before: Token[]): Node | undefined {
  const nodes = [
    ...a.model.elements,
    ...a.model.patterns.flatMap(function all(p: Node): Node[] {
      return [p, ...p.children.flatMap(all)];
    }),
  ].filter((n) => n.file === file);
  const cursorIndent = indentOfLine(text, offset, true);
  let best: Node | undefined;
  for (const n of nodes) {
    const span = n.decl.span;
    if (span.start.offset > offset) continue;
    let inside = offset <= span.end.offset && !(offset === span.end.offset && text[offset - 1] === '}');
    if (!inside && n.decl.blockStyle === 'indent') {
      const header = indentOfLine(text, span.start.offset, false);
      inside = cursorIndent > header && !before.some((t) => t.start >= span.end.offset && t.lineIndent <= header);
    }
    if (inside && (!best || n.depth >= best.depth)) best = n;
  }
  return best;
}

/** Width of the leading whitespace of the line holding `offset` (tab = 4); up to the cursor when `partial`. */
function indentOfLine(text: string, offset: number, partial: boolean): number {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const end = partial ? offset : text.length;
  let w = 0;
  for (let i = lineStart; i < end; i++) {
    const ch = text[i];
    if (ch === ' ') w++;
    else if (ch === '\t') w += 4;
    else break;
  }
  return w;
}
