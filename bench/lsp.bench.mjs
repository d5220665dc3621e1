// `hielements lsp` on a 1,000-line spec: how long each request takes as an editor sees it (a real
// LSP client over stdio). "after an edit" rows send a didChange and the request right after it, so
// the answer includes validating the changed text; the other rows answer from the kept analysis.
// The language server aims at answering within about 50 ms.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';

const ELEMENTS = 60;
const ROUNDS = 30;

/** A spec of about 1,000 lines: patterns, elements with scopes, refs, checks, uses and docs. */
function makeSpec() {
  const lines = [
    '## A generated system.',
    'import files',
    'import python',
    '',
    '## A layer.',
    'pattern layer {',
    '    scope code',
    '    check files.file_count(code, 1)',
    '}',
    '',
    '## The system.',
    'element system {',
    "    scope root = files.folder_selector('.')",
    '',
  ];
  for (let i = 0; i < ELEMENTS; i++) {
    lines.push(
      `    ## Service ${i}.`,
      `    element s${i} implements layer {`,
      `        scope code binds layer.code = files.folder_selector('src/s${i}')`,
      `        scope py<python> = python.module_selector('s${i}')`,
      `        ref port: Port = files.file_selector('src/s${i}/port.txt')`,
      `        check files.exists(code, 'README.md')`,
      `        check python.no_import(py, 'subprocess')`,
      `        check files.not_contains_text(code, 'TODO')`,
      i > 0 ? `        code uses s${i - 1}` : `        code uses root`,
      '',
      `        element api {`,
      `            scope handlers = files.glob_selector('src/s${i}/api/*.py')`,
      `            check files.file_count(handlers, 1)`,
      `        }`,
      `    }`,
      '',
    );
  }
  lines.push('}', '');
  return lines.join('\n');
}

const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];
const fmt = (ms) => ms.toFixed(1);

export default async function run({ root, log }) {
  const dir = await mkdtemp(join(os.tmpdir(), 'hie-bench-lsp-'));
  const text = makeSpec();
  const file = join(dir, 'system.hie');
  await writeFile(file, text);
  await writeFile(join(dir, 'hielements.toml'), '[libraries]\n');
  const uri = pathToFileURL(file).href;
  const child = spawn(process.execPath, [join(root, 'bin', 'hielements.js'), 'lsp', '--stdio'], {
    cwd: dir,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const conn = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  let onDiagnostics = () => {};
  conn.onNotification(PublishDiagnosticsNotification.type, () => onDiagnostics());
  conn.listen();
  const lineCount = text.split('\n').length;
  log(`lsp: ${lineCount}-line spec`);
  try {
    let t0 = performance.now();
    await conn.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: pathToFileURL(dir).href,
      capabilities: {},
    });
    await conn.sendNotification(InitializedNotification.type, {});
    const firstDiagnostics = new Promise((resolve) => (onDiagnostics = resolve));
    t0 = performance.now();
    await conn.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'hielements', version: 1, text },
    });
    await firstDiagnostics;
    const open = performance.now() - t0;

    const at = (needle, delta = 0) => {
      const i = text.indexOf(needle) + delta;
      const before = text.slice(0, i);
      return { line: before.split('\n').length - 1, character: i - (before.lastIndexOf('\n') + 1) };
    };
    const requests = {
      hover: ['textDocument/hover', { textDocument: { uri }, position: at('python.no_import', 8) }],
      definition: ['textDocument/definition', { textDocument: { uri }, position: at('code uses s30', 11) }],
      references: [
        'textDocument/references',
        { textDocument: { uri }, position: at('pattern layer', 9), context: { includeDeclaration: true } },
      ],
      completion: [
        'textDocument/completion',
        { textDocument: { uri }, position: at("python.module_selector('s40')", 7) },
      ],
      documentSymbol: ['textDocument/documentSymbol', { textDocument: { uri } }],
    };
    let version = 1;
    const edit = async () => {
      version++;
      const changed = text.replace("'TODO'", `'TODO${version}'`);
      await conn.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version },
        contentChanges: [{ text: changed }],
      });
    };
    const rows = [['open: first diagnostics (includes the 200 ms debounce)', fmt(open), '', '']];
    // Warm-up (JIT), not measured: edits each followed by every request.
    for (let r = 0; r < 10; r++) {
      await edit();
      for (const [method, params] of Object.values(requests)) await conn.sendRequest(method, params);
    }
    for (const [name, [method, params]] of Object.entries(requests)) {
      for (const afterEdit of [false, true]) {
        const times = [];
        for (let r = 0; r < ROUNDS; r++) {
          if (afterEdit) await edit();
          else await conn.sendRequest(method, params); // warm: the analysis is kept
          const t = performance.now();
          await conn.sendRequest(method, params);
          times.push(performance.now() - t);
        }
        const p50 = quantile(times, 0.5);
        rows.push([
          `${name}${afterEdit ? ' after an edit' : ''}`,
          fmt(p50),
          fmt(quantile(times, 0.95)),
          (p50 / 50).toFixed(2),
        ]);
      }
    }
    await conn.sendRequest(ShutdownRequest.type);
    await conn.sendNotification(ExitNotification.type);
    return {
      title: `Language server on a ${lineCount}-line spec`,
      notes: [
        `${ROUNDS} requests per row over stdio, ${ELEMENTS * 2 + 2} elements and patterns. "× budget" is the ` +
          'median over the 50 ms target.',
      ],
      columns: ['request', 'median ms', 'p95 ms', '× budget'],
      rows,
    };
  } finally {
    conn.dispose();
    child.kill();
    await rm(dir, { recursive: true, force: true });
  }
}
