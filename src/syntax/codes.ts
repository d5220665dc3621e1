/**
 * Codes of lexical and syntax diagnostics (documented with examples in docs/diagnostics-syntax.md).
 * E001–E016 keep the meaning they have in the original Hielements; E017 upward are new. E012, E014
 * and E015 are reported by the validator (src/model), not by the parser. Never renumber.
 */
import { C } from '../diagnostics/registry.js';
export const SyntaxCodes = {
  /** Something other than a declaration or import at the top level. */
  TOP_LEVEL: C.E001,
  /** Something that cannot start a statement in an element, pattern or requirement body. */
  BODY_ITEM: C.E002,
  /** An expression was expected (also: a dotted name on its own line that is not a binding). */
  EXPRESSION: C.E003,
  /** A name was expected. */
  NAME: C.E004,
  /** A specific token was expected (`:`, `{`, `)`, `]`, `>`, an indented block, …). */
  EXPECTED: C.E007,
  /** The statement should end here (new line, `;` or `}`). */
  STATEMENT_END: C.E008,
  /** A requirement (`requires`/`allows`/`forbids`) is not followed by a valid component. */
  REQUIREMENT_COMPONENT: C.E011,
  /** Something other than `connection_check` in a language body. */
  LANGUAGE_BODY: C.E013,
  /** A line starting with `uses` (the source scope is missing). */
  USES_SOURCE: C.E016,
  /** A character that starts no token. */
  UNKNOWN_CHARACTER: C.E017,
  /** A string whose closing quote is missing. */
  UNTERMINATED_STRING: C.E018,
  /** Tabs and spaces mixed inconsistently inside one block. */
  MIXED_INDENTATION: C.E019,
  /** A line whose indentation matches no enclosing block. */
  MISALIGNED_INDENTATION: C.E020,
  /** A `{` that is never closed. */
  UNCLOSED_BRACE: C.E021,
  /** A reserved word used where a name is expected. */
  RESERVED_WORD: C.E022,
  /** Expressions or blocks nested too deeply to be meaningful (protects against stack exhaustion). */
  TOO_DEEP: C.E023,
  /** `except …` without `to TARGET` or without the required `because '…'` reason. */
  EXCEPTION_FORM: C.E872,
  /** The error limit was reached; the rest of the file was not checked. */
  TOO_MANY_ERRORS: C.E029,
} as const;

/** The most syntax errors reported for one file before giving up. */
export const MAX_SYNTAX_ERRORS = 50;

/** The deepest nesting of blocks, and separately of expressions, that the parser accepts. */
export const MAX_NESTING = 200;
