/**
 * One analysis of a spec as the editor sees it: the root document and the `.hie` files it imports
 * are loaded (open documents from the editor's buffers, others from disk), parsed and validated by
 * the same `loadSpec` + `validateProgram` the `check` command runs, against the workspace's
 * library registry. Nothing here parses or resolves names by itself.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { dedupeDiagnostics } from '../diagnostics/diagnostic.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { loadSpec, validateProgram, type LoadedSpec, type SpecModel } from '../model/index.js';
import { absoluteDiagnostic, type WorkspaceLibraries } from './libraries.js';
import { textDocument } from './paths.js';

export interface Analysis {
  /** Absolute path of the root document. */
  root: string;
  spec: LoadedSpec;
  model: SpecModel;
  /** Syntax, loading and validation diagnostics of every loaded file, plus the configuration's. */
  diagnostics: Diagnostic[];
  libs: WorkspaceLibraries;
  /** Absolute paths of every loaded spec file (root first). */
  files: string[];
  /** The text of a loaded file (or of any file the diagnostics point into) as a document. */
  document(file: string): TextDocument | undefined;
}

/** Text of a file as the editor has it, if it is open. */
export type Overlay = (file: string) => string | undefined;

export async function analyze(root: string, libs: WorkspaceLibraries, overlay: Overlay): Promise<Analysis> {
  // open documents first; the rest is read like `check` reads it (bounded, imports confined)
  const spec = await loadSpec(root, { overlay, workspace: libs.workspace });
  const validated = await validateProgram(spec, libs.env.registry);
  const config = libs.env.diagnostics.map((d) => absoluteDiagnostic(d, libs.workspace));
  const docs = new Map<string, TextDocument>();
  for (const [file, text] of [...spec.sources, ...libs.env.sources]) {
    if (!docs.has(file)) docs.set(file, textDocument(file, text));
  }
  return {
    root,
    spec,
    model: validated.model,
    diagnostics: dedupeDiagnostics([...config, ...spec.diagnostics, ...validated.diagnostics]),
    libs,
    files: spec.programs.map((p) => p.file),
    document: (file) => docs.get(file),
  };
}
