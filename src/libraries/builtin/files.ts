/** The `files` library: file-system selectors and checks, confined to the workspace. */
import { basename, dirname, relative, sep } from 'node:path';
import { LibraryError, fail, pass, type CheckResult, type CodeLocation, type Scope } from '../types.js';
import type { Env, FnSpec, LibrarySpec } from './framework.js';
import { scopeLabel } from './framework.js';
import type { FileIndex } from './file-index.js';
import { kindIn, makeScope, q, rel, resolveInWorkspace } from './paths.js';
import { walkWorkspace } from './walk.js';
import { C } from '../../diagnostics/registry.js';

/**
 * `file` or `dir` for a regular file or folder at `abs`: a path the walk listed is known without
 * asking the file system; anything else (ignored, not there) is looked up through the confinement
 * module, which never follows a link (the walk skips links too).
 */
function kindOf(env: Env, index: FileIndex, abs: string): 'file' | 'dir' | undefined {
  if (index.isDir(abs)) return 'dir';
  if (index.isFile(abs)) return 'file';
  return kindIn(env.workspace, abs);
}

/** Longest common directory of the paths. */
function commonDir(paths: readonly string[]): string | undefined {
  if (paths.length === 0) return undefined;
  let dir = dirname(paths[0]!);
  for (const p of paths) while (!(p.startsWith(dir + sep) || p === dir) && dir !== dirname(dir)) dir = dirname(dir);
  return dir;
}

/**
 * The directory a scope stands for: the folder of a `Folder(p)` scope when `p` is a real folder,
 * else the closest common directory of its files (so `rust.crate_selector('my-crate')` means the
 * crate's real directory, not `workspace/my-crate`).
 */
function baseDir(scope: Scope, env: Env, index: FileIndex): string | undefined {
  const k = scope.kind;
  if ('Folder' in k) {
    try {
      const d = resolveInWorkspace(env.workspace, k.Folder, '', C.E101);
      if (kindOf(env, index, d) === 'dir') return d;
    } catch {
      /* not a path (a crate name, ...) */
    }
  }
  if ('File' in k && scope.paths.length === 1) return dirname(scope.paths[0]!);
  return commonDir(scope.paths) ?? ('Glob' in k ? env.workspace : undefined);
}

/** Does `file` have the base name `name`, or end with the relative path `name`? */
function hasName(file: string, name: string): boolean {
  const n = name.replace(/^\.\//, '').replace(/\\/g, '/');
  const f = file.split(sep).join('/');
  return basename(file) === n || f.endsWith(`/${n}`);
}

const str = (name: string, code: string, description: string, optional = false) => ({
  name,
  type: 'string' as const,
  code,
  description,
  ...(optional ? { optional } : {}),
});
const scp = (name: string, code: string, description = 'Scope to check') => ({
  name,
  type: 'scope' as const,
  code,
  description,
});
const num = (name: string, code: string, description: string, optional = false) => ({
  name,
  type: 'integer' as const,
  code,
  description,
  ...(optional ? { optional } : {}),
});

function nonNegative(n: bigint, fn: string, arg: string, code: string): bigint {
  if (n < 0n) throw new LibraryError(code, `files.${fn}: ${arg} must not be negative, got ${n}`);
  return n;
}

async function compileGlob(pattern: string, fn: string, code: string): Promise<(p: string) => boolean> {
  const { default: picomatch } = await import('picomatch'); // loaded with the first glob
  try {
    return picomatch(pattern, { dot: true });
  } catch (e) {
    throw new LibraryError(
      code,
      `files.${fn}: invalid glob pattern '${pattern}': ${e instanceof Error ? e.message : String(e)}`,
    );
  }
}

const selectors: FnSpec<Scope>[] = [
  {
    name: 'file_selector',
    description: 'Selects a single file by its path relative to the workspace.',
    params: [str('path', C.E100, 'File path relative to the workspace')],
    example: "scope readme = files.file_selector('README.md')",
    async run(a, env) {
      const p = a.str('path');
      const abs = resolveInWorkspace(env.workspace, p, 'files.file_selector', C.E100);
      const index = env.cache.indexNow ?? (await env.cache.index());
      const found = kindOf(env, index, abs) === 'file' ? [abs] : [];
      return makeScope({ File: p }, found, `files.file_selector('${p}')`);
    },
  },
  {
    name: 'folder_selector',
    description:
      'Selects every file below a folder, recursively. .git, node_modules, .gitignore-d files and the configured ' +
      'ignores are skipped; when the folder itself is ignored, its files are still selected.',
    params: [str('path', C.E101, 'Folder path relative to the workspace')],
    example: "scope src = files.folder_selector('src')",
    async run(a, env) {
      const p = a.str('path');
      const abs = resolveInWorkspace(env.workspace, p, 'files.folder_selector', C.E101);
      let found: string[] = [];
      const index = env.cache.indexNow ?? (await env.cache.index());
      if (kindOf(env, index, abs) === 'dir') {
        found = index.filesUnder(abs);
        // an explicitly named, ignored folder
        if (found.length === 0)
          found = (await walkWorkspace(env.workspace, [], relative(env.workspace, abs).split(sep).join('/'))).files;
      }
      return makeScope({ Folder: p }, found, `files.folder_selector('${p}')`);
    },
  },
  {
    name: 'glob_selector',
    description:
      'Selects the files matching a glob relative to the workspace (`*`, `?`, `[...]`, `{a,b}`, `**`; `*` does not ' +
      'cross `/`; dot-files match). Ignored files are skipped.',
    params: [str('pattern', C.E102, 'Glob pattern relative to the workspace')],
    example: "scope tests = files.glob_selector('tests/**/*.py')",
    async run(a, env) {
      const g = a.str('pattern');
      resolveInWorkspace(env.workspace, g.replace(/[*?[{].*$/, '') || '.', 'files.glob_selector', C.E102);
      const pattern = g.replace(/^\.\//, '');
      const m = await compileGlob(pattern, 'glob_selector', C.E102);
      const found = (env.cache.indexNow ?? (await env.cache.index())).glob(pattern, m);
      return makeScope({ Glob: g }, found, `files.glob_selector('${g}')`);
    },
  },
];

const checks: FnSpec<CheckResult>[] = [
  {
    name: 'exists',
    description:
      'Folder scope: passes if `filename` exists (file or folder) inside the folder. File scope: passes if the ' +
      'file exists. Other scopes: passes if one of its files is named `filename` (base name or trailing relative ' +
      'path). Without `filename`: passes if the scope selected anything.',
    params: [scp('scope', C.E110), str('filename', C.E111, 'Name or relative path to look for', true)],
    example: "check files.exists(src, 'main.py')",
    async run(a, env) {
      const s = a.scope('scope');
      const name = a.optStr('filename');
      if (name === undefined) return pass();
      if ('Folder' in s.kind) {
        const index = env.cache.indexNow ?? (await env.cache.index());
        const dir = baseDir(s, env, index);
        if (dir) {
          const target = resolveInWorkspace(dir, name, 'files.exists', C.E111);
          if (kindOf(env, index, target)) return pass();
          return fail(`File '${name}' does not exist in folder '${rel(env.workspace, dir)}'`);
        }
      }
      if ('File' in s.kind && s.paths.length === 1 && (name === '' || name === '.' || hasName(s.paths[0]!, name)))
        return pass();
      if (s.paths.some((p) => hasName(p, name))) return pass();
      return fail(`No file named '${name}' found in ${scopeLabel(s)}`);
    },
  },
  {
    name: 'contains',
    description:
      'Passes if the scope contains a file named `filename` (base name, or a trailing relative path on whole path ' +
      'segments: `main.rs` does not match `domain.rs`). For a folder scope the folder is also tested directly, so ' +
      'ignored files and sub-folders count.',
    params: [scp('scope', C.E112), str('filename', C.E113, 'File name or trailing relative path')],
    example: "check files.contains(src, 'index.ts')",
    async run(a, env) {
      const s = a.scope('scope');
      const name = a.str('filename');
      if (s.paths.some((p) => hasName(p, name))) return pass();
      if ('Folder' in s.kind) {
        const index = env.cache.indexNow ?? (await env.cache.index());
        const dir = baseDir(s, env, index);
        if (dir && kindOf(env, index, resolveInWorkspace(dir, name, 'files.contains', C.E113))) return pass();
        return fail(`Folder '${s.kind.Folder}' does not contain '${name}'`);
      }
      return fail(`Scope ${scopeLabel(s)} does not contain '${name}'`);
    },
  },
  {
    name: 'no_files_matching',
    description:
      "Fails if a file or folder under the scope's directory matches the glob (relative to that directory; `*.bak` " +
      'looks at the top level only, `**/*.bak` at every level).',
    params: [scp('scope', C.E114), str('pattern', C.E115, 'Glob pattern relative to the scope directory')],
    example: "check files.no_files_matching(src, '**/*.bak')",
    async run(a, env) {
      const s = a.scope('scope');
      const pattern = a.str('pattern');
      const m = await compileGlob(pattern, 'no_files_matching', C.E115);
      const index = env.cache.indexNow ?? (await env.cache.index());
      const dir = baseDir(s, env, index) ?? env.workspace;
      const candidates = [...index.filesUnder(dir), ...index.dirsUnder(dir)];
      const hits = candidates.filter((f) => m(rel(dir, f))).sort();
      if (hits.length === 0) return pass();
      const shown = hits.slice(0, 5).map((h) => rel(env.workspace, h));
      const more = hits.length > 5 ? `, … (${hits.length - 5} more)` : '';
      return fail(
        `Found ${hits.length} file${hits.length === 1 ? '' : 's'} matching pattern '${pattern}': ` +
          `${shown.join(', ')}${more}`,
        hits.slice(0, 50).map((file) => ({ file, message: `matches '${pattern}'` })),
      );
    },
  },
  {
    name: 'max_size',
    description: 'Fails if any file of the scope is larger than `max_bytes`; every offending file is listed.',
    params: [scp('scope', C.E116), num('max_bytes', C.E117, 'Maximum size in bytes (not negative)')],
    example: 'check files.max_size(src, 100000)',
    async run(a, env) {
      const s = a.scope('scope');
      const max = nonNegative(a.int('max_bytes'), 'max_size', 'max_bytes', C.E117);
      const big: CodeLocation[] = [];
      // through the confinement module (a symbolic link or a path outside is not measured), the
      // files of one folder through one opened folder
      env.cache.statAll(s.paths);
      // sizes are exact integers below 2^53: compared as numbers (no BigInt per file)
      const limit = max <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(max) : Number.POSITIVE_INFINITY;
      for (const p of s.paths) {
        const size = env.cache.fileSize(p);
        if (size !== undefined && size > limit) big.push({ file: p, message: `${size} bytes > ${max}` });
      }
      if (big.length === 0) return pass();
      return fail(
        `${big.length} file${big.length === 1 ? '' : 's'} exceed${big.length === 1 ? 's' : ''} the maximum size of ${max} bytes: ${big
          .slice(0, 5)
          .map((b) => `${rel(env.workspace, b.file)} (${b.message})`)
          .join(', ')}${big.length > 5 ? ', …' : ''}`,
        big,
      );
    },
  },
  {
    name: 'matches_pattern',
    description:
      'Passes if every file of the scope matches the glob. A pattern without `/` is matched against base names ' +
      '(naming conventions, e.g. `test_*.py`); otherwise against workspace-relative paths.',
    params: [scp('scope', C.E118), str('pattern', C.E119, 'Glob every file must match')],
    example: "check files.matches_pattern(tests, 'test_*.py')",
    async run(a, env) {
      const s = a.scope('scope');
      const pattern = a.str('pattern');
      const m = await compileGlob(pattern, 'matches_pattern', C.E119);
      const byBase = !pattern.includes('/');
      const bad = s.paths.filter((p) => !m(byBase ? basename(p) : rel(env.workspace, p)));
      if (bad.length === 0) return pass();
      return fail(
        `${bad.length} file${bad.length === 1 ? '' : 's'} of ${scopeLabel(s)} do${bad.length === 1 ? 'es' : ''} not match '${pattern}': ${bad
          .slice(0, 5)
          .map((b) => rel(env.workspace, b))
          .join(', ')}${bad.length > 5 ? ', …' : ''}`,
        bad.slice(0, 50).map((file) => ({ file, message: `does not match '${pattern}'` })),
      );
    },
  },
  {
    name: 'file_count',
    description: 'Passes if the scope has at least `min` files and, when `max` is given, at most `max`.',
    params: [
      scp('scope', C.E120),
      num('min', C.E121, 'Minimum number of files'),
      num('max', C.E122, 'Maximum number of files', true),
    ],
    example: 'check files.file_count(handlers, 1, 20)',
    async run(a) {
      const s = a.scope('scope');
      const min = nonNegative(a.int('min'), 'file_count', 'min', C.E121);
      const max = a.optInt('max');
      if (max !== undefined) nonNegative(max, 'file_count', 'max', C.E122);
      const n = BigInt(s.paths.length);
      if (n < min) return fail(`${scopeLabel(s)} has ${n} file${n === 1n ? '' : 's'}, fewer than the minimum ${min}`);
      if (max !== undefined && n > max) return fail(`${scopeLabel(s)} has ${n} files, more than the maximum ${max}`);
      return pass();
    },
  },
  {
    name: 'max_files',
    description: 'Passes if the scope has at most `max` files.',
    params: [scp('scope', C.E123), num('max', C.E124, 'Maximum number of files')],
    example: 'check files.max_files(src, 200)',
    async run(a) {
      const s = a.scope('scope');
      const max = nonNegative(a.int('max'), 'max_files', 'max', C.E124);
      if (BigInt(s.paths.length) > max)
        return fail(`${scopeLabel(s)} has ${s.paths.length} files, more than the maximum ${max}`);
      return pass();
    },
  },
  {
    name: 'contains_text',
    description: 'Passes if at least one file of the scope contains the literal text.',
    params: [scp('scope', C.E125), str('text', C.E126, 'Literal text to find')],
    example: "check files.contains_text(readme, 'License')",
    async run(a, env) {
      const s = a.scope('scope');
      const text = a.str('text');
      for (const p of s.paths) if ((await env.cache.text(p))?.includes(text)) return pass();
      return fail(`No file of ${scopeLabel(s)} contains '${text}'`);
    },
  },
  {
    name: 'not_contains_text',
    description:
      'Fails if any file of the scope contains the literal text; every occurrence is reported with its line ' +
      'and column.',
    params: [scp('scope', C.E127), str('text', C.E128, 'Literal text that must not appear')],
    example: "check files.not_contains_text(src, 'TODO')",
    async run(a, env) {
      const s = a.scope('scope');
      const text = a.str('text');
      if (text === '') throw new LibraryError(C.E128, 'files.not_contains_text: argument 2 (text) must not be empty');
      const locs: CodeLocation[] = [];
      for (const p of s.paths) {
        const t = await env.cache.text(p);
        if (!t) continue;
        for (let i = t.indexOf(text); i >= 0 && locs.length < 200; i = t.indexOf(text, i + text.length)) {
          const before = t.slice(0, i);
          const line = before.split('\n').length;
          const column = i - before.lastIndexOf('\n');
          locs.push({ file: p, line, column, message: `contains '${text}'` });
        }
      }
      if (locs.length === 0) return pass();
      const files = new Set(locs.map((l) => l.file));
      return fail(
        `${q(text)} found ${locs.length} time${locs.length === 1 ? '' : 's'} in ${files.size} ` +
          `file${files.size === 1 ? '' : 's'} of ${scopeLabel(s)}`,
        locs,
      );
    },
  },
];

export const filesSpec: LibrarySpec = {
  name: 'files',
  description: 'File system selectors and checks (files, folders, globs; existence, names, sizes, counts, text).',
  tooManyArguments: C.E198,
  unknownFunction: C.E199,
  selectors,
  checks,
};
