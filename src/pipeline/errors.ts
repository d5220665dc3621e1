/** Errors of the pipeline that are about the input, not about the spec: they end a command (exit 2). */

/** Input that cannot be used at all (an unreadable spec file, a missing workspace or configuration). */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}
