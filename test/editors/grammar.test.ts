/**
 * The VS Code extension's TextMate grammar, tokenized the way VS Code does it (vscode-textmate with
 * the Oniguruma WebAssembly regex engine) on real specs in both block styles.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as oniguruma from 'vscode-oniguruma';
import * as vsctm from 'vscode-textmate';
import { ROOT } from '../cli/helpers.js';

const GRAMMAR = path.join(ROOT, 'editors', 'vscode', 'syntaxes', 'hielements.tmLanguage.json');
let grammar: vsctm.IGrammar;

beforeAll(async () => {
  const require = createRequire(import.meta.url);
  const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (p: string[]) => new oniguruma.OnigScanner(p),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scope: string) =>
      scope === 'source.hielements' ? vsctm.parseRawGrammar(readFileSync(GRAMMAR, 'utf8'), GRAMMAR) : null,
  });
  grammar = (await registry.loadGrammar('source.hielements')) as vsctm.IGrammar;
});

interface Tok {
  line: number;
  start: number;
  text: string;
  scopes: string[];
}

function tokenize(text: string): Tok[] {
  const out: Tok[] = [];
  let stack = vsctm.INITIAL;
  text.split('\n').forEach((line, i) => {
    const r = grammar.tokenizeLine(line, stack);
    for (const t of r.tokens)
      out.push({ line: i, start: t.startIndex, text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes });
    stack = r.ruleStack;
  });
  return out;
}

/** Innermost scope of the token holding the `n`-th occurrence of `needle` (+ `delta`). */
function scopeAt(text: string, toks: Tok[], needle: string, delta = 0, n = 0): string {
  let at = -1;
  for (let i = 0; i <= n; i++) at = text.indexOf(needle, at + 1);
  if (at < 0) throw new Error(`${needle} not found`);
  const offset = at + delta;
  const line = text.slice(0, offset).split('\n').length - 1;
  const col = offset - (text.lastIndexOf('\n', offset - 1) + 1);
  const tok = toks.find((t) => t.line === line && t.start <= col && col < t.start + t.text.length);
  return tok?.scopes[tok.scopes.length - 1] ?? '(none)';
}

describe('TextMate grammar', () => {
  it('scopes the shop example (brace style)', () => {
    const text = readFileSync(path.join(ROOT, 'examples', 'shop', 'hielements.hie'), 'utf8');
    const toks = tokenize(text);
    const at = (needle: string, delta = 0, n = 0) => scopeAt(text, toks, needle, delta, n);
    expect(toks[0]?.scopes[0]).toBe('source.hielements');
    expect(at('## The shop')).toBe('punctuation.definition.comment.hielements');
    expect(at('## The shop', 5)).toBe('comment.line.documentation.hielements');
    expect(at('import files')).toBe('keyword.control.import.hielements');
    expect(at('pattern layer')).toBe('storage.type.pattern.hielements');
    expect(at('pattern layer', 8)).toBe('entity.name.type.pattern.hielements');
    expect(at('element shop')).toBe('storage.type.element.hielements');
    expect(at('element shop', 8)).toBe('entity.name.type.element.hielements');
    expect(at('implements service', 11)).toBe('entity.other.inherited-class.hielements');
    expect(at('implements layer, storage_layer', 18)).toBe('entity.other.inherited-class.hielements');
    expect(at('scope src<python>')).toBe('storage.type.scope.hielements');
    expect(at('scope src<python>', 6)).toBe('variable.other.definition.scope.hielements');
    expect(at('scope src<python>', 10)).toBe('support.type.language.hielements');
    expect(at('check python.has_tests')).toBe('keyword.control.check.hielements');
    expect(at('python.has_tests')).toBe('entity.name.namespace.library.hielements');
    expect(at('python.has_tests', 7)).toBe('entity.name.function.library.hielements');
    expect(at("'README.md'", 1)).toBe('string.quoted.single.hielements');
    expect(at("'README.md'")).toBe('punctuation.definition.string.begin.hielements');
    expect(at('max_lines(src, 200)', 15)).toBe('constant.numeric.hielements');
    expect(at('forbids connection to api')).toBe('keyword.control.requirement.hielements');
    expect(at('forbids connection to api', 8)).toBe('keyword.other.hielements');
    expect(at('requires descendant element api', 9)).toBe('keyword.other.hielements');
    expect(at('binds layer.code', 0)).toBe('keyword.other.hielements');
    expect(at('code uses domain', 5)).toBe('keyword.other.hielements');
    expect(at('element shop {', 13)).toBe('punctuation.section.block.begin.hielements');
  });

  it('scopes an indentation-style spec, comments and escapes', () => {
    const text = [
      '### Architecture of the billing system.',
      '    Owners: #payments.',
      '###',
      'import files   # the built-in file library',
      '',
      'element billing implements service: # a comment after the colon',
      '    ## The sources.',
      '    scope src: python = files.folder_selector("billing\\n")',
      "    ref api: http = files.file_selector('api.py')",
      '    element core:',
      "        check files.exists(src, 'x', true)",
      '',
    ].join('\n');
    const toks = tokenize(text);
    const at = (needle: string, delta = 0, n = 0) => scopeAt(text, toks, needle, delta, n);
    expect(at('Architecture')).toBe('comment.block.hielements');
    expect(at('Owners')).toBe('comment.block.hielements');
    expect(at('import files')).toBe('keyword.control.import.hielements');
    expect(at('# the built-in', 2)).toBe('comment.line.number-sign.hielements');
    expect(at('element billing', 8)).toBe('entity.name.type.element.hielements');
    expect(at('service:', 0)).toBe('entity.other.inherited-class.hielements');
    expect(at('service:', 7)).toBe('punctuation.section.block.begin.hielements');
    expect(at('# a comment', 3)).toBe('comment.line.number-sign.hielements');
    expect(at('## The sources', 4)).toBe('comment.line.documentation.hielements');
    expect(at('src: python', 5)).toBe('support.type.language.hielements');
    expect(at('\\n')).toBe('constant.character.escape.hielements');
    expect(at('"billing', 1)).toBe('string.quoted.double.hielements');
    expect(at('ref api')).toBe('storage.type.ref.hielements');
    expect(at('api: http', 5)).toBe('entity.name.type.ref.hielements');
    expect(at('element core:', 12)).toBe('punctuation.section.block.begin.hielements');
    expect(at('true')).toBe('constant.language.boolean.hielements');
    expect(at('files.exists', 6)).toBe('entity.name.function.library.hielements');
  });

  it("scopes the repository's own spec without leaking a string or comment state", () => {
    const text = readFileSync(path.join(ROOT, 'hielements.hie'), 'utf8');
    const toks = tokenize(text);
    const lastLine = text.trimEnd().split('\n').length - 1;
    const closing = toks.filter((t) => t.line === lastLine && t.text === '}');
    expect(closing[0]?.scopes).toEqual(['source.hielements', 'punctuation.section.block.end.hielements']);
    expect(scopeAt(text, toks, "typescript.module_selector('src/cli/main')", 11)).toBe(
      'entity.name.function.library.hielements',
    );
  });
});
