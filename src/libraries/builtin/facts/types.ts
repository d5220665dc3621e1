/**
 * Per-file facts extracted once from a syntax tree. Plain data (structured-clone safe) so that
 * worker threads can compute them and the per-run cache can keep them without holding trees.
 */

/** Grammar used to parse a file. */
export type Grammar = 'python' | 'rust' | 'typescript' | 'tsx' | 'javascript';

export interface ImportFact {
  /**
   * What is imported, as written: `os.path`, `..models` (python, dots = relative level),
   * `crate::lexer::Token` (rust, one entry per leaf of a use tree), `./x` (ts/js).
   */
  specifier: string;
  /** python `from M import a, b`: the imported names (`*` for a star import). */
  names?: string[];
  /** python/rust alias: `import numpy as np` → `np`; `use a::b as c` → `c`. */
  alias?: string;
  /** How it was written. */
  form: 'import' | 'from' | 'use' | 'mod' | 'extern-crate' | 'path' | 'require' | 'dynamic' | 'export-from';
  /**
   * Needed only by the type checker: ts `import type` / `export type` (also when every named
   * specifier is `type`-qualified); python imports under `if TYPE_CHECKING:`.
   */
  typeOnly?: boolean;
  /** rust `mod x;` with a `#[path = "..."]` attribute. */
  pathAttr?: string;
  /** rust `mod x;` with `#[cfg_attr(…, path = "...")]`: the other files the module may come from. */
  cfgPaths?: string[];
  /** rust `mod x;` written inside an item macro (`cfg_fs! { pub mod fs; }`). */
  inMacro?: boolean;
  /** rust `pub use …` (a re-export, any `pub(…)` visibility). */
  reexport?: boolean;
  /** rust: the path starts with `::` (`::combine::x`: crate root in edition 2015, an external crate later). */
  global?: boolean;

  /** rust: the chain of inline modules enclosing this item (`a::b` for `mod a { mod b { … } }`). */
  inlineModule?: string;
  line: number;
  column: number;
  /** The statement text (first line), for messages. */
  text: string;
}

export interface SymbolFact {
  kind:
    | 'class'
    | 'function'
    | 'method'
    | 'struct'
    | 'enum'
    | 'trait'
    | 'impl'
    | 'interface'
    | 'type'
    | 'module'
    | 'union';
  name: string;
  line: number;
  column: number;
  /** python: not `_`-prefixed at module level; rust: has `pub`; ts/js: exported. */
  exported: boolean;
  /** Enclosing class / impl / inline module, when nested. */
  container?: string;
  /** Has a docstring / doc comment / JSDoc. */
  documented: boolean;
  /** python: identifiers in the return annotation; ts: in the return type. */
  returnTypes?: string[];
  /** The annotation text, for messages. */
  returnText?: string;
  /** rust impl: the trait's last path segment (`Library` for `impl crate::x::Library for T`). */
  trait?: string;
  /** rust impl: the trait path as written, without generics (`crate::x::Library`, `fmt::Display`). */
  traitPath?: string;
  /** rust struct/enum: derived traits (last path segment). */
  derives?: string[];
  /** Marked as a test (`#[test]`, `#[tokio::test]`, `def test_x`, `it(...)`). */
  test?: boolean;
  /** rust: top-level item of the file (not inside a function or inline module). */
  topLevel: boolean;
  /** rust: chain of enclosing inline modules (`a::b`). */
  inlineModule?: string;
  /** rust `mod x { … }`: the module has a body (inline module). */
  hasBody?: boolean;
}

export interface CallFact {
  /** Callee as written, without arguments: `f`, `m.f`, `self.x.f`, `a::b::f`. */
  callee: string;
  line: number;
  column: number;
}

export interface FileFacts {
  grammar: Grammar;
  imports: ImportFact[];
  symbols: SymbolFact[];
  calls: CallFact[];
  /**
   * python, ts/js: the calls were not extracted (`calls` is empty, not "no calls"; ts/js never
   * extract calls). Set by the outline pass that import-graph and symbol questions use;
   * `WorkspaceCache.factsMany(…, { calls: true })` gives complete facts.
   */
  callsOmitted?: true;
  /**
   * rust, ts/js: the type references were not extracted (`typeRefs` is empty, not "none"). Set
   * by the outline pass, like `callsOmitted`; `factsMany(…, { calls: true })` gives complete facts.
   */
  typeRefsOmitted?: true;
  /** Module-level docstring / `//!` / leading JSDoc. */
  moduleDoc: boolean;
  /** Any doc comment / docstring anywhere in the file. */
  anyDoc: boolean;
  /** Test functions/blocks found (`#[test]`, `#[cfg(test)]`, `def test_*`, `describe/it/test`). */
  hasTests: boolean;
  /** Type names referenced (rust `type_identifier`s, ts type identifiers). */
  typeRefs: string[];
  /** ts/js: names the module exports (declarations, `export { … }`, re-exports, `default`). */
  exports?: string[];
  /** python `__all__` when it is a literal list/tuple of strings. */
  dunderAll?: string[];
  /** Number of syntax error nodes in the tree. */
  syntaxErrors: number;
  /** Set when the file could not be read or parsed at all. */
  error?: string;
}

export function emptyFacts(grammar: Grammar, error?: string): FileFacts {
  const f: FileFacts = {
    grammar,
    imports: [],
    symbols: [],
    calls: [],
    moduleDoc: false,
    anyDoc: false,
    hasTests: false,
    typeRefs: [],
    syntaxErrors: 0,
  };
  if (error !== undefined) f.error = error;
  return f;
}

/** Facts from an outline pass (something was left out: see `callsOmitted`, `typeRefsOmitted`). */
export function isOutline(f: FileFacts): boolean {
  return f.callsOmitted === true || f.typeRefsOmitted === true;
}

/** Grammar for a file name, or undefined when no built-in parser handles it. */
export function grammarFor(file: string): Grammar | undefined {
  const dot = file.lastIndexOf('.');
  if (dot < 0) return undefined;
  switch (file.slice(dot + 1)) {
    case 'py':
    case 'pyi':
      return 'python';
    case 'rs':
      return 'rust';
    case 'ts':
    case 'mts':
    case 'cts':
      return 'typescript';
    case 'tsx':
      return 'tsx';
    case 'js':
    case 'mjs':
    case 'cjs':
    case 'jsx':
      return 'javascript';
    default:
      return undefined;
  }
}
