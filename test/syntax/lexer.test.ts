/**
 * Lexer tests. L1–L15 are the upstream lexer tests (the original's own lexer test suite) with the exact token
 * sequence; ours differ from the original only where our layout rules say so:
 * - a NEWLINE ends every line that holds code, also the last one without a final `\n`
 *   (the original emits none at end of input): L1, L4, L9 — deliberately changed, harmless.
 */
import { describe, expect, it } from 'vitest';
import { tokenize } from '../../src/syntax/lexer.js';
import { kinds, lexErrors } from './helpers.js';

describe('upstream lexer tests', () => {
  it('L1 simple_element', () => {
    expect(kinds("element test:\n    scope x = files.folder('src')")).toBe(
      'Element Identifier Colon Newline Indent Scope Identifier Equals Identifier Dot Identifier LParen ' +
        'StringSingle RParen Newline Dedent Eof',
    );
  });
  it('L2 string_literals', () => {
    expect(kinds(`'single' "double"`)).toBe('StringSingle StringDouble Newline Eof');
  });
  it('L3 keywords', () => {
    expect(kinds('element template implements scope connection_point check import from as true false')).toBe(
      'Element Template Implements Scope ConnectionPoint Check Import From As True False Newline Eof',
    );
  });
  it('L4 template_keyword', () => {
    expect(kinds('template compiler:\n    element lexer')).toBe(
      'Template Identifier Colon Newline Indent Element Identifier Newline Dedent Eof',
    );
  });
  it('L5 implements_keyword', () => {
    expect(kinds('element service implements microservice')).toBe(
      'Element Identifier Implements Identifier Newline Eof',
    );
  });
  it('L6 unified_keywords', () => {
    expect(kinds('requires allows forbids descendant connection to')).toBe(
      'Requires Allows Forbids Descendant Connection To Newline Eof',
    );
  });
  it('L7 star_token', () => {
    expect(kinds('database.*')).toBe('Identifier Dot Star Newline Eof');
  });
  it('L8 language_keywords', () => {
    expect(kinds('language connection_check')).toBe('Language ConnectionCheck Newline Eof');
  });
  it('L9 language_declaration_tokens', () => {
    expect(kinds('language python:\n    connection_check can_import(source: scope[], target: scope[])')).toBe(
      'Language Identifier Colon Newline Indent ConnectionCheck Identifier LParen Identifier Colon Scope LBracket ' +
        'RBracket Comma Identifier Colon Scope LBracket RBracket RParen Newline Dedent Eof',
    );
  });
  it('L10 binds_keyword (path segments are keyword tokens)', () => {
    expect(kinds('scope module binds template.element.scope')).toBe(
      'Scope Identifier Binds Template Dot Element Dot Scope Newline Eof',
    );
  });
  it('L11 angular_brackets', () => {
    expect(kinds("scope module<rust> = rust.module_selector('test')")).toBe(
      'Scope Identifier LAngle Identifier RAngle Equals Identifier Dot Identifier LParen StringSingle RParen ' +
        'Newline Eof',
    );
  });
  it('L12 v2_scope_with_binds', () => {
    expect(kinds("scope main_module<rust> binds observable.metrics.module = rust.module_selector('api')")).toBe(
      'Scope Identifier LAngle Identifier RAngle Binds Identifier Dot Identifier Dot Identifier Equals Identifier ' +
        'Dot Identifier LParen StringSingle RParen Newline Eof',
    );
  });
  it('L13 curly_brackets (and, unlike the original, this line also parses)', () => {
    expect(kinds("element test { scope src = files.folder_selector('src') }")).toBe(
      'Element Identifier LBrace Scope Identifier Equals Identifier Dot Identifier LParen StringSingle RParen ' +
        'RBrace Newline Eof',
    );
  });
  it('L14 ref_keyword', () => {
    expect(kinds('ref port: integer = docker.exposed_port()')).toBe(
      'Ref Identifier Colon Identifier Equals Identifier Dot Identifier LParen RParen Newline Eof',
    );
  });
  it('L15 uses_keyword', () => {
    expect(kinds('lexer_module uses lexer')).toBe('Identifier Uses Identifier Newline Eof');
  });
});

describe('layout', () => {
  it('blank lines and comment lines produce no tokens', () => {
    expect(kinds('element a:\n\n    # note\n\n    scope x = 1\n')).toBe(
      'Element Identifier Colon Newline Indent Scope Identifier Equals Number Newline Dedent Eof',
    );
  });
  it('a comment line indented deeper or shallower does not open or close a block', () => {
    expect(kinds('element a:\n    scope x = 1\n        # deeper\n# column 0\n    scope y = 2\n')).toBe(
      'Element Identifier Colon Newline Indent Scope Identifier Equals Number Newline Scope Identifier Equals ' +
        'Number Newline Dedent Eof',
    );
  });
  it('doc comments are kept and placed after the layout tokens of the next code line', () => {
    expect(kinds('element a:\n    scope x = 1\n## b\nelement b {}\n')).toBe(
      'Element Identifier Colon Newline Indent Scope Identifier Equals Number Newline Dedent DocComment Element ' +
        'Identifier LBrace RBrace Newline Eof',
    );
  });
  it('a trailing ## after code is a trailing doc token', () => {
    const t = tokenize('scope x = 1 ## note\n').tokens;
    const doc = t.find((x) => x.kind === 'doc');
    expect(doc?.trailing).toBe(true);
    expect(doc?.text).toBe('note');
  });
  it('no layout tokens inside ( ) and [ ]', () => {
    expect(kinds('check f.g(a,\n        [1,\n 2])\n')).toBe(
      'Check Identifier Dot Identifier LParen Identifier Comma LBracket Number Comma Number RBracket RParen ' +
        'Newline Eof',
    );
  });
  it('a reserved word at the start of a line closes a bracket left open', () => {
    expect(kinds('check f.g(a\nscope x = 1\n')).toBe(
      'Check Identifier Dot Identifier LParen Identifier Newline Scope Identifier Equals Number Newline Eof',
    );
  });
  it('dedents to several levels at once', () => {
    expect(kinds('element a:\n    element b:\n        scope x = 1\nelement c {}\n')).toBe(
      'Element Identifier Colon Newline Indent Element Identifier Colon Newline Indent Scope Identifier Equals ' +
        'Number Newline Dedent Dedent Element Identifier LBrace RBrace Newline Eof',
    );
  });
  it('a closing brace closes the blocks opened inside its braces, wherever it is indented', () => {
    expect(kinds('element a {\n    scope x = 1\n    }\nelement b {}\n')).toBe(
      'Element Identifier LBrace Newline Indent Scope Identifier Equals Number Newline Dedent RBrace Newline ' +
        'Element Identifier LBrace RBrace Newline Eof',
    );
  });
  it('inside braces a line less indented than the brace line stays in the braces', () => {
    expect(kinds('element o:\n    element i {\nscope x = 1\n    }\n    scope y = 2\n')).toBe(
      'Element Identifier Colon Newline Indent Element Identifier LBrace Newline Scope Identifier Equals Number ' +
        'Newline RBrace Newline Scope Identifier Equals Number Newline Dedent Eof',
    );
  });
  it('a dedent to a column matching no block yields a misaligned indent', () => {
    const t = tokenize('element a:\n        scope x = 1\n    scope y = 2\n').tokens;
    const misaligned = t.filter((x) => x.kind === 'indent' && x.misaligned);
    expect(misaligned).toHaveLength(1);
  });
  it('tabs count as one level when used consistently', () => {
    expect(lexErrors('element a:\n\tscope x = 1\n\tscope y = 2\n')).toEqual([]);
  });
  it('mixing tabs and spaces inside one block is one error on the line indented unlike the file', () => {
    const d = lexErrors('element a:\n\tscope x = 1\n    scope y = 2\n');
    expect(d).toHaveLength(1);
    expect(d[0]!.code).toBe('E019');
    expect(d[0]!.message).toBe(
      'line 2 is indented with a tab, but this file indents with spaces (read as ' + '4 columns)',
    );
    expect(d[0]!.span?.start.line).toBe(2);
  });
  it('a tab-indented line gives one error and no cascade, whatever the width its author saw', () => {
    // a tab meant as 8 columns, opening the block of `core` (its next line has 8 spaces)
    const opens = 'element app:\n    scope s = 1\n    element core:\n\tscope s = 2\n        scope t = 3\n';
    expect(lexErrors(opens).map((x) => [x.code, x.span?.start.line, x.message])).toEqual([
      ['E019', 4, 'line 4 is indented with a tab, but this file indents with spaces (read as 8 columns)'],
    ]);
    expect(kinds(opens)).toBe(kinds(opens.replace('\t', '        ')));
    // a tab meant as 4 columns, continuing the block of `app` after a deeper block
    const continues = 'element app:\n    element core:\n        scope s = 2\n\tscope t = 3\n    scope u = 4\n';
    expect(lexErrors(continues)).toHaveLength(1);
    expect(kinds(continues)).toBe(kinds(continues.replace('\t', '    ')));
    // the first line of a block in tabs, the rest in spaces: only the tab line is reported
    expect(lexErrors('element a:\n\tscope x = 1\n    scope y = 2\n    scope z = 3\n')).toHaveLength(1);
    // a file indented with tabs: the line indented with spaces is the odd one
    const tabs = lexErrors('element a:\n\tscope x = 1\n\tscope y = 2\n    scope z = 3\n');
    expect(tabs.map((x) => [x.span?.start.line, x.message])).toEqual([
      [4, 'line 4 is indented with spaces, but this file indents with tabs (read as 4 columns)'],
    ]);
  });
  it('whitespace-only last line is blank', () => {
    expect(kinds('element a:\n    scope x = 1\n        ')).toBe(
      'Element Identifier Colon Newline Indent Scope Identifier Equals Number Newline Dedent Eof',
    );
  });
});

describe('tokens', () => {
  it('identifiers versus keywords: longest word wins', () => {
    expect(kinds('elements requires_descendant connection_points tokens')).toBe(
      'Identifier Identifier Identifier Identifier Newline Eof',
    );
  });
  it('negative numbers and decimals', () => {
    const t = tokenize('-5 -2.5 8080 1.0').tokens.filter((x) => x.kind === 'number');
    expect(t.map((x) => x.text)).toEqual(['-5', '-2.5', '8080', '1.0']);
  });
  it('1.2.3 lexes as 1.2 . 3 and 2fast as 2 fast', () => {
    expect(kinds('1.2.3')).toBe('Number Dot Number Newline Eof');
    expect(kinds('2fast')).toBe('Number Identifier Newline Eof');
  });
  it('string escapes (docs/language.md §2)', () => {
    const t = tokenize(String.raw`'a\nb\tc\rd\\e\'f\"g\qh'`).tokens[0]!;
    expect(t.text).toBe('a\nb\tc\rd\\e\'f"g\\qh');
  });
  it('escapes at the ends of a string, escapes in a row, and plain runs between them', () => {
    const texts = tokenize(String.raw`'\nab\\\'' 'x\t\ty\n' '' 'plain text' '\q'`).tokens.map((t) => t.text);
    expect(texts.slice(0, 5)).toEqual(["\nab\\'", 'x\t\ty\n', '', 'plain text', '\\q']);
  });
  it('a word, number or string written many times reads the same each time', () => {
    const t = tokenize("files.exists(src, 'core.py', 10)\nfiles.exists(src, 'core.py', 10)\n").tokens;
    const texts = t.filter((x) => x.kind !== 'newline' && x.kind !== 'eof').map((x) => x.text);
    expect(texts).toEqual([...texts.slice(0, 10), ...texts.slice(0, 10)]);
    expect(texts.slice(0, 10)).toEqual(['files', '.', 'exists', '(', 'src', ',', 'core.py', ',', '10', ')']);
  });
  it('strings may contain raw newlines', () => {
    const t = tokenize("'abc\ndef'").tokens[0]!;
    expect(t.text).toBe('abc\ndef');
  });
  it('both quote styles', () => {
    const t = tokenize(`"it's" 'say "hi"'`).tokens;
    expect([t[0]!.text, t[1]!.text]).toEqual(["it's", 'say "hi"']);
  });
  it('block comments may span lines and contain #', () => {
    expect(kinds('### a # b\n ## c\n###\nelement a {}\n')).toBe('Element Identifier LBrace RBrace Newline Eof');
  });
  it('a ### that is never closed is a doc comment line (as in the original)', () => {
    expect(kinds('### header\nelement a {}\n')).toBe('DocComment Element Identifier LBrace RBrace Newline Eof');
  });
  it('#### and longer runs are doc comments', () => {
    const t = tokenize('#### Title\nelement a {}\n').tokens[0]!;
    expect(t.kind).toBe('doc');
    expect(t.text).toBe('Title');
  });
  it('unknown characters are reported with their position, runs merged', () => {
    const d = lexErrors('element a {\n  scope x = f.g(1 != 2)\n}\n');
    expect(d.map((x) => [x.code, x.span?.start.line, x.span?.start.column])).toEqual([['E017', 2, 19]]);
  });
  it('a lone - is an unknown character with a helpful hint', () => {
    const d = lexErrors('element my-service {}\n');
    expect(d[0]!.code).toBe('E017');
    expect(d[0]!.help).toContain('_');
  });
  it('unterminated strings are reported at the opening quote and end at the end of the line', () => {
    const r = tokenize("scope x = 'abc\nscope y = 1\n");
    expect(r.diagnostics.map((x) => [x.code, x.span?.start.line, x.span?.start.column])).toEqual([['E018', 1, 11]]);
    expect(r.tokens.filter((t) => t.kind === 'keyword').length).toBe(2);
  });
  it('a lone carriage return is an unknown character', () => {
    expect(lexErrors('element a {}\rx')[0]!.code).toBe('E017');
  });
  it('CRLF line endings', () => {
    expect(kinds('element a:\r\n    scope x = 1\r\n')).toBe(
      'Element Identifier Colon Newline Indent Scope Identifier Equals Number Newline Dedent Eof',
    );
  });
  it('empty input', () => {
    expect(kinds('')).toBe('Eof');
  });
});

describe('byte-order mark', () => {
  it('is ignored at the start of the file', () => {
    expect(kinds('\uFEFFelement a {}')).toBe('Element Identifier LBrace RBrace Newline Eof');
    expect(lexErrors('\uFEFFelement a {}')).toEqual([]);
  });
});
