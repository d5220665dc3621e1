/** Loading the spec file a caller names; an unreadable root file is an InputError. */
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
    return k === 'not-found'
      ? 'no such file'
      : k === 'denied'
        ? 'permission denied'
        : k === 'not-a-file'
          ? 'it is a directory'
          : err.error.reason;
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
