/**
 * Loads a spec file and, transitively, every `.hie` file it imports (`import './x.hie' [as y]`,
 * relative to the importing file). A missing file or an import cycle is a diagnostic naming the
 * chain; the rest is still loaded.
 *
 * Reads are bounded (src/confine/bounded.ts): the root spec is the file the user named; each
 * import must be a regular `.hie` file inside the import base — the workspace when the root spec
 * is inside it, else the root spec's folder — reached without following a symbolic link
 * (src/confine), at most MAX_SPEC_BYTES long. A FIFO, device, directory, /proc file, link, a
 * file outside the base or too large is a diagnostic at the import saying which; its content is
 * never read, so never shown.
 */
import * as path from 'node:path';
import {
  ConfinedRoot,
  MAX_SPEC_BYTES,
  readOpenedBounded,
  readUserFile,
  workspaceRelative,
  type FsError,
} from '../confine/index.js';
import { makeDiagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { toPosix } from '../diagnostics/paths.js';
import type { ImportDecl, Program } from '../syntax/ast.js';
import { parse } from '../syntax/index.js';
import { Codes } from './codes.js';

export interface LoadOptions {
  /**
   * Source of every file instead of the disk (an editor's unsaved buffers, tests). The lexical
   * rules for imports (`.hie`, inside the import base) still apply.
   */
  readFile?: (p: string) => Promise<string>;
  /**
   * Text of a file an editor has open (unsaved changes), consulted before the disk; files it does
   * not have are read from disk like every other spec read (bounded, imports confined).
   */
  overlay?: (p: string) => string | undefined;
  /** Workspace root: imports may come from anywhere inside it when the root spec is inside it. */
  workspace?: string;
}

export interface LoadedSpec {
  /** Root first, then imported files in the order they were first reached (depth-first). */
  programs: Program[];
  root: Program;
  diagnostics: Diagnostic[];
  /** Source text by file (as written in `Program.file`). */
  sources: Map<string, string>;
  /**
   * For each program file: the loaded file of each of its file imports (by import declaration).
   * Optional, so that a spec assembled by hand (`{ programs, root, diagnostics, sources }`) validates
   * too: the imports are then matched by path.
   */
  imports?: Map<string, Map<ImportDecl, string>>;
}

/** Path of an imported spec, relative to the importing file, kept relative when the importer's path is. */
export function importedPath(importer: string, spec: string): string {
  if (path.isAbsolute(spec)) return path.normalize(spec);
  return path.normalize(path.join(path.dirname(importer), spec));
}

/** A spec file that cannot be read, with the reason (thrown for the root spec). */
export class SpecReadError extends Error {
  constructor(
    readonly file: string,
    readonly error: FsError,
  ) {
    super(error.reason);
    this.name = 'SpecReadError';
  }
}

/** A file that could not be loaded, and the diagnostic code when it is not the usual one for its kind. */
interface Failed {
  error: FsError;
  code?: string;
}

/** The folder imports must stay inside: the workspace when the root spec is in it, else its folder. */
function importBase(rootFile: string, workspace: string | undefined): string {
  const abs = path.resolve(rootFile);
  if (workspace !== undefined) {
    const ws = path.resolve(workspace);
    if (workspaceRelative(ws, abs).ok) return ws;
  }
  return path.dirname(abs);
}

/** Diagnostic code and help for an import that cannot be read. */
function importProblem(e: FsError): { code: string; help: string } {
  switch (e.kind) {
    case 'outside':
    case 'invalid-path':
      return {
        code: Codes.SPEC_IMPORT_OUTSIDE,
        help: 'imports must stay inside the workspace (or, for a spec outside any workspace, below its folder)',
      };
    case 'too-large':
      return { code: Codes.SPEC_IMPORT_TOO_LARGE, help: `a spec file may be at most ${MAX_SPEC_BYTES} bytes` };
    case 'not-found':
      return { code: Codes.SPEC_IMPORT_NOT_FOUND, help: 'paths are relative to the importing file' };
    default:
      return {
        code: Codes.SPEC_IMPORT_NOT_REGULAR,
        help: 'an import must name a regular `.hie` file; symbolic links are not followed',
      };
  }
}

export async function loadSpec(file: string, opts: LoadOptions = {}): Promise<LoadedSpec> {
  const programs: Program[] = [];
  const diagnostics: Diagnostic[] = [];
  const sources = new Map<string, string>();
  const imports = new Map<string, Map<ImportDecl, string>>();
  const loaded = new Map<string, Program>();
  const base = importBase(file, opts.workspace);
  let confined: ConfinedRoot | undefined;

  /** Reads the root spec (by its path) or an import (confined below `base`). */
  const read = async (f: string, isRoot: boolean): Promise<{ text: string } | Failed> => {
    const open = opts.overlay?.(path.resolve(f)) ?? opts.overlay?.(f);
    if (open !== undefined && isRoot) return { text: open };
    if (!isRoot) {
      const rel = workspaceRelative(base, path.resolve(f));
      if (!rel.ok) return { error: { ...rel, reason: `${f} is outside ${base}` } };
      if (!rel.value.endsWith('.hie'))
        return {
          error: { ok: false, kind: 'invalid-path', reason: `${f} is not a .hie file` },
          code: Codes.SPEC_IMPORT_NOT_HIE,
        };
      if (open !== undefined) return { text: open };
      if (!opts.readFile) {
        try {
          confined ??= ConfinedRoot.open(base);
        } catch (err) {
          return { error: { ok: false, kind: 'io', reason: err instanceof Error ? err.message : String(err) } };
        }
        const opened = confined.openFile(rel.value, MAX_SPEC_BYTES);
        if (!opened.ok) return { error: opened };
        const r = readOpenedBounded(opened.value.fd, f, MAX_SPEC_BYTES);
        return r.ok ? { text: r.value.toString('utf8') } : { error: r };
      }
    }
    if (opts.readFile) {
      try {
        return { text: await opts.readFile(f) };
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        return {
          error: {
            ok: false,
            kind: code === 'ENOENT' ? 'not-found' : 'io',
            reason: err instanceof Error ? err.message : String(err),
          },
        };
      }
    }
    const r = readUserFile(f, MAX_SPEC_BYTES);
    return r.ok ? { text: r.value.toString('utf8') } : { error: r };
  };

  const load = async (f: string, chain: string[]): Promise<Program | Failed> => {
    const key = path.resolve(f);
    const done = loaded.get(key);
    if (done) return done;
    const got = await read(f, chain.length === 0);
    if ('error' in got) {
      if (chain.length === 0) throw new SpecReadError(f, got.error);
      return got;
    }
    const text = got.text;
    const { program, diagnostics: ds } = parse(text, f);
    loaded.set(key, program);
    programs.push(program);
    sources.set(f, text);
    diagnostics.push(...ds);
    const mine = new Map<ImportDecl, string>();
    imports.set(f, mine);
    for (const imp of program.imports) {
      if (imp.path.kind !== 'File') continue;
      const target = importedPath(f, imp.path.value);
      const targetKey = path.resolve(target);
      const chainKeys = [...chain, key];
      const cycleAt = chainKeys.indexOf(targetKey);
      if (cycleAt >= 0) {
        const names = [
          ...chain.slice(cycleAt).map((_, i) => displayOf(chainKeys[cycleAt + i] as string)),
          displayOf(key),
        ];
        diagnostics.push(
          makeDiagnostic(
            'error',
            Codes.SPEC_IMPORT_CYCLE,
            `import cycle: ${[...names, displayOf(targetKey)].join(' → ')}`,
            f,
            imp.path.span,
            {
              help: 'break the cycle by moving the shared declarations into a file that both can import',
            },
          ),
        );
        continue;
      }
      const child = await load(target, chainKeys);
      if (!('file' in child)) {
        const via = [...chainKeys.map(displayOf), displayOf(targetKey)].join(' → ');
        const problem = importProblem(child.error);
        const code = child.code ?? problem.code;
        const help = code === Codes.SPEC_IMPORT_NOT_HIE ? 'only `.hie` files can be imported' : problem.help;
        const message =
          code === Codes.SPEC_IMPORT_NOT_FOUND
            ? `imported spec file \`${imp.path.value}\` not found (${displayOf(path.resolve(target))})`
            : `imported spec file \`${imp.path.value}\` cannot be loaded: ${child.error.reason}`;
        diagnostics.push(
          makeDiagnostic('error', code, message, f, imp.path.span, { help: `import chain: ${via}; ${help}` }),
        );
        continue;
      }
      mine.set(imp, child.file);
    }
    return program;
  };

  try {
    const root = await load(file, []);
    if (!('file' in root)) throw new SpecReadError(file, root.error);
    return { programs, root, diagnostics, sources, imports };
  } finally {
    confined?.close();
  }
}

/** Spec files named in messages: absolute (every output shows them relative to the workspace). */
function displayOf(abs: string): string {
  return toPosix(abs);
}
