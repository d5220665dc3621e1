/** The process streams and environment a command talks to. */
import { UsageError } from './errors.js';

export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export function processIO(): CliIO {
  // `hielements doc | head`: a closed pipe ends the command quietly instead of crashing.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
      throw err;
    });
  }
  return {
    out: (t) => void process.stdout.write(t),
    err: (t) => void process.stderr.write(t),
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    env: process.env,
    cwd: process.cwd(),
  };
}

/**
 * Colour decision: `--color` / `--no-color` win; else FORCE_COLOR (anything but `0`/`false`) turns
 * colour on; else NO_COLOR (non-empty) turns it off; else colour when stdout is a terminal.
 */
export function decideColor(flags: { color: boolean; noColor: boolean }, io: CliIO, command?: string): boolean {
  if (flags.color && flags.noColor)
    throw new UsageError('`--color` and `--no-color` cannot be ' + 'used together', command);
  if (flags.color) return true;
  if (flags.noColor) return false;
  const force = io.env.FORCE_COLOR;
  if (force !== undefined && force !== '0' && force !== 'false') return true;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  return io.stdoutIsTTY;
}

/** True on a CI runner (no in-place progress line there). */
export function isCI(env: NodeJS.ProcessEnv): boolean {
  return (
    Boolean(env.CI && env.CI !== 'false' && env.CI !== '0') ||
    env.GITHUB_ACTIONS === 'true' ||
    env.BUILD_NUMBER !== undefined
  );
}
