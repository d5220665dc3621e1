/**
 * Measures the actual dependencies between the elements of a draft spec: loads it like `run`
 * does (workspace = the project), runs it with the dependency graph on, and returns the edges.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { runSpec } from '../../eval/index.js';
import { validateProgram } from '../../model/index.js';
import { openEnvironment } from '../environment.js';
import { loadSpecFile } from '../spec-input.js';
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
  const env = await openEnvironment({ cwd: project, specFile: file, workspaceFlag: project, cache: { disabled: true } });
  try {
    const spec = await loadSpecFile(file);
    const validation = await validateProgram(spec, env.registry);
    const diagnostics = [...env.diagnostics, ...spec.diagnostics, ...validation.diagnostics];
    if (diagnostics.some((d) => d.severity === 'error')) return { dependencies: [], diagnostics };
    const report = await runSpec(validation.model, env.registry, { workspace: env.workspace, graph: true });
    const dependencies = (report.graph?.dependencies ?? []).map((d) => ({ from: d.from, to: d.to, count: d.imports.length }));
    return { dependencies, diagnostics: [...diagnostics, ...report.diagnostics] };
  } finally {
    await env.registry.dispose();
    await rm(dir, { recursive: true, force: true });
  }
}
