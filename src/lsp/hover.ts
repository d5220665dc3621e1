/**
 * Hover text: a library function's signature and documentation (from the library's own catalogue:
 * built-in, WebAssembly or external), a library's description, and an element's, pattern's,
 * scope's or ref's declaration with its `##` documentation.
 */
import { MarkupKind, type Hover } from 'vscode-languageserver';
import type { FunctionDoc, LibraryDoc } from '../libraries/types.js';
import { describeNode } from '../model/index.js';
import type { Analysis } from './analysis.js';
import type { NameTarget, Occurrence } from './names.js';
import { spanToRange } from './paths.js';

export async function hoverFor(a: Analysis, occ: Occurrence): Promise<Hover | undefined> {
  const value = await markdownFor(a, occ.target);
  if (value === undefined) return undefined;
  const doc = a.document(occ.file);
  const hover: Hover = { contents: { kind: MarkupKind.Markdown, value } };
  if (doc) hover.range = spanToRange(doc, occ.span);
  return hover;
}

export async function markdownFor(a: Analysis, t: NameTarget): Promise<string | undefined> {
  switch (t.kind) {
    case 'function': {
      if (!t.found) return undefined;
      const doc = await a.libs.docs(t.library);
      if (!doc) return undefined;
      const fn = findFunction(doc, t.fn);
      if (!fn) return undefined;
      return functionMarkdown(t.local, fn.doc, fn.isCheck, doc);
    }
    case 'library': {
      if (!t.found) return undefined;
      const doc = await a.libs.docs(t.name);
      const kind = a.libs.env.registry.get(t.name)?.kind ?? 'builtin';
      if (!doc) return `**library \`${t.name}\`** (${kindLabel(kind)})`;
      return libraryMarkdown(doc, kind);
    }
    case 'node': {
      const n = t.node;
      const head = n.kind === 'pattern' ? `pattern ${n.name}` : `element ${n.path}`;
      const impl =
        n.decl.kind === 'Element' && n.decl.implements.length > 0
          ? ` implements ${n.decl.implements.map((i) => i.name).join(', ')}`
          : '';
      const where = n.kind === 'pattern-element' ? `\n\n${describeNode(n)}` : '';
      return `${code(head + impl)}${where}${n.decl.doc ? `\n\n${n.decl.doc}` : ''}\n\n${fileLine(n.file, n.nameSpan.start.line)}`;
    }
    case 'member': {
      const m = t.member;
      const d = m.decl;
      const text = a.document(m.owner.file)?.getText() ?? '';
      let head =
        d.kind === 'Scope'
          ? `scope ${d.name.name}${d.language ? `<${d.language.name}>` : ''}`
          : `${d.keyword} ${d.name.name}: ${d.type.name}`;
      if (d.binds) head += ` binds ${d.binds.map((i) => i.name).join('.')}`;
      if (d.expression) head += ` = ${text.slice(d.expression.span.start.offset, d.expression.span.end.offset)}`;
      return `${code(head)}\n\n${m.kind} of ${describeNode(m.owner)}${d.doc ? `\n\n${d.doc}` : ''}`;
    }
    case 'unit': {
      const doc = t.unit.program.doc;
      return `imported spec \`${t.unit.file}\`${doc ? `\n\n${doc}` : ''}`;
    }
  }
}

export function findFunction(doc: LibraryDoc, name: string): { doc: FunctionDoc; isCheck: boolean } | undefined {
  const sel = doc.functions.find((f) => f.name === name);
  if (sel) return { doc: sel, isCheck: false };
  const chk = doc.checks.find((f) => f.name === name);
  return chk ? { doc: chk, isCheck: true } : undefined;
}

export function signature(local: string, fn: FunctionDoc): string {
  return `${local}.${fn.name}(${fn.parameters.map((p) => `${p.name}: ${p.type}`).join(', ')}) -> ${fn.return_type}`;
}

export function functionMarkdown(local: string, fn: FunctionDoc, isCheck: boolean, lib: LibraryDoc): string {
  const parts = [code(signature(local, fn)), `${isCheck ? 'check' : 'selector'} of library \`${lib.name}\``];
  if (fn.description) parts.push(fn.description);
  const params = fn.parameters.filter((p) => p.description);
  if (params.length > 0) parts.push(params.map((p) => `- \`${p.name}\` (${p.type}): ${p.description}`).join('\n'));
  if (fn.example) parts.push(`Example:\n${code(fn.example)}`);
  return parts.join('\n\n');
}

function libraryMarkdown(doc: LibraryDoc, kind: string): string {
  const parts = [`**library \`${doc.name}\`**${doc.version ? ` ${doc.version}` : ''} (${kindLabel(kind)})`];
  if (doc.description) parts.push(doc.description);
  parts.push(
    `Selectors: ${doc.functions.map((f) => `\`${f.name}\``).join(', ') || 'none'}\n\nChecks: ` +
      `${doc.checks.map((f) => `\`${f.name}\``).join(', ') || 'none'}`,
  );
  return parts.join('\n\n');
}

function kindLabel(kind: string): string {
  return kind === 'builtin' ? 'built-in' : kind === 'wasm' ? 'WebAssembly' : 'external process';
}

function code(s: string): string {
  return `\`\`\`hielements\n${s}\n\`\`\``;
}

function fileLine(file: string, line: number): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  return `*${base}:${line}*`;
}
