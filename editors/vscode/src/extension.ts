/**
 * The Hielements extension for VS Code: starts `hielements lsp` (from the workspace's
 * node_modules or the configured path) through `vscode-languageclient`, and adds the commands
 * "Hielements: Check file" and "Hielements: Run checks", which run the same CLI on the current
 * `.hie` file and show its report in the Hielements output channel.
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  LanguageClient,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { findServer, type ServerLaunch } from './server-path';

let client: LanguageClient | undefined;
let output: vscode.OutputChannel;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('Hielements');
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand('hielements.checkFile', () => runCli('check')),
    vscode.commands.registerCommand('hielements.runChecks', () => runCli('run')),
    vscode.commands.registerCommand('hielements.restartServer', async () => {
      await stopClient();
      await startClient(context);
    }),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (e.affectsConfiguration('hielements.server.path')) {
        await stopClient();
        await startClient(context);
      }
    }),
  );
  await startClient(context);
}

export async function deactivate(): Promise<void> {
  await stopClient();
}

function folders(): string[] {
  return (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
}

function launch(): ServerLaunch | undefined {
  const configured = vscode.workspace.getConfiguration('hielements').get<string>('server.path');
  return findServer(folders(), configured);
}

async function startClient(context: vscode.ExtensionContext): Promise<void> {
  const found = launch();
  if (!found) {
    void vscode.window.showWarningMessage(
      'Hielements: no `hielements` CLI found. Install it in the workspace (`npm install --save-dev hielements`) or ' +
        'set `hielements.server.path`.',
    );
    return;
  }
  output.appendLine(
    `Starting the language server from ${found.source}: ${found.kind === 'module' ? found.module : found.command}`,
  );
  const serverOptions: ServerOptions =
    found.kind === 'module'
      ? { module: found.module, args: ['lsp'], transport: TransportKind.stdio }
      : { command: found.command, args: ['lsp'], transport: TransportKind.stdio };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'hielements' }],
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/{*.hie,hielements.toml,*.wasm}') },
    outputChannel: output,
  };
  client = new LanguageClient('hielements', 'Hielements', serverOptions, clientOptions);
  context.subscriptions.push(client);
  await client.start();
}

async function stopClient(): Promise<void> {
  const c = client;
  client = undefined;
  if (c) await c.stop();
}

/** Runs `hielements check|run FILE` on the active .hie file and shows the report. */
async function runCli(command: 'check' | 'run'): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (editor?.document.languageId !== 'hielements') {
    void vscode.window.showInformationMessage('Hielements: open a .hie file first.');
    return;
  }
  await editor.document.save();
  const found = launch();
  if (!found) {
    void vscode.window.showWarningMessage(
      'Hielements: no `hielements` CLI found (see the hielements.server.path setting).',
    );
    return;
  }
  const file = editor.document.uri.fsPath;
  const cwd = vscode.workspace.getWorkspaceFolder(editor.document.uri)?.uri.fsPath ?? path.dirname(file);
  const [exe, args] =
    found.kind === 'module' ? [process.execPath, [found.module, command, file]] : [found.command, [command, file]];
  output.show(true);
  output.appendLine(`$ hielements ${command} ${path.relative(cwd, file)}`);
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(exe, args, { cwd, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', NO_COLOR: '1' } });
    child.stdout.setEncoding('utf8').on('data', (d: string) => output.append(d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => output.append(d));
    child.on('error', (err) => {
      output.appendLine(`hielements could not be started: ${err.message}`);
      resolve(null);
    });
    child.on('close', (c) => resolve(c));
  });
  const what = command === 'check' ? 'Check' : 'Run';
  if (code === 0) void vscode.window.showInformationMessage(`Hielements: ${what} passed.`);
  else
    void vscode.window.showWarningMessage(
      `Hielements: ${what} reported problems (exit code ${code ?? 'none'}); see the Hielements output.`,
    );
}
