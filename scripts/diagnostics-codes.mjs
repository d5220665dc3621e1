#!/usr/bin/env node
// Writes docs/diagnostics-codes.md from the diagnostics registry (src/diagnostics/registry.ts, built
// into dist/ by `npm run build`). test/diagnostics/registry.test.ts fails when the page is stale.
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderCodesPage } from '../dist/diagnostics/codes-page.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
await writeFile(join(root, 'docs', 'diagnostics-codes.md'), renderCodesPage());
process.stdout.write('wrote docs/diagnostics-codes.md\n');
