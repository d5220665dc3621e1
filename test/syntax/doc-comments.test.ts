/** Doc comment attachment (docs/design-rulings.md#doc-comments; docs/language.md §9): none is dropped. */
import { describe, expect, it } from 'vitest';
import { el, ok, pat, src } from './helpers.js';

describe('doc comments', () => {
  it('a top block followed by an import documents the file', () => {
    const p = ok(src('## The file.', '## Second line.', 'import files', '## The import', 'import rust'));
    expect(p.doc).toBe('The file.\nSecond line.');
    expect(p.imports[0]!.doc).toBeUndefined();
    expect(p.imports[1]!.doc).toBe('The import');
  });
  it('attaches to every kind of statement', () => {
    const p = ok(
      src(
        '## lang',
        'language python:',
        '    ## cc',
        '    connection_check c(a: scope[]):',
        '        python.x(a)',
        '## pat',
        'pattern p {',
        '    ## req',
        '    requires language python',
        '    ## pref',
        '    ref r: T',
        '}',
        'element a implements p {',
        '    ## scope',
        "    scope s = f.g('x')",
        '    ## ref',
        '    ref r: T = 1',
        '    ## uses',
        '    s uses b',
        '    ## binding',
        '    p.x.y = 1',
        '    ## check',
        '    check f.h(s)',
        '    ## child',
        '    element b {}',
        '}',
      ),
    );
    expect(p.languages[0]!.doc).toBe('lang');
    expect(p.languages[0]!.connectionChecks[0]!.doc).toBe('cc');
    expect(pat(p).doc).toBe('pat');
    expect(pat(p).requirements[0]!.doc).toBe('req');
    expect(pat(p).refs[0]!.doc).toBe('pref');
    const a = el(p);
    expect([
      a.scopes[0]!.doc,
      a.refs[0]!.doc,
      a.uses[0]!.doc,
      a.bindings[0]!.doc,
      a.checks[0]!.doc,
      a.children[0]!.doc,
    ]).toEqual(['scope', 'ref', 'uses', 'binding', 'check', 'child']);
  });
  it('trailing ## after a header, an opening brace and a closing brace document the element', () => {
    const p = ok(src('element a: ## A', "    scope s = f.g('x')", 'element b { ## B', '}', 'element c {} ## C'));
    expect(p.elements.map((e) => e.doc)).toEqual(['A', 'B', 'C']);
  });
  it('a trailing ## is appended to a doc written before the statement', () => {
    const p = ok(src('element a {', '    ## before', "    scope s = f.g('x') ## after", '}'));
    expect(el(p).scopes[0]!.doc).toBe('before\nafter');
  });
  it('dangling ## at the end of a block goes to the block owner; at the end of the file to the file', () => {
    const p = ok(
      src('## Element a.', 'element a {', "    scope s = f.g('x')", '    ## more about a', '}', '## the end'),
    );
    expect(el(p).doc).toBe('Element a.\nmore about a');
    expect(p.doc).toBe('the end');
  });
  it('#### headings and unclosed ### lines are doc text without the #s', () => {
    const p = ok(src('#### Title ####', '### never closed', 'element a {}'));
    expect(el(p).doc).toBe('Title ####\nnever closed');
  });
  it('## inside brackets is an ordinary comment', () => {
    const p = ok(src('element a {', '    check f.g(x, ## not a doc', '        y)', '}'));
    expect(el(p).checks[0]!.doc).toBeUndefined();
  });
  it('blank and ## lines between docs join; empty ## lines make empty lines inside', () => {
    const p = ok(src('## one', '##', '## two', '', 'element a {}'));
    expect(el(p).doc).toBe('one\n\ntwo');
  });
});

describe('reserved words as names', () => {
  it('are accepted after a dot, as ref types and at the start of binds', () => {
    const p = ok(
      src(
        'import a.element.scope',
        'element x:',
        '    scope s binds template.element.scope = lib.check.to(y.from)',
        '    ref r: scope = 1',
        '    p.element.check = 2',
        '    s uses q.element',
      ),
    );
    expect(el(p).scopes[0]!.binds!.map((b) => b.name)).toEqual(['template', 'element', 'scope']);
    expect(el(p).refs[0]!.type.name).toBe('scope');
    expect(el(p).bindings[0]!.path.map((b) => b.name)).toEqual(['p', 'element', 'check']);
    expect(p.imports[0]!.path.kind === 'Name' && p.imports[0]!.path.segments.length).toBe(3);
  });
});

describe('requirement element bodies with a trailing doc', () => {
  it('documents the requirement and still parses the body', () => {
    const p = ok(
      src('pattern p:', '    requires element x: ## the x', '        scope m<rust>', '    requires language rust'),
    );
    const r = pat(p).requirements;
    expect(r).toHaveLength(2);
    expect(r[0]!.component.kind === 'element' && r[0]!.component.body?.scopes.length).toBe(1);
    expect(r[0]!.component.kind === 'element' && r[0]!.component.body?.doc).toBe('the x');
  });
});
