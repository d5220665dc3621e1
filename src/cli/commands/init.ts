/** `hielements init NAME [-d DIR]`: starter spec, hielements.toml and a short guide. */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createStyle } from '../../report/style.js';
import { expectPositionals, stringFlag } from '../args.js';
import { parseCommand } from '../common.js';
import { EXIT_OK, InputError } from '../errors.js';
import type { CliIO } from '../io.js';
import { describeFsError } from '../spec-input.js';
import { invalidIdentifierReason, STARTER_CONFIG, starterGuide, starterSpec } from '../templates.js';

export async function initCommand(argv: string[], io: CliIO): Promise<number> {
  const args = parseCommand('init', argv, { directory: { type: 'string', short: 'd' } }, io);
  if (!args) return EXIT_OK;
  const [name] = expectPositionals('init', args.parsed, ['NAME']) as [string];
  const reason = invalidIdentifierReason(name);
  if (reason) throw new InputError(`invalid project name \`${name}\`: ${reason} (it becomes the top-level element name)`);
  const dirArg = stringFlag(args.parsed, 'directory') ?? '.';
  const dir = path.resolve(io.cwd, dirArg);
  try {
    await mkdir(dir, { recursive: true });
  } catch (err) {
    throw new InputError(`cannot create directory \`${dirArg}\`: ${describeFsError(err)}`);
  }

  const show = (f: string) => path.join(dirArg, f);
  const specName = `${name}.hie`;
  const created: [string, string][] = [];
  const skipped: string[] = [];
  // The spec is created exclusively ('wx'): an existing one is never overwritten.
  try {
    await writeFile(path.join(dir, specName), starterSpec(name), { flag: 'wx' });
    created.push([show(specName), 'architecture specification']);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new InputError(`\`${show(specName)}\` already exists; nothing was written`);
    throw new InputError(`cannot write \`${show(specName)}\`: ${describeFsError(err)}`);
  }
  for (const [file, content, what] of [
    ['hielements.toml', STARTER_CONFIG, 'library configuration (commented examples)'],
    ['HIELEMENTS_GUIDE.md', starterGuide(name), 'quick guide'],
  ] as const) {
    try {
      await writeFile(path.join(dir, file), content, { flag: 'wx' });
      created.push([show(file), what]);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') skipped.push(show(file));
      else throw new InputError(`cannot write \`${show(file)}\`: ${describeFsError(err)}`);
    }
  }

  const s = createStyle(args.color);
  const lines = [`${s.bold(s.green('Success'))} initialized Hielements project '${name}'`, '', 'Created:'];
  for (const [file, what] of created) lines.push(`  ${s.cyan(file)}  ${s.dim(`- ${what}`)}`);
  for (const file of skipped) lines.push(`  ${s.cyan(file)}  ${s.dim('- already exists, kept')}`);
  const spec = show(specName);
  lines.push(
    '',
    'Next steps:',
    `  1. describe your architecture in ${s.cyan(spec)}`,
    `  2. ${s.yellow(`hielements check ${spec}`)}`,
    `  3. ${s.yellow(`hielements run ${spec}`)}`,
    '',
  );
  io.out(lines.join('\n'));
  return EXIT_OK;
}
