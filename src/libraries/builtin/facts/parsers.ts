/**
 * Loads web-tree-sitter once per thread and the grammars from their packages' own `.wasm` files.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Language, Parser } from 'web-tree-sitter';
import type { Grammar } from './types.js';

const require = createRequire(import.meta.url);

const WASM: Record<Grammar, [pkg: string, file: string]> = {
  python: ['tree-sitter-python', 'tree-sitter-python.wasm'],
  rust: ['tree-sitter-rust', 'tree-sitter-rust.wasm'],
  typescript: ['tree-sitter-typescript', 'tree-sitter-typescript.wasm'],
  tsx: ['tree-sitter-typescript', 'tree-sitter-tsx.wasm'],
  javascript: ['tree-sitter-javascript', 'tree-sitter-javascript.wasm'],
};

let init: Promise<void> | undefined;
const languages = new Map<Grammar, Promise<Language>>();
const parsers = new Map<Grammar, Parser>();

export function grammarWasmPath(g: Grammar): string {
  const [pkg, file] = WASM[g];
  return join(dirname(require.resolve(`${pkg}/package.json`)), file);
}

export function loadLanguage(g: Grammar): Promise<Language> {
  let p = languages.get(g);
  if (!p) {
    init ??= Parser.init();
    p = init.then(() => Language.load(grammarWasmPath(g)));
    languages.set(g, p);
  }
  return p;
}

/** One parser per grammar per thread (parsing is synchronous, so sharing it is safe). */
export async function parserFor(g: Grammar): Promise<{ parser: Parser; language: Language }> {
  const language = await loadLanguage(g);
  let parser = parsers.get(g);
  if (!parser) {
    parser = new Parser();
    parser.setLanguage(language);
    parsers.set(g, parser);
  }
  return { parser, language };
}
