#!/usr/bin/env node
import { main } from '../dist/cli/main.js';

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
