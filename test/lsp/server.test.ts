/**
 * The language server as an editor drives it: a real LSP client over stdio against the built CLI,
 * on the shop example (built-in and external libraries) and on the repository's own spec.
 */
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  CodeAction,
  CompletionItem,
  DocumentSymbol,
  FoldingRange,
  Hover,
  Location,
  MarkupContent,
  WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import { ROOT } from '../cli/helpers.js';
import { LspClient, positionOf, uriOf } from './client.js';

const SHOP = path.join(ROOT, 'examples', 'shop', 'hielements.hie');
const SELF = path.join(ROOT, 'hielements.hie');

const hoverText = (h: Hover | null): string => (h ? (h.contents as MarkupContent).value : '');
const labels = (items: CompletionItem[] | { items: CompletionItem[] } | null): string[] =>
  (Array.isArray(items) ? items : (items?.items ?? [])).map((i) => i.label);
const lines = (locs: Location[]): string[] =>
  locs
    .map(
      (l) => `${path.relative(ROOT, new URL(l.uri).pathname)}:${l.range.start.line + 1}:${l.range.start.character + 1}`,
    )
    .sort();

/** Processes whose parent is `pid`. */
function childrenOf(pid: number): number[] {
  const out = execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' }).trim();
  return out === '' ? [] : out.split(/\s+/).map(Number);
}

describe('hielements lsp on the shop example', () => {
  let client: LspClient;
  let text: string;
  let uri: string;

  beforeAll(async () => {
    client = new LspClient();
    text = await readFile(SHOP, 'utf8');
    const init = (await client.initialize(path.dirname(SHOP))) as {
      capabilities: Record<string, unknown>;
      serverInfo: { name: string };
    };
    expect(init.serverInfo.name).toBe('hielements');
    expect(init.capabilities).toMatchObject({
      hoverProvider: true,
      definitionProvider: true,
      referencesProvider: true,
      renameProvider: { prepareProvider: true },
    });
    const first = client.waitForDiagnostics(uriOf(SHOP));
    uri = await client.open(SHOP);
    expect(await first).toEqual([]);
  });

  afterAll(() => client.kill());

  it('reports a syntax error as you type, then clears it when the text is fixed', async () => {
    const broken = text.replace("scope root = files.folder_selector('.')", "scope root = files.folder_selector('.'");
    const pending = client.waitForDiagnostics(uri, (d) => d.length > 0);
    await client.change(uri, broken);
    const ds = await pending;
    const e = ds.find((d) => d.severity === 1);
    expect(e?.code).toMatch(/^E\d+$/);
    expect(e?.source).toBe('hielements');
    expect(e?.range.start.line).toBe(positionOf(broken, "folder_selector('.'").line);
    const fixed = client.waitForDiagnostics(uri, (d) => d.length === 0);
    await client.change(uri, text);
    expect(await fixed).toEqual([]);
  });

  it('reports a misspelt function with its help text and offers the "did you mean" fix', async () => {
    const broken = text.replace("python.package_selector('orders.db')", "python.pakage_selector('orders.db')");
    const pending = client.waitForDiagnostics(uri, (d) => d.length > 0);
    await client.change(uri, broken);
    const [d] = await pending;
    expect(d?.message).toContain('pakage_selector');
    expect(d?.message).toContain('help: did you mean `package_selector`?');
    expect(d?.range.start).toEqual(positionOf(broken, 'python.pakage_selector'));
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: d!.range,
      context: { diagnostics: [d] },
    });
    expect(actions.map((a) => a.title)).toEqual(['Change `pakage_selector` to `package_selector`']);
    const edit = actions[0]!.edit!.changes![uri]![0]!;
    expect(edit.newText).toBe('package_selector');
    expect(edit.range.start).toEqual(positionOf(broken, 'pakage_selector'));
    const fixed = client.waitForDiagnostics(uri, (ds) => ds.length === 0);
    await client.change(uri, text);
    await fixed;
  });

  it('hovers a built-in function, an external library function and an element with its ## docs', async () => {
    const builtin = await client.request<Hover>('textDocument/hover', {
      textDocument: { uri },
      position: positionOf(text, 'package_selector', 2),
    });
    expect(hoverText(builtin)).toContain('python.package_selector(');
    expect(hoverText(builtin)).toContain('selector of library `python`');
    const external = await client.request<Hover>('textDocument/hover', {
      textDocument: { uri },
      position: positionOf(text, 'filename_case', 1),
    });
    expect(hoverText(external)).toContain('conventions.filename_case(');
    expect(hoverText(external)).toContain('check of library `conventions`');
    const element = await client.request<Hover>('textDocument/hover', {
      textDocument: { uri },
      position: positionOf(text, 'code uses domain', 10),
    });
    expect(hoverText(element)).toContain('element shop.orders.domain implements layer, domain_layer');
    expect(hoverText(element)).toContain('Business rules.');
    const scope = await client.request<Hover>('textDocument/hover', {
      textDocument: { uri },
      position: positionOf(text, 'domain.code)', 8),
    });
    expect(hoverText(scope)).toContain(
      "scope code<python> binds layer.code = python.package_selector('orders.domain')",
    );
  });

  it('goes to the definition of elements, scopes and patterns', async () => {
    const def = (needle: string, delta: number, n = 0) =>
      client.request<Location[]>('textDocument/definition', {
        textDocument: { uri },
        position: positionOf(text, needle, delta, n),
      });
    expect(lines(await def('code uses domain', 11))).toEqual([
      `examples/shop/hielements.hie:${positionOf(text, 'element domain').line + 1}:17`,
    ]);
    expect(lines(await def('domain.code)', 8))).toEqual([
      `examples/shop/hielements.hie:${
        positionOf(text, 'scope code<python> binds layer.code = ' + "python.package_selector('orders.domain')").line + 1
      }:19`,
    ]);
    expect(lines(await def('implements layer, storage_layer', 20))).toEqual([
      `examples/shop/hielements.hie:${positionOf(text, 'pattern storage_layer').line + 1}:9`,
    ]);
    // `binds layer.code` names the pattern's placeholder.
    expect(lines(await def('binds layer.code', 13))).toEqual([
      `examples/shop/hielements.hie:${positionOf(text, 'scope code<python>').line + 1}:11`,
    ]);
  });

  it('finds every reference of a pattern and of an element', async () => {
    const refs = (needle: string, delta: number, includeDeclaration: boolean) =>
      client.request<Location[]>('textDocument/references', {
        textDocument: { uri },
        position: positionOf(text, needle, delta),
        context: { includeDeclaration },
      });
    const layer = await refs('pattern layer', 9, true);
    // Declaration, three `implements layer`, three `binds layer.code`.
    expect(layer).toHaveLength(7);
    const domain = await refs('element domain', 9, false);
    // `code uses domain`, `domain.code`, and `forbids connection to domain` (resolved for orders.db).
    expect(lines(domain)).toEqual(
      [
        positionOf(text, 'code uses domain', 10),
        positionOf(text, 'domain.code)'),
        positionOf(text, 'connection to domain', 14),
      ]
        .map((p) => `examples/shop/hielements.hie:${p.line + 1}:${p.character + 1}`)
        .sort(),
    );
  });

  it('completes library names, functions by statement kind, patterns and elements', async () => {
    const complete = async (edited: string, needle: string, delta: number) => {
      await client.change(uri, edited);
      return labels(
        await client.request('textDocument/completion', {
          textDocument: { uri },
          position: positionOf(edited, needle, delta),
        }),
      );
    };
    const imports = await complete(text.replace('import rust\n', 'import rust\nimport \n'), 'import \n', 7);
    expect(imports).toEqual(expect.arrayContaining(['files', 'python', 'rust', 'typescript', 'conventions']));
    const selectors = await complete(text.replace("python.package_selector('orders.db')", 'python.'), 'python.\n', 7);
    expect(selectors).toContain('package_selector');
    expect(selectors).not.toContain('class_exists');
    const checks = await complete(
      text.replace("check python.no_import(code, 'requests')", 'check python.'),
      'check python.\n',
      13,
    );
    expect(checks).toEqual(expect.arrayContaining(['class_exists', 'no_import', 'has_docs']));
    expect(checks).not.toContain('package_selector');
    const external = await complete(
      text.replace(
        'check conventions.max_lines(src, ' + '200)\n\n        ## HTTP',
        'check conventions.\n\n        ## HTTP',
      ),
      'check conventions.\n',
      18,
    );
    expect(external).toEqual(expect.arrayContaining(['filename_case', 'max_lines']));
    const patterns = await complete(
      text.replace('element db implements layer, storage_layer', 'element db implements '),
      'element db implements ',
      22,
    );
    expect(patterns).toEqual(expect.arrayContaining(['layer', 'storage_layer', 'domain_layer', 'service']));
    expect(patterns).not.toContain('shop');
    const uses = await complete(text.replace('code uses db', 'code uses '), 'code uses \n', 10);
    expect(uses).toEqual(expect.arrayContaining(['api', 'domain', 'db', 'shop']));
    const members = await complete(
      text.replace('python.depends_on(code, domain.code)', 'python.depends_on(code, domain.)'),
      'domain.)',
      7,
    );
    expect(members).toEqual(['code']);
    const keywords = await complete(
      text.replace("        check python.no_import(code, 'requests')", '        '),
      "'orders.db')\n\n        ",
      22,
    );
    expect(keywords).toEqual(expect.arrayContaining(['scope', 'check', 'element', 'ref']));
    expect(keywords).not.toContain('import');
    const top = await complete(`${text}\n`, text, text.length + 1);
    expect(top).toEqual(expect.arrayContaining(['element', 'pattern', 'import']));
    await client.change(uri, text);
  });

  it('gives the element tree as document symbols, and folding ranges', async () => {
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    const shop = symbols.find((s) => s.name === 'shop');
    expect(shop?.children?.map((c) => c.name)).toEqual(['root', 'orders', 'web', 'pricing']);
    const orders = shop?.children?.find((c) => c.name === 'orders');
    expect(orders?.detail).toBe('implements service');
    expect(orders?.children?.map((c) => c.name)).toEqual(['src', 'tests', 'api', 'domain', 'db']);
    expect(symbols.filter((s) => s.kind === 11).map((s) => s.name)).toEqual([
      'layer',
      'storage_layer',
      'domain_layer',
      'service',
    ]);
    const folds = await client.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri } });
    expect(folds).toContainEqual({
      startLine: positionOf(text, 'element shop').line,
      endLine: text.trimEnd().split('\n').length - 2,
    });
    expect(folds.some((f) => f.kind === 'imports')).toBe(true);
  });

  it('renames an element everywhere it is named', async () => {
    const prepared = await client.request<{ start: unknown }>('textDocument/prepareRename', {
      textDocument: { uri },
      position: positionOf(text, 'element domain', 9),
    });
    expect(prepared.start).toEqual(positionOf(text, 'element domain', 8));
    const edit = await client.request<WorkspaceEdit>('textDocument/rename', {
      textDocument: { uri },
      position: positionOf(text, 'element domain', 9),
      newName: 'rules',
    });
    const edits = edit.changes![uri]!;
    expect(edits).toHaveLength(4);
    expect(edits.every((e) => e.newText === 'rules')).toBe(true);
    await expect(
      client.request('textDocument/rename', {
        textDocument: { uri },
        position: positionOf(text, 'element domain', 9),
        newName: 'scope',
      }),
    ).rejects.toThrow(/not a valid name/);
  });

  it('ends the external library process on shutdown', async () => {
    const before = childrenOf(client.child.pid!);
    expect(before.length).toBeGreaterThan(0); // the `conventions` plugin, started for hover and completion
    expect(await client.shutdown()).toBe(0);
    for (const pid of before) expect(() => process.kill(pid, 0)).toThrow();
  });
});

describe("hielements lsp on the repository's own spec", () => {
  let client: LspClient;
  let text: string;
  let uri: string;

  beforeAll(async () => {
    client = new LspClient();
    text = await readFile(SELF, 'utf8');
    await client.initialize(ROOT);
    const first = client.waitForDiagnostics(uriOf(SELF));
    uri = await client.open(SELF);
    expect(await first).toEqual([]);
  });

  afterAll(() => client.kill());

  it('answers hover, definition, references, completion and symbols', async () => {
    const hover = await client.request<Hover>('textDocument/hover', {
      textDocument: { uri },
      position: positionOf(text, 'module_selector', 1),
    });
    expect(hoverText(hover)).toContain('typescript.module_selector(');
    const def = await client.request<Location[]>('textDocument/definition', {
      textDocument: { uri },
      position: positionOf(text, 'code uses contracts', 12),
    });
    expect(lines(def)).toEqual([`hielements.hie:${positionOf(text, 'element contracts').line + 1}:13`]);
    const refs = await client.request<Location[]>('textDocument/references', {
      textDocument: { uri },
      position: positionOf(text, 'pattern stage', 9),
      context: { includeDeclaration: false },
    });
    const implementsStage = text.match(/implements[^{\n]*\bstage\b/g)?.length ?? 0;
    const bindsStage = text.match(/binds stage\.code/g)?.length ?? 0;
    expect(refs).toHaveLength(implementsStage + bindsStage);
    const completion = labels(
      await client.request('textDocument/completion', {
        textDocument: { uri },
        position: positionOf(text, 'files.folder_selector', 6),
      }),
    );
    expect(completion).toEqual(expect.arrayContaining(['folder_selector', 'glob_selector']));
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    expect(symbols.find((s) => s.name === 'hielements')?.children?.map((c) => c.name)).toEqual(
      expect.arrayContaining(['contracts', 'syntax', 'model', 'cli', 'libraries']),
    );
    expect(await client.shutdown()).toBe(0);
  });
});
