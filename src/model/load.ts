/**
 * Loads a spec file and, transitively, every `.hie` file it imports (`import './x.hie' [as y]`,
 * relative to the importing file). A missing file or an import cycle is a diagnostic naming the
 * chain; the rest is still loaded.
 */
import { readFile as fsReadFile } from 'node:fs/promises';
import * as path from 'node:path';
import { makeDiagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { ImportDecl, Program } from '../syntax/ast.js';
import { parse } from '../syntax/index.js';
import { Codes } from './codes.js';

export interface LoadOptions {
  readFile?: (p: string) => Promise<string>;
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

export async function loadSpec(file: string, opts: LoadOptions = {}): Promise<LoadedSpec> {
  const read = opts.readFile ?? ((p: string) => fsReadFile(p, 'utf8'));
  const programs: Program[] = [];
  const diagnostics: Diagnostic[] = [];
  const sources = new Map<string, string>();
  const imports = new Map<string, Map<ImportDecl, string>>();
  const loaded = new Map<string, Program>();

  const load = async (f: string, chain: string[]): Promise<Program | undefined> => {
    const key = path.resolve(f);
    const done = loaded.get(key);
    if (done) return done;
    let text: string;
    try {
      text = await read(f);
    } catch (err) {
      if (chain.length === 0) throw err;
      return undefined;
    }
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
        const names = [...chain.slice(cycleAt).map((_, i) => displayOf(chainKeys[cycleAt + i] as string)), displayOf(key)];
        diagnostics.push(
          makeDiagnostic('error', Codes.SPEC_IMPORT_CYCLE, `import cycle: ${[...names, displayOf(targetKey)].join(' → ')}`, f, imp.path.span, {
            help: 'break the cycle by moving the shared declarations into a file that both can import',
          }),
        );
        continue;
      }
      const child = await load(target, chainKeys);
      if (!child) {
        const via = [...chainKeys.map(displayOf), displayOf(targetKey)].join(' → ');
        diagnostics.push(
          makeDiagnostic('error', Codes.SPEC_IMPORT_NOT_FOUND, `imported spec file \`${imp.path.value}\` not found (${target})`, f, imp.path.span, {
            help: `import chain: ${via}; paths are relative to the importing file`,
          }),
        );
        continue;
      }
      mine.set(imp, child.file);
    }
    return program;
  };

  const root = await load(file, []);
  if (!root) throw new Error(`cannot read ${file}`);
  return { programs, root, diagnostics, sources, imports };
}

function displayOf(abs: string): string {
  const rel = path.relative(process.cwd(), abs);
  return rel.startsWith('..') || rel === '' ? abs : rel;
}
