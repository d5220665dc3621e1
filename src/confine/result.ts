/** Outcome of a confined file operation: a value, or why it was refused or failed. */

/**
 * - `invalid-path`: NUL, backslash, absolute or drive path;
 * - `outside`: `..` above the root, or an absolute path elsewhere;
 * - `symlink`: a symbolic link at some component (never followed);
 * - `not-found`, `not-a-file`, `not-a-directory`, `too-large`;
 * - `special`: a FIFO, socket or device where a regular file was expected;
 * - `hard-link`: a file with more than one hard link (writes only);
 * - `protected`: a path no library may write (see write-policy.ts);
 * - `not-granted`: outside every folder the library may write;
 * - `denied`: the operating system refused;
 * - `io`: any other error.
 */
export type FsErrorKind =
  | 'invalid-path'
  | 'outside'
  | 'symlink'
  | 'not-found'
  | 'not-a-file'
  | 'not-a-directory'
  | 'too-large'
  | 'special'
  | 'hard-link'
  | 'protected'
  | 'not-granted'
  | 'denied'
  | 'io';

export interface FsError {
  ok: false;
  kind: FsErrorKind;
  reason: string;
}

export type FsResult<T> = { ok: true; value: T } | FsError;

export const fsError = (kind: FsErrorKind, reason: string): FsError => ({ ok: false, kind, reason });

/** An operating-system error as an FsError; `what` names the subject (`'a/b'`). */
export function fromErrno(err: unknown, what = ''): FsError {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const it = what === '' ? '' : `${what} `;
  switch (code) {
    case 'ENOENT':
      return fsError('not-found', `${it}not found`);
    case 'ENOTDIR':
      return fsError('not-a-directory', `${it}is not a directory (or a path component is not)`);
    case 'ELOOP':
      return fsError('symlink', `${it}is a symbolic link (never followed)`);
    case 'EISDIR':
      return fsError('not-a-file', `${it}is a directory`);
    case 'EACCES':
    case 'EPERM':
      return fsError('denied', `${it}refused by the operating system (${code})`);
    case 'ENXIO':
    case 'ETXTBSY':
      return fsError('special', `${it}is not a regular file`);
    default:
      return fsError('io', `${it === '' ? '' : `${what}: `}${err instanceof Error ? err.message : String(err)}`);
  }
}
