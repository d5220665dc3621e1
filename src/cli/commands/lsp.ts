/** `hielements lsp`: the language server on stdin/stdout (src/lsp). */
import { expectPositionals } from '../args.js';
import { parseCommand } from '../common.js';
import { EXIT_OK } from '../errors.js';
import type { CliIO } from '../io.js';

export async function lspCommand(argv: string[], io: CliIO): Promise<number> {
  const args = parseCommand('lsp', argv, { stdio: { type: 'boolean' } }, io);
  if (!args) return EXIT_OK;
  expectPositionals('lsp', args.parsed, []);
  const { startStdioServer } = await import('../../lsp/server.js');
  await startStdioServer();
  return EXIT_OK;
}
