#!/usr/bin/env node
'use strict';
// Starts the `hielements` command line. A CommonJS file (bin/package.json), so that starting it
// does not set up Node's ES module loader.
//
// `npm run build` bundles the CLI into one file, dist/bundle/hielements.cjs (scripts/bundle.mjs).
// It is compiled here as a `vm.Script` with V8's code cache: the first run of each command saves
// the bytecode of every function that command ran next to the bundle (dist/bundle/<command>.v8cache),
// and later runs start from that instead of parsing and compiling again. V8 checks a cache against
// its own version, flags and the source, and ignores one that does not match (the run then writes
// a fresh one). Where the folder cannot be written (a read-only install), the CLI runs uncached.
// Without a bundle, or with one older than the compiled tree (`tsc` run alone since), the compiled
// ES modules in dist/cli/ run as they are.
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');

// Memory: two V8 heap settings suit a command that reads a spec, keeps its syntax tree and model
// to the end and then runs many short checks (set before any command code runs; both are read
// each time V8 sizes a generation, so setting them now takes effect):
// - The young generation stays at its initial size (`--semi-space-growth-factor=1`). V8 doubles it,
//   up to 2 × 16 MiB on 64-bit, whenever many objects survive a minor collection — and reading a
//   large spec is exactly that: it grew to its maximum and stayed there (32 MiB of a 165 MiB peak
//   in a 5,000-element run) for objects that belong in the old generation anyway.
// - The old generation may grow by half of what is live after a major collection before the next
//   one (`--heap-growing-percent=50`); V8's own factor reached 3–4 here, letting the short-lived
//   objects of thousands of checks pile up.
// Measured on that run: the peak fell from 165 to about 115 MiB for about the same CPU time.
// A setting given on Node's own command line or in NODE_OPTIONS wins.
{
  const given = `${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}`;
  const v8 = require('node:v8');
  if (!/semi[-_]space/.test(given)) v8.setFlagsFromString('--semi-space-growth-factor=1');
  if (!/heap[-_]growing/.test(given)) v8.setFlagsFromString('--heap-growing-percent=50');
}

const dist = path.join(__dirname, '..', 'dist');
const bundle = path.join(dist, 'bundle', 'hielements.cjs');
const compiled = path.join(dist, 'cli', 'main.js');
/** Commands with a cache of their own (each runs different code); anything else shares one. */
const COMMANDS = ['check', 'run', 'baseline', 'report', 'parse', 'doc', 'init', 'new-library', 'lsp', 'explain'];

const mtime = (f) => fs.statSync(f, { throwIfNoEntry: false })?.mtimeMs;

/** Compiles and runs the bundle; returns its `main` and a function saving the code cache. */
function loadBundle() {
  // The bundle is ASCII (scripts/bundle.mjs): Latin-1 decoding is exact and the cheapest.
  const source = fs.readFileSync(bundle, 'latin1');
  const command = process.argv[2];
  const cacheFile = path.join(dist, 'bundle', `${COMMANDS.includes(command) ? command : 'other'}.v8cache`);
  let cachedData;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    // no cache yet
  }
  // ES module code, so strict mode like the modules it was bundled from.
  const wrapped = `(function (exports, require, module, __filename, __dirname) {"use strict";${source}\n})`;
  const script = new vm.Script(wrapped, { filename: bundle, cachedData });
  const mod = { exports: {} };
  script.runInThisContext()(mod.exports, require, mod, bundle, path.dirname(bundle));
  const saveCache = () => {
    if (cachedData !== undefined && !script.cachedDataRejected) return;
    // Written after the command ran, so the cache holds every function it compiled; a temporary
    // file renamed over the cache, so a concurrent run reads an old or a new cache, never a torn one.
    // In a folder this user cannot write (a read-only install), the cache is not even made.
    const tmp = `${cacheFile}.${process.pid}.tmp`;
    try {
      fs.accessSync(path.dirname(cacheFile), fs.constants.W_OK);
    } catch {
      return;
    }
    try {
      fs.writeFileSync(tmp, script.createCachedData());
      fs.renameSync(tmp, cacheFile);
    } catch {
      fs.rmSync(tmp, { force: true });
    }
  };
  return { main: mod.exports.main, saveCache };
}

async function start() {
  const b = mtime(bundle);
  const c = mtime(compiled);
  if (b !== undefined && (c === undefined || c <= b)) return loadBundle();
  const { pathToFileURL } = require('node:url');
  const { main } = await import(pathToFileURL(compiled).href);
  return { main, saveCache: () => undefined };
}

start()
  .then(async ({ main, saveCache }) => {
    process.exitCode = await main(process.argv.slice(2));
    saveCache();
  })
  .catch((err) => {
    // Last-resort guard: an internal bug must still give a readable message, not a stack dump.
    process.stderr.write(`hielements: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
    if (process.env.HIELEMENTS_DEBUG) process.stderr.write(`${err instanceof Error ? err.stack : ''}\n`);
    process.exitCode = 70;
  });
