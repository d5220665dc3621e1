/**
 * Finding and loading `hielements.toml`. The text is parsed by smol-toml (TOML 1.0); every problem
 * becomes a Diagnostic naming the file, the entry and the key, and only the faulty entry is dropped.
 * See docs/configuration.md.
 */
import { MAX_CONFIG_BYTES, readUserFile } from '../confine/index.js';
import path from 'node:path';
import { parse, TomlError } from 'smol-toml';
import { makeDiagnostic } from '../diagnostics/diagnostic.js';
import type { CacheConfig, HielementsConfig, LibraryConfig } from './types.js';
import { findFileUpward } from './find-upward.js';
import { readLibraryEntry } from './library-entry.js';
import { ConfigCode, ConfigReporter, showValue } from './report.js';
import { locateToml } from './toml-locate.js';

export const CONFIG_FILE_NAME = 'hielements.toml';

/** Nearest `hielements.toml` in `startDir` or one of its ancestors (absolute path), or undefined. */
export function findConfigFile(startDir: string): Promise<string | undefined> {
  return findFileUpward(startDir, CONFIG_FILE_NAME);
}

const isTable = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);

/**
 * Load a config file. `file` undefined gives an empty config whose `dir` is the workspace (or the
 * current directory). `opts.workspace` is also searched for `node_modules` when resolving `package`.
 */
export async function loadConfig(
  file: string | undefined,
  opts: { workspace?: string } = {},
): Promise<HielementsConfig> {
  if (file === undefined) {
    return { dir: path.resolve(opts.workspace ?? '.'), libraries: [], ignore: [], diagnostics: [] };
  }
  const abs = path.resolve(file);
  const dir = path.dirname(abs);
  const config: HielementsConfig = { file: abs, dir, libraries: [], ignore: [], diagnostics: [] };

  // bounded: a regular file of at most MAX_CONFIG_BYTES (never a FIFO, device or /proc file)
  const read = readUserFile(abs, MAX_CONFIG_BYTES);
  if (!read.ok) {
    const why = read.kind === 'not-found' ? 'ENOENT' : read.kind === 'denied' ? 'EACCES' : read.reason;
    config.diagnostics.push(
      makeDiagnostic(
        'error',
        ConfigCode.READ,
        `${file}: cannot read the configuration file (${why}); no libraries from it are loaded`,
        file,
      ),
    );
    return config;
  }
  let text = read.value.toString('utf8');
  config.text = text;
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);

  let doc: Record<string, unknown>;
  try {
    doc = parse(text) as Record<string, unknown>;
  } catch (e) {
    config.diagnostics.push(syntaxDiagnostic(file, text, e));
    return config;
  }

  const reporter = new ConfigReporter(file, locateToml(text));
  for (const key of Object.keys(doc)) {
    if (key !== 'libraries' && key !== 'workspace' && key !== 'cache') {
      reporter.section(
        'warning',
        ConfigCode.UNKNOWN_TABLE,
        [key],
        'unknown top-level key or table, ignored (known: [libraries], [workspace], [cache])',
      );
    }
  }
  config.libraries = await readLibraries(doc.libraries, reporter, {
    file: abs,
    dir,
    ...(opts.workspace ? { workspace: path.resolve(opts.workspace) } : {}),
  });
  config.ignore = readWorkspace(doc.workspace, reporter);
  const cache = readCache(doc.cache, reporter, dir);
  if (cache) config.cache = cache;
  config.diagnostics.push(...reporter.diagnostics);
  if (reporter.byEntry.size > 0) config.entryDiagnostics = reporter.byEntry;
  return config;
}

function syntaxDiagnostic(file: string, text: string, e: unknown) {
  if (e instanceof TomlError) {
    // smol-toml's message repeats a code frame after the first line; keep the sentence only.
    const first = e.message.split('\n')[0] ?? e.message;
    const lines = text.split('\n');
    let offset = 0;
    for (let l = 0; l < e.line - 1 && l < lines.length; l++) offset += lines[l]!.length + 1;
    offset += Math.max(0, e.column - 1);
    const pos = { line: e.line, column: e.column, offset };
    return makeDiagnostic(
      'error',
      ConfigCode.SYNTAX,
      `${file}:${e.line}:${e.column}: invalid TOML: ${first}; no libraries from this file are loaded`,
      file,
      { start: pos, end: pos },
      {
        help: 'look for an unclosed bracket or quote, or a missing comma, at or just before this position',
      },
    );
  }
  return makeDiagnostic(
    'error',
    ConfigCode.SYNTAX,
    `${file}: invalid TOML: ${(e as Error).message}; no libraries from this file are loaded`,
    file,
  );
}

function readWorkspace(raw: unknown, r: ConfigReporter): string[] {
  if (raw === undefined) return [];
  if (!isTable(raw)) {
    r.section('error', ConfigCode.SECTION, ['workspace'], `must be a table, got ${showValue(raw)}; ignored`);
    return [];
  }
  for (const key of Object.keys(raw)) {
    if (key !== 'ignore')
      r.section('warning', ConfigCode.UNKNOWN_KEY, ['workspace', key], 'unknown key, ignored (known: ignore)');
  }
  if (raw.ignore === undefined) return [];
  if (!Array.isArray(raw.ignore) || !raw.ignore.every((g): g is string => typeof g === 'string')) {
    r.section(
      'error',
      ConfigCode.SECTION,
      ['workspace', 'ignore'],
      `must be an array of glob strings such as ["build/**"], got ${showValue(raw.ignore)}; ignored`,
    );
    return [];
  }
  return raw.ignore;
}

/** `[cache] enabled = bool, dir = "path"` (dir relative to the configuration's directory). */
function readCache(raw: unknown, r: ConfigReporter, dir: string): CacheConfig | undefined {
  if (raw === undefined) return undefined;
  if (!isTable(raw)) {
    r.section(
      'error',
      ConfigCode.SECTION,
      ['cache'],
      `must be a table such as { enabled = true, dir = ".hielements-cache" }, got ${showValue(raw)}; ignored`,
    );
    return undefined;
  }
  const out: CacheConfig = { enabled: true };
  for (const [key, value] of Object.entries(raw)) {
    if (key === 'enabled') {
      if (typeof value === 'boolean') out.enabled = value;
      else
        r.section(
          'error',
          ConfigCode.SECTION,
          ['cache', 'enabled'],
          `must be true or false, got ${showValue(value)}; ignored`,
        );
    } else if (key === 'dir') {
      if (typeof value === 'string' && value.trim() !== '') out.dir = path.resolve(dir, value);
      else
        r.section(
          'error',
          ConfigCode.SECTION,
          ['cache', 'dir'],
          `must be a non-empty path string, got ${showValue(value)}; ignored`,
        );
    } else r.section('warning', ConfigCode.UNKNOWN_KEY, ['cache', key], 'unknown key, ignored (known: enabled, dir)');
  }
  return out;
}

async function readLibraries(
  raw: unknown,
  r: ConfigReporter,
  ctx: { file: string; dir: string; workspace?: string },
): Promise<LibraryConfig[]> {
  if (raw === undefined) return [];
  if (!isTable(raw)) {
    r.section(
      'error',
      ConfigCode.SECTION,
      ['libraries'],
      `must be a table of libraries, got ${showValue(raw)}; no libraries loaded`,
    );
    return [];
  }
  // One entry after the other, so diagnostics come out in file order.
  const out: LibraryConfig[] = [];
  for (const [name, value] of Object.entries(raw)) {
    const entry = await readLibraryEntry(name, value, { reporter: r, ...ctx });
    if (entry) out.push(entry);
  }
  return out;
}
