/** Loading a spec file named on the command line; an unreadable root file is an InputError (exit 2). */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { loadSpec, type LoadedSpec } from '../model/load.js';
import { InputError } from './errors.js';

export async function loadSpecFile(file: string): Promise<LoadedSpec> {
  try {
    return await loadSpec(file);
  } catch (err) {
    throw new InputError(`cannot read \`${file}\`: ${describeFsError(err)}`);
  }
}

export function describeFsError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  switch (e.code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'it is a directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    default:
      return e.message ?? String(err);
  }
}

/** Drops exact repeats (same file, code, position and message), keeping the first. */
export function dedupeDiagnostics(ds: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const d of ds) {
    const key = `${d.file}\u0000${d.code}\u0000${d.span?.start.offset ?? -1}\u0000${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(d);
  }
  return out;
}
