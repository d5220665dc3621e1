/** Loading a spec file named on the command line; an unreadable root file is an InputError (exit 2). */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { loadSpec, SpecReadError, type LoadedSpec } from '../model/load.js';
import { InputError } from './errors.js';

/** Loads `file`; imports must stay inside `workspace` (or, for a spec outside it, its folder). */
export async function loadSpecFile(file: string, workspace?: string): Promise<LoadedSpec> {
  try {
    return await loadSpec(file, workspace === undefined ? {} : { workspace });
  } catch (err) {
    throw new InputError(`cannot read \`${file}\`: ${describeFsError(err)}`);
  }
}

export function describeFsError(err: unknown): string {
  if (err instanceof SpecReadError) {
    const k = err.error.kind;
    return k === 'not-found' ? 'no such file' : k === 'denied' ? 'permission denied' : k === 'not-a-file' ? 'it is a directory' : err.error.reason;
  }
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
