/**
 * How a `lib.fn(...)` call finds its library: the file's imports (`import x`, `import x as y`,
 * `from x import ...`) first; a registered library that the file did not import still works, with
 * a warning at validation (docs/design-rulings.md#library-imports).
 */
import type { Library } from '../libraries/types.js';
import type { FileUnit } from './types.js';

/** What validation and execution need from a library registry. */
export interface LibraryLookup {
  get(name: string): Library | undefined;
  names(): string[];
}

export type LibraryResolution =
  | { ok: true; library: Library; name: string; imported: boolean }
  | { ok: false; name: string };

export function findLibrary(unit: FileUnit, local: string, lookup: LibraryLookup): LibraryResolution {
  const real = unit.libraries.get(local);
  if (real !== undefined) {
    const lib = lookup.get(real);
    return lib ? { ok: true, library: lib, name: real, imported: true } : { ok: false, name: real };
  }
  const lib = lookup.get(local);
  return lib ? { ok: true, library: lib, name: local, imported: false } : { ok: false, name: local };
}
