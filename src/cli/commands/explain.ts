/** `hielements explain CODE`: the registry entry of a diagnostic code (like `rustc --explain`). */
import { explainCode } from '../../diagnostics/registry.js';
import { expectPositionals } from '../args.js';
import { parseCommand } from '../common.js';
import { EXIT_OK, UsageError } from '../errors.js';
import type { CliIO } from '../io.js';

export async function explainCommand(argv: string[], io: CliIO): Promise<number> {
  const args = parseCommand('explain', argv, {}, io);
  if (!args) return EXIT_OK;
  const [code] = expectPositionals('explain', args.parsed, ['CODE']) as [string];
  const text = explainCode(code);
  if (text === undefined)
    throw new UsageError(
      `\`${code}\` is not a diagnostic code of Hielements (codes look like E072 or W093; see ` +
        'docs/diagnostics-codes.md)',
      'explain',
    );
  io.out(text);
  return EXIT_OK;
}
