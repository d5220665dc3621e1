/** `--list-files` / `--verbose` name the scopes they resolved; `doc` lists javascript as another name of typescript. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectCode, fixture, hie } from './helpers.js';

describe('run --verbose / --list-files', () => {
  it(
    'names each resolved scope with its selector; --list-files lists its files relative to ' + 'the workspace',
    async () => {
      const dir = fixture('green');
      const v = await hie(['run', path.join(dir, 'arch.hie'), '--verbose', '--no-cache'], { cwd: dir });
      expectCode(v, 0);
      expect(v.stderr).toContain(
        "[verbose]   -> scope app.core.code resolved 1 path (files.folder_selector('src/core'))",
      );
      expect(v.stderr).not.toContain('app.core.code: src/core/index.ts');
      const l = await hie(['run', path.join(dir, 'arch.hie'), '--list-files', '--no-cache'], { cwd: dir });
      expectCode(l, 0);
      expect(l.stderr).toContain('[verbose]       app.core.code: src/core/index.ts');
      expect(l.stderr).toContain('[verbose]       app.docs.pages: docs/guide.md');
    },
  );
});

describe('doc: javascript is another name of typescript', () => {
  it('markdown and JSON list its functions once, under typescript; asked alone, javascript shows them', async () => {
    const md = await hie(['doc']);
    expectCode(md, 0);
    expect(md.stdout).toContain(
      'Another name of [typescript](#typescript): the same selectors and checks, called as `javascript.…`.',
    );
    expect(md.stdout).not.toContain('#### `javascript.module_selector');
    const json = await hie(['doc', '--format', 'json']);
    const libs = (JSON.parse(json.stdout) as { libraries: { name: string; alias_of?: string; functions: unknown[] }[] })
      .libraries;
    const js = libs.find((l) => l.name === 'javascript')!;
    expect(js.alias_of).toBe('typescript');
    expect(js.functions).toEqual([]);
    expect(libs.find((l) => l.name === 'typescript')!.functions.length).toBeGreaterThan(3);
    const alone = await hie(['doc', '--library', 'javascript']);
    expect(alone.stdout).toContain('#### `javascript.module_selector');
  });
});
