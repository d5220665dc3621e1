#!/usr/bin/env node
// Builds everything the tests need from source (WASM modules, plugin fixtures, ...).
// Each area adds a script `scripts/fixtures/<area>.mjs` exporting `default async function build({ root, log })`.
// Run by `npm test` and `npm run bench`; safe to run repeatedly (each step skips up-to-date outputs).
import { readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = join(root, 'scripts', 'fixtures');
const steps = (await readdir(dir)).filter((f) => f.endsWith('.mjs')).sort();
const log = (msg) => process.stdout.write(`[fixtures] ${msg}\n`);
let failed = 0;
for (const step of steps) {
  const started = Date.now();
  try {
    const mod = await import(pathToFileURL(join(dir, step)).href);
    await mod.default({ root, log });
    log(`${step} done in ${Date.now() - started} ms`);
  } catch (err) {
    failed++;
    process.stderr.write(`[fixtures] ${step} FAILED: ${err instanceof Error ? err.message : String(err)}\n`);
  }
}
if (failed > 0) process.exit(1);
