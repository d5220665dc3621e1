/**
 * Bounded reads of files the user named (the spec on the command line, `hielements.toml`) and of
 * spec imports: a regular file, opened with `O_NONBLOCK` (a FIFO never blocks) and checked with
 * `fstat` on the opened descriptor before a byte is read; a directory, FIFO, socket, device or a
 * file of /proc or /sys is refused with an error saying which; never more than `maxBytes` is read
 * (a file that grows while it is read is refused too).
 */
import { closeSync, constants, fstatSync, openSync, readSync, statfsSync } from 'node:fs';
import { specialKind } from './root.js';
import { fromErrno, fsError, type FsResult } from './result.js';

/** Largest `.hie` spec or spec import read. */
export const MAX_SPEC_BYTES = 8 * 1024 * 1024;
/** Largest `hielements.toml` read. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/** File systems whose "regular files" are made up by the kernel as they are read (size 0 in fstat). */
const PSEUDO_FS: ReadonlyMap<number, string> = new Map([
  [0x9fa0, '/proc'],
  [0x62656572, '/sys'],
]);

/** Why the opened regular file is on a pseudo file system, or undefined (Linux only). */
function pseudoFs(fd: number): string | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    return PSEUDO_FS.get(Number(statfsSync(`/proc/self/fd/${fd}`).type));
  } catch {
    return undefined;
  }
}

/**
 * Checks an opened descriptor and reads at most `maxBytes` from it (`what` names the file in
 * messages). Closes `fd`.
 */
export function readOpenedBounded(fd: number, what: string, maxBytes: number): FsResult<Buffer> {
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) return fsError('not-a-file', `${what} is a directory`);
    if (!st.isFile()) return fsError('special', `${what} is ${specialKind(st)}, not a regular file`);
    const pseudo = pseudoFs(fd);
    if (pseudo)
      return fsError(
        'special',
        `${what} is a file of ${pseudo} (its content is made by the kernel), not a regular file`,
      );
    if (st.size > maxBytes)
      return fsError('too-large', `${what} is ${st.size} bytes, more than the limit of ${maxBytes} bytes`);
    // Read to the end, whatever fstat said, but never past the limit (the file may be growing).
    let buf = Buffer.allocUnsafe(Math.min(maxBytes + 1, Math.max(st.size + 1, 4096)));
    let off = 0;
    for (;;) {
      if (off === buf.length) {
        const bigger = Buffer.allocUnsafe(Math.min(maxBytes + 1, buf.length * 2));
        buf.copy(bigger, 0, 0, off);
        buf = bigger;
      }
      const n = readSync(fd, buf, off, buf.length - off, null);
      if (n === 0) return { ok: true, value: buf.subarray(0, off) };
      off += n;
      if (off > maxBytes)
        return fsError('too-large', `${what} grew past the limit of ${maxBytes} bytes while it was read`);
    }
  } catch (err) {
    return fromErrno(err, what);
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads a file the user named by path (links in it are followed: the user chose it), bounded as
 * described above.
 */
export function readUserFile(path: string, maxBytes: number): FsResult<Buffer> {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    return fromErrno(err, path);
  }
  return readOpenedBounded(fd, path, maxBytes);
}
