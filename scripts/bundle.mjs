#!/usr/bin/env node
// Bundles the compiled CLI (dist/cli/main.js, from `tsc`) into one CommonJS file,
// dist/bundle/hielements.cjs, that bin/hielements.js compiles with V8's code cache (see there), and
// the WebAssembly host's worker into dist/bundle/wasm-worker.cjs.
// One file, because for a short command Node spends more time finding, reading, compiling and
// linking a few dozen ES modules than running them; CommonJS, because a `vm.Script` can be given a
// code cache on Node 20 and an ES module cannot. Each part of the CLI still runs only when used:
// esbuild wraps every module in an initializer called on first import, and a compiled function is
// deserialised from the code cache only when it is first called. The plain compiled tree in dist/
// stays: worker threads, the public modules and the facts cache key are read from there.
//
// Code that locates files next to itself (`new URL('./worker.js', import.meta.url)`) must keep
// seeing its own compiled location, not the bundle's: every `import.meta.url` is rewritten to the
// URL of the module's file in dist/, computed from the bundle's own location.
// Packages that load files relative to themselves (the tree-sitter parser and grammars) and the
// language server's packages (only `hielements lsp` needs them) are required from node_modules.
import { readFile, rm } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const outdir = join(dist, 'bundle');

/** Rewrites `import.meta.url` in dist/ modules to the module's own dist/ URL. */
const ownUrl = {
  name: 'own-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\.js$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return { contents: text, loader: 'js' };
      if (!args.path.startsWith(dist + sep)) throw new Error(`bundle: ${args.path} uses import.meta.url`);
      const rel = relative(outdir, args.path).split(sep).join('/');
      return {
        contents: text.replaceAll('import.meta.url', `new URL(${JSON.stringify(rel)}, __hieBundleUrl).href`),
        loader: 'js',
      };
    });
  },
};

// Also removes the code caches of the previous bundle (bin/hielements.js writes them next to it).
await rm(outdir, { recursive: true, force: true });
/** What both bundles share: one CommonJS file for Node 20 that knows its own URL. */
const common = {
  outdir,
  outExtension: { '.js': '.cjs' },
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // ASCII only (esbuild escapes the rest), so the loader can read the file as Latin-1 cheaply.
  charset: 'ascii',
  banner: { js: "const __hieBundleUrl = require('node:url').pathToFileURL(__filename).href;" },
  plugins: [ownUrl],
  logLevel: 'warning',
  legalComments: 'inline',
  metafile: true,
};
const result = await build({
  ...common,
  entryPoints: { hielements: join(dist, 'cli', 'main.js') },
  external: [
    'web-tree-sitter',
    'tree-sitter-*',
    'vscode-languageserver',
    'vscode-languageserver/*',
    'vscode-languageserver-textdocument',
    'vscode-jsonrpc',
    'vscode-jsonrpc/*',
  ],
});
// The WebAssembly host's worker, bundled the same way (one file: a library's worker starts sooner).
const worker = await build({
  ...common,
  entryPoints: { 'wasm-worker': join(dist, 'libraries', 'wasm', 'worker.js') },
});
Object.assign(result.metafile.outputs, worker.metafile.outputs);
// A dynamic `import()` left in the bundle would fail at run time (the loader gives the script no
// module loader): every import must have been bundled or turned into `require`.
for (const [file, out] of Object.entries(result.metafile.outputs)) {
  const dynamic = out.imports.filter((i) => i.kind === 'dynamic-import');
  if (dynamic.length > 0)
    throw new Error(`bundle: ${file} keeps dynamic imports of ${dynamic.map((i) => i.path).join(', ')}`);
}
