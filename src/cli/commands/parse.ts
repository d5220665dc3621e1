/** `hielements parse FILE`: the AST as JSON on stdout; diagnostics with code frames on stderr. */
import { MAX_SPEC_BYTES, readUserFile } from '../../confine/index.js';
import { SpecReadError } from '../../model/load.js';
import { hasErrors } from '../../diagnostics/diagnostic.js';
import { parse, programToJson } from '../../syntax/index.js';
import { expectPositionals } from '../args.js';
import { formatDiagnostics, parseCommand } from '../common.js';
import { EXIT_FAILED, EXIT_OK, InputError } from '../errors.js';
import type { CliIO } from '../io.js';
import { describeFsError } from '../../pipeline/spec-input.js';

export async function parseCommandRun(argv: string[], io: CliIO): Promise<number> {
  const args = parseCommand('parse', argv, {}, io);
  if (!args) return EXIT_OK;
  const [file] = expectPositionals('parse', args.parsed, ['FILE']) as [string];
  // bounded like every spec read: a regular file of at most MAX_SPEC_BYTES
  const read = readUserFile(file, MAX_SPEC_BYTES);
  if (!read.ok) throw new InputError(`cannot read \`${file}\`: ${describeFsError(new SpecReadError(file, read))}`);
  const source = read.value.toString('utf8');
  const { program, diagnostics } = parse(source, file);
  if (diagnostics.length > 0) io.err(formatDiagnostics(diagnostics, new Map([[file, source]]), args.color));
  if (hasErrors(diagnostics)) return EXIT_FAILED;
  io.out(`${JSON.stringify(programToJson(program), null, 2)}\n`);
  return EXIT_OK;
}
