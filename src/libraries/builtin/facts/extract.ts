/** Parses one file's text and extracts its facts. The tree is freed before returning. */
import type { Language, Parser } from 'web-tree-sitter';
import { parserFor } from './parsers.js';
import type { Extracted } from './protocol.js';
import { pythonFacts } from './python.js';
import type { Source } from './read.js';
import { rustFacts } from './rust.js';
import { scannedFacts } from './scan/index.js';
import { emptyFacts, type FileFacts, type Grammar } from './types.js';
import { typescriptFacts } from './typescript.js';

/** A loaded parser for one grammar. */
export interface LoadedParser {
  parser: Parser;
  language: Language;
}

/**
 * Synchronous extraction with an already loaded parser (the worker's hot loop), always through
 * tree-sitter. `withCalls: false` gives the outline: python skips its calls
 * (`FileFacts.callsOmitted`), rust, TypeScript and JavaScript their type references
 * (`FileFacts.typeRefsOmitted`).
 */
export function extractFactsWith(
  { parser, language }: LoadedParser,
  grammar: Grammar,
  text: string,
  withCalls = true,
): FileFacts {
  let tree: ReturnType<Parser['parse']>;
  try {
    tree = parser.parse(text);
  } catch (e) {
    return emptyFacts(grammar, `parser failed: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!tree) return emptyFacts(grammar, 'parser returned no tree');
  try {
    switch (grammar) {
      case 'python':
        return pythonFacts(tree, text, withCalls);
      case 'rust':
        return rustFacts(tree, language, withCalls);
      default:
        return typescriptFacts(tree, language, grammar, withCalls);
    }
  } catch (e) {
    return emptyFacts(grammar, `fact extraction failed: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    tree.delete();
  }
}

/**
 * Facts of one file's text: an outline (`withCalls` false) comes from the language's scanner when it
 * is sure of it (see scan/index.ts), everything else from tree-sitter.
 */
export async function extractFacts(grammar: Grammar, text: string, withCalls = true): Promise<FileFacts> {
  return scannedFacts(grammar, text, withCalls) ?? extractFactsWith(await parserFor(grammar), grammar, text, withCalls);
}

/**
 * One file's outcome from what was read: nothing to parse when its content hash equals `known`
 * (the caller already holds facts for that content), otherwise the facts of its text.
 */
export function fromSource(src: Source, known: string | undefined, parse: (text: string) => FileFacts): Extracted {
  if (src.hash !== undefined && src.hash === known) return { hash: src.hash };
  const facts = src.text !== undefined ? parse(src.text) : src.facts!;
  return src.hash !== undefined ? { facts, hash: src.hash } : { facts };
}
