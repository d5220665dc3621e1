/**
 * Cases derived from the original's parser code. Each row is marked "keep" (same
 * outcome as the original) or "deliberately changed: why" (see docs/design-rulings.md and the section
 * "Differences from the original Hielements" of docs/language.md).
 */
import { describe, expect, it } from 'vitest';
import { el, errCodes, firstError, ok, pat, src } from './helpers.js';

const S = "    scope x = f.g('a')";

describe('cases derived from the original parser', () => {
  it('one-line brace block — deliberately changed: accepted (docs/design-rulings.md#one-line-brace-blocks)', () => {
    const p = ok(src("element test { scope src = files.folder_selector('src') }"));
    expect(el(p).scopes).toHaveLength(1);
    const q = ok(src("element a { scope x = f.g('x'); check f.h(x) }"));
    expect([el(q).scopes.length, el(q).checks.length]).toEqual([1, 1]);
  });
  it('empty brace elements — keep', () => {
    const p = ok(src('element test {}', 'element b { }'));
    expect(p.elements.map((e) => e.scopes.length)).toEqual([0, 0]);
  });
  it(
    'missing } at end of file — deliberately changed: E021 at the opening brace ' +
      '(docs/design-rulings.md#an-unclosed-brace)',
    () => {
      expect(errCodes(src('element a {', S))).toEqual(['E021@1:11']);
    },
  );
  it('extra } at top level — keep (E001)', () => {
    expect(errCodes(src('element a {', S, '}', '}'))).toEqual(['E001@4:1']);
  });
  it('indented closing brace — deliberately changed: accepted', () => {
    const p = ok(src('element a {', S, '    }', 'element b {', S, '}'));
    expect(p.elements).toHaveLength(2);
  });
  it('`{` on the line after the header — keep (E007)', () => {
    expect(errCodes(src('element a', '{', S, '}'))).toEqual(['E007@1:10']);
  });
  it(
    'comment line indented deeper — deliberately changed: accepted ' +
      '(docs/design-rulings.md#layout-and-indentation)',
    () => {
      const p = ok(src('element a:', S, '        # deeper comment', "    scope y = f.g('b')"));
      expect(el(p).scopes).toHaveLength(2);
    },
  );
  it(
    'comment line in column 0 inside a body — deliberately changed: accepted ' +
      '(docs/design-rulings.md#layout-and-indentation)',
    () => {
      const p = ok(src('element a:', S, '# column-0 comment', "    scope y = f.g('b')"));
      expect(el(p).scopes).toHaveLength(2);
    },
  );
  it('trailing ## after a statement — deliberately changed: attached to the statement', () => {
    const p = ok(src('element a:', `${S}  ## doc`));
    expect(el(p).scopes[0]!.doc).toBe('doc');
  });
  it('trailing # comment — keep', () => {
    ok(src('element a:', `${S}  # comment`));
  });
  it('## line right before a closing brace — deliberately changed: accepted, appended to the element doc', () => {
    const p = ok(src('element a {', S, '    ## trailing doc', '}'));
    expect(el(p).doc).toBe('trailing doc');
  });
  it(
    '## line at the end of an indented body followed by another element — keep (accepted); the doc goes to the ' +
      'next element',
    () => {
      const p = ok(src('element a:', S, '    ## doc of b', 'element b:', S));
      expect(p.elements[1]!.doc).toBe('doc of b');
    },
  );
  it('call spanning lines — deliberately changed: accepted (no layout inside brackets)', () => {
    const p = ok(src('element a:', '    check f.g(x,', "        'b')"));
    expect(el(p).checks[0]!.text).toBe("f.g(x,\n        'b')");
  });
  it(
    'check f.g(-5) — deliberately changed: -5 is a negative number ' +
      '(docs/design-rulings.md#characters-and-negative-numbers)',
    () => {
      const p = ok(src('element a:', '    check f.g(-5)'));
      const call = el(p).checks[0]!.expression;
      expect(call.kind === 'Call' && call.args[0]).toMatchObject({ kind: 'Number', raw: '-5', isInteger: true });
    },
  );
  it('trailing comma in a call — deliberately changed: accepted like in lists', () => {
    ok(src('element a:', '    check f.g(a,)'));
  });
  it('trailing comma in a list — keep', () => {
    ok(src('element a:', '    check f.g([1,2,])'));
  });
  it('reserved word as an expression — keep (E003)', () => {
    expect(errCodes(src('element a:', "    check f.exists(scope, 'y')"))).toEqual(['E003@2:20']);
  });
  it(
    'a keyword of one position (`to`, `connection`, …) as an expression or a name — deliberately ' + 'changed: a name',
    () => {
      expect(
        errCodes(src('element a:', "    ref connection: string = 'y'", '    check f.exists(to, connection)')),
      ).toEqual([]);
    },
  );
  it(
    'reserved words as element and scope names — deliberately changed: E022 ' +
      '(docs/design-rulings.md#reserved-words), still parsed',
    () => {
      expect(errCodes(src('element scope:', "    scope check = f.g('a')", "    check f.exists(x.scope, 'y')"))).toEqual(
        ['E022@1:9', 'E022@2:11'],
      );
    },
  );
  it('implements lib.p — keep (E007)', () => {
    expect(firstError(src('element a implements lib.p:', S)).code).toBe('E007');
  });
  it('import after an element — keep (E001), without the cascade', () => {
    expect(errCodes(src('element a:', S, 'import files'))).toEqual(['E001@3:1']);
  });
  it('element a: directly followed by element b: — keep (E007)', () => {
    expect(errCodes(src('element a:', 'element b:', S))).toEqual(['E007@1:10']);
  });
  it('body made only of a ## line — keep (accepted); deliberately changed: the doc documents `a`', () => {
    const p = ok(src('element a:', '    ## only doc', 'element b:', S));
    expect(p.elements.map((e) => e.doc)).toEqual(['only doc', undefined]);
  });
  it('uses without source — keep (E016)', () => {
    expect(errCodes(src('element a:', '    uses b'))).toEqual(['E016@2:5']);
  });
  it('uses in a pattern — keep (E002)', () => {
    expect(errCodes(src('pattern p:', '    m uses a'))).toEqual(['E002@2:5']);
  });
  it('binding in a pattern — keep (E002)', () => {
    expect(errCodes(src('pattern p:', "    p.a.m = f.g('x')"))).toEqual(['E002@2:5']);
  });
  it('pattern inside an element — keep (E002), its body skipped', () => {
    expect(errCodes(src('element a:', '    pattern p:', '        scope m<rust>', S))).toEqual(['E002@2:5']);
  });
  it('language with braces — deliberately changed: accepted', () => {
    const p = ok(src('language python {', '    connection_check c(a: scope[]) {', '        python.x(a)', '    }', '}'));
    expect(p.languages[0]!.connectionChecks[0]!.name.name).toBe('c');
  });
  it('language python: followed by element — keep (E007)', () => {
    expect(errCodes(src('language python:', 'element a:', S))).toEqual(['E007@1:16']);
  });
  it('connection_check parameter without [] — keep (E007)', () => {
    expect(firstError(src('language python:', '    connection_check c(a: scope):', '        python.x(a)')).code).toBe(
      'E007',
    );
  });
  it('connection_check body on the same line — keep (E007)', () => {
    expect(firstError(src('language python:', '    connection_check c(a: scope[]): python.x(a)')).code).toBe('E007');
  });
  it('connection_check with no parameters — keep', () => {
    ok(src('language python:', '    connection_check c():', '        python.x()'));
  });
  it('return in a connection check body — keep (E008), with a hint', () => {
    const e = firstError(src('language python:', '    connection_check c(a: scope[]):', '        return python.x(a)'));
    expect(e.code).toBe('E008');
    expect(e.message).toContain('return');
  });
  it('requires element with type, implements and body — keep', () => {
    const p = ok(
      src(
        'pattern p:',
        '    requires element x: Svc implements q:',
        "        scope s = f.g('s')",
        '        check f.h(s)',
      ),
    );
    const c = pat(p).requirements[0]!.component;
    expect(
      c.kind === 'element' && [c.type?.name, c.implements?.name, c.body?.scopes.length, c.body?.checks.length],
    ).toEqual(['Svc', 'q', 1, 1]);
  });
  it('requires ref with value — keep', () => {
    ok(src('pattern p:', "    requires ref port: integer = f.g('x')"));
  });
  it('connection without `to` — keep', () => {
    ok(src('pattern p:', '    forbids connection external.*'));
  });
  it('wildcard in the middle of a connection path — keep (E008)', () => {
    expect(errCodes(src('pattern p:', '    forbids connection to a.*.b'))).toEqual(['E008@2:30']);
  });
  it('requires descendant language — keep', () => {
    ok(src('pattern p:', '    requires descendant language python'));
  });
  it('nested pattern elements may be unbounded — keep', () => {
    const p = ok(
      src(
        'pattern p {',
        '    element a {',
        '        element b {',
        '            scope m<rust>',
        '        }',
        '    }',
        '}',
      ),
    );
    expect(pat(p).elements[0]!.children[0]!.inPattern).toBe(true);
  });
  it('children of a requirement body — deliberately changed: parsed as a pattern shape (inPattern), no E014', () => {
    const p = ok(src('pattern p:', '    requires element x:', '        element y:', '            scope m'));
    const c = pat(p).requirements[0]!.component;
    expect(c.kind === 'element' && c.body?.children[0]?.inPattern).toBe(true);
  });
  it('binds without a value in an element — deliberately changed: parsed; E014 comes from the validator', () => {
    const p = ok(src('element a implements p:', '    scope s binds p.x.m'));
    expect(el(p).scopes[0]!.binds).toHaveLength(3);
  });
  it('ref type may be a reserved word — keep', () => {
    const p = ok(src('element a:', "    ref r: scope = f.g('x')"));
    expect(el(p).refs[0]!.type.name).toBe('scope');
  });
  it('string containing a raw newline — keep', () => {
    const p = ok(src('element a:', "    scope x = f.g('abc", "def')"));
    const call = el(p).scopes[0]!.expression;
    expect(call?.kind === 'Call' && call.args[0]).toMatchObject({ value: 'abc\ndef' });
  });
  it('two ### header lines swallow the code between them — keep (errors), documented pitfall', () => {
    expect(errCodes(src('### header', 'element a:', S, '### other header', 'element b:', S))[0]).toBe('E001@4:5');
  });
  it('tab indentation used consistently — keep', () => {
    ok(src('element a:', "\tscope x = f.g('a')", "\tscope y = f.g('b')"));
  });
  it(
    'a tab on one line and 4 spaces on the next — deliberately changed: E019 ' +
      '(docs/design-rulings.md#layout-and-indentation)',
    () => {
      expect(errCodes(src('element a:', "\tscope x = f.g('a')", "    scope y = f.g('b')"))).toEqual(['E019@2:1']);
    },
  );
  it('dedent to a column matching no block — deliberately changed: E020 names the problem', () => {
    expect(errCodes(src('element a:', "        scope x = f.g('a')", "    scope y = f.g('b')"))).toEqual(['E020@3:5']);
  });
  it('final whitespace-only line without newline — deliberately changed: accepted', () => {
    ok(`element a:\n${S}\n        `);
  });
  it('number directly followed by letters — keep (E007)', () => {
    expect(firstError(src('element a:', '    check f.g(2fast)')).code).toBe('E007');
  });
  it('two patterns with the same name — keep at parse level (duplicates are the validator’s job)', () => {
    const p = ok(src('pattern p:', '    scope a<rust>', 'pattern p:', '    scope b<rust>'));
    expect(p.patterns).toHaveLength(2);
  });
  it('## before the first element — deliberately changed: attached (docs/design-rulings.md#doc-comments)', () => {
    expect(el(ok(src('## doc', 'element a:', S))).doc).toBe('doc');
  });
  it('## between imports and the first element — deliberately changed: attached', () => {
    const p = ok(src('import files', '## doc', 'element a:', S));
    expect(el(p).doc).toBe('doc');
    expect(p.doc).toBeUndefined();
  });
  it('empty file — keep', () => {
    const p = ok('');
    expect([p.imports.length, p.elements.length, p.patterns.length, p.languages.length]).toEqual([0, 0, 0, 0]);
  });
});
