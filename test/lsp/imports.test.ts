/**
 * Specs that import other specs, over stdio: an edit in an imported file re-validates the open
 * files that import it, and definition, references and rename follow names across files.
 */
import { mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Location, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { LspClient, positionOf, uriOf } from './client.js';

const B = `import files

## The shared core.
element core {
    scope src = files.folder_selector('.')
}
`;

const A = `import files
import './b.hie'

element app {
    scope src = files.folder_selector('.')
    src uses core.src

    check files.exists(core.src, 'b.hie')
}
`;

describe('specs importing specs', () => {
  let dir: string;
  let client: LspClient;
  let a: string;
  let b: string;

  beforeAll(async () => {
    dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'hie-lsp-')));
    writeFileSync(path.join(dir, 'a.hie'), A);
    writeFileSync(path.join(dir, 'b.hie'), B);
    writeFileSync(path.join(dir, 'hielements.toml'), '[libraries]\n');
    client = new LspClient(dir);
    await client.initialize(dir);
    const clean = client.waitForDiagnostics(uriOf(path.join(dir, 'a.hie')));
    a = await client.open(path.join(dir, 'a.hie'));
    expect(await clean).toEqual([]);
    const cleanB = client.waitForDiagnostics(uriOf(path.join(dir, 'b.hie')));
    b = await client.open(path.join(dir, 'b.hie'));
    expect(await cleanB).toEqual([]);
  });

  afterAll(() => client.kill());

  it('re-validates the importing file when the imported one is edited', async () => {
    const broken = client.waitForDiagnostics(a, (d) => d.length > 0);
    await client.change(b, B.replace('element core', 'element kernel'));
    const ds = await broken;
    const undefinedCore = ds.filter((d) => d.message.includes('undefined name `core`'));
    expect(undefinedCore.map((d) => d.range.start).sort((x, y) => x.line - y.line)).toEqual([
      positionOf(A, 'core.src'),
      positionOf(A, 'core.src', 0, 1),
    ]);
    expect(undefinedCore.map((d) => d.code).sort()).toEqual(['E040', 'E071']);
    const fixed = client.waitForDiagnostics(a, (d) => d.length === 0);
    await client.change(b, B);
    await fixed;
  });

  it('shows paths in messages relative to the workspace, as the command line does', async () => {
    // a server started in another directory than the workspace, as editors do
    const elsewhere = new LspClient();
    try {
      await elsewhere.initialize(dir);
      const c = path.join(dir, 'c.hie');
      const text =
        "import files\nimport './b.hie' as shared\n\nelement app {\n    check files.exists(shared, 'b.hie')\n}\n";
      writeFileSync(c, text);
      const got = elsewhere.waitForDiagnostics(uriOf(c), (d) => d.some((x) => x.code === 'E043'));
      await elsewhere.open(c);
      const e043 = (await got).find((d) => d.code === 'E043')!;
      expect(e043.message).toContain('is imported spec `b.hie`, not a value');
      expect(e043.message).not.toContain(dir);
    } finally {
      elsewhere.kill();
    }
  });

  it('goes to definitions in the imported file and to the imported file itself', async () => {
    const def = await client.request<Location[]>('textDocument/definition', {
      textDocument: { uri: a },
      position: positionOf(A, 'core.src', 1),
    });
    expect(def).toEqual([
      { uri: b, range: { start: positionOf(B, 'element core', 8), end: positionOf(B, 'element core', 12) } },
    ]);
    const file = await client.request<Location[]>('textDocument/definition', {
      textDocument: { uri: a },
      position: positionOf(A, './b.hie', 2),
    });
    expect(file.map((l) => l.uri)).toEqual([b]);
  });

  it('finds references and renames across files, from the declaring file', async () => {
    const refs = await client.request<Location[]>('textDocument/references', {
      textDocument: { uri: b },
      position: positionOf(B, 'element core', 9),
      context: { includeDeclaration: true },
    });
    expect(refs.map((r) => `${path.basename(r.uri)}:${r.range.start.line + 1}`).sort()).toEqual([
      'a.hie:6',
      'a.hie:8',
      'b.hie:4',
    ]);
    const edit = await client.request<WorkspaceEdit>('textDocument/rename', {
      textDocument: { uri: b },
      position: positionOf(B, 'element core', 9),
      newName: 'kernel',
    });
    expect(edit.changes?.[a]?.map((e) => e.range.start).sort((x, y) => x.line - y.line)).toEqual([
      positionOf(A, 'core.src'),
      positionOf(A, 'core.src', 0, 1),
    ]);
    expect(edit.changes?.[b]?.map((e) => e.newText)).toEqual(['kernel']);
    // A scope renamed from the importing file.
    const scope = await client.request<WorkspaceEdit>('textDocument/rename', {
      textDocument: { uri: a },
      position: positionOf(A, 'core.src', 6),
      newName: 'code',
    });
    expect(Object.keys(scope.changes ?? {}).sort()).toEqual([a, b].sort());
    expect(scope.changes?.[b]?.[0]?.range.start).toEqual(positionOf(B, 'src ='));
    expect(await client.shutdown()).toBe(0);
  });
});
