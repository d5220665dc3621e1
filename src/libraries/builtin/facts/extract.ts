/** Parses one file's text and extracts its facts. The tree is freed before returning. */
import type { Language, Parser } from 'web-tree-sitter';
import { parserFor } from './parsers.js';
import { AnalysisBudget, MAX_ANALYSIS_MS } from './limits.js';
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
  const budget = new AnalysisBudget();
  const stopped = (): FileFacts =>
    emptyFacts(grammar, `not analysed: parsing and queries took longer than ${MAX_ANALYSIS_MS / 1000} s`);
  let tree: ReturnType<Parser['parse']>;
  try {
    tree = parser.parse(text, null, { progressCallback: budget.over });
  } catch (e) {
    return emptyFacts(grammar, `parser failed: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!tree) {
    parser.reset(); // a cancelled parse would otherwise resume with the next file
    return budget.expired ? stopped() : emptyFacts(grammar, 'parser returned no tree');
  }
  try {
    let facts: FileFacts;
    switch (grammar) {
      case 'python':
        facts = pythonFacts(tree, text, withCalls);
        break;
      case 'rust':
        facts = rustFacts(tree, language, withCalls, budget.over);
        break;
      default:
        facts = typescriptFacts(tree, language, grammar, withCalls, budget.over);
    }
    return budget.expired ? stopped() : facts;
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
