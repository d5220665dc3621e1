/**
 * Vitest global setup: the CLI, worker-thread and benchmark tests run the compiled code in `dist/`.
 * `npm test` builds it first; when vitest is started directly (`npx vitest run test/cli`) and
 * `dist/` is missing, build it once here.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
  if (existsSync(join(root, 'dist', 'cli', 'main.js'))) return;
  execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], {
    cwd: root,
    stdio: 'inherit',
  });
}
