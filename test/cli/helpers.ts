/** Runs the real CLI (`node bin/hielements.js`, built into dist/ by `npm run build`) as a child process. */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.join(ROOT, 'bin', 'hielements.js');
export const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'cli');
export const fixture = (...parts: string[]): string => path.join(FIXTURES, ...parts);

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  input?: string;
}

export function hie(args: string[], opts: CliOptions = {}): Promise<CliResult> {
  if (!existsSync(path.join(ROOT, 'dist', 'cli', 'main.js'))) {
    throw new Error('dist/cli/main.js is missing: run `npm run build` first (npm test does it)');
  }
  const env: Record<string, string | undefined> = {
    ...process.env,
    NO_COLOR: '1',
    CI: '1',
    HIELEMENTS_DEBUG: undefined,
  };
  delete env.FORCE_COLOR;
  for (const [k, v] of Object.entries(opts.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: opts.cwd ?? ROOT,
      env: env as NodeJS.ProcessEnv,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(opts.input ?? '');
  });
}

export function tempDir(prefix = 'hie-cli-'): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), prefix));
}

/** Fails the test with the CLI's output when the exit code differs (readable failures). */
export function expectCode(r: CliResult, code: number): void {
  if (r.code !== code) {
    throw new Error(`expected exit ${code}, got ${r.code}\n--- stdout ---\n${r.stdout}\n--- stderr ---\n${r.stderr}`);
  }
}
