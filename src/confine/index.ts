/**
 * File confinement: the one module through which hielements touches files on behalf of input the
 * user did not write (libraries' arguments and results, spec imports). See docs/security.md.
 */
export { splitRelative, workspaceRelative, type RelPath } from './path.js';
export { fsError, fromErrno, type FsError, type FsErrorKind, type FsResult } from './result.js';
export {
  ConfinedRoot,
  DirHandle,
  confinedRoot,
  readFully,
  specialKind,
  type Entry,
  type EntryKind,
  type OpenedFile,
  type RootOptions,
  type StatInfo,
} from './root.js';
export { MAX_CONFIG_BYTES, MAX_SPEC_BYTES, readOpenedBounded, readUserFile } from './bounded.js';
export {
  OUTPUT_DIR,
  checkGrant,
  protectedByName,
  writePolicy,
  type WritePolicy,
  type WritePolicyOptions,
} from './write-policy.js';
