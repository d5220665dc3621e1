/**
 * Libraries from the workspace's hielements.toml, over stdio: a WebAssembly library's catalogue in
 * hover and completion, configuration problems shown on hielements.toml, and the libraries loaded
 * again when hielements.toml changes.
 */
import { mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompletionItem, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { ROOT } from '../cli/helpers.js';
import { LspClient, positionOf, uriOf } from './client.js';

const WASM = path.join(ROOT, 'examples', 'wasm', 'conventions', 'build', 'conventions.wasm');

const SPEC = `import files
import wconv

element app {
    scope py = wconv.files_with_extension('py')
    check wconv.max_lines(py, 200)
}
`;

const GOOD =
  `[libraries]\nwconv = { type = "wasm", path = ${JSON.stringify(WASM)}, capabilities = { ` +
  'file_read = ' +
  'true } }\n';
const BROKEN = `${GOOD}missing = { type = "wasm", path = "missing.wasm" }\n`;

describe('libraries configured in hielements.toml', () => {
  let dir: string;
  let client: LspClient;
  let uri: string;
  let toml: string;

  beforeAll(async () => {
    dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'hie-lsp-libs-')));
    writeFileSync(path.join(dir, 'hielements.toml'), BROKEN);
    writeFileSync(path.join(dir, 'app.hie'), SPEC);
    toml = uriOf(path.join(dir, 'hielements.toml'));
    client = new LspClient(dir);
    await client.initialize(dir);
    const onToml = client.waitForDiagnostics(toml, (d) => d.length > 0);
    const onSpec = client.waitForDiagnostics(uriOf(path.join(dir, 'app.hie')));
    uri = await client.open(path.join(dir, 'app.hie'));
    expect(await onSpec).toEqual([]);
    const [problem] = await onToml;
    expect(problem?.message).toContain('missing.wasm does not exist');
    expect(problem?.code).toBe('E517');
    expect(problem?.range.start).toEqual({ line: 2, character: 27 });
  });

  afterAll(() => client.kill());

  it("hovers and completes a WebAssembly library's functions from its own catalogue", async () => {
    const hover = await client.request<Hover>('textDocument/hover', {
      textDocument: { uri },
      position: positionOf(SPEC, 'files_with_extension', 3),
    });
    const text = (hover.contents as MarkupContent).value;
    expect(text).toContain('wconv.files_with_extension(ext: string) -> Scope');
    expect(text).toContain('Every file of the workspace with this extension');
    const library = await client.request<Hover>('textDocument/hover', {
      textDocument: { uri },
      position: positionOf(SPEC, 'import wconv', 8),
    });
    expect((library.contents as MarkupContent).value).toContain('(WebAssembly)');
    const edited = SPEC.replace('check wconv.max_lines(py, 200)', 'check wconv.');
    await client.change(uri, edited);
    const items = await client.request<CompletionItem[]>('textDocument/completion', {
      textDocument: { uri },
      position: positionOf(edited, 'check wconv.', 12),
    });
    expect(items.map((i) => i.label)).toContain('max_lines');
    expect(items.map((i) => i.label)).not.toContain('files_with_extension');
    await client.change(uri, SPEC);
  });

  it('loads the libraries again when hielements.toml changes', async () => {
    writeFileSync(path.join(dir, 'hielements.toml'), GOOD);
    const cleared = client.waitForDiagnostics(toml, (d) => d.length === 0);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: toml, type: 2 }] });
    await cleared;
    expect(await client.shutdown()).toBe(0);
  });
});
