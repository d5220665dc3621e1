import type { Language, Node } from 'web-tree-sitter';
import { Query } from 'web-tree-sitter';

export { firstLine, squash, stringLiteralValue } from './text.js';

/** 1-based line/column of a node's start. */
export function pos(node: Node): { line: number; column: number } {
  return { line: node.startPosition.row + 1, column: node.startPosition.column + 1 };
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
