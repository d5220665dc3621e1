import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ExternalLibraryConfig } from '../../../src/config/types.js';
import type { Diagnostic } from '../../../src/diagnostics/diagnostic.js';
import { createExternalLibrary } from '../../../src/libraries/external/index.js';
import type { Library } from '../../../src/libraries/types.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const FIXTURES = path.join(ROOT, 'test/fixtures/external');

export function nodeConfig(script: string, over: Partial<ExternalLibraryConfig> = {}): ExternalLibraryConfig {
  return {
    type: 'external',
    name: 'bad',
    executable: process.execPath,
    args: [path.join(FIXTURES, script)],
    cwd: FIXTURES,
    env: {},
    timeoutMs: 10_000,
    maxInFlight: 4,
    location: { file: path.join(FIXTURES, 'hielements.toml'), line: 1 },
    ...over,
  };
}

export function pythonConfig(script: string, over: Partial<ExternalLibraryConfig> = {}): ExternalLibraryConfig {
  return nodeConfig(script, {
    executable: 'python3',
    args: [script.startsWith('/') ? script : path.join(FIXTURES, script)],
    ...over,
  });
}

/** A library plus the warnings it reported; dispose it in afterEach. */
export function open(cfg: ExternalLibraryConfig, extra: { maxResponseBytes?: number; shutdownGraceMs?: number } = {}) {
  const warnings: Diagnostic[] = [];
  const lib: Library = createExternalLibrary(cfg, { onDiagnostic: (d) => warnings.push(d), ...extra });
  return { lib, warnings };
}

export const ctx = { workspace: FIXTURES };

/** The rejection of `p` (fails the test when it resolves). */
export async function rejection(p: Promise<unknown>): Promise<{ code: string; message: string; details?: string }> {
  try {
    await p;
  } catch (e) {
    return e as { code: string; message: string; details?: string };
  }
  throw new Error('expected the promise to reject');
}
