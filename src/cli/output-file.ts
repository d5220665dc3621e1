/** Writing a report or catalogue to a file named by `--output`. */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from './errors.js';
import { describeFsError } from '../pipeline/spec-input.js';

/**
 * `doc --output` follows the original: the path must be relative and free of `..` components
 * (checked lexically), so a catalogue cannot be written outside the project by mistake.
 */
export function checkDocOutputPath(file: string): void {
  if (path.isAbsolute(file) || path.win32.isAbsolute(file)) {
    throw new InputError(`\`--output ${file}\`: absolute paths are not allowed for output files; use a relative path`);
  }
  if (file.split(/[\\/]+/).includes('..')) {
    throw new InputError(`\`--output ${file}\`: the path cannot contain parent directory references (..)`);
  }
}

/** Writes `content` to `file` (relative to `cwd`), creating parent directories. */
export async function writeOutputFile(cwd: string, file: string, content: string): Promise<string> {
  const abs = path.resolve(cwd, file);
  try {
    await mkdir(path.dirname(abs), { recursive: true });
    await writeFile(abs, content);
  } catch (err) {
    throw new InputError(`cannot write \`${file}\`: ${describeFsError(err)}`);
  }
  return abs;
}
