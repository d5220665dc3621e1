/** Shared helpers for the model/eval tests: real temp trees, the real parser and built-in libraries. */
import { mkdtempSync, mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { createBuiltinLibraries } from '../../src/libraries/builtin/index.js';
import { LibraryRegistry } from '../../src/libraries/registry.js';
import type { Library } from '../../src/libraries/types.js';
import { loadSpec, validateProgram, type SpecModel } from '../../src/model/index.js';
import { runSpec, type RunOptions } from '../../src/eval/index.js';
import type { RunReport } from '../../src/results/types.js';

/** Creates a temp directory with the given files (path → content); returns its real path. */
export function tree(files: Record<string, string>): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'hie-model-')));
  for (const [p, content] of Object.entries(files)) {
    const full = join(root, p);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
  return root;
}

export function registry(workspace: string, extra: Library[] = []): LibraryRegistry {
  const r = new LibraryRegistry();
  for (const lib of createBuiltinLibraries({ workspace })) r.register(lib);
  for (const lib of extra) r.register(lib);
  return r;
}

export interface Checked {
  model: SpecModel;
  diagnostics: Diagnostic[];
  errors: Diagnostic[];
  warnings: Diagnostic[];
  root: string;
  reg: LibraryRegistry;
}

/** Writes `spec.hie` (plus `files`) into a temp tree, loads and validates it. */
export async function check(spec: string, files: Record<string, string> = {}, extra: Library[] = []): Promise<Checked> {
  const root = tree({ ...files, 'spec.hie': spec });
  const reg = registry(root, extra);
  const loaded = await loadSpec(join(root, 'spec.hie'));
  const { model, diagnostics } = await validateProgram(loaded, reg);
  const all = [...loaded.diagnostics, ...diagnostics];
  return {
    model,
    diagnostics: all,
    errors: all.filter((d) => d.severity === 'error'),
    warnings: all.filter((d) => d.severity === 'warning'),
    root,
    reg,
  };
}

/** Validates (expecting no errors) and runs. */
export async function run(
  spec: string,
  files: Record<string, string> = {},
  opts: Partial<RunOptions> = {},
  extra: Library[] = [],
): Promise<RunReport & { checked: Checked }> {
  const checked = await check(spec, files, extra);
  if (checked.errors.length > 0) {
    throw new Error(
      'unexpected validation ' +
        `errors:\n${checked.errors
          .map((e) => `${e.code} ${e.span?.start.line}:${e.span?.start.column} ` + `${e.message}`)
          .join('\n')}`,
    );
  }
  try {
    const report = await runSpec(checked.model, checked.reg, { workspace: checked.root, jobs: 4, ...opts });
    return { ...report, checked };
  } finally {
    await checked.reg.dispose();
  }
}

export const codes = (ds: Diagnostic[]): string[] => ds.map((d) => d.code);

/** `[element, check, status]` triples. */
export const triples = (r: RunReport): [string, string, string][] =>
  r.results.map((o) => [o.element, o.check, o.status]);
