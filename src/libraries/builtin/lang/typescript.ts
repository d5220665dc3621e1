/** The `typescript` library (also registered as `javascript`): TS/JS modules, declarations and imports. */
import { fail, pass, type CheckResult, type CodeLocation, type Scope } from '../../types.js';
import type { FileFacts } from '../facts/types.js';
import type { Env, FnSpec, LibrarySpec } from '../framework.js';
import { scopeLabel } from '../framework.js';
import { hintWhenEmpty, makeScope, rel, resolveInWorkspace, under } from '../paths.js';
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
import { isTsJsFile, resolveModulePath, resolveTsSpecifier, tsEdges, tsModel } from './typescript-model.js';
import { C } from '../../../diagnostics/registry.js';

const languageOf = (f: string) => (/\.[cm]?tsx?$/.test(f) ? 'typescript' : 'javascript');

function support(name: string): LanguageSupport {
  return modelSupport({
    name,
    handles: isTsJsFile,
    languageOf,
    model: tsModel,
    edgesOf: (m, f, ff, env) => tsEdges(m, f, ff, env.workspace),
  });
}

async function scopeFacts(env: Env, scope: Scope): Promise<Map<string, FileFacts>> {
  return env.cache.factsMany(scope.paths.filter(isTsJsFile));
}

/** Does an import specifier match the wanted module: same text, a sub-path of a package, or the same workspace file? */
function importMatcher(env: Env, m: Awaited<ReturnType<typeof tsModel>>, want: string) {
  const wantFile = want.startsWith('.') || want.startsWith('/') ? undefined : resolveModulePath(m, env.workspace, want);
  return (file: string, spec: string): boolean => {
    if (spec === want || spec.startsWith(`${want}/`)) return true;
    if (wantFile === undefined) return false;
    return resolveTsSpecifier(m, file, spec, env.workspace) === wantFile;
  };
}

export function typescriptSpec(name: 'typescript' | 'javascript'): LibrarySpec {
  const lang = support(name);
  const selectors: FnSpec<Scope>[] = [
    {
      name: 'module_selector',
      description:
        'Selects one module by its path relative to the workspace, resolved like an import: extension optional ' +
        '(`src/app` → `src/app.ts`), a folder means its `index` file.',
      params: [strParam('module_path', C.E700, 'Module path relative to the workspace')],
      example: `scope app = ${name}.module_selector('src/app')`,
      async run(a, env) {
        const p = a.str('module_path');
        resolveInWorkspace(env.workspace, p, `${name}.module_selector`, C.E700);
        const m = await tsModel(env.cache);
        const f = resolveModulePath(m, env.workspace, p.replace(/^\.\//, ''));
        const s = makeScope({ File: p }, f ? [f] : [], `${name}.module_selector('${p}')`, f ? languageOf(f) : name);
        // the modules, spelt as the selector takes them: relative, without extension
        return hintWhenEmpty(s, 'module', p, () =>
          m.files.map((file) => rel(env.workspace, file).replace(/\.(d\.)?[cm]?[jt]sx?$/, '')),
        );
      },
    },
    {
      name: 'package_selector',
      description:
        'Selects every TypeScript/JavaScript file below a folder (relative to the workspace), recursively; ignored ' +
        'files are skipped.',
      params: [strParam('folder', C.E701, 'Folder relative to the workspace')],
      example: `scope core = ${name}.package_selector('src/core')`,
      async run(a, env) {
        const p = a.str('folder');
        const dir = resolveInWorkspace(env.workspace, p, `${name}.package_selector`, C.E701);
        const m = await tsModel(env.cache);
        const files = dir === env.workspace ? m.files : under(m.files, dir);
        const s = makeScope(
          { Folder: p },
          files,
          `${name}.package_selector('${p}')`,
          files[0] ? languageOf(files[0]) : name,
        );
        // the folders that hold modules, relative to the workspace
        return hintWhenEmpty(s, 'folder with modules', p, () =>
          m.files.flatMap((file) => {
            const parts = rel(env.workspace, file).split('/').slice(0, -1);
            return parts.map((_, k) => parts.slice(0, k + 1).join('/'));
          }),
        );
      },
    },
    symbolSelector(lang, {
      name: 'class_selector',
      tag: 'class',
      what: 'class',
      code: C.E702,
      kinds: ['class'],
      example: `scope service = ${name}.class_selector('OrderService')`,
    }),
    symbolSelector(lang, {
      name: 'function_selector',
      tag: 'func',
      what: 'function (declaration or `const f = () => …`)',
      code: C.E703,
      kinds: ['function'],
      example: `scope handler = ${name}.function_selector('handleOrder')`,
    }),
    symbolSelector(lang, {
      name: 'interface_selector',
      tag: 'interface',
      what: 'interface',
      code: C.E704,
      kinds: ['interface'],
      example: `scope repo = ${name}.interface_selector('Repository')`,
    }),
    {
      name: 'public_functions',
      description:
        'Selects the exported functions of the scope (`export function`, `export const f = () => …`, `export { f ' +
        '}`); the scope lists them.',
      params: [scopeParam('scope', C.E705, 'Modules to look in')],
      example: `scope api = ${name}.public_functions(core)`,
      async run(a, env) {
        const s = a.scope('scope');
        const refs = [];
        for (const [file, facts] of await scopeFacts(env, s))
          for (const x of facts.symbols) if (x.kind === 'function' && x.exported) refs.push(toSymbolRef(file, x));
        return makeScope(
          { File: `public_functions:${scopeLabel(s)}` },
          refs.map((r) => r.file),
          `${name}.public_functions(${scopeLabel(s)})`,
          name,
          refs,
        );
      },
    },
  ];
  const checks: FnSpec<CheckResult>[] = [
    existsCheck(lang, {
      name: 'class_exists',
      tag: 'class',
      what: 'class',
      code: C.E710,
      kinds: ['class'],
      example: `check ${name}.class_exists('OrderService')`,
      notFound: "Class '<n>' not found",
    }),
    existsCheck(lang, {
      name: 'function_exists',
      tag: 'func',
      what: 'function',
      code: C.E711,
      kinds: ['function'],
      example: `check ${name}.function_exists(app, 'main')`,
      notFound: "Function '<n>' not found",
    }),
    existsCheck(lang, {
      name: 'interface_exists',
      tag: 'interface',
      what: 'interface',
      code: C.E712,
      kinds: ['interface'],
      example: `check ${name}.interface_exists('Repository')`,
      notFound: "Interface '<n>' not found",
    }),
    {
      name: 'exports',
      description:
        'Passes if some module of the scope exports the name (declaration, `export { … }`, re-export list, or ' +
        '`default`).',
      params: [scopeParam('scope', C.E713), strParam('name', C.E714, 'Exported name')],
      example: `check ${name}.exports(api, 'createServer')`,
      async run(a, env) {
        const n = a.str('name');
        for (const f of (await scopeFacts(env, a.scope('scope'))).values()) if (f.exports?.includes(n)) return pass();
        return fail(`No module of ${scopeLabel(a.scope('scope'))} exports '${n}'`);
      },
    },
    {
      name: 'imports',
      description:
        'Passes if some file of the scope imports the module: the specifier as written (`react`, `lodash` also ' +
        'matches `lodash/fp`), or — for a workspace path like `src/db` — any import that resolves to that file ' +
        '(relative, tsconfig `paths`, index files). `import`, `export … from`, `import()` and `require()` count.',
      params: [scopeParam('scope', C.E715), strParam('module', C.E716, 'Package name or workspace module path')],
      example: `check ${name}.imports(api, 'express')`,
      async run(a, env) {
        const want = a.str('module');
        const match = importMatcher(env, await tsModel(env.cache), want);
        for (const [file, f] of await scopeFacts(env, a.scope('scope')))
          if (f.imports.some((i) => match(file, i.specifier))) return pass();
        return fail(`Scope ${scopeLabel(a.scope('scope'))} does not import '${want}'`);
      },
    },
    {
      name: 'no_import',
      description:
        'Fails if some file of the scope imports the module (same matching as `imports`); every offending import ' +
        'is reported.',
      params: [scopeParam('scope', C.E717), strParam('module', C.E718, 'Package name or workspace module path')],
      example: `check ${name}.no_import(domain, 'express')`,
      async run(a, env) {
        const want = a.str('module');
        const match = importMatcher(env, await tsModel(env.cache), want);
        const locs: CodeLocation[] = [];
        for (const [file, f] of await scopeFacts(env, a.scope('scope')))
          for (const i of f.imports)
            if (match(file, i.specifier)) locs.push({ file, line: i.line, column: i.column, message: i.text });
        if (locs.length === 0) return pass();
        return fail(
          `Scope ${scopeLabel(a.scope('scope'))} imports '${want}' but should not (first ` +
            `${rel(env.workspace, locs[0]!.file)}:${locs[0]!.line})`,
          locs,
        );
      },
    },
    ...dependencyChecks(lang, { dependsOn: [C.E719, C.E720], noDependency: [C.E721, C.E722], cycles: C.E723 }),
    {
      name: 'has_tests',
      description:
        'Passes if the scope has tests: a test file (`*.test.*`, `*.spec.*`, `__tests__/`) calling ' +
        '`describe`/`it`/`test` at top level.',
      params: [scopeParam('scope', C.E724)],
      example: `check ${name}.has_tests(core_tests)`,
      async run(a, env) {
        for (const [file, f] of await scopeFacts(env, a.scope('scope')))
          if (f.hasTests && isTestFileName(file)) return pass();
        return fail(`No tests found in ${scopeLabel(a.scope('scope'))}`);
      },
    },
    {
      name: 'has_docs',
      description:
        'Passes if the scope has JSDoc: a `/** … */` comment directly before a declaration, or at the top ' +
        'of a module.',
      params: [scopeParam('scope', C.E725)],
      example: `check ${name}.has_docs(api)`,
      async run(a, env) {
        for (const f of (await scopeFacts(env, a.scope('scope'))).values()) if (f.anyDoc) return pass();
        return fail(`No JSDoc comments found in ${scopeLabel(a.scope('scope'))}`);
      },
    },
  ];
  return {
    name,
    description:
      `${name === 'typescript' ? 'TypeScript (and JavaScript)' : 'JavaScript (and TypeScript)'} ` +
      'modules, declarations, exports and imports, from real syntax trees, with tsconfig paths and index ' +
      'resolution.',
    language: { label: 'TypeScript or JavaScript', handles: isTsJsFile },
    tooManyArguments: C.E798,
    unknownFunction: C.E799,
    selectors,
    checks,
    ...(name === 'javascript' ? { aliasOf: 'typescript' } : {}),
  };
}

export const typescriptSupport = support('typescript');
export const javascriptSupport = support('javascript');
