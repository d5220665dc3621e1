import { mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { WorkspaceCache } from '../../../src/libraries/builtin/cache.js';
import { extractFactsWith } from '../../../src/libraries/builtin/facts/extract.js';
import { parserFor } from '../../../src/libraries/builtin/facts/parsers.js';
import { scanRustOutline } from '../../../src/libraries/builtin/facts/scan/rust.js';

/** Real-shaped Rust that a careless scanner gets wrong, one concern per fixture. */
const FIXTURES: Record<string, string> = {
  'strings and raw strings': String.raw`//! Crate docs.
use std::fmt;
const A: &str = r##"use fake::one; mod fake; "# still inside"##;
const B: &str = r##"a "# b"##;
const C: &[u8] = br#"mod nope;"#;
const D: &str = "escaped \" quote mod x; \\";
const E: &CStr = c"use y::z;";
const F: u8 = b'\'';
const G: &str = r"raw \ no escapes";
pub struct After;
impl fmt::Display for After {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { write!(f, "{}", "}") }
}
`,
  'lifetimes versus chars': String.raw`pub struct Holder<'a> { s: &'a str, c: char }
impl<'a> Holder<'a> {
    pub fn new(s: &'a str) -> Holder<'a> { Holder { s, c: 'a' } }
    fn quote(&self) -> char { if self.c == '\'' { '"' } else { '\\' } }
    fn brace(&self) -> char { '{' }
    fn unicode(&self) -> char { '\u{1F600}' }
    fn label(&self) { 'outer: loop { break 'outer; } }
}
fn after<'b>(x: &'b crate::model::Thing) -> Option<&'b str> { None }
`,
  'nested and doc comments': `/* outer /* nested mod hidden; */ still comment use x::y; */
/// Documented.
/** Also documented. */
pub fn documented() {}
//// not a doc comment
/***/
/**/
pub fn plain() {}
//! inner doc not at the top
/*! inner block */
#[doc = "attribute docs"]
pub struct ViaAttr;
#[doc(hidden)]
pub enum Hidden { A }
fn body() {
    /// doc comment inside a body
    let x = 1;
}
`,
  'use trees': `use a::{b::{self, c as d}, *};
pub(crate) use crate::lexer::{Token, Kind as TokenKind};
pub use self::inner::*;
use super::super::up;
use ::global::path;
use {first, second::third};
use r#async::r#type;
use std::{
    // a comment between entries
    io,
    /* another */ fmt,
};
pub(in crate::a) use crate::a::b;
fn f() { use inside::function as g; }
`,
  'modules and path attributes': `#[path = "other/file.rs"]
mod renamed;
#[cfg_attr(unix, path = "unix.rs")]
#[cfg_attr(windows, path = "windows.rs")]
pub mod platform;
#[cfg(test)]
mod tests {
    use super::*;
    mod deeper { pub mod deepest; }
    #[test]
    fn it_works() { crate::run(); }
    #[tokio::test]
    async fn async_works() {}
}
mod a { mod b { pub fn inside() { super::super::top(); } } }
pub(crate) mod visible;
extern crate alloc;
extern crate serde as serde_crate;
`,
  'item macros': `cfg_fs! {
    pub mod fs;
    #[path = "x.rs"] mod renamed_in_macro;
}
cfg_net!(pub(crate) mod net;);
macro_rules! define {
    ($name:ident) => { mod $name; use crate::fake::$name; pub fn generated() {} };
    () => { mod literally_named; };
}
mod holder {
    tokio::cfg_rt! { mod runtime; }
}
impl Thing {
    my_macro! { mod in_impl; }
}
fn body() {
    inner_macro! { mod not_followed; }
    println!("{}", crate::not::a::path);
    let v = vec![a::b::c(), d::e];
}
`,
  'impls and traits': `use std::fmt;
impl<T: fmt::Display> fmt::Debug for X<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { Ok(()) }
}
impl<T> From<Vec<T>> for Wrapper<T> where T: Clone { fn from(v: Vec<T>) -> Self { Wrapper(v) } }
unsafe impl Send for Raw {}
impl !Sync for NotSync {}
impl crate::api::Library for Builtin {}
impl dyn Object + Send { pub fn method(&self) {} }
impl<'a> Trait for &'a [u8] {}
impl<T> a::B for <T as c::D>::E {}
pub trait Library: Send + Sync {
    type Output;
    type Defaulted = u8;
    type Generic<T>;
    const N: usize;
    fn name(&self) -> &str;
    fn default_impl(&self) -> Vec<Self::Output> { Vec::new() }
}
pub unsafe trait Marker {}
extern "C" {
    fn c_function(x: i32) -> i32;
    static GLOBAL: i32;
    type Opaque;
}
pub const unsafe extern "C" fn exported() {}
pub async fn run() -> Result<Vec<crate::model::Item>, Box<dyn std::error::Error + Send>> { todo!() }
fn arr() -> [u8; N] { [0; N] }
fn qualified() -> <T as Iterator>::Item { loop {} }
`,
  'derives and tests': `#[derive(Debug, Clone, serde::Serialize)]
#[derive(PartialEq)]
pub struct Derived { x: u8 }
/// Documented enum.
#[derive(Debug)]
#[allow(dead_code)]
enum Choice { A, B(u8), C { x: i32 } }
#[rstest]
fn parametrised() {}
#[cfg(all(test, feature = "x"))]
fn conditional() {}
pub union U { a: u32, b: f32 }
type Alias<T> = Vec<T>;
pub(crate) type Shared = std::sync::Arc<u8>;
`,
  'paths in bodies': `fn body() {
    let a = crate::x::y();
    let b = self::local::f();
    let c = super::parent::g;
    let d = ::global::h();
    let e = Vec::<crate::Item>::new();
    let f = crate::a::B::<T>::new();
    let g = x::<a::b::C>::d::<T>::e();
    let h = <T as x::Y>::z();
    let i = <crate::A>::new();
    let j = value.method::<io::Error>();
    let k = generic::<u8>();
    match v { io::ErrorKind::NotFound => {}, Some(inner::Pattern { x, .. }) => {} _ => {} }
    if mem::size_of::<usize>() < 8 && c > ::core::isize::MAX {}
    let s = S { field: module::CONST, other: 1.0 };
    let r = 1..2; let t = tuple.0.method();
    let closure = |x: lib::Type| -> lib::Out { x.into() };
    std::process::exit(0);
    core::mem::drop(x);
    alloc::vec::Vec::<u8>::new();
    Self::assoc(); self::sibling::f();
    path::to::mac!(tokens);
}
pub(in crate::a) fn restricted(x: impl crate::Trait) -> impl Iterator<Item = lib::Thing> + 'static { std::iter::empty() }
struct Fields { a: crate::model::A, b: Vec<dep::B>, c: [u8; consts::N] }
enum Variants { One(crate::One), Two { x: other::Two } }
const C: fn(lib::A) -> lib::B = lib::convert;
static S: Option<&dyn for<'a> Fn(&'a lib::X)> = None;
`,
  'items in blocks and nesting': `fn outer() {
    struct Local;
    impl Local { fn method(&self) {} }
    fn nested() { fn deeper() {} }
    mod in_fn { pub fn f() {} }
    use crate::x;
    const _: () = { impl Hidden for Local {} };
    let closure = || { fn in_closure() {} };
}
const _: () = { fn in_const() {} };
mod m {
    pub struct S;
    impl S {
        pub fn m(&self) { fn inner() {} }
        pub(crate) const fn c() -> u8 { 0 }
        default fn specialised() {}
    }
    trait T { fn sig(&self); fn with_default(&self) {} }
}
`,
};

/** Text tree-sitter reads with an error, or that the scanner does not model: the scanner must step aside. */
const UNSURE: Record<string, string> = {
  'unterminated string': 'fn f() { let s = "never closed; }\n',
  'unterminated raw string': 'const S: &str = r##"closed with one hash only"#;\n',
  'unterminated block comment': '/* /* nested */ never closed\nfn f() {}\n',
  'unbalanced braces': 'fn f() { if x { }\n',
  'mismatched brackets': 'fn f() { let v = [1, 2); }\n',
  'non-ASCII identifier': 'fn grüße() {}\n',
  'comment inside a use path': 'use a::/* x */b;\n',
  'generic type followed by ::': 'fn f() { let x: Vec<u8>::Item; }\n',
  'try! macro (a keyword for tree-sitter)': 'fn f() -> Result<(), E> { try!(g()); Ok(()) }\n',
  'shebang line': '#!/usr/bin/env run-cargo-script\nfn main() {}\n',
  'a bare expression at file level': '"included text"\n',
  'tilde token': 'macro_rules! m { (~) => {} }\n',
  'auto trait (unknown to tree-sitter)': 'pub auto trait Marker {}\n',
};

/** The tree-sitter outline (never the scanner). */
async function tree(text: string) {
  return extractFactsWith(await parserFor('rust'), 'rust', text, false);
}

describe('Rust outline scanner equals the tree-sitter outline', () => {
  const dir = fileURLToPath(new URL('../../fixtures/scanners/rust', import.meta.url));
  const files = Object.fromEntries(readdirSync(dir).map((f) => [`fixture ${f}`, readFileSync(join(dir, f), 'utf8')]));
  for (const [name, text] of Object.entries({ ...FIXTURES, ...files })) {
    it(name, async () => {
      const t = await tree(text);
      expect(t.syntaxErrors).toBe(0); // the fixture is valid Rust for tree-sitter too
      const s = scanRustOutline(text);
      expect(s).toBeDefined();
      expect(s).toStrictEqual(t);
    });
  }

  it('gives the facts import-graph and symbol questions need', () => {
    const uses = scanRustOutline(FIXTURES['use trees']!)!.imports.map((i) => [
      i.specifier,
      i.alias,
      i.reexport,
      i.global,
    ]);
    expect(uses).toEqual([
      ['a::b', undefined, undefined, undefined],
      ['a::b::c', 'd', undefined, undefined],
      ['a::*', undefined, undefined, undefined],
      ['crate::lexer::Token', undefined, true, undefined],
      ['crate::lexer::Kind', 'TokenKind', true, undefined],
      ['self::inner::*', undefined, true, undefined],
      ['super::super::up', undefined, undefined, undefined],
      ['::global::path', undefined, undefined, true],
      ['first', undefined, undefined, undefined],
      ['second::third', undefined, undefined, undefined],
      ['r#async::r#type', undefined, undefined, undefined],
      ['std::io', undefined, undefined, undefined],
      ['std::fmt', undefined, undefined, undefined],
      ['crate::a::b', undefined, true, undefined],
      ['crate::a', undefined, undefined, undefined], // the `pub(in crate::a)` visibility path
      ['inside::function', 'g', undefined, undefined],
    ]);
    const mods = scanRustOutline(FIXTURES['modules and path attributes']!)!;
    const modImports = mods.imports.filter((i) => i.form === 'mod' || i.form === 'extern-crate');
    expect(modImports.map((i) => [i.specifier, i.form, i.pathAttr, i.cfgPaths, i.inlineModule])).toEqual([
      ['renamed', 'mod', 'other/file.rs', undefined, undefined],
      ['platform', 'mod', undefined, ['windows.rs', 'unix.rs'], undefined],
      ['deepest', 'mod', undefined, undefined, 'tests::deeper'],
      ['visible', 'mod', undefined, undefined, undefined],
      ['alloc', 'extern-crate', undefined, undefined, undefined],
      ['serde', 'extern-crate', undefined, undefined, undefined],
    ]);
    expect(mods.hasTests).toBe(true);
    const tests = mods.symbols.filter((s) => s.test).map((s) => s.name);
    expect(tests).toEqual(['it_works', 'async_works']);
    const macros = scanRustOutline(FIXTURES['item macros']!)!.imports.filter((i) => i.inMacro);
    expect(macros.map((i) => [i.specifier, i.pathAttr, i.inlineModule])).toEqual([
      ['fs', undefined, undefined],
      ['renamed_in_macro', 'x.rs', undefined],
      // \`cfg_net!(…);\` at file level is a statement for tree-sitter, not an item: not followed
      ['runtime', undefined, 'holder'],
      ['in_impl', undefined, undefined],
    ]);
    const impls = scanRustOutline(FIXTURES['impls and traits']!)!.symbols.filter((s) => s.kind === 'impl');
    expect(impls[0]).toMatchObject({ name: 'X', trait: 'Debug', traitPath: 'fmt::Debug' });
    expect(impls.find((s) => s.traitPath === 'crate::api::Library')?.name).toBe('Builtin');
    const derived = scanRustOutline(FIXTURES['derives and tests']!)!.symbols.find((s) => s.name === 'Derived');
    expect(derived?.derives).toEqual(['PartialEq', 'Debug', 'Clone', 'serde', 'Serialize']);
  });

  it('marks the type references as left out', () => {
    const s = scanRustOutline('struct A { b: B }\n')!;
    expect(s.typeRefsOmitted).toBe(true);
    expect(s.typeRefs).toEqual([]);
  });

  for (const [name, text] of Object.entries(UNSURE)) {
    it(`steps aside on ${name}`, () => {
      expect(scanRustOutline(text)).toBeUndefined();
    });
  }
});

describe('rust facts in the cache: type references on demand', () => {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'hie-rsrefs-')));
  writeFileSync(join(dir, 'a.rs'), 'use crate::b::Token;\npub fn first(t: Vec<Token>) -> usize { t.len() }\n');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the outline leaves the type references out and says so; a complete request gets them', async () => {
    const cache = new WorkspaceCache(dir);
    const a = join(dir, 'a.rs');
    const outline = await cache.factsOf(a);
    expect(outline.typeRefsOmitted).toBe(true);
    expect(outline.typeRefs).toEqual([]);
    expect(outline.imports.map((i) => i.specifier)).toEqual(['crate::b::Token']);
    // the outline came from the scanner (the same facts tree-sitter would give)
    const text = 'use crate::b::Token;\npub fn first(t: Vec<Token>) -> usize { t.len() }\n';
    expect(outline).toEqual(scanRustOutline(text));
    expect(outline).toEqual(await tree(text));
    const full = await cache.factsOf(a, 'rust', { calls: true });
    expect(full.typeRefsOmitted).toBeUndefined();
    expect(full.typeRefs).toEqual(expect.arrayContaining(['Vec', 'Token']));
    // the outline's other facts are the complete facts' own
    const { typeRefs, typeRefsOmitted, ...rest } = outline;
    void typeRefs;
    void typeRefsOmitted;
    const { typeRefs: fullRefs, ...fullRest } = full;
    void fullRefs;
    expect(rest).toEqual(fullRest);
    // from now on every request gets the complete facts
    expect(await cache.factsOf(a)).toBe(full);
    await cache.dispose();
  });
});
