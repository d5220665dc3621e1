#!/usr/bin/env node
// Bundles the compiled CLI (dist/cli/main.js, from `tsc`) into dist/bundle/: one entry file plus
// one chunk per part loaded on demand (each command, the WebAssembly host, the parsers), so that
// starting `hielements` reads a few files instead of a hundred modules. The plain compiled tree in
// dist/ stays: worker threads, the public modules and the facts cache key are read from there.
//
// Code that locates files next to itself (`new URL('./worker.js', import.meta.url)`) must keep
// seeing its own compiled location, not the chunk's: every `import.meta.url` is rewritten to the
// URL of the module's file in dist/, computed from the chunk's own URL.
// The tree-sitter packages stay external (they load their .wasm files relative to themselves).
import { build } from 'esbuild';
import { readFile, rm } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const outdir = join(dist, 'bundle');

/** Rewrites `import.meta.url` in dist/ modules to the module's own dist/ URL. */
const ownUrl = {
  name: 'own-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\.js$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      if (!args.path.startsWith(dist + sep) || !text.includes('import.meta.url'))
        return { contents: text, loader: 'js' };
      const rel = relative(outdir, args.path).split(sep).join('/');
      return {
        contents: text.replaceAll('import.meta.url', `new URL(${JSON.stringify(rel)}, import.meta.url).href`),
        loader: 'js',
      };
    });
  },
};

await rm(outdir, { recursive: true, force: true });
await build({
  entryPoints: { hielements: join(dist, 'cli', 'main.js') },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['web-tree-sitter', 'tree-sitter-*'],
  chunkNames: 'chunk-[hash]',
  // CommonJS dependencies bundled into ESM chunks need `require` for Node's own modules
  banner: {
    js:
      "import { createRequire as __hieCreateRequire } from 'node:module'; const require = " +
      '__hieCreateRequire(import.meta.url);',
  },
  plugins: [ownUrl],
  logLevel: 'warning',
  legalComments: 'inline',
});
