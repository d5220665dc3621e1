/**
 * Suggestions through the real CLI: misspelt flags, commands and flag values; names in specs;
 * module paths in selectors (at `run`, when the selector matches nothing); language annotations;
 * a language library's check on a scope without files of that language.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectCode, hie, tempDir } from './helpers.js';

let ws: string;

async function write(rel: string, text: string): Promise<void> {
  await mkdir(path.dirname(path.join(ws, rel)), { recursive: true });
  await writeFile(path.join(ws, rel), text);
}

beforeAll(async () => {
  ws = await tempDir('hie-dym-');
  await write('pkg/__init__.py', '');
  await write('pkg/modules/__init__.py', '"""Modules."""\n');
  await write('pkg/modules/x.py', 'import json\n');
  await write('rs/Cargo.toml', '[package]\nname = "demo"\nversion = "0.1.0"\nedition = "2021"\n');
  await write('rs/src/lib.rs', 'mod lexer;\n');
  await write('rs/src/lexer.rs', '/// Lexer.\npub fn lex() {}\n');
  await write('web/src/app.ts', '/** App. */\nexport const a = 1;\n');
});
afterAll(async () => {
  if (ws) await rm(ws, { recursive: true, force: true });
});

describe('did you mean: the command line', () => {
  it('suggests the flag, the command and the value', async () => {
    const flag = await hie(['run', '--fromat', 'json'], { cwd: ws });
    expectCode(flag, 2);
    expect(flag.stderr).toContain('unknown flag `--fromat` (did you mean `--format`?)');
    const eq = await hie(['check', '--fromat=json'], { cwd: ws });
    expect(eq.stderr).toContain('unknown flag `--fromat` (did you mean `--format`?)');
    const command = await hie(['chek'], { cwd: ws });
    expectCode(command, 2);
    expect(command.stderr).toContain('unknown command `chek` (did you mean `check`?');
    const value = await hie(['run', 'x.hie', '--format', 'jsno'], { cwd: ws });
    expect(value.stderr).toContain('invalid value `jsno` for `--format` (did you mean `json`?');
    const far = await hie(['run', '--completely-different'], { cwd: ws });
    expect(far.stderr).toContain('unknown flag `--completely-different`\n');
  });
});

describe('did you mean: specs', () => {
  it('check: a misspelt scope name and language annotation', async () => {
    await write(
      'names.hie',
      `import files
import python
element app:
    scope source<pyhton> = python.package_selector('pkg')
    check files.exists(sorce, '__init__.py')
`,
    );
    const r = await hie(['check', 'names.hie'], { cwd: ws });
    expectCode(r, 1);
    expect(r.stdout).toContain('error[E846]: unknown language `pyhton`');
    expect(r.stdout).toContain('= help: did you mean `python`?');
    expect(r.stdout).toContain('error[E040]: undefined name `sorce`');
    expect(r.stdout).toContain('= help: did you mean `source`?');
  });

  it('run: a selector that matches nothing suggests the closest module, package or folder', async () => {
    await write(
      'modules.hie',
      `import python
import rust
import typescript
element app:
    scope m<python> = python.module_selector('pkg.moduels')
    scope p<python> = python.package_selector('pkgg')
    scope r<rust> = rust.module_selector('lexr')
    scope t<typescript> = typescript.module_selector('web/src/ap')
    scope f<typescript> = typescript.package_selector('web/scr')
    check python.has_docs(m)
    check python.has_docs(p)
    check rust.has_docs(r)
    check typescript.has_docs(t)
    check typescript.has_docs(f)
`,
    );
    const r = await hie(['run', 'modules.hie'], { cwd: ws });
    expectCode(r, 1);
    expect(r.stdout).toContain(
      "→ scope is empty: python.module_selector('pkg.moduels') matched no files (no Python module `pkg.moduels`; " +
        'did you mean `pkg.modules`?)',
    );
    expect(r.stdout).toContain('(no Python package `pkgg`; did you mean `pkg`?)');
    expect(r.stdout).toContain('(no Rust module `lexr`; did you mean `lexer`?)');
    expect(r.stdout).toContain('(no module `web/src/ap`; did you mean `web/src/app`?)');
    expect(r.stdout).toContain('(no folder with modules `web/scr`; did you mean `web/src`?)');
    // the empty-scope warning carries the suggestion too
    expect(r.stdout).toMatch(
      /warning\[W093\]: scope `app\.m` selects no file[^\n]*\n(?:.*\n)*? {2}= help: no Python module `pkg\.moduels`; did you mean `pkg\.modules`\?/,
    );
  });

  it('run: a language check on a scope without files of that language says what the scope holds', async () => {
    await write(
      'language.hie',
      `import files
import python
element app:
    scope rs = files.folder_selector('rs')
    check python.imports(rs, 'json')
    check python.imports(files.folder_selector('pkg'), 'json')
`,
    );
    const r = await hie(['run', 'language.hie'], { cwd: ws });
    expectCode(r, 1);
    expect(r.stdout).toContain(
      "→ scope files.folder_selector('rs') has no Python files (it has 2 .rs files, 1 .toml file)",
    );
    expect(r.stdout).toContain("PASS  python.imports(files.folder_selector('pkg'), 'json')");
  });
});
