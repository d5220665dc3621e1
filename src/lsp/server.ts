/**
 * `hielements lsp`: the Language Server Protocol over stdio (or any pair of streams), built on
 * `vscode-languageserver`. Wires the protocol to the language service: document sync,
 * diagnostics (debounced, for the edited document and the open documents that import it), hover,
 * definition, references, completion, document symbols, folding, rename and quick fixes. A
 * request that fails is answered with an error and the server goes on; on shutdown every library
 * process and worker is ended.
 */
import {
  createConnection,
  DidChangeWatchedFilesNotification,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { toolVersion } from '../pipeline/version.js';
import { uriToPath } from './paths.js';
import { LanguageService } from './service.js';

export interface ServerOptions {
  /** Delay between the last edit and the new diagnostics (ms). */
  debounceMs?: number;
}

export const DEFAULT_DEBOUNCE_MS = 200;

/** Starts a server on stdin/stdout; resolves when the client has sent `exit`. */
export function startStdioServer(opts: ServerOptions = {}): Promise<void> {
  const connection = createConnection(ProposedFeatures.all, process.stdin, process.stdout);
  return serve(connection, opts);
}

export function serve(connection: Connection, opts: ServerOptions = {}): Promise<void> {
  const service = new LanguageService();
  const documents = new TextDocuments(TextDocument);
  const debounceMs = opts.debounceMs ?? DEFAULT_DEBOUNCE_MS;
  const timers = new Map<string, NodeJS.Timeout>();
  /** URIs we published diagnostics for, so that closing a document clears them. */
  const published = new Set<string>();
  let watchFiles = false;

  const log = (message: string): void => connection.console.error(message);
  /** Runs a request; a failure is logged and answered with `fallback` (rename errors reach the user). */
  const guard = async <R>(name: string, fallback: R, fn: () => Promise<R>): Promise<R> => {
    try {
      return await fn();
    } catch (err) {
      log(`hielements: ${name} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      if (name === 'rename' && err instanceof Error) throw err;
      return fallback;
    }
  };

  const publish = async (uri: string): Promise<void> => {
    if (!service.document(uri)) return;
    try {
      const byUri = await service.diagnostics(uri);
      for (const [target, diagnostics] of byUri) {
        published.add(target);
        await connection.sendDiagnostics({ uri: target, diagnostics });
      }
    } catch (err) {
      log(
        `hielements: validation of ${uri} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
      );
    }
  };

  const validateSoon = (uri: string): void => {
    clearTimeout(timers.get(uri));
    timers.set(
      uri,
      setTimeout(() => {
        timers.delete(uri);
        void (async () => {
          await publish(uri);
          for (const dep of await service.dependents(uriToPath(uri))) await publish(dep);
        })();
      }, debounceMs),
    );
  };

  connection.onInitialize((params): InitializeResult => {
    watchFiles = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        documentSymbolProvider: true,
        foldingRangeProvider: true,
        completionProvider: { triggerCharacters: ['.', ' ', '<'] },
        renameProvider: { prepareProvider: true },
        codeActionProvider: { codeActionKinds: ['quickfix'] },
      },
      serverInfo: { name: 'hielements', version: toolVersion() },
    };
  });

  connection.onInitialized(() => {
    if (watchFiles) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: '**/*.hie' }, { globPattern: '**/hielements.toml' }, { globPattern: '**/*.wasm' }],
      });
    }
  });

  documents.onDidOpen((e) => {
    service.openDocument(e.document);
    validateSoon(e.document.uri);
  });
  documents.onDidChangeContent((e) => {
    service.openDocument(e.document);
    validateSoon(e.document.uri);
  });
  documents.onDidSave((e) => {
    void service.fileChanged(e.document.uri).then(() => validateSoon(e.document.uri));
  });
  documents.onDidClose((e) => {
    clearTimeout(timers.get(e.document.uri));
    service.closeDocument(e.document.uri);
    if (published.delete(e.document.uri)) void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });
  connection.onDidChangeWatchedFiles(async (e) => {
    for (const c of e.changes) await service.fileChanged(c.uri);
    for (const doc of service.openDocuments()) validateSoon(doc.uri);
  });

  connection.onHover((p) =>
    guard('hover', null, async () => (await service.hover(p.textDocument.uri, p.position)) ?? null),
  );
  connection.onDefinition((p) => guard('definition', [], () => service.definition(p.textDocument.uri, p.position)));
  connection.onReferences((p) =>
    guard('references', [], () => service.references(p.textDocument.uri, p.position, p.context.includeDeclaration)),
  );
  connection.onCompletion((p) => guard('completion', [], () => service.completion(p.textDocument.uri, p.position)));
  connection.onDocumentSymbol((p) => guard('documentSymbol', [], () => service.documentSymbols(p.textDocument.uri)));
  connection.onFoldingRanges((p) => guard('foldingRange', [], () => service.foldingRanges(p.textDocument.uri)));
  connection.onPrepareRename((p) =>
    guard('prepareRename', null, async () => (await service.prepareRename(p.textDocument.uri, p.position)) ?? null),
  );
  connection.onRenameRequest((p) =>
    guard('rename', null, async () => (await service.rename(p.textDocument.uri, p.position, p.newName)) ?? null),
  );
  connection.onCodeAction((p) =>
    guard('codeAction', [], () => service.codeActions(p.textDocument.uri, p.context.diagnostics)),
  );

  connection.onShutdown(async () => {
    for (const t of timers.values()) clearTimeout(t);
    timers.clear();
    await service.dispose();
  });

  return new Promise((resolve) => {
    connection.onExit(() => {
      void service.dispose().finally(resolve);
    });
    documents.listen(connection);
    connection.listen();
  });
}
