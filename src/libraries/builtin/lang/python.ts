/** The `python` library: selectors and checks computed from tree-sitter syntax trees. */
import { basename } from 'node:path';
import { fail, pass, type CheckResult, type CodeLocation, type Scope } from '../../types.js';
import type { FileFacts, ImportFact } from '../facts/types.js';
import type { Env, FnSpec, LibrarySpec } from '../framework.js';
import { scopeLabel } from '../framework.js';
import { hintWhenEmpty, isSortedUnique, makeScope, rel, under } from '../paths.js';
import {
  dependencyChecks,
  existsCheck,
  isTestFileName,
  scopeParam,
  strParam,
  symbolSelector,
  toSymbolRef,
  type LanguageSupport,
  modelSupport,
} from './common.js';
import {
  importNames,
  isAliasDuplicate,
  isPythonFile,
  moduleNameOf,
  moduleNames,
  packageNames,
  pythonEdges,
  pythonModel,
  pythonModelNow,
  resolveAbsolute,
} from './python-model.js';
import { C } from '../../../diagnostics/registry.js';

export const pythonSupport: LanguageSupport = modelSupport({
  name: 'python',
  handles: isPythonFile,
  languageOf: () => 'python',
  grammar: 'python',
  model: pythonModel,
  edgesOf: (m, f, ff) => pythonEdges(m, f, ff),
});

/** Facts of the scope's Python files; `calls` when the check reads `facts.calls`. */
async function scopeFacts(env: Env, scope: Scope, calls = false): Promise<Map<string, FileFacts>> {
  return env.cache.factsMany(pythonPaths(scope), 'python', { calls });
}

/** The scope's Python files (the scope's own list when it holds nothing else). */
function pythonPaths(scope: Scope): readonly string[] {
  return scope.paths.every(isPythonFile) ? scope.paths : scope.paths.filter(isPythonFile);
}

/**
 * Calls `visit` with each import statement of the scope's Python files and the absolute module
 * names it imports, until `visit` returns true. Names only: the import checks never need the
 * statements' target files, so none is resolved.
 */
async function eachImport(
  env: Env,
  scope: Scope,
  visit: (file: string, fact: ImportFact, names: readonly string[]) => boolean | undefined,
): Promise<void> {
  const m = pythonModelNow(env.cache) ?? (await pythonModel(env.cache));
  const files = pythonPaths(scope);
  const all = await env.cache.factsList(files, 'python');
  // each file once, as a map of the facts would give them (scopes from other libraries may repeat one)
  const seen = files.length > 1 && !isSortedUnique(files) ? new Set<string>() : undefined;
  for (let i = 0; i < files.length; i++) {
    const facts = all[i];
    if (!facts || seen?.has(files[i]!)) continue;
    seen?.add(files[i]!);
    for (const fact of facts.imports)
      if (!isAliasDuplicate(fact) && visit(files[i]!, fact, importNames(m, files[i]!, fact))) return;
  }
}

/** Is `name` the module `wanted` or one of its submodules? (`prefix`: `wanted` and a dot) */
const isModuleOrBelow = (name: string, wanted: string, prefix: string) => name === wanted || name.startsWith(prefix);

/** Local names bound to modules/functions by imports: `np` → `numpy`, `f` → `m.f`. */
function aliasMap(facts: FileFacts, absBase: (spec: string) => string | undefined): Map<string, string> {
  const map = new Map<string, string>();
  for (const imp of facts.imports) {
    if (imp.form === 'import') {
      if (imp.alias) map.set(imp.alias, imp.specifier);
      else map.set(imp.specifier.split('.')[0]!, imp.specifier.split('.')[0]!);
    } else {
      const base = absBase(imp.specifier);
      if (!base) continue;
      if (imp.alias) map.set(imp.alias, `${base}.${imp.names?.[0] ?? ''}`);
      else for (const n of imp.names ?? []) if (n !== '*') map.set(n, `${base}.${n}`);
    }
  }
  return map;
}

/** Expands a callee through the file's import aliases: `np.array` → `numpy.array`. */
/** `target` is the callee, its last part(s) (`info`, `logger.info`), or its object/module (`logger`). */
function callMatches(callee: string, target: string): boolean {
  if (callee === target || callee.endsWith(`.${target}`)) return true;
  const dot = callee.lastIndexOf('.');
  if (dot < 0) return false;
  const object = callee.slice(0, dot);
  return object === target || object.endsWith(`.${target}`);
}

function qualify(callee: string, aliases: Map<string, string>): string {
  const dot = callee.indexOf('.');
  const head = dot < 0 ? callee : callee.slice(0, dot);
  const full = aliases.get(head);
  return full ? full + (dot < 0 ? '' : callee.slice(dot)) : callee;
}

function absoluteBase(_env: Env, file: string, m: Awaited<ReturnType<typeof pythonModel>>) {
  return (spec: string): string | undefined => {
    const level = /^\.*/.exec(spec)![0].length;
    if (level === 0) return spec;
    const own = moduleNameOf(m, file);
    if (own === undefined) return undefined;
    const pkg = basename(file).startsWith('__init__.') ? own.split('.') : own.split('.').slice(0, -1);
    const up = pkg.slice(0, Math.max(0, pkg.length - (level - 1)));
    const rest = spec.slice(level);
    return [...up, ...(rest ? [rest] : [])].join('.');
  };
}

const selectors: FnSpec<Scope>[] = [
  {
    name: 'module_selector',
    description:
      'Selects a module by its dotted name, resolved like the import system does (source roots: the workspace, ' +
      '`src/`, and the parent of every top-level package). A module file selects that file; a package selects ' +
      'every file of the package, recursively.',
    params: [strParam('module_path', C.E400, 'Dotted module name, e.g. orders.api')],
    example: "scope api = python.module_selector('orders.api')",
    async run(a, env) {
      const name = a.str('module_path');
      const m = await pythonModel(env.cache);
      const r = resolveAbsolute(m, name);
      const paths = r?.packageDir ? under(m.files, r.packageDir) : r?.file ? [r.file] : [];
      const s = makeScope({ File: name }, paths, `python.module_selector('${name}')`, 'python');
      return hintWhenEmpty(s, 'Python module', name, () => moduleNames(m));
    },
  },
  {
    name: 'package_selector',
    description:
      'Selects every Python file of a package (regular or namespace), recursively. A plain module is not a ' +
      'package: the scope is empty.',
    params: [strParam('package_name', C.E403, 'Dotted package name, e.g. orders')],
    example: "scope orders = python.package_selector('orders')",
    async run(a, env) {
      const name = a.str('package_name');
      const m = await pythonModel(env.cache);
      const r = resolveAbsolute(m, name);
      const s = makeScope(
        { Folder: name },
        r?.packageDir ? under(m.files, r.packageDir) : [],
        `python.package_selector('${name}')`,
        'python',
      );
      return hintWhenEmpty(s, 'Python package', name, () => packageNames(m));
    },
  },
  symbolSelector(pythonSupport, {
    name: 'function_selector',
    tag: 'func',
    what: 'function or method (`def`/`async def`)',
    code: C.E401,
    kinds: ['function', 'method'],
    example: "scope handlers = python.function_selector('handle_order')",
  }),
  symbolSelector(pythonSupport, {
    name: 'class_selector',
    tag: 'class',
    what: 'class',
    code: C.E402,
    kinds: ['class'],
    example: "scope service = python.class_selector('OrderService')",
  }),
  {
    name: 'public_functions',
    description:
      'Selects the public module-level functions of the scope: names listed in `__all__` when the module defines ' +
      "it, otherwise names not starting with `_`. The scope's symbols list them.",
    params: [scopeParam('scope', C.E404, 'Modules to look in')],
    example: 'scope api_functions = python.public_functions(api)',
    async run(a, env) {
      const s = a.scope('scope');
      const refs = [];
      for (const [file, facts] of await scopeFacts(env, s)) {
        for (const sym of facts.symbols) {
          if (sym.kind !== 'function' || !sym.topLevel) continue;
          const isPublic = facts.dunderAll ? facts.dunderAll.includes(sym.name) : !sym.name.startsWith('_');
          if (isPublic) refs.push(toSymbolRef(file, sym));
        }
      }
      return makeScope(
        { File: `public_functions:${scopeLabel(s)}` },
        refs.map((r) => r.file),
        `python.public_functions(${scopeLabel(s)})`,
        'python',
        refs,
      );
    },
  },
];

const checks: FnSpec<CheckResult>[] = [
  {
    name: 'imports',
    description:
      'Passes if some file of the scope imports the module (or a submodule of it): `import M`, `import M.x`, `from ' +
      'M import x`, `from M.x import y`, and relative imports resolved to their absolute name. Comments and ' +
      'strings never count.',
    params: [scopeParam('scope', C.E410), strParam('module_name', C.E411, 'Absolute dotted module name')],
    example: "check python.imports(api, 'orders.domain')",
    async run(a, env) {
      const want = a.str('module_name');
      const prefix = `${want}.`;
      let found = false;
      await eachImport(env, a.scope('scope'), (_file, _fact, names) => {
        for (const n of names) if (isModuleOrBelow(n, want, prefix)) found = true;
        return found;
      });
      if (found) return pass();
      return fail(`Scope ${scopeLabel(a.scope('scope'))} does not import '${want}'`);
    },
  },
  {
    name: 'no_import',
    description:
      'Fails if some file of the scope imports the module or one of its submodules; every offending import ' +
      'statement is reported.',
    params: [scopeParam('scope', C.E412), strParam('module_name', C.E413, 'Absolute dotted module name')],
    example: "check python.no_import(domain, 'django')",
    async run(a, env) {
      const want = a.str('module_name');
      const locs: CodeLocation[] = [];
      const prefix = `${want}.`;
      await eachImport(env, a.scope('scope'), (file, fact, names) => {
        if (names.some((n) => isModuleOrBelow(n, want, prefix)))
          locs.push({ file, line: fact.line, column: fact.column, message: fact.text });
        return false;
      });
      if (locs.length === 0) return pass();
      return fail(
        `Scope ${scopeLabel(a.scope('scope'))} imports '${want}' but should not (${locs.length} ` +
          `import${locs.length === 1 ? '' : 's'}, first ${rel(env.workspace, locs[0]!.file)}:${locs[0]!.line})`,
        locs,
      );
    },
  },
  {
    name: 'returns_type',
    description:
      'Passes if some function of the scope has a return annotation that names the type (as an identifier: `User`, ' +
      '`Optional[User]`, `list[User]`; `SuperUserList` does not count).',
    params: [scopeParam('scope', C.E414), strParam('type_name', C.E415, 'Type name')],
    example: "check python.returns_type(api, 'Order')",
    async run(a, env) {
      const t = a.str('type_name');
      for (const facts of (await scopeFacts(env, a.scope('scope'))).values())
        if (facts.symbols.some((s) => (s.kind === 'function' || s.kind === 'method') && s.returnTypes?.includes(t)))
          return pass();
      return fail(`No function returns type '${t}'`);
    },
  },
  {
    name: 'function_returns_type',
    description:
      'Passes if every function or method named `func_name` in the scope has a return annotation naming the type. ' +
      'Fails if there is no such function, or one that does not return the type (with its location).',
    params: [
      scopeParam('scope', C.E416),
      strParam('func_name', C.E417, 'Function name'),
      strParam('type_name', C.E418, 'Type name'),
    ],
    example: "check python.function_returns_type(api, 'get_order', 'Order')",
    async run(a, env) {
      const f = a.str('func_name');
      const t = a.str('type_name');
      const bad: CodeLocation[] = [];
      let found = 0;
      for (const [file, facts] of await scopeFacts(env, a.scope('scope')))
        for (const s of facts.symbols) {
          if ((s.kind !== 'function' && s.kind !== 'method') || s.name !== f) continue;
          found++;
          if (!s.returnTypes?.includes(t))
            bad.push({
              file,
              line: s.line,
              column: s.column,
              message: s.returnText ? `returns ${s.returnText}` : 'no return annotation',
            });
        }
      if (found === 0) return fail(`Function '${f}' not found in ${scopeLabel(a.scope('scope'))}`);
      if (bad.length === 0) return pass();
      return fail(
        `Function '${f}' does not return type '${t}' (${bad[0]!.message} at ` +
          `${rel(env.workspace, bad[0]!.file)}:${bad[0]!.line})`,
        bad,
      );
    },
  },
  {
    name: 'calls',
    description:
      'Passes if some file of the scope calls `target`: a call whose callee is `target` or ends with `.target` ' +
      '(method calls included), or whose object or module is `target` (`logger` matches `logger.info(…)` and ' +
      '`self.logger.info(…)`). Definitions, comments and strings do not count; callees are also matched after ' +
      'expanding import aliases (`import logging as log; log.info()` matches `logging`).',
    params: [scopeParam('scope', C.E419), strParam('target', C.E420, 'Function name, or dotted name')],
    example: "check python.calls(api, 'validate')",
    async run(a, env) {
      const target = a.str('target');
      const m = await pythonModel(env.cache);
      for (const [file, facts] of await scopeFacts(env, a.scope('scope'), true)) {
        const aliases = aliasMap(facts, absoluteBase(env, file, m));
        for (const c of facts.calls) {
          if (callMatches(c.callee, target)) return pass();
          const full = qualify(c.callee, aliases);
          if (full !== c.callee && callMatches(full, target)) return pass();
        }
      }
      return fail(`Scope ${scopeLabel(a.scope('scope'))} does not call '${target}'`);
    },
  },
  {
    name: 'calls_function',
    description:
      'Passes if some file of the scope calls function `func_name` of module `module_name`, however it was ' +
      'imported: `import m; m.f()`, `import m as x; x.f()`, `from m import f; f()`, `from m import f as g; g()`.',
    params: [
      scopeParam('scope', C.E421),
      strParam('module_name', C.E422, 'Dotted module name'),
      strParam('func_name', C.E423, 'Function name'),
    ],
    example: "check python.calls_function(api, 'json', 'dumps')",
    async run(a, env) {
      const want = `${a.str('module_name')}.${a.str('func_name')}`;
      const m = await pythonModel(env.cache);
      for (const [file, facts] of await scopeFacts(env, a.scope('scope'), true)) {
        const aliases = aliasMap(facts, absoluteBase(env, file, m));
        for (const c of facts.calls) if (qualify(c.callee, aliases) === want) return pass();
      }
      return fail(`Scope ${scopeLabel(a.scope('scope'))} does not call '${want}'`);
    },
  },
  {
    name: 'calls_scope',
    description:
      'Passes if some file of `source_scope` calls a module-level function or class (instantiation) defined in ' +
      '`target_scope`, through a name imported from one of the target modules (or defined in the same file).',
    params: [scopeParam('source_scope', C.E424, 'Calling scope'), scopeParam('target_scope', C.E425, 'Called scope')],
    example: 'check python.calls_scope(api, domain)',
    async run(a, env) {
      const m = await pythonModel(env.cache);
      const target = a.scope('target_scope');
      const targetFiles = new Set(target.paths);
      // qualified names defined by the target: module.name
      const defined = new Set<string>();
      for (const [file, facts] of await scopeFacts(env, target)) {
        const mod = moduleNameOf(m, file);
        if (mod === undefined) continue;
        for (const s of facts.symbols)
          if (s.topLevel && (s.kind === 'function' || s.kind === 'class')) defined.add(`${mod}.${s.name}`);
      }
      for (const [file, facts] of await scopeFacts(env, a.scope('source_scope'), true)) {
        const aliases = aliasMap(facts, absoluteBase(env, file, m));
        const own = moduleNameOf(m, file);
        for (const c of facts.calls) {
          const full = qualify(c.callee, aliases);
          if (defined.has(full)) return pass();
          if (targetFiles.has(file) && own !== undefined && defined.has(`${own}.${c.callee}`)) return pass();
        }
      }
      return fail(
        `Source scope ${scopeLabel(a.scope('source_scope'))} does not call anything in target scope ` +
          `${scopeLabel(target)}`,
      );
    },
  },
  existsCheck(pythonSupport, {
    name: 'function_exists',
    tag: 'func',
    what: 'function or method',
    code: C.E430,
    kinds: ['function', 'method'],
    example: "check python.function_exists(api, 'main')",
    notFound: "Function '<n>' not found",
  }),
  existsCheck(pythonSupport, {
    name: 'class_exists',
    tag: 'class',
    what: 'class',
    code: C.E431,
    kinds: ['class'],
    example: "check python.class_exists('OrderService')",
    notFound: "Class '<n>' not found",
  }),
  {
    name: 'has_tests',
    description:
      'Passes if the scope contains tests: `test_*` functions or `Test*` classes in test files (`test_*.py`, ' +
      '`*_test.py`, or files under a `tests/` folder), following pytest/unittest conventions.',
    params: [scopeParam('scope', C.E432)],
    example: 'check python.has_tests(tests)',
    async run(a, env) {
      for (const [file, facts] of await scopeFacts(env, a.scope('scope')))
        if (facts.hasTests && isTestFileName(file)) return pass();
      return fail(`No tests found in ${scopeLabel(a.scope('scope'))}`);
    },
  },
  {
    name: 'has_docs',
    description:
      'Passes if the scope has documentation: a module, class or function docstring (a string literal as first ' +
      'statement). Comments and other strings do not count.',
    params: [scopeParam('scope', C.E433)],
    example: 'check python.has_docs(api)',
    async run(a, env) {
      for (const facts of (await scopeFacts(env, a.scope('scope'))).values()) if (facts.anyDoc) return pass();
      return fail(`No docstrings found in ${scopeLabel(a.scope('scope'))}`);
    },
  },
  ...dependencyChecks(pythonSupport, { dependsOn: [C.E434, C.E435], noDependency: [C.E436, C.E437], cycles: C.E438 }),
];

export const pythonSpec: LibrarySpec = {
  name: 'python',
  description: 'Python modules, packages, classes, functions, imports and calls, from real syntax trees.',
  language: { label: 'Python', handles: isPythonFile },
  tooManyArguments: C.E498,
  unknownFunction: C.E499,
  selectors,
  checks,
};
