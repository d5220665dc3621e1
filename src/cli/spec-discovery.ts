/**
 * Spec discovery: `run` and `check` without a FILE use the nearest `hielements.hie` in the
 * current directory or one of its parents (the way ESLint or dependency-cruiser find their
 * configuration). The chosen file is announced on stderr so reports on stdout stay clean.
 */
import { findFileUpward } from '../config/find-upward.js';
import path from 'node:path';
import { InputError } from './errors.js';
import type { CliIO } from './io.js';

export const DEFAULT_SPEC_NAME = 'hielements.hie';

/** Absolute path of the nearest `hielements.hie` at or above `startDir`, or undefined. */
export function findSpecFile(startDir: string): Promise<string | undefined> {
  return findFileUpward(startDir, DEFAULT_SPEC_NAME);
}

/**
 * The spec file for `command`: `given` when the user named one, else the discovered one (as a path
 * relative to the current directory, announced on stderr). No spec anywhere is an InputError.
 */
export async function specFileOrDiscover(
  given: string | undefined,
  io: CliIO,
  command: string,
  quiet = false,
): Promise<string> {
  if (given !== undefined) return given;
  const found = await findSpecFile(io.cwd);
  if (!found) {
    throw new InputError(
      `no spec file given and no \`${DEFAULT_SPEC_NAME}\` found in \`${io.cwd}\` or its parents ` +
        `(name one: \`hielements ${command} FILE\`, or create one with \`hielements init\`)`,
    );
  }
  const shown = path.relative(io.cwd, found) || DEFAULT_SPEC_NAME;
  if (!quiet) io.err(`hielements: using ${shown}\n`);
  return shown;
}
