/**
 * Measures the actual dependencies between the elements of a draft spec: loads it like `run`
 * does (workspace = the project), runs it with the dependency graph on, and returns the edges.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { openEnvironment } from '../../pipeline/environment.js';
import { runPipeline } from '../../pipeline/index.js';
import type { Dependency } from './propose.js';

export interface Measured {
  dependencies: Dependency[];
  /** Problems of the draft (a selector that failed, a configuration problem). */
  diagnostics: Diagnostic[];
}

export async function measureDependencies(draft: string, project: string): Promise<Measured> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'hielements-init-'));
  const file = path.join(dir, 'draft.hie');
  await writeFile(file, draft);
  const env = await openEnvironment({
    cwd: project,
    specFile: file,
    workspaceFlag: project,
    cache: { disabled: true },
  });
  try {
    const result = await runPipeline({
      file,
      mode: 'run',
      registry: env.registry,
      workspace: env.workspace,
      upfront: env.diagnostics,
      run: { graph: true },
    });
    if (result.invalid) return { dependencies: [], diagnostics: result.diagnostics };
    const report = result.report!;
    const dependencies = (report.graph?.dependencies ?? []).map((d) => ({
      from: d.from,
      to: d.to,
      count: d.imports.length,
    }));
    return { dependencies, diagnostics: result.diagnostics };
  } finally {
    await env.registry.dispose();
    await rm(dir, { recursive: true, force: true });
  }
}
