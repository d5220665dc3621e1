/**
 * Rust text rules shared by the tree-sitter extraction (rust.ts) and the Rust scanner
 * (scan/rust.ts), so that both read item macros, attribute paths and test attributes alike. No
 * parser is needed to load this module.
 */
import { squash } from './text.js';

/** `mod x;` items written inside an item macro's tokens, with an optional `#[path = "…"]` before. */
export const MACRO_MOD =
  /(?:#\s*\[\s*path\s*=\s*"([^"]*)"\s*\]\s*)?(?:pub\s*(?:\([^)]*\)\s*)?)?\bmod\s+([A-Za-z_][A-Za-z0-9_]*)\s*;/g;

/** Test attributes besides `test` itself (compared on the attribute path's last segment). */
export const TEST_ATTRIBUTES = /^(rstest|test_case|quickcheck|proptest|wasm_bindgen_test)$/;

/** `#[path = "…"]` inside a `#[cfg_attr(…)]`'s arguments. */
export const CFG_ATTR_PATH = /\bpath\s*=\s*"([^"]*)"/;

/** Last segment of an attribute path / type path, without generics. */
export function lastSegment(text: string): string {
  const t = squash(text).replace(/<.*$/s, '');
  const i = t.lastIndexOf('::');
  return i >= 0 ? t.slice(i + 2) : t;
}

/** What the attributes and doc comments directly before an item say (scanner and tree-sitter alike). */
export interface AttrInfo {
  documented: boolean;
  test: boolean;
  derives: string[];
  /** `#[path = "…"]`. */
  pathAttr?: string;
  /** `#[cfg_attr(…, path = "…")]` values. */
  cfgPaths: string[];
}
