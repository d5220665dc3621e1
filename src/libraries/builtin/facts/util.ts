import type { Language, Node } from 'web-tree-sitter';
import { Query } from 'web-tree-sitter';

/** 1-based line/column of a node's start. */
export function pos(node: Node): { line: number; column: number } {
  return { line: node.startPosition.row + 1, column: node.startPosition.column + 1 };
}

/** First line of a node's text, trimmed and shortened, for messages. */
export function firstLine(text: string, max = 120): string {
  const nl = text.indexOf('\n');
  const line = (nl >= 0 ? text.slice(0, nl) : text).trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** Removes all whitespace (`a . b` → `a.b`, `crate :: x` → `crate::x`). */
export function squash(text: string): string {
  return text.replace(/\s+/g, '');
}

const queries = new WeakMap<Language, Map<string, Query>>();

/** Compiles a query once per language. */
export function queryFor(language: Language, source: string): Query {
  let m = queries.get(language);
  if (!m) {
    m = new Map();
    queries.set(language, m);
  }
  let q = m.get(source);
  if (!q) {
    q = new Query(language, source);
    m.set(source, q);
  }
  return q;
}

/** The value of a string literal node as written (quotes and prefixes removed, escapes kept). */
export function stringLiteralValue(text: string): string {
  const m = /^[a-zA-Z]*("""|'''|"|'|`)([\s\S]*)\1$/.exec(text);
  return m ? m[2]! : text;
}
