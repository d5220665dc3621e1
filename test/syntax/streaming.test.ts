/**
 * A large file is parsed as the lexer makes its tokens (src/syntax/lexer.ts `tokenFeed`): results
 * equal those of the whole token list, on large files and where the error cap is reached. Smaller
 * files are lexed first; both ways give the same tree and diagnostics.
 */
import { describe, expect, it } from 'vitest';
import { parseSourceFile, STREAMING_PARSE_CHARS } from '../../src/syntax/parser.js';
import { SourceFile } from '../../src/syntax/source.js';
import { MAX_SYNTAX_ERRORS, SyntaxCodes, tokenize } from '../../src/syntax/index.js';

/** Parses from the token feed, whatever the size of the text. */
const parse = (text: string, file: string) => parseSourceFile(new SourceFile(text, file), { stream: true });
const parseLexedFirst = (text: string, file: string) => parseSourceFile(new SourceFile(text, file), { stream: false });

describe('parsing as the tokens are lexed', () => {
  it('reads a file of thousands of tokens to its end, positions and docs included', () => {
    const parts: string[] = ['import files', ''];
    for (let i = 0; i < 400; i++) {
      parts.push(`## element ${i}`);
      parts.push(
        `element e${i} {`,
        `    scope src = files.folder_selector('p/${i}')`,
        "    check files.exists(src, 'x')",
        '}',
      );
    }
    const text = `${parts.join('\n')}\n`;
    expect(tokenize(text).tokens.length).toBeGreaterThan(10_000);
    const r = parse(text, 'big.hie');
    expect(r.diagnostics).toEqual([]);
    expect(r.program.elements.map((e) => e.name.name)).toEqual(Array.from({ length: 400 }, (_, i) => `e${i}`));
    const last = r.program.elements[399]!;
    expect(last.doc).toBe('element 399');
    expect(last.span.start.line).toBe(3 + 399 * 5 + 1);
    expect(last.checks[0]!.text).toBe("files.exists(src, 'x')");
  });

  it("counts the lexer's errors first towards the cap, wherever they are in the file", () => {
    // parser errors first in the file, then lexer errors (unknown characters) after them
    const broken = Array.from({ length: 40 }, (_, i) => `element a${i} {\n    bogus\n}`);
    const lexErrors = Array.from({ length: 30 }, () => 'element z { scope s = f.g(1) @ }');
    const r = parse(`${[...broken, ...lexErrors].join('\n')}\n`, 'cap.hie');
    const codes = r.diagnostics.map((d) => d.code);
    expect(codes.filter((c) => c === SyntaxCodes.UNKNOWN_CHARACTER)).toHaveLength(30);
    expect(codes.filter((c) => c === SyntaxCodes.BODY_ITEM)).toHaveLength(MAX_SYNTAX_ERRORS - 30);
    expect(codes.filter((c) => c === SyntaxCodes.TOO_MANY_ERRORS)).toHaveLength(1);
    // the parse stopped at the cap, inside the 20th broken element: the 19 before it are the tree
    expect(r.program.elements).toHaveLength(MAX_SYNTAX_ERRORS - 30 - 1);
  });

  it('stays under the cap like the whole token list would', () => {
    const lines = Array.from({ length: MAX_SYNTAX_ERRORS - 2 }, (_, i) => `element a${i} { scope s = f.g(1) @ }`);
    const r = parse(`${lines.join('\n')}\nelement ok {\n    bogus\n}\n`, 'under.hie');
    const codes = r.diagnostics.map((d) => d.code);
    expect(codes).not.toContain(SyntaxCodes.TOO_MANY_ERRORS);
    expect(codes.filter((c) => c === SyntaxCodes.UNKNOWN_CHARACTER)).toHaveLength(MAX_SYNTAX_ERRORS - 2);
    expect(codes.at(-1)).toBe(SyntaxCodes.BODY_ITEM);
    expect(r.program.elements).toHaveLength(MAX_SYNTAX_ERRORS - 1);
  });

  it('finds a body after a broken header by looking ahead, and skips nothing when there is none', () => {
    const r = parse(
      "element a b c {\n    scope s = f.g('x')\n}\nelement d e\n    scope t = f.g('y')\nelement f g\nelement h:\n    scope u = f.g('z')\n",
      'h.hie',
    );
    expect(r.program.elements.map((e) => [e.name.name, e.scopes.map((s) => s.name.name)])).toEqual([
      ['a', ['s']],
      ['d', ['t']],
      ['f', []],
      ['h', ['u']],
    ]);
  });

  it('gives the same tree and diagnostics as lexing first (small texts, and one over STREAMING_PARSE_CHARS read the default way)', () => {
    const texts = [
      "import files\n## doc\nelement a {\n    scope s = files.folder_selector('a')\n    check files.exists(s, 'x')\n}\n",
      "element a b c {\n    scope s = f.g('x')\n}\nelement d e\n    scope t = f.g('y')\n",
      Array.from({ length: 80 }, (_, i) => `element a${i} { scope s = f.g(1) @ }`).join('\n'),
    ];
    for (const text of texts) {
      const streamed = parse(text, 's.hie');
      const lexedFirst = parseLexedFirst(text, 's.hie');
      expect(JSON.stringify(streamed)).toBe(JSON.stringify(lexedFirst));
    }
    const big = `${"element e { scope s = f.g('x') }\n".repeat(Math.ceil(STREAMING_PARSE_CHARS / 33))}`;
    const viaDefault = parseSourceFile(new SourceFile(big, 'big.hie'));
    expect(JSON.stringify(viaDefault)).toBe(JSON.stringify(parseLexedFirst(big, 'big.hie')));
  });
});
