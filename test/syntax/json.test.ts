/** The `parse` JSON form (docs/ast.md). */
import { describe, expect, it } from 'vitest';
import { parse, programToJson } from '../../src/syntax/index.js';

type J = Record<string, unknown>;

function json(text: string): J {
  return programToJson(parse(text, 'j.hie').program) as J;
}

describe('programToJson', () => {
  it('has a stable key order and writes absent members as null', () => {
    const j = json("element a:\n    scope s = files.folder_selector('s')\n");
    expect(Object.keys(j)).toEqual(['kind', 'file', 'doc', 'imports', 'languages', 'patterns', 'elements', 'span']);
    const el = (j.elements as J[])[0]!;
    expect(Object.keys(el)).toEqual([
      'kind',
      'name',
      'doc',
      'implements',
      'scopes',
      'refs',
      'uses',
      'checks',
      'bindings',
      'requirements',
      'children',
      'inPattern',
      'blockStyle',
      'span',
    ]);
    const scope = (el.scopes as J[])[0]!;
    expect(scope).toMatchObject({ kind: 'Scope', language: null, binds: null, doc: null });
    expect(Object.keys(scope)).toEqual(['kind', 'name', 'language', 'binds', 'expression', 'doc', 'span']);
  });

  it('is plain JSON that survives a round trip', () => {
    const text = [
      '## File',
      "import './common.hie' as common",
      'from rust import module_selector',
      'language rust:',
      '    connection_check ok(a: scope[]):',
      '        rust.no_cycles(a)',
      'pattern p {',
      '    element m { scope s<rust>; ref r: T }',
      '    requires descendant element x: Svc implements q',
      '    forbids connection to ext.*',
      '    requires ref port: integer = cfg.port()',
      '    allows language rust',
      '    requires check files.exists(s, "x")',
      '    requires scope c = files.file_selector("c")',
      '}',
      'element a implements p:',
      "    scope s<rust> binds p.m.s = rust.module_selector('x')",
      '    check files.exists(s, [1, -2.5, true])',
      '    p.m.r = 1',
      '    s uses b.c',
      '',
    ].join('\n');
    const r = parse(text, 'j.hie');
    expect(r.diagnostics).toEqual([]);
    const j = programToJson(r.program);
    expect(JSON.parse(JSON.stringify(j))).toEqual(j);
    const s = JSON.stringify(j);
    expect(s).not.toContain('undefined');
  });

  it('requirement components always have the same keys', () => {
    const j = json('pattern p:\n    forbids connection to a.*\n    requires language rust\n');
    const reqs = ((j.patterns as J[])[0]!.requirements as J[]).map((r) => r.component as J);
    expect(Object.keys(reqs[0]!)).toEqual(Object.keys(reqs[1]!));
    expect(reqs[0]).toMatchObject({ kind: 'connection', wildcard: true, name: null });
    expect(reqs[1]).toMatchObject({ kind: 'language', path: null, wildcard: null });
  });

  it('numbers keep their source text', () => {
    const j = json('element a:\n    check f.g(9007199254740993, 1.0)\n');
    const call = (((j.elements as J[])[0]!.checks as J[])[0]!.expression as J).args as J[];
    expect(call.map((a) => [a.raw, a.isInteger])).toEqual([
      ['9007199254740993', true],
      ['1.0', false],
    ]);
  });

  it('file imports and name imports share one shape', () => {
    const j = json("import './x.hie'\nimport a.b as c\n");
    const [f, n] = (j.imports as J[]).map((i) => i.path as J);
    expect(Object.keys(f!)).toEqual(Object.keys(n!));
    expect(f).toMatchObject({ kind: 'File', value: './x.hie', segments: null });
    expect(n).toMatchObject({ kind: 'Name', value: null, span: null });
  });
});

describe('docs/ast.md example', () => {
  it('has the span printed in the documentation', () => {
    const j = json("import files\n\nelement app:\n    scope src = files.folder_selector('src')\n");
    const scope = ((j.elements as J[])[0]!.scopes as J[])[0]!;
    expect(scope.span).toEqual({ start: { line: 4, column: 5, offset: 31 }, end: { line: 4, column: 45, offset: 71 } });
  });
});
