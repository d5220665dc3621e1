/** Parses one file's text and extracts its facts. The tree is freed before returning. */
import { parserFor } from './parsers.js';
import { pythonFacts } from './python.js';
import { rustFacts } from './rust.js';
import { emptyFacts, type FileFacts, type Grammar } from './types.js';
import { typescriptFacts } from './typescript.js';

export async function extractFacts(grammar: Grammar, text: string): Promise<FileFacts> {
  const { parser, language } = await parserFor(grammar);
  let tree;
  try {
    tree = parser.parse(text);
  } catch (e) {
    return emptyFacts(grammar, `parser failed: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!tree) return emptyFacts(grammar, 'parser returned no tree');
  try {
    switch (grammar) {
      case 'python':
        return pythonFacts(tree, language);
      case 'rust':
        return rustFacts(tree, language);
      default:
        return typescriptFacts(tree, language, grammar);
    }
  } finally {
    tree.delete();
  }
}
