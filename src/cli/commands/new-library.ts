/** `hielements new-library NAME [-d DIR]`: scaffold a WebAssembly library project. */
import path from 'node:path';
import { scaffoldWasmLibrary } from '../../libraries/wasm/scaffold.js';
import { LibraryError } from '../../libraries/types.js';
import { createStyle } from '../../report/style.js';
import { expectPositionals, stringFlag } from '../args.js';
import { parseCommand } from '../common.js';
import { EXIT_OK, InputError } from '../errors.js';
import type { CliIO } from '../io.js';
import { describeFsError } from '../../pipeline/spec-input.js';
import { invalidIdentifierReason } from '../templates.js';

export async function newLibraryCommand(argv: string[], io: CliIO): Promise<number> {
  const args = parseCommand('new-library', argv, { directory: { type: 'string', short: 'd' } }, io);
  if (!args) return EXIT_OK;
  const [name] = expectPositionals('new-library', args.parsed, ['NAME']) as [string];
  const reason = invalidIdentifierReason(name);
  if (reason)
    throw new InputError(`invalid library name \`${name}\`: ${reason} (\`.hie\` files import it by this name)`);
  const dirArg = stringFlag(args.parsed, 'directory') ?? name;
  const dir = path.resolve(io.cwd, dirArg);
  let files: string[];
  try {
    files = await scaffoldWasmLibrary(name, dir);
  } catch (err) {
    if (err instanceof LibraryError) throw new InputError(err.message);
    if (err instanceof Error && 'code' in err)
      throw new InputError(`cannot create \`${dirArg}\`: ${describeFsError(err)}`);
    throw err;
  }
  const s = createStyle(args.color);
  const lines = [`${s.bold(s.green('Success'))} created WebAssembly library '${name}' in ${s.cyan(dirArg)}`, ''];
  for (const f of files) lines.push(`  ${s.cyan(path.relative(io.cwd, path.resolve(dir, f)) || f)}`);
  lines.push('', `See ${s.cyan(path.join(dirArg, 'README.md'))} to build it and register it in hielements.toml.`, '');
  io.out(lines.join('\n'));
  return EXIT_OK;
}
