/** The lists of a parsed declaration: in order, at their exact length, one shared read-only empty list. */
import { describe, expect, it } from 'vitest';
import { parse, programToJson } from '../../src/syntax/index.js';

const SPEC = `element shop implements a, b:
    scope src = files.folder_selector('.')
    check files.exists(src, 'README.md')
    warning check files.exists(src, 'LICENSE')
    element web:
        scope ui = files.folder_selector('web')
pattern p:
    requires element x:
        check files.exists(src, 'x')
`;

describe('declaration lists', () => {
  it('hold the statements in order', () => {
    const { program, diagnostics } = parse(SPEC, 'l.hie');
    expect(diagnostics).toEqual([]);
    const shop = program.elements[0]!;
    expect(shop.implements.map((i) => i.name)).toEqual(['a', 'b']);
    expect(shop.checks.map((c) => c.text)).toEqual(["files.exists(src, 'README.md')", "files.exists(src, 'LICENSE')"]);
    expect(shop.checks[1]!.severity).toBe('warning');
    expect(shop.children.map((c) => c.name.name)).toEqual(['web']);
    const body = program.patterns[0]!.requirements[0]!.component;
    expect(body.kind === 'element' && body.body?.checks.map((c) => c.text)).toEqual(["files.exists(src, 'x')"]);
  });

  it('are empty, shared and read-only where a declaration has nothing, and print as before', () => {
    const { program } = parse(SPEC, 'l.hie');
    const web = program.elements[0]!.children[0]!;
    for (const list of [web.refs, web.uses, web.bindings, web.requirements, web.children, web.implements]) {
      expect(list).toEqual([]);
      expect(() => (list as unknown[]).push(1)).toThrow(TypeError);
    }
    const json = programToJson(program) as { elements: { children: { refs: unknown; children: unknown }[] }[] };
    expect(json.elements[0]!.children[0]!.refs).toEqual([]);
    expect(JSON.stringify(json.elements[0]!.children[0]!.children)).toBe('[]');
  });
});
