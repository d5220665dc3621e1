/**
 * Stable codes of the semantic diagnostics (validation and run time). Each is documented with an
 * example in docs/diagnostics-semantic.md. Never renumber: add new codes instead.
 */
import { C } from '../diagnostics/registry.js';
export const Codes = {
  /** `requires/allows/forbids` written in an element (only meaningful in patterns). */
  REQUIREMENT_OUTSIDE_PATTERN: C.E012,
  /** Scope without `= expression` outside a pattern. */
  UNBOUNDED_SCOPE: C.E014,
  /** Ref without `= expression` outside a pattern. */
  UNBOUNDED_REF: C.E015,

  UNKNOWN_LIBRARY: C.E030,
  UNKNOWN_SELECTOR: C.E031,
  UNKNOWN_CHECK: C.E032,
  /** A check function used where a selector is expected (scope/ref value, argument). */
  CHECK_USED_AS_SELECTOR: C.E033,
  /** A selector used as the top-level call of a `check`. */
  SELECTOR_USED_AS_CHECK: C.E034,
  /** A call whose callee is not `library.function`. */
  BAD_CALLEE: C.E035,
  /** `check` followed by something that is not a call. */
  CHECK_NOT_A_CALL: C.E036,

  UNDEFINED_NAME: C.E040,
  AMBIGUOUS_NAME: C.E041,
  NO_SUCH_MEMBER: C.E042,
  /** An element/pattern/file name used where a value is expected. */
  NOT_A_VALUE: C.E043,
  REFERENCE_CYCLE: C.E044,
  /** `p.e.s` used where no enclosing element implements `p`. */
  PATTERN_NOT_IMPLEMENTED_HERE: C.E045,

  DUPLICATE_NAME: C.E050,
  SHADOWED_NAME: C.W051,
  DUPLICATE_TOP_LEVEL: C.E052,

  UNKNOWN_PATTERN: C.E060,
  MISSING_BINDING: C.E061,
  UNKNOWN_BINDS_TARGET: C.E062,
  BINDS_PATTERN_NOT_IMPLEMENTED: C.E063,
  DUPLICATE_BINDING: C.E064,
  /** `binds` path names a child element of the pattern, not a scope/ref, or the kinds differ. */
  BINDS_KIND_MISMATCH: C.E065,
  /** `ref x: A binds p.e.r` where the placeholder is declared with another type. */
  BINDS_TYPE_MISMATCH: C.E066,

  USES_SOURCE_NOT_MEMBER: C.E070,
  USES_TARGET_UNKNOWN: C.E071,
  CONNECTION_TARGET_UNKNOWN: C.E072,

  SPEC_IMPORT_NOT_FOUND: C.E080,
  SPEC_IMPORT_CYCLE: C.E081,
  /** An import outside the workspace (or, for a spec outside any workspace, outside its folder). */
  SPEC_IMPORT_OUTSIDE: C.E802,
  /** An import that is a directory, FIFO, device, socket, /proc file or symbolic link. */
  SPEC_IMPORT_NOT_REGULAR: C.E803,
  /** An import larger than the spec size limit. */
  SPEC_IMPORT_TOO_LARGE: C.E804,
  /** An import that does not name a `.hie` file. */
  SPEC_IMPORT_NOT_HIE: C.E805,
  LIBRARY_NOT_IMPORTED: C.W082,
  IMPORT_UNKNOWN_LIBRARY: C.W083,
  DUPLICATE_IMPORT_NAME: C.E084,

  CONNECTION_CHECK_PARAMS: C.E090,
  /** Run time: a ref's value does not match its declared type. */
  REF_TYPE_MISMATCH: C.E091,
  /** Run time: a scope or ref could not be evaluated. */
  EVALUATION_FAILED: C.E092,
  /** Run time: a scope selected no file. */
  EMPTY_SCOPE: C.W093,
  /** Run time: a `scope` expression gave a value that is not a scope. */
  SCOPE_NOT_A_SCOPE: C.E094,
  /** Run time: a library threw something that is not a LibraryError (a bug in the library). */
  UNEXPECTED_FAILURE: C.E099,

  /** A call without an argument its function requires. */
  MISSING_ARGUMENT: C.E842,
  /** A call with more arguments than its function takes. */
  TOO_MANY_ARGUMENTS: C.E843,
  /** An argument whose type (known before the run) does not fit its parameter. */
  ARGUMENT_TYPE: C.E844,
  /** Two arguments in the wrong order. */
  ARGUMENTS_SWAPPED: C.E845,
  /** `scope x<pyhton>`: close to a known language, but not one. */
  MISSPELT_LANGUAGE: C.E846,
  /** `scope x<sql>`: no known language. */
  UNKNOWN_LANGUAGE: C.W841,
  /** A call that does not fit an external library's documented parameters. */
  PLUGIN_SIGNATURE: C.W843,
  /** A function an external library's documentation does not list. */
  UNDOCUMENTED_FUNCTION: C.W842,
} as const;

export type Code = (typeof Codes)[keyof typeof Codes];
