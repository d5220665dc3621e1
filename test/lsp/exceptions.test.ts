/**
 * Names in `except SOURCE to TARGET because '…'` are bound like every other name: definition,
 * references and rename follow them (the language server reads the binder's references).
 */
import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Location, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { LspClient, positionOf, uriOf } from './client.js';

const SPEC = `import files
import python

element shop {
    scope src = files.folder_selector('shop')

    element api {
        scope code = python.module_selector('shop.api')
    }

    element db {
        scope code = python.module_selector('shop.db')
    }

    except db to api because 'the legacy report still reads the API models'
}
`;

describe('exceptions in the language server', () => {
  let dir: string;
  let client: LspClient;
  let uri: string;

  beforeAll(async () => {
    dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'hie-lsp-except-')));
    mkdirSync(path.join(dir, 'shop', 'api'), { recursive: true });
    mkdirSync(path.join(dir, 'shop', 'db'), { recursive: true });
    writeFileSync(path.join(dir, 'shop', '__init__.py'), '');
    writeFileSync(path.join(dir, 'shop', 'api', '__init__.py'), '');
    writeFileSync(path.join(dir, 'shop', 'db', '__init__.py'), 'from shop.api import models\n');
    writeFileSync(path.join(dir, 'hielements.hie'), SPEC);
    writeFileSync(path.join(dir, 'hielements.toml'), '[libraries]\n');
    client = new LspClient(dir);
    await client.initialize(dir);
    const clean = client.waitForDiagnostics(uriOf(path.join(dir, 'hielements.hie')));
    uri = await client.open(path.join(dir, 'hielements.hie'));
    expect(await clean).toEqual([]);
  });

  afterAll(() => client.kill());

  it('goes from both sides of an exception to the elements they name', async () => {
    const src = await client.request<Location[]>('textDocument/definition', {
      textDocument: { uri },
      position: positionOf(SPEC, 'except db', 8),
    });
    expect(src.map((l) => l.range.start)).toEqual([positionOf(SPEC, 'element db', 8)]);
    const target = await client.request<Location[]>('textDocument/definition', {
      textDocument: { uri },
      position: positionOf(SPEC, 'to api because', 4),
    });
    expect(target.map((l) => l.range.start)).toEqual([positionOf(SPEC, 'element api', 8)]);
  });

  it('lists the exception among the references of an element and renames it there', async () => {
    const refs = await client.request<Location[]>('textDocument/references', {
      textDocument: { uri },
      position: positionOf(SPEC, 'element api', 9),
      context: { includeDeclaration: false },
    });
    expect(refs.map((r) => r.range.start.line + 1).sort((a, b) => a - b)).toEqual([15]);
    const edit = await client.request<WorkspaceEdit>('textDocument/rename', {
      textDocument: { uri },
      position: positionOf(SPEC, 'element api', 9),
      newName: 'web',
    });
    expect(edit.changes?.[uri]?.map((e) => e.range.start.line + 1).sort((a, b) => a - b)).toEqual([7, 15]);
    expect(await client.shutdown()).toBe(0);
  });
});
