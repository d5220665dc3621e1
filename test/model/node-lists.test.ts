/** The lists of a built model's nodes (src/model/build.ts): in order, without repeats, read-only. */
import { describe, expect, it } from 'vitest';
import { check } from './helpers.js';

const SPEC = `import files

pattern a:
    scope code
pattern b:
    scope code

element shop implements a, b, a:
    scope src binds a.code = files.folder_selector('.')
    scope other binds b.code = files.folder_selector('x')
    check files.exists(src, 'README.md')
    element web:
        scope ui = files.folder_selector('web')
    element api:
        scope x = files.folder_selector('api')
`;

describe('node lists', () => {
  it('hold what the element declares, in order, each implemented pattern once', async () => {
    const c = await check(SPEC);
    expect(c.errors).toEqual([]);
    const shop = c.model.elements.find((e) => e.path === 'shop')!;
    expect(shop.implements.map((p) => p.name)).toEqual(['a', 'b']);
    expect(shop.scopes.map((m) => m.name)).toEqual(['src', 'other']);
    expect(shop.children.map((n) => n.name)).toEqual(['web', 'api']);
    expect(shop.checks).toHaveLength(1);
    expect([...shop.bound.keys()].sort()).toEqual(['a.code', 'b.code']);
  });

  it('are empty and cannot be added to where a node has nothing', async () => {
    const c = await check(SPEC);
    const web = c.model.elements.find((e) => e.path === 'shop.web')!;
    for (const list of [web.refs, web.children, web.uses, web.bindings, web.checks, web.implements]) {
      expect(list).toEqual([]);
      expect(() => (list as unknown[]).push(1)).toThrow(TypeError);
    }
    expect(web.bound.size).toBe(0);
  });
});
