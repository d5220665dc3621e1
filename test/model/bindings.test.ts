/**
 * Bind, then check: the bind phase answers every name once in a side table keyed by AST node; the
 * check phase only reports from it; evaluation only reads it. The side table also answers the
 * questions an editor asks (declaration of a name, references of a declaration).
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bindSpec, checkSpec, declarationSite, loadSpec } from '../../src/model/index.js';
import type { Expression } from '../../src/syntax/ast.js';
import { check, registry, tree } from './helpers.js';

const SPEC = `import files

pattern service:
    scope code
    check files.exists(code, 'README.md')
    requires descendant scope tests

element shop:
    scope root = files.folder_selector('.')
    element orders implements service:
        scope src binds service.code = files.folder_selector('orders')
        scope tests = files.folder_selector('orders/tests')
        src uses shop.web
    element web:
        scope ui = files.folder_selector('web')
        check files.exists(ui, 'index.ts')
        check files.exists(root, 'README.md')
`;

const offsetOf = (text: string, needle: string, nth = 0): number => {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = text.indexOf(needle, at + 1);
  return at;
};

describe('bind phase', () => {
  it('binds every name and call of the spec, keyed by the AST node', async () => {
    const c = await check(SPEC);
    expect(c.errors).toEqual([]);
    const b = c.model.bindings;
    const web = c.model.elements.find((e) => e.path === 'shop.web')!;
    const [ui, root] = web.checks.map((k) => (k.expression as Expression & { kind: 'Call' }).args[0]!);
    expect(b.name(ui!, web)).toMatchObject({ ok: true, target: { kind: 'member', member: { name: 'ui' } } });
    expect(b.name(root!, web)).toMatchObject({
      ok: true,
      target: { kind: 'member', member: { name: 'root', owner: { path: 'shop' } } },
    });
    const call = web.checks[0]!.expression as Expression & { kind: 'Call' };
    expect(b.call(call, web.unit)).toEqual({
      ok: true,
      library: 'files',
      fn: 'exists',
      local: 'files',
      imported: true,
    });
    expect([...b.libraryCalls.get('files')!].sort()).toEqual(['exists', 'folder_selector']);
    const orders = c.model.elements.find((e) => e.path === 'shop.orders')!;
    expect(orders.implements.map((p) => p.name)).toEqual(['service']);
    expect(b.uses(orders.uses[0]!)).toMatchObject({ ok: true, target: { kind: 'node', node: { path: 'shop.web' } } });
  });

  it('records an unresolved name with its explanation; the check phase reports it', async () => {
    const root = tree({ 'spec.hie': 'import files\n\nelement a:\n    scope s = files.folder_selector(nope)\n' });
    const reg = registry(root);
    const bound = bindSpec(await loadSpec(path.join(root, 'spec.hie')), reg);
    const a = bound.model.elements[0]!;
    const arg = (a.scopes[0]!.decl.expression as Expression & { kind: 'Call' }).args[0]!;
    expect(bound.model.bindings.name(arg, a)).toMatchObject({
      ok: false,
      code: 'E040',
      message: 'undefined name `nope`',
    });
    expect(bound.diagnostics).toEqual([]); // binding reports nothing
    const reported = await checkSpec(bound, reg);
    expect(reported.map((d) => d.code)).toEqual(['E040']);
  });

  it('checking leaves the bound model as it was', async () => {
    const root = tree({ 'spec.hie': SPEC });
    const reg = registry(root);
    const bound = bindSpec(await loadSpec(path.join(root, 'spec.hie')), reg);
    const snapshot = () =>
      bound.model.elements
        .map((e) => [e.path, e.implements.map((p) => p.name), [...e.bound.keys()]])
        .concat([[...bound.model.libraryCalls.keys()]]);
    const before = JSON.stringify(snapshot());
    const refs = bound.model.bindings.references().length;
    await checkSpec(bound, reg);
    expect(JSON.stringify(snapshot())).toBe(before);
    expect(bound.model.bindings.references().length).toBe(refs);
  });

  it('answers go-to-definition and find-references with files and spans', async () => {
    const c = await check(SPEC);
    const b = c.model.bindings;
    const file = c.model.file;
    // `root` in `check files.exists(root, ...)` of shop.web → the scope declared in shop.
    const at = b.declarationAt(file, offsetOf(SPEC, 'exists(root') + 'exists('.length + 1);
    expect(at?.declaration.kind).toBe('member');
    const site = declarationSite(at!.declaration);
    expect(site.file).toBe(file);
    expect(site.span?.start.offset).toBe(offsetOf(SPEC, 'root ='));
    // `service` in `implements service` and in `binds service.code` → the pattern.
    const impl = b.declarationAt(file, offsetOf(SPEC, 'implements service') + 'implements '.length);
    expect(impl?.declaration).toMatchObject({ kind: 'node', node: { name: 'service', kind: 'pattern' } });
    const refs = b.referencesTo(impl!.declaration).map((r) => SPEC.slice(r.span.start.offset, r.span.end.offset));
    expect(refs).toEqual(['service', 'service']);
    // `shop.web` in `src uses shop.web`: both segments are references.
    const web = b.declarationAt(file, offsetOf(SPEC, 'uses shop.web') + 'uses shop.'.length);
    expect(web?.declaration).toMatchObject({ kind: 'node', node: { path: 'shop.web' } });
  });

  it('records each place once, for declarations named a few times and named many times', async () => {
    // `requires connection to hub` names `hub` again for every implementing element: one place;
    // the `uses` name it 30 times more (past the places compared one by one)
    const impls = Array.from(
      { length: 30 },
      (_, i) => `element w${i} implements linked:\n    scope s = files.folder_selector('w${i}')\n    s uses hub`,
    );
    const spec = `import files\n\npattern linked:\n    requires connection to hub\n\nelement hub:\n    scope s = files.folder_selector('hub')\n\n${impls.join('\n')}\n`;
    const c = await check(spec);
    const b = c.model.bindings;
    const file = c.model.file;
    const hub = b.declarationAt(file, offsetOf(spec, 'to hub') + 'to '.length);
    expect(hub?.declaration).toMatchObject({ kind: 'node', node: { path: 'hub' } });
    const hubPlaces = b.referencesTo(hub!.declaration).map((r) => r.span.start.offset);
    expect(hubPlaces).toHaveLength(31);
    expect(hubPlaces).toContain(offsetOf(spec, 'to hub') + 3);
    expect(new Set(hubPlaces).size).toBe(31);
    // the pattern is named by 30 elements (more than are compared one by one): 30 places, none twice
    const linked = b.declarationAt(file, offsetOf(spec, 'implements linked') + 'implements '.length);
    const places = b.referencesTo(linked!.declaration).map((r) => r.span.start.offset);
    expect(places).toHaveLength(30);
    expect(new Set(places).size).toBe(30);
    // calls bound alike share what they call
    const [first, second] = c.model.elements
      .filter((e) => e.path.startsWith('w'))
      .map((e) => b.call(e.scopes[0]!.decl.expression as Expression & { kind: 'Call' }, e.unit));
    expect(first).toEqual({ ok: true, library: 'files', fn: 'folder_selector', local: 'files', imported: true });
    expect(second).toBe(first);
  });

  it('names that resolve to one declaration share one answer', async () => {
    const c = await check(SPEC);
    const b = c.model.bindings;
    const web = c.model.elements.find((e) => e.path === 'shop.web')!;
    const shop = c.model.elements.find((e) => e.path === 'shop')!;
    const root = (web.checks[1]!.expression as Expression & { kind: 'Call' }).args[0]!;
    const selector = shop.scopes[0]!.decl.expression as Expression & { kind: 'Call' };
    expect(b.name(root, web)).toMatchObject({ ok: true, target: { kind: 'member', member: { name: 'root' } } });
    // `root` named again, in another element's check: the same answer object
    const spec = `${SPEC}    element more:\n        check files.exists(root, 'x')\n`;
    const again = await check(spec);
    const more = again.model.elements.find((e) => e.path === 'shop.more')!;
    const web2 = again.model.elements.find((e) => e.path === 'shop.web')!;
    const a1 = again.model.bindings.name((web2.checks[1]!.expression as Expression & { kind: 'Call' }).args[0]!, web2);
    const a2 = again.model.bindings.name((more.checks[0]!.expression as Expression & { kind: 'Call' }).args[0]!, more);
    expect(a1).toMatchObject({ ok: true, target: { kind: 'member', member: { name: 'root' } } });
    expect(a2).toBe(a1);
    expect(b.call(selector, shop.unit)).toMatchObject({ ok: true, fn: 'folder_selector' });
  });
});

describe('evaluation reads the bindings', () => {
  it('no module of the interpreter resolves a name', async () => {
    const dir = path.resolve('src/eval');
    for (const f of await readdir(dir)) {
      const text = await readFile(path.join(dir, f), 'utf8');
      expect(text, f).not.toMatch(/\b(resolvePath|findLibrary|resolveConnectionTarget)\b/);
    }
  });
});
