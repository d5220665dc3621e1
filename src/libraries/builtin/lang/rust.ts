/** The `rust` library: crates, modules and items from tree-sitter syntax trees and Cargo manifests. */
import { LibraryError, fail, pass, type CheckResult, type CodeLocation, type Scope } from '../../types.js';
import type { FileFacts } from '../facts/types.js';
import type { Env, FnSpec, LibrarySpec } from '../framework.js';
import { scopeLabel } from '../framework.js';
import { hintWhenEmpty, makeScope } from '../paths.js';
import {
  dependencyChecks,
  existsCheck,
  findSymbols,
  scopeParam,
  strParam,
  symbolSelector,
  toSymbolRef,
  type LanguageSupport,
  modelSupport,
} from './common.js';
import { basename } from 'node:path';
import { isRustFile, rustEdges, rustModel, type Crate, type RustModel, type Target } from './rust-model.js';
import { C } from '../../../diagnostics/registry.js';

export const rustSupport: LanguageSupport = modelSupport({
  name: 'rust',
  handles: isRustFile,
  languageOf: () => 'rust',
  grammar: 'rust',
  model: rustModel,
  edgesOf: (m, f, ff) => rustEdges(m, f, ff),
});

async function scopeFacts(env: Env, scope: Scope): Promise<Map<string, FileFacts>> {
  return env.cache.factsMany(scope.paths.filter(isRustFile), 'rust');
}

/** Module path → files: the module's own files plus its sub-modules' files, in one target. */
function moduleFiles(
  target: Target,
  key: string,
): { files: string[]; inline?: { file: string; line: number } } | undefined {
  const infos = target.modules.get(key);
  if (!infos) return undefined;
  const files = new Set<string>(infos.map((i) => i.file));
  for (const [k, v] of target.modules) if (k.startsWith(`${key}::`)) for (const i of v) files.add(i.file);
  const r: { files: string[]; inline?: { file: string; line: number } } = { files: [...files] };
  const inline = infos.find((i) => i.inlineLine !== undefined);
  if (inline) r.inline = { file: inline.file, line: inline.inlineLine! };
  return r;
}

/**
 * Targets a selector looks in: `lib`, `bin`, `test`, `example`, `bench`, `build` or `kind:name`
 * (`bin:tool`, `test:integration`); `all` for every target; by default the library, then the
 * binaries (the first of those that has the module wins).
 */
export function targetsFor(crate: Crate, spec: string | undefined): Target[] {
  if (spec === undefined) {
    const lib = crate.targets.filter((t) => t.kind === 'lib');
    return [...lib, ...crate.targets.filter((t) => t.kind === 'bin')];
  }
  if (spec === 'all') return crate.targets;
  const [kind, name] = spec.split(':');
  return crate.targets.filter((t) => t.kind === kind && (name === undefined || t.name === name));
}

export const TARGET_KINDS = ['lib', 'bin', 'test', 'example', 'bench', 'build', 'all'];

function findModule(m: RustModel, path: string, targetSpec: string | undefined) {
  const segs = path.split('::').filter(Boolean);
  const results: { crate: Crate; files: string[]; inline?: { file: string; line: number } }[] = [];
  const first = segs[0];
  const candidates: [Crate, string[]][] = [];
  const named = first && first !== 'crate' ? m.byIdent.get(first.replace(/-/g, '_')) : undefined;
  if (first === 'crate') for (const c of m.crates) candidates.push([c, segs.slice(1)]);
  else if (named) candidates.push([named, segs.slice(1)]);
  else for (const c of m.crates) candidates.push([c, segs]);
  const byDefault = targetSpec === undefined;
  for (const [crate, rest] of candidates) {
    const key = ['crate', ...rest].join('::');
    for (const target of targetsFor(crate, targetSpec)) {
      const r = moduleFiles(target, key);
      if (!r) continue;
      results.push({ crate, ...r });
      if (byDefault) break; // the library, else the first binary that has it
    }
  }
  // the original's spelling for crate roots: `main` → `src/main.rs`, `lib` → the library root
  const last = segs[segs.length - 1];
  if (
    results.length === 0 &&
    (segs.length === 1 || (segs.length === 2 && named)) &&
    (last === 'main' || last === 'lib')
  ) {
    for (const crate of named ? [named] : m.crates)
      for (const t of targetsFor(crate, targetSpec)) {
        if (last === 'lib' ? t.kind === 'lib' : t.kind === 'bin' && basename(t.root) === 'main.rs')
          results.push({ crate, files: [t.root] });
      }
  }
  return results;
}

const lastOf = (path: string) => path.split('::').pop() ?? path;
const segmentsOf = (path: string) =>
  path
    .split('::')
    .filter(Boolean)
    .map((s, i) => (i === 0 && (s === 'core' || s === 'alloc') ? 'std' : s));

/**
 * Does the trait written in an `impl` (`fmt::Display`, `Display`) match the wanted name? A bare
 * name compares the last segment; a path must end the written path or the path it expands to
 * through the file's `use` declarations.
 */
function implementsTrait(written: string | undefined, wanted: string, facts: FileFacts): boolean {
  if (!written) return false;
  const want = segmentsOf(wanted);
  const forms = [segmentsOf(written)];
  const head = forms[0]![0];
  for (const imp of facts.imports) {
    if (imp.form !== 'use' || imp.specifier.endsWith('*')) continue;
    const bound = imp.alias ?? imp.specifier.split('::').pop();
    if (bound === head) forms.push([...segmentsOf(imp.specifier), ...forms[0]!.slice(1)]);
  }
  return forms.some((f) => f.length >= want.length && want.every((w, i) => f[f.length - want.length + i] === w));
}

/** The "primary type" of a scope: the selected struct/enum/trait, else the first public struct/enum. */
async function primaryType(env: Env, s: Scope): Promise<string | undefined> {
  const k = s.kind;
  if ('File' in k) {
    const mm = /^(struct|enum|trait):(.+)$/.exec(k.File);
    if (mm) return mm[2];
  }
  const facts = await scopeFacts(env, s);
  for (const p of s.paths) {
    const f = facts.get(p);
    const t = f?.symbols.find((x) => x.exported && (x.kind === 'struct' || x.kind === 'enum'));
    if (t) return t.name;
  }
  return undefined;
}

/** Does the scope use the type (complete facts: the outline has no type references)? */
async function references(env: Env, s: Scope, type: string): Promise<boolean> {
  for (const f of (await env.cache.factsMany(s.paths.filter(isRustFile), 'rust', { calls: true })).values())
    if (f.typeRefs.includes(type) || f.symbols.some((x) => x.name === type && x.kind !== 'impl')) return true;
  return false;
}

const sel = (
  name: string,
  tag: string,
  what: string,
  code: string,
  kinds: Parameters<typeof symbolSelector>[1]['kinds'],
  example: string,
) =>
  symbolSelector(rustSupport, {
    name,
    tag,
    what,
    code,
    kinds,
    example,
    label: kinds[0] === 'impl' ? 'impl' : undefined,
  });

const selectors: FnSpec<Scope>[] = [
  {
    name: 'crate_selector',
    description:
      'Selects every .rs file of a crate, found by its package name in any Cargo.toml of the workspace (`[package] ' +
      'name`, compared exactly). Nested crates and `target/` are left out.',
    params: [strParam('crate_name', C.E300, 'Package name from Cargo.toml')],
    example: "scope core = rust.crate_selector('my-core')",
    async run(a, env) {
      const name = a.str('crate_name');
      const m = await rustModel(env.cache);
      const c = m.crates.find((x) => x.name === name) ?? m.crates.find((x) => x.ident === name.replace(/-/g, '_'));
      return makeScope({ Folder: name }, c ? c.files : [], `rust.crate_selector('${name}')`, 'rust');
    },
  },
  {
    name: 'module_selector',
    description:
      'Selects a module by its path (`lexer`, `stdlib::files`, `crate::stdlib::files`, or ' +
      '`<crate>::stdlib::files`), resolved on the real module tree of one target built from `mod` declarations ' +
      '(`x.rs`, `x/mod.rs`, `#[path]`, `#[cfg_attr(…, path)]`, inline `mod x { }`, `mod x;` inside item macros). ' +
      'The module file and all its sub-modules are selected. Each target (library, binary, test, example, bench) ' +
      'is a crate of its own: by default the library is searched, then the binaries; `target` names another ' +
      '(`test`, `test:integration`, `bin:tool`, `example`, `bench`, `build`, `all`). `main` and `lib` select the ' +
      'crate roots `src/main.rs` and the library root when no module has that name.',
    params: [
      strParam('module_path', C.E301, '`::`-separated module path'),
      strParam(
        'target',
        C.E840,
        'Target kind, or kind:name (`lib`, `bin`, `test:integration`, `all`); default: library, then binaries',
        true,
      ),
    ],
    example: "scope lexer = rust.module_selector('parser::lexer')",
    async run(a, env) {
      const p = a.str('module_path');
      const target = a.optStr('target');
      if (target !== undefined && !TARGET_KINDS.includes(target.split(':')[0]!)) {
        throw new LibraryError(
          C.E840,
          `rust.module_selector: unknown target '${target}'; expected one of ${TARGET_KINDS.join(', ')}, ` +
            'or kind:name',
        );
      }
      const m = await rustModel(env.cache);
      const found = findModule(m, p, target);
      const symbols = found.flatMap((f) =>
        f.inline ? [{ file: f.inline.file, line: f.inline.line, column: 1, symbolKind: 'module', name: p }] : [],
      );
      const s = makeScope(
        { File: p },
        found.flatMap((f) => f.files),
        `rust.module_selector('${p}')`,
        'rust',
        symbols,
      );
      // module paths as the selector takes them (`a::b`, without `crate::`)
      return hintWhenEmpty(s, 'Rust module', p, () =>
        [...m.fileModule.values()].flat().map((x) => x.path.replace(/^crate::/, '')),
      );
    },
  },
  sel(
    'struct_selector',
    'struct',
    'struct',
    C.E302,
    ['struct', 'union'],
    "scope token = rust.struct_selector('Token')",
  ),
  sel('enum_selector', 'enum', 'enum', C.E303, ['enum'], "scope kinds = rust.enum_selector('TokenKind')"),
  sel(
    'function_selector',
    'func',
    'function or method',
    C.E304,
    ['function', 'method'],
    "scope parse = rust.function_selector('parse')",
  ),
  sel('trait_selector', 'trait', 'trait', C.E305, ['trait'], "scope lib = rust.trait_selector('Library')"),
  sel(
    'impl_selector',
    'type',
    'impl block for a type (inherent or trait impl)',
    C.E306,
    ['impl'],
    "scope parser_impls = rust.impl_selector('Parser')",
  ),
  {
    name: 'public_functions',
    description:
      'Selects the `pub` functions declared at the top level of the files of the scope (methods and functions ' +
      'inside inline modules excluded); the scope lists them with their locations.',
    params: [scopeParam('scope', C.E340, 'Files to look in')],
    example: 'scope api = rust.public_functions(core)',
    async run(a, env) {
      const s = a.scope('scope');
      const refs = [];
      for (const [file, facts] of await scopeFacts(env, s))
        for (const x of facts.symbols)
          if (x.kind === 'function' && x.exported && x.topLevel) refs.push(toSymbolRef(file, x));
      return makeScope(
        { File: `public_functions:${scopeLabel(s)}` },
        refs.map((r) => r.file),
        `rust.public_functions(${scopeLabel(s)})`,
        'rust',
        refs,
      );
    },
  },
];

const ex = (
  name: string,
  tag: string,
  what: string,
  code: string,
  kinds: Parameters<typeof existsCheck>[1]['kinds'],
  notFound: string,
) =>
  existsCheck(rustSupport, {
    name,
    tag,
    what,
    code,
    kinds,
    notFound,
    example: `check rust.${name}('${tag === 'func' ? 'main' : 'Token'}')`,
  });

const checks: FnSpec<CheckResult>[] = [
  ex('struct_exists', 'struct', 'struct', C.E310, ['struct', 'union'], "Struct '<n>' not found"),
  ex('enum_exists', 'enum', 'enum', C.E311, ['enum'], "Enum '<n>' not found"),
  ex('function_exists', 'func', 'function or method', C.E312, ['function', 'method'], "Function '<n>' not found"),
  ex('trait_exists', 'trait', 'trait', C.E313, ['trait'], "Trait '<n>' not found"),
  ex('impl_exists', 'type', 'impl block for the type', C.E314, ['impl'], "Impl for '<n>' not found"),
  {
    name: 'implements',
    description:
      'Passes if the type implements the trait: an `impl Trait for Type` block (generics and line breaks are fine) ' +
      'or `#[derive(Trait)]` on the type. The trait may be named by its last segment (`Display`) or by a path ' +
      '(`fmt::Display`, `std::fmt::Display`), which must end the path written in the `impl` or the path it comes ' +
      "from through the file's `use` declarations (`use std::fmt;` … `impl fmt::Display`); `core::` and `alloc::` " +
      'count as `std::`. Names are compared exactly.',
    leadingScope: { name: 'within', description: 'Only search these files (default: the whole workspace)' },
    params: [
      strParam('type_name', C.E315, 'Type name'),
      strParam('trait_name', C.E316, 'Trait name, or a path ending in it (`fmt::Display`)'),
    ],
    example: "check rust.implements('FilesLibrary', 'Library')",
    async run(a, env) {
      const t = a.str('type_name');
      const tr = a.str('trait_name');
      const found = await findSymbols(
        rustSupport,
        env,
        a.optScope('within'),
        (s, facts) =>
          s.name === t &&
          ((s.kind === 'impl' && implementsTrait(s.traitPath ?? s.trait, tr, facts)) ||
            ((s.kind === 'struct' || s.kind === 'enum') && !!s.derives?.includes(lastOf(tr)))),
      );
      return found.length > 0 ? pass() : fail(`'${t}' does not implement '${tr}'`);
    },
  },
  {
    name: 'uses',
    description:
      'Passes if some file of the scope has a `use` declaration or qualified path starting with the given path, ' +
      'compared on whole `::` segments (`crate::lex` does not match `crate::lexer`). Grouped imports are expanded.',
    params: [scopeParam('scope', C.E317), strParam('module_path', C.E318, '`::`-separated path')],
    example: "check rust.uses(parser, 'crate::lexer')",
    async run(a, env) {
      const p = a.str('module_path').replace(/::$/, '');
      for (const f of (await scopeFacts(env, a.scope('scope'))).values())
        if (f.imports.some((i) => i.form !== 'mod' && (i.specifier === p || i.specifier.startsWith(`${p}::`))))
          return pass();
      return fail(`Module does not use '${p}'`);
    },
  },
  {
    name: 'has_derive',
    description:
      'Passes if some struct or enum of the scope has `#[derive(..., Name, ...)]` (path-qualified derives compare ' +
      'their last segment).',
    params: [scopeParam('scope', C.E319), strParam('derive_name', C.E320, 'Derive name')],
    example: "check rust.has_derive(types, 'Debug')",
    async run(a, env) {
      const d = a.str('derive_name');
      for (const f of (await scopeFacts(env, a.scope('scope'))).values())
        if (f.symbols.some((s) => s.derives?.includes(d))) return pass();
      return fail(`No #[derive(${d})] found`);
    },
  },
  {
    name: 'has_docs',
    description:
      'Passes if the scope has doc comments (`///`, `//!`, `/** */`, `/*! */`, `#[doc]`); plain comments, `////` ' +
      'separators and `file:///` text do not count.',
    params: [scopeParam('scope', C.E321)],
    example: 'check rust.has_docs(core)',
    async run(a, env) {
      for (const f of (await scopeFacts(env, a.scope('scope'))).values()) if (f.anyDoc) return pass();
      return fail('No documentation comments found');
    },
  },
  {
    name: 'has_tests',
    description:
      'Passes if the scope has tests: a function with a test attribute (`#[test]`, `#[tokio::test]`, `#[rstest]`, ' +
      '…) or a `#[cfg(test)]` item.',
    params: [scopeParam('scope', C.E322)],
    example: 'check rust.has_tests(core)',
    async run(a, env) {
      for (const f of (await scopeFacts(env, a.scope('scope'))).values()) if (f.hasTests) return pass();
      return fail('No tests found');
    },
  },
  ...dependencyChecks(rustSupport, { dependsOn: [C.E323, C.E324], noDependency: [C.E325, C.E326], cycles: C.E343 }, [
    'scope_a',
    'scope_b',
  ]),
  {
    name: 'pipeline_connects',
    description:
      "Passes if the input scope uses the output scope's primary type (the selected struct/enum/trait, else the " +
      'first `pub struct`/`pub enum` in path order) as a type or in a path (`Token`, `Vec<Token>`, `Token::new`).',
    params: [
      scopeParam('output_scope', C.E327, 'Producing scope'),
      scopeParam('input_scope', C.E328, 'Consuming scope'),
    ],
    example: 'check rust.pipeline_connects(lexer, parser)',
    async run(a, env) {
      const t = await primaryType(env, a.scope('output_scope'));
      if (!t) return { status: 'error', message: 'Could not determine output type' };
      if (await references(env, a.scope('input_scope'), t)) return pass();
      return fail(`Pipeline not connected: '${t}' is not used by input scope`);
    },
  },
  {
    name: 'type_compatible',
    description:
      "Passes if the scopes' primary types are the same, or one scope's code uses the other's " + 'primary type.',
    params: [scopeParam('scope_a', C.E329, 'First scope'), scopeParam('scope_b', C.E330, 'Second scope')],
    example: 'check rust.type_compatible(lexer_output, parser_input)',
    async run(a, env) {
      const A = await primaryType(env, a.scope('scope_a'));
      if (!A) return { status: 'error', message: 'Could not determine type from first scope' };
      const B = await primaryType(env, a.scope('scope_b'));
      if (!B) return { status: 'error', message: 'Could not determine type from second scope' };
      if (A === B || (await references(env, a.scope('scope_b'), A)) || (await references(env, a.scope('scope_a'), B)))
        return pass();
      return fail(`Types '${A}' and '${B}' are not compatible`);
    },
  },
  {
    name: 'uses_crate',
    description:
      'Passes if a crate owning files of the scope declares a dependency on `crate_name` in its Cargo.toml ' +
      '(`[dependencies]`, `[dev-dependencies]`, `[build-dependencies]`; renames and `-`/`_` spellings understood).',
    params: [scopeParam('scope', C.E341), strParam('crate_name', C.E342, 'Package name')],
    example: "check rust.uses_crate(core, 'serde')",
    async run(a, env) {
      const want = a.str('crate_name');
      const m = await rustModel(env.cache);
      const owners = m.crates.filter((c) => a.scope('scope').paths.some((p) => c.files.includes(p)));
      for (const c of owners)
        for (const [id, pkg] of c.dependencies) if (pkg === want || id === want.replace(/-/g, '_')) return pass();
      const locs: CodeLocation[] = owners.map((c) => ({ file: c.manifest, message: `crate ${c.name}` }));
      return fail(
        `${
          owners.length === 0
            ? 'No crate owns the files of the scope'
            : `Crate${owners.length > 1 ? 's' : ''} ` +
              `${owners.map((c) => c.name).join(', ')} do${owners.length > 1 ? '' : 'es'} not depend on '${want}'`
        }`,
        locs,
      );
    },
  },
];

export const rustSpec: LibrarySpec = {
  name: 'rust',
  description:
    'Rust crates, modules, items, use-dependencies and derives, from real syntax trees and Cargo ' + 'manifests.',
  language: { label: 'Rust', handles: isRustFile },
  tooManyArguments: C.E398,
  unknownFunction: C.E399,
  selectors,
  checks,
};
