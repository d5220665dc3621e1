/**
 * Workspace-confined file access for the guest's host functions. Synchronous on purpose: it runs
 * inside the library's worker while the guest is blocked in a host call.
 *
 * Rules (docs/wasm_library_guide.md, "Capabilities"): paths are relative to the workspace, with
 * `/` separators; NUL bytes and absolute paths are invalid; after resolving, a path (and, for
 * reads, its real path with every symlink followed) must stay inside the workspace's real path;
 * writes resolve the parent directory's real path and open the file with O_NOFOLLOW, so the last
 * component cannot be a symlink.
 *
 * ConfinedFs is what the worker uses: the same rules, with the real paths of directories already
 * verified cached for the life of the library instance (one run), so reading a regular file costs
 * open + fstat + read + close. The module-level functions are the uncached reference versions.
 */
import { closeSync, constants, existsSync, fstatSync, openSync, readdirSync, readlinkSync, readSync, realpathSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { EXISTS_DIR, EXISTS_FILE, EXISTS_NONE, HostStatus } from './abi.js';

export type FsResult<T> = { ok: true; value: T } | { ok: false; status: number; reason: string };

const failure = (status: number, reason: string): { ok: false; status: number; reason: string } => ({ ok: false, status, reason });

/** True when `abs` is `root` or below it. Both must be absolute and normalised. */
export function isInside(root: string, abs: string): boolean {
  if (abs === root) return true;
  const rel = relative(root, abs);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
}

function errnoStatus(err: unknown): { status: number; reason: string } {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return { status: HostStatus.NOT_FOUND, reason: 'not found' };
    case 'ELOOP':
      return { status: HostStatus.DENIED, reason: 'is a symbolic link' };
    case 'EISDIR':
      return { status: HostStatus.NOT_A_FILE, reason: 'is a directory' };
    case 'EACCES':
    case 'EPERM':
      return { status: HostStatus.DENIED, reason: `operating system refused access (${code})` };
    default:
      return { status: HostStatus.IO_ERROR, reason: err instanceof Error ? err.message : String(err) };
  }
}

/**
 * A relative path that path.resolve would leave as is: `/`-separated segments, none empty, `.` or
 * `..`, no NUL, no backslash, not starting like an absolute or drive path (POSIX hosts only).
 */
const PLAIN_RELATIVE = sep === '/' ? /^(?![A-Za-z]:)(?:(?!\.\.?(?:\/|$))[^/\0\\]+)(?:\/(?!\.\.?(?:\/|$))[^/\0\\]+)*$/ : /(?!)/;

/** Lexical checks and resolution against the root; no file system access. */
export function lexicalResolve(root: string, rel: string): FsResult<string> {
  // Already normal (the usual case): joining is all `resolve` would do.
  if (PLAIN_RELATIVE.test(rel) && root !== sep) return { ok: true, value: root + sep + rel };
  if (rel.includes('\0')) return failure(HostStatus.INVALID_PATH, 'path contains a NUL byte');
  if (isAbsolute(rel) || rel.startsWith('\\') || /^[A-Za-z]:/.test(rel))
    return failure(HostStatus.INVALID_PATH, 'absolute paths are not allowed (paths are relative to the workspace)');
  const abs = resolve(root, rel === '' ? '.' : rel);
  if (!isInside(root, abs)) return failure(HostStatus.DENIED, 'path leads outside the workspace');
  return { ok: true, value: abs };
}

/** Resolve `rel`, follow symlinks, and require the real path to stay inside the workspace. */
export function realResolve(root: string, rel: string): FsResult<string> {
  const lex = lexicalResolve(root, rel);
  if (!lex.ok) return lex;
  let real: string;
  try {
    real = realpathSync.native(lex.value);
  } catch (err) {
    const e = errnoStatus(err);
    return failure(e.status, e.reason);
  }
  if (!isInside(root, real)) return failure(HostStatus.DENIED, 'path leads outside the workspace through a symbolic link');
  return { ok: true, value: real };
}

/** Linux: the real path of an open file, from /proc (no race between check and use). */
const PROC_FD = existsSync('/proc/self/fd') ? '/proc/self/fd/' : undefined;

/**
 * Open a file for reading and return the descriptor, after making sure that what was opened is
 * inside the workspace. On Linux the check is made on the opened file itself (its real path via
 * /proc/self/fd), so nothing can be swapped between check and use; elsewhere the real path is
 * resolved first and opened with O_NOFOLLOW.
 */
function openForRead(root: string, rel: string): FsResult<number> {
  let target: string;
  if (PROC_FD) {
    const lex = lexicalResolve(root, rel);
    if (!lex.ok) return lex;
    target = lex.value;
  } else {
    const r = realResolve(root, rel);
    if (!r.ok) return r;
    target = r.value;
  }
  let fd: number;
  try {
    fd = openSync(target, constants.O_RDONLY | constants.O_NONBLOCK | (PROC_FD ? 0 : constants.O_NOFOLLOW));
  } catch (err) {
    const e = errnoStatus(err);
    return failure(e.status, e.reason);
  }
  if (PROC_FD) {
    let real: string;
    try {
      real = readlinkSync(`${PROC_FD}${fd}`);
    } catch (err) {
      closeSync(fd);
      const e = errnoStatus(err);
      return failure(e.status, e.reason);
    }
    if (!isInside(root, real)) {
      closeSync(fd);
      return failure(HostStatus.DENIED, 'path leads outside the workspace through a symbolic link');
    }
  }
  return { ok: true, value: fd };
}

export function readConfined(root: string, rel: string, maxBytes: number): FsResult<Uint8Array> {
  const opened = openForRead(root, rel);
  if (!opened.ok) return opened;
  const fd = opened.value;
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return failure(HostStatus.NOT_A_FILE, 'not a regular file');
    if (st.size > maxBytes) return failure(HostStatus.TOO_LARGE, `file is ${st.size} bytes, the limit is ${maxBytes}`);
    const buf = Buffer.allocUnsafe(st.size);
    const n = readFully(fd, buf);
    return { ok: true, value: n === buf.length ? buf : buf.subarray(0, n) };
  } catch (err) {
    const e = errnoStatus(err);
    return failure(e.status, e.reason);
  } finally {
    closeSync(fd);
  }
}

/**
 * Directory listing: one entry per line, sorted by name (code units), each line a type character
 * followed by the name: `f` regular file, `d` directory, `l` symbolic link (not followed: reading
 * through it is subject to the usual containment check), `o` anything else. Names containing a
 * newline are left out.
 */
export function listConfined(root: string, rel: string): FsResult<string> {
  const r = realResolve(root, rel);
  if (!r.ok) return r;
  try {
    if (!statSync(r.value).isDirectory()) return failure(HostStatus.NOT_A_DIRECTORY, 'not a directory');
    const entries = readdirSync(r.value, { withFileTypes: true })
      .filter((e) => !e.name.includes('\n'))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const lines = entries.map((e) => `${e.isSymbolicLink() ? 'l' : e.isDirectory() ? 'd' : e.isFile() ? 'f' : 'o'}${e.name}`);
    return { ok: true, value: lines.join('\n') };
  } catch (err) {
    const e = errnoStatus(err);
    return failure(e.status, e.reason);
  }
}

export function existsConfined(root: string, rel: string): FsResult<number> {
  const r = realResolve(root, rel);
  if (!r.ok) return r.status === HostStatus.NOT_FOUND ? { ok: true, value: EXISTS_NONE } : r;
  try {
    const st = statSync(r.value);
    return { ok: true, value: st.isDirectory() ? EXISTS_DIR : EXISTS_FILE };
  } catch {
    return { ok: true, value: EXISTS_NONE };
  }
}

export function writeConfined(root: string, rel: string, data: Uint8Array): FsResult<number> {
  const lex = lexicalResolve(root, rel);
  if (!lex.ok) return lex;
  const name = basename(lex.value);
  if (lex.value === root || name === '' || name === '.' || name === '..') return failure(HostStatus.INVALID_PATH, 'not a file path');
  let parent: string;
  try {
    parent = realpathSync.native(dirname(lex.value));
  } catch (err) {
    const e = errnoStatus(err);
    return failure(e.status, `parent directory: ${e.reason}`);
  }
  if (!isInside(root, parent)) return failure(HostStatus.DENIED, 'parent directory leads outside the workspace through a symbolic link');
  let fd: number;
  try {
    fd = openSync(join(parent, name), constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW | constants.O_NONBLOCK, 0o644);
  } catch (err) {
    const e = errnoStatus(err);
    return failure(e.status, e.reason);
  }
  try {
    if (!fstatSync(fd).isFile()) return failure(HostStatus.NOT_A_FILE, 'not a regular file');
    let off = 0;
    while (off < data.length) off += writeSync(fd, data, off, data.length - off);
    return { ok: true, value: data.length };
  } catch (err) {
    const e = errnoStatus(err);
    return failure(e.status, e.reason);
  } finally {
    closeSync(fd);
  }
}

/** Directories whose real path is remembered per instance (the cache starts over when full). */
const MAX_CACHED_DIRS = 4096;

/** An opened regular file, ready to be read. */
export interface OpenedFile {
  fd: number;
  size: number;
}

/**
 * Workspace-confined file access for one library instance (one worker), with a cache of verified
 * directory real paths.
 *
 * Reading `a/b/c.txt`: the lexical parent `a/b` is resolved to its real path once (realpath, then
 * the containment check); the file is then opened as `<real parent>/c.txt` with O_NOFOLLOW, so it
 * cannot be a symlink, and fstat'ed. A last component that is a symlink (ELOOP) takes the uncached
 * path, which follows it and re-checks containment. Residual risk, documented in
 * docs/wasm_library_guide.md: a directory verified earlier in the run and then replaced by a
 * symlink by another process before a later read would be followed. The guest itself has no way
 * to create links or directories.
 */
export class ConfinedFs {
  private readonly realDirs = new Map<string, string>();

  constructor(readonly root: string) {}

  /** Real path of the directory at lexical path `absDir`, verified to be inside the workspace. */
  realDir(absDir: string): FsResult<string> {
    const hit = this.realDirs.get(absDir);
    if (hit !== undefined) return { ok: true, value: hit };
    let real: string;
    try {
      real = realpathSync.native(absDir);
    } catch (err) {
      const e = errnoStatus(err);
      return failure(e.status, e.reason);
    }
    if (!isInside(this.root, real)) return failure(HostStatus.DENIED, 'path leads outside the workspace through a symbolic link');
    if (this.realDirs.size >= MAX_CACHED_DIRS) this.realDirs.clear();
    this.realDirs.set(absDir, real);
    return { ok: true, value: real };
  }

  /** Open a regular file for reading; the caller reads `size` bytes and closes `fd`. */
  openRead(rel: string, maxBytes: number): FsResult<OpenedFile> {
    const lex = lexicalResolve(this.root, rel);
    if (!lex.ok) return lex;
    let fd: number | undefined;
    if (lex.value !== this.root) {
      const dir = this.realDir(dirname(lex.value));
      if (!dir.ok) return dir;
      try {
        fd = openSync(join(dir.value, basename(lex.value)), constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ELOOP') {
          const e = errnoStatus(err);
          return failure(e.status, e.reason);
        }
        // A symlink: the uncached path follows it and checks where it leads.
      }
    }
    if (fd === undefined) {
      const opened = openForRead(this.root, rel);
      if (!opened.ok) return opened;
      fd = opened.value;
    }
    try {
      const st = fstatSync(fd);
      if (!st.isFile()) {
        closeSync(fd);
        return failure(HostStatus.NOT_A_FILE, 'not a regular file');
      }
      if (st.size > maxBytes) {
        closeSync(fd);
        return failure(HostStatus.TOO_LARGE, `file is ${st.size} bytes, the limit is ${maxBytes}`);
      }
      return { ok: true, value: { fd, size: st.size } };
    } catch (err) {
      closeSync(fd);
      const e = errnoStatus(err);
      return failure(e.status, e.reason);
    }
  }

  /** Read the whole file into a new buffer. */
  read(rel: string, maxBytes: number): FsResult<Uint8Array> {
    const opened = this.openRead(rel, maxBytes);
    if (!opened.ok) return opened;
    const { fd, size } = opened.value;
    try {
      const buf = Buffer.allocUnsafe(size);
      const n = readFully(fd, buf);
      return { ok: true, value: n === size ? buf : buf.subarray(0, n) };
    } catch (err) {
      const e = errnoStatus(err);
      return failure(e.status, e.reason);
    } finally {
      closeSync(fd);
    }
  }

  list(rel: string): FsResult<string> {
    return listConfined(this.root, rel);
  }

  exists(rel: string): FsResult<number> {
    return existsConfined(this.root, rel);
  }

  write(rel: string, data: Uint8Array): FsResult<number> {
    return writeConfined(this.root, rel, data);
  }
}

/** Read into `target` from offset 0 until it is full or the file ends; returns the bytes read. */
export function readFully(fd: number, target: Uint8Array): number {
  let off = 0;
  while (off < target.length) {
    const n = readSync(fd, target, off, target.length - off, off);
    if (n === 0) break;
    off += n;
  }
  return off;
}
