/**
 * The language service: open documents, analyses (one per root document, recomputed only after an
 * edit or a file change), and every editor feature as a plain function of (document, position).
 * The LSP transport (server.ts) only forwards requests here, so the features can also be driven
 * directly.
 */
import type { Dirent } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type {
  CodeAction,
  CompletionItem,
  Diagnostic as LspDiagnostic,
  DocumentSymbol,
  FoldingRange,
  Hover,
  Location,
  Position,
  Range,
  WorkspaceEdit,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { isKeyword } from '../syntax/index.js';
import { quickFixes } from './actions.js';
import { analyze, type Analysis } from './analysis.js';
import { completions } from './completion.js';
import { toLspDiagnostic } from './convert.js';
import { hoverFor } from './hover.js';
import { LibraryHost } from './libraries.js';
import { declarationOf, NameIndex, targetKey, type Occurrence } from './names.js';
import { documentSymbols, foldingRanges } from './outline.js';
import { pathToUri, spanToRange, textDocument, uriToPath } from './paths.js';

/** Spec files looked at for cross-file references and renames (the workspace's `.hie` files). */
const MAX_SCANNED_SPECS = 2000;
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'target', 'build', '.git', '.hielements-cache']);

export class LanguageService {
  readonly host = new LibraryHost();
  private readonly open = new Map<string, TextDocument>();
  private readonly analyses = new Map<string, { generation: number; value: Promise<Analysis> }>();
  private readonly indexes = new WeakMap<Analysis, NameIndex>();
  /** Bumped by every edit and file change: analyses of an older generation are recomputed. */
  private generation = 0;

  // ---------------------------------------------------------------- documents

  openDocument(doc: TextDocument): void {
    this.open.set(uriToPath(doc.uri), doc);
    this.generation++;
  }

  closeDocument(uri: string): void {
    this.open.delete(uriToPath(uri));
    this.analyses.delete(uriToPath(uri));
    this.generation++;
  }

  /** A file changed outside the editor (or was saved); hielements.toml changes reload libraries. */
  async fileChanged(uri: string): Promise<void> {
    const file = uriToPath(uri);
    this.generation++;
    if (path.basename(file) === 'hielements.toml') await this.host.reloadConfig(file);
  }

  openDocuments(): TextDocument[] {
    return [...this.open.values()];
  }

  document(uri: string): TextDocument | undefined {
    return this.open.get(uriToPath(uri));
  }

  /** The analysis of a document as it is now (cached until the next edit or file change). */
  analysis(file: string): Promise<Analysis> {
    const cached = this.analyses.get(file);
    if (cached && cached.generation === this.generation) return cached.value;
    const value = (async () => analyze(file, await this.host.forFile(file), (p) => this.open.get(p)?.getText()))();
    this.analyses.set(file, { generation: this.generation, value });
    return value;
  }

  private index(a: Analysis): NameIndex {
    let ix = this.indexes.get(a);
    if (!ix) this.indexes.set(a, (ix = new NameIndex(a)));
    return ix;
  }

  // ---------------------------------------------------------------- diagnostics

  /**
   * Diagnostics of an open document, by URI: those in the document itself, and those in the
   * configuration (hielements.toml) it was validated with.
   */
  async diagnostics(uri: string): Promise<Map<string, LspDiagnostic[]>> {
    const file = uriToPath(uri);
    const a = await this.analysis(file);
    const out = new Map<string, LspDiagnostic[]>([[uri, []]]);
    if (a.libs.configFile) out.set(pathToUri(a.libs.configFile), []);
    for (const d of a.diagnostics) {
      const target =
        d.file === file
          ? uri
          : d.file !== '' && d.file === a.libs.configFile
            ? pathToUri(d.file)
            : d.file === ''
              ? uri
              : undefined;
      if (target === undefined) continue;
      out.get(target)?.push(toLspDiagnostic(d, a.document, a.libs.workspace));
    }
    return out;
  }

  /** Open documents whose analysis loaded `file` (they must be validated again when it changes). */
  async dependents(file: string): Promise<string[]> {
    const out: string[] = [];
    for (const [p, doc] of this.open) {
      if (p === file) continue;
      const cached = this.analyses.get(p);
      const a = cached ? await cached.value.catch(() => undefined) : undefined;
      if (a?.files.includes(file)) out.push(doc.uri);
    }
    return out;
  }

  // ---------------------------------------------------------------- features

  async documentSymbols(uri: string): Promise<DocumentSymbol[]> {
    const { a, doc, file } = await this.at(uri);
    const program = a.spec.programs.find((p) => p.file === file);
    return program ? documentSymbols(program, doc) : [];
  }

  async foldingRanges(uri: string): Promise<FoldingRange[]> {
    const { a, doc, file } = await this.at(uri);
    const program = a.spec.programs.find((p) => p.file === file);
    return program ? foldingRanges(program, doc) : [];
  }

  async hover(uri: string, position: Position): Promise<Hover | undefined> {
    const { a, occurrences } = await this.occurrencesAt(uri, position);
    const first = occurrences[0];
    return first ? hoverFor(a, first) : undefined;
  }

  async completion(uri: string, position: Position): Promise<CompletionItem[]> {
    const { a, doc, file } = await this.at(uri);
    return completions(a, file, doc.getText(), doc.offsetAt(position));
  }

  async definition(uri: string, position: Position): Promise<Location[]> {
    const { a, occurrences } = await this.occurrencesAt(uri, position);
    const out: Location[] = [];
    for (const o of occurrences) {
      const decl = declarationOf(o.target);
      if (!decl) continue;
      const doc = a.document(decl.file) ?? (await this.documentOf(decl.file));
      out.push({ uri: pathToUri(decl.file), range: spanToRange(doc, decl.span) });
    }
    return out;
  }

  async references(uri: string, position: Position, includeDeclaration: boolean): Promise<Location[]> {
    const found = await this.allOccurrences(uri, position);
    return found
      .filter((o) => includeDeclaration || !o.occurrence.declaration)
      .map((o) => ({ uri: pathToUri(o.occurrence.file), range: spanToRange(o.doc, o.occurrence.span) }));
  }

  async prepareRename(uri: string, position: Position): Promise<Range | undefined> {
    const { a, occurrences } = await this.occurrencesAt(uri, position);
    const o = occurrences[0];
    if (!o || (o.target.kind !== 'node' && o.target.kind !== 'member')) return undefined;
    return spanToRange(a.document(o.file), o.span);
  }

  /** Renames an element, pattern, scope or ref in every spec file that names it. */
  async rename(uri: string, position: Position, newName: string): Promise<WorkspaceEdit | undefined> {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(newName) || isKeyword(newName)) {
      throw new Error(`\`${newName}\` is not a valid name (names are [A-Za-z_][A-Za-z0-9_]* and not reserved words)`);
    }
    const { occurrences } = await this.occurrencesAt(uri, position);
    const o = occurrences[0];
    if (!o || (o.target.kind !== 'node' && o.target.kind !== 'member')) return undefined;
    const found = await this.allOccurrences(uri, position);
    const changes: NonNullable<WorkspaceEdit['changes']> = {};
    for (const { occurrence, doc } of found) {
      (changes[pathToUri(occurrence.file)] ??= []).push({ range: spanToRange(doc, occurrence.span), newText: newName });
    }
    return { changes };
  }

  async codeActions(uri: string, diagnostics: LspDiagnostic[]): Promise<CodeAction[]> {
    const doc = this.document(uri) ?? (await this.documentOf(uriToPath(uri)));
    return doc ? quickFixes(doc, diagnostics) : [];
  }

  async dispose(): Promise<void> {
    this.analyses.clear();
    await this.host.dispose();
  }

  // ---------------------------------------------------------------- helpers

  private async at(uri: string): Promise<{ a: Analysis; doc: TextDocument; file: string }> {
    const file = uriToPath(uri);
    const a = await this.analysis(file);
    const doc = this.open.get(file) ?? a.document(file) ?? textDocument(file, '');
    return { a, doc, file };
  }

  private async occurrencesAt(uri: string, position: Position): Promise<{ a: Analysis; occurrences: Occurrence[] }> {
    const { a, doc, file } = await this.at(uri);
    return { a, occurrences: this.index(a).at(file, doc.offsetAt(position)) };
  }

  private async documentOf(file: string): Promise<TextDocument | undefined> {
    const open = this.open.get(file);
    if (open) return open;
    try {
      return textDocument(file, await readFile(file, 'utf8'));
    } catch {
      return undefined;
    }
  }

  /**
   * Every occurrence of the name at the position, in this document's analysis and in the analyses
   * of the open documents and workspace spec files that load the file declaring it.
   */
  private async allOccurrences(
    uri: string,
    position: Position,
  ): Promise<{ occurrence: Occurrence; doc: TextDocument | undefined }[]> {
    const { a, occurrences } = await this.occurrencesAt(uri, position);
    const o = occurrences[0];
    if (!o) return [];
    const key = targetKey(o.target);
    const declFile = declarationOf(o.target)?.file;
    const analyses = [a];
    if (declFile !== undefined) {
      for (const file of await this.candidateSpecs(a.libs.workspace, declFile)) {
        if (file === a.root) continue;
        try {
          const other = await this.analysis(file);
          if (other.files.includes(declFile)) analyses.push(other);
        } catch {
          // A spec that cannot be read is not searched.
        }
      }
    }
    const seen = new Set<string>();
    const out: { occurrence: Occurrence; doc: TextDocument | undefined }[] = [];
    for (const an of analyses) {
      for (const occ of this.index(an).referencesTo(key)) {
        const id = `${occ.file}#${occ.span.start.offset}`;
        if (seen.has(id)) continue;
        seen.add(id);
        out.push({ occurrence: occ, doc: this.open.get(occ.file) ?? an.document(occ.file) });
      }
    }
    return out;
  }

  /** Open documents and workspace `.hie` files that may import `declFile` (they mention its name). */
  private async candidateSpecs(workspace: string, declFile: string): Promise<string[]> {
    const base = path.basename(declFile);
    const files = new Set<string>([...this.open.keys()].filter((p) => p.endsWith('.hie')));
    const scanned: string[] = [];
    const walk = async (dir: string, depth: number): Promise<void> => {
      if (depth > 8 || scanned.length >= MAX_SCANNED_SPECS) return;
      let entries: Dirent[];
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of entries) {
        if (e.isDirectory()) {
          if (!e.name.startsWith('.') && !SKIPPED_DIRS.has(e.name)) await walk(path.join(dir, e.name), depth + 1);
        } else if (e.isFile() && e.name.endsWith('.hie')) scanned.push(path.join(dir, e.name));
      }
    };
    await walk(workspace, 0);
    for (const f of scanned) files.add(f);
    const out: string[] = [];
    for (const f of files) {
      if (f === declFile) {
        out.push(f);
        continue;
      }
      const text = this.open.get(f)?.getText() ?? (await readFile(f, 'utf8').catch(() => ''));
      if (text.includes(base)) out.push(f);
    }
    return out;
  }
}
