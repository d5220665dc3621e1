/**
 * Stable codes of the semantic diagnostics (validation and run time). Each is documented with an
 * example in docs/diagnostics-semantic.md. Never renumber: add new codes instead.
 */
export const Codes = {
  /** `requires/allows/forbids` written in an element (only meaningful in patterns). */
  REQUIREMENT_OUTSIDE_PATTERN: 'E012',
  /** Scope without `= expression` outside a pattern. */
  UNBOUNDED_SCOPE: 'E014',
  /** Ref without `= expression` outside a pattern. */
  UNBOUNDED_REF: 'E015',

  UNKNOWN_LIBRARY: 'E030',
  UNKNOWN_SELECTOR: 'E031',
  UNKNOWN_CHECK: 'E032',
  /** A check function used where a selector is expected (scope/ref value, argument). */
  CHECK_USED_AS_SELECTOR: 'E033',
  /** A selector used as the top-level call of a `check`. */
  SELECTOR_USED_AS_CHECK: 'E034',
  /** A call whose callee is not `library.function`. */
  BAD_CALLEE: 'E035',
  /** `check` followed by something that is not a call. */
  CHECK_NOT_A_CALL: 'E036',

  UNDEFINED_NAME: 'E040',
  AMBIGUOUS_NAME: 'E041',
  NO_SUCH_MEMBER: 'E042',
  /** An element/pattern/file name used where a value is expected. */
  NOT_A_VALUE: 'E043',
  REFERENCE_CYCLE: 'E044',
  /** `p.e.s` used where no enclosing element implements `p`. */
  PATTERN_NOT_IMPLEMENTED_HERE: 'E045',

  DUPLICATE_NAME: 'E050',
  SHADOWED_NAME: 'W051',
  DUPLICATE_TOP_LEVEL: 'E052',

  UNKNOWN_PATTERN: 'E060',
  MISSING_BINDING: 'E061',
  UNKNOWN_BINDS_TARGET: 'E062',
  BINDS_PATTERN_NOT_IMPLEMENTED: 'E063',
  DUPLICATE_BINDING: 'E064',
  /** `binds` path names a child element of the pattern, not a scope/ref, or the kinds differ. */
  BINDS_KIND_MISMATCH: 'E065',
  /** `ref x: A binds p.e.r` where the placeholder is declared with another type. */
  BINDS_TYPE_MISMATCH: 'E066',

  USES_SOURCE_NOT_MEMBER: 'E070',
  USES_TARGET_UNKNOWN: 'E071',
  CONNECTION_TARGET_UNKNOWN: 'E072',

  SPEC_IMPORT_NOT_FOUND: 'E080',
  SPEC_IMPORT_CYCLE: 'E081',
  /** An import outside the workspace (or, for a spec outside any workspace, outside its folder). */
  SPEC_IMPORT_OUTSIDE: 'E802',
  /** An import that is a directory, FIFO, device, socket, /proc file or symbolic link. */
  SPEC_IMPORT_NOT_REGULAR: 'E803',
  /** An import larger than the spec size limit. */
  SPEC_IMPORT_TOO_LARGE: 'E804',
  /** An import that does not name a `.hie` file. */
  SPEC_IMPORT_NOT_HIE: 'E805',
  LIBRARY_NOT_IMPORTED: 'W082',
  IMPORT_UNKNOWN_LIBRARY: 'W083',
  DUPLICATE_IMPORT_NAME: 'E084',

  CONNECTION_CHECK_PARAMS: 'E090',
  /** Run time: a ref's value does not match its declared type. */
  REF_TYPE_MISMATCH: 'E091',
  /** Run time: a scope or ref could not be evaluated. */
  EVALUATION_FAILED: 'E092',
  /** Run time: a scope selected no file. */
  EMPTY_SCOPE: 'W093',
  /** Run time: a `scope` expression gave a value that is not a scope. */
  SCOPE_NOT_A_SCOPE: 'E094',
  /** Run time: a library threw something that is not a LibraryError (a bug in the library). */
  UNEXPECTED_FAILURE: 'E099',
} as const;

export type Code = (typeof Codes)[keyof typeof Codes];
