/**
 * Validation of a loaded spec (`hielements check`), in three phases: declare (build.ts: the
 * namespace tree, duplicates, imports), bind (bind.ts: every name resolved once into the side
 * table), check (check.ts: report what is wrong, reading only the bound model).
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { bindModel } from './bind.js';
import { buildModel } from './build.js';
import { checkModel, loadCatalogues, type CatalogueOptions } from './check.js';
import type { LibraryLookup } from './libraries.js';
import { checkExceptions } from './exceptions.js';
import type { LoadedSpec } from './load.js';
import type { SpecModel } from './types.js';

export interface Validated {
  model: SpecModel;
  diagnostics: Diagnostic[];
}

/** Declares and binds `spec` against the registry's library names: the model, read-only from here on. */
export function bindSpec(spec: LoadedSpec, registry: LibraryLookup): Validated {
  const { model: declared, diagnostics } = buildModel(spec, registry.names());
  return { model: bindModel(declared, registry), diagnostics };
}

/** Reports the problems of a bound model; the libraries' catalogues say which functions exist. */
export async function checkSpec(
  bound: Validated,
  registry: LibraryLookup,
  opts: CatalogueOptions = {},
): Promise<Diagnostic[]> {
  const diagnostics = [...bound.diagnostics];
  const catalogues = await loadCatalogues(registry, bound.model.libraryCalls, opts);
  checkModel(bound.model, registry, catalogues, diagnostics);
  diagnostics.push(...checkExceptions(bound.model));
  return diagnostics;
}

export async function validateProgram(
  spec: LoadedSpec,
  registry: LibraryLookup,
  opts: CatalogueOptions = {},
): Promise<Validated> {
  const bound = bindSpec(spec, registry);
  return { model: bound.model, diagnostics: await checkSpec(bound, registry, opts) };
}
