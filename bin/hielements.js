#!/usr/bin/env node
import { statSync } from 'node:fs';

// `npm run build` bundles the CLI into dist/bundle/ (a few files start faster than the hundred
// compiled modules). Without a bundle, or with one older than the compiled tree (`tsc` run alone
// since), the compiled modules in dist/cli/ run as they are.
const bundled = new URL('../dist/bundle/hielements.js', import.meta.url);
const compiled = new URL('../dist/cli/main.js', import.meta.url);
const mtime = (u) => statSync(u, { throwIfNoEntry: false })?.mtimeMs;
const b = mtime(bundled);
const c = mtime(compiled);
const { main } = await import((b !== undefined && (c === undefined || c <= b) ? bundled : compiled).href);

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    // Last-resort guard: an internal bug must still give a readable message, not a stack dump.
    process.stderr.write(`hielements: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
    if (process.env.HIELEMENTS_DEBUG) process.stderr.write(`${err instanceof Error ? err.stack : ''}\n`);
    process.exitCode = 70;
  },
);
