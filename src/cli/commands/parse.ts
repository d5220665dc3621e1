/** `hielements parse FILE`: the AST as JSON on stdout; diagnostics with code frames on stderr. */
import { readFile } from 'node:fs/promises';
import { hasErrors } from '../../diagnostics/diagnostic.js';
import { parse, programToJson } from '../../syntax/index.js';
import { expectPositionals } from '../args.js';
import { formatDiagnostics, parseCommand } from '../common.js';
import { EXIT_FAILED, EXIT_OK, InputError } from '../errors.js';
import type { CliIO } from '../io.js';
import { describeFsError } from '../spec-input.js';

export async function parseCommandRun(argv: string[], io: CliIO): Promise<number> {
  const args = parseCommand('parse', argv, {}, io);
  if (!args) return EXIT_OK;
  const [file] = expectPositionals('parse', args.parsed, ['FILE']) as [string];
  let source: string;
  try {
    source = await readFile(file, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read \`${file}\`: ${describeFsError(err)}`);
  }
  const { program, diagnostics } = parse(source, file);
  if (diagnostics.length > 0) io.err(formatDiagnostics(diagnostics, new Map([[file, source]]), args.color));
  if (hasErrors(diagnostics)) return EXIT_FAILED;
  io.out(`${JSON.stringify(programToJson(program), null, 2)}\n`);
  return EXIT_OK;
}
