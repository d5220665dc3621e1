/**
 * Document symbols (the outline: imports, languages, patterns and elements with their scopes, refs
 * and children) and folding ranges (declaration bodies, runs of `##` doc comments, the import
 * block), read from the AST the parser produced for the document.
 */
import { FoldingRangeKind, SymbolKind, type DocumentSymbol, type FoldingRange } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ElementDecl, PatternDecl, Program, RefDecl, ScopeDecl } from '../syntax/ast.js';
import { tokenize } from '../syntax/index.js';
import { spanToRange } from './paths.js';

export function documentSymbols(program: Program, doc: TextDocument): DocumentSymbol[] {
  const sym = (
    name: string,
    detail: string | undefined,
    kind: SymbolKind,
    decl: { span: ElementDecl['span'] },
    nameSpan: ElementDecl['span'],
    children: DocumentSymbol[] = [],
  ): DocumentSymbol => {
    const range = spanToRange(doc, decl.span);
    let selectionRange = spanToRange(doc, nameSpan);
    const inside = (p: typeof range.start): boolean =>
      (p.line > range.start.line || (p.line === range.start.line && p.character >= range.start.character)) &&
      (p.line < range.end.line || (p.line === range.end.line && p.character <= range.end.character));
    if (!inside(selectionRange.start) || !inside(selectionRange.end))
      selectionRange = { start: range.start, end: range.start };
    const s: DocumentSymbol = { name: name || '?', kind, range, selectionRange, children };
    if (detail) s.detail = detail;
    return s;
  };
  const member = (m: ScopeDecl | RefDecl): DocumentSymbol => {
    if (m.kind === 'Scope')
      return sym(m.name.name, m.language ? `scope<${m.language.name}>` : 'scope', SymbolKind.Variable, m, m.name.span);
    return sym(m.name.name, `${m.keyword}: ${m.type.name}`, SymbolKind.Property, m, m.name.span);
  };
  const element = (e: ElementDecl): DocumentSymbol =>
    sym(
      e.name.name,
      e.implements.length > 0 ? `implements ${e.implements.map((i) => i.name).join(', ')}` : 'element',
      SymbolKind.Class,
      e,
      e.name.span,
      [...e.scopes.map(member), ...e.refs.map(member), ...e.children.map(element)],
    );
  const pattern = (p: PatternDecl): DocumentSymbol =>
    sym(p.name.name, p.keyword, SymbolKind.Interface, p, p.name.span, [
      ...p.scopes.map(member),
      ...p.refs.map(member),
      ...p.elements.map(element),
    ]);
  const byStart = (a: DocumentSymbol, b: DocumentSymbol): number =>
    a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
  const sortTree = (list: DocumentSymbol[]): DocumentSymbol[] => {
    list.sort(byStart);
    for (const s of list) if (s.children) sortTree(s.children);
    return list;
  };
  return sortTree([
    ...program.imports.map((i) => {
      const name = i.path.kind === 'File' ? i.path.value : i.path.segments.map((s) => s.name).join('.');
      const nameSpan = i.path.kind === 'File' ? i.path.span : i.span;
      return sym(i.alias ? `${name} as ${i.alias.name}` : name, i.form, SymbolKind.Module, i, nameSpan);
    }),
    ...program.languages.map((l) =>
      sym(
        l.name.name,
        'language',
        SymbolKind.Namespace,
        l,
        l.name.span,
        l.connectionChecks.map((c) => sym(c.name.name, 'connection_check', SymbolKind.Function, c, c.name.span)),
      ),
    ),
    ...program.patterns.map(pattern),
    ...program.elements.map(element),
  ]);
}

export function foldingRanges(program: Program, doc: TextDocument): FoldingRange[] {
  const out: FoldingRange[] = [];
  const fold = (span: ElementDecl['span'], kind?: FoldingRangeKind): void => {
    const r = spanToRange(doc, span);
    if (r.end.line <= r.start.line) return;
    // Brace bodies end on the `}` line, which stays visible; indented bodies fold to their last line.
    const endLine = doc.getText(r).trimEnd().endsWith('}') ? r.end.line - 1 : r.end.line;
    if (endLine > r.start.line)
      out.push(kind ? { startLine: r.start.line, endLine, kind } : { startLine: r.start.line, endLine });
  };
  const element = (e: ElementDecl): void => {
    fold(e.span);
    e.children.forEach(element);
  };
  for (const p of program.patterns) {
    fold(p.span);
    p.elements.forEach(element);
  }
  program.elements.forEach(element);
  for (const l of program.languages) fold(l.span);
  const imports = program.imports;
  if (imports.length > 1) {
    const first = imports[0] as (typeof imports)[number];
    const last = imports[imports.length - 1] as (typeof imports)[number];
    fold({ start: first.span.start, end: last.span.end }, FoldingRangeKind.Imports);
  }
  // Runs of `##` doc comments on consecutive lines.
  let run: { start: number; end: number } | undefined;
  const flush = (): void => {
    if (run && run.end > run.start)
      out.push({ startLine: run.start, endLine: run.end, kind: FoldingRangeKind.Comment });
    run = undefined;
  };
  for (const t of tokenize(doc.getText(), program.file).tokens) {
    if (t.kind !== 'doc' || t.trailing) continue;
    const line = doc.positionAt(t.start).line;
    if (run && line === run.end + 1) run.end = line;
    else {
      flush();
      run = { start: line, end: line };
    }
  }
  flush();
  return out.sort((a, b) => a.startLine - b.startLine);
}
