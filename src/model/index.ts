/**
 * Public API of the model layer: load a spec (and the `.hie` files it imports), validate it against
 * a library registry, and the name-resolution helpers the interpreter uses.
 */
export { loadSpec, importedPath, type LoadedSpec, type LoadOptions } from './load.js';
export { validateProgram, bindSpec, checkSpec, type Validated } from './validate.js';
export { bindModel, candidates, resolveConnectionTarget, type DeclaredModel } from './bind.js';
export {
  declarationSite,
  toDeclaration,
  type Bindings,
  type CallBinding,
  type Declaration,
  type Reference,
} from './bindings.js';
export { findLibrary, type LibraryLookup, type LibraryResolution } from './libraries.js';
export {
  resolvePath,
  pathOf,
  findImplementer,
  instanceFor,
  instanceOf,
  sourceOf,
  instanceLabel,
  type Instance,
  type Resolution,
} from './resolve.js';
export { descendants, describeNode, patternSlots, slotKey, allPatternNodes } from './build.js';
export { Codes, type Code } from './codes.js';
export type { SpecModel, Node, Member, Binding, FileUnit, Target, EvalSite, NodeKind } from './types.js';
