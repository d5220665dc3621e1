/** Errors that end a command with a specific exit code and a one-line message (never a stack trace). */

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERNAL = 70;
export const EXIT_INTERRUPTED = 130;

/** Bad command line (unknown flag, bad value, missing argument): exit 2, message + pointer to --help. */
export class UsageError extends Error {
  readonly command: string | undefined;
  constructor(message: string, command?: string) {
    super(message);
    this.name = 'UsageError';
    this.command = command;
  }
}

/** Input that cannot be used (unreadable spec, existing file, bad output path): exit 2. */
export { InputError } from '../pipeline/errors.js';
