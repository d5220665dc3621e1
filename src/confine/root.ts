/**
 * Descriptor-relative, no-follow access below one directory (the workspace root): the only way
 * hielements reads, lists, stats or writes a file on behalf of input the user did not write
 * (docs/security.md, "File confinement").
 *
 * The root is opened once (`O_DIRECTORY | O_NOFOLLOW`) and its descriptor is held. Every path is
 * resolved component by component from that descriptor: each directory is opened as
 * `/proc/self/fd/<parent fd>/<name>` with `O_DIRECTORY | O_NOFOLLOW` — on Linux the kernel
 * resolves the magic link to the very directory the descriptor holds and looks `name` up there,
 * which is what `openat(2)` does — and the last component with `O_NOFOLLOW`. A symbolic link at
 * any step is refused, and whatever is renamed or swapped meanwhile, each step starts from a
 * directory that was itself reached without following a link. Nothing is remembered between two
 * calls: every call walks the chain again.
 *
 * Where `/proc/self/fd` is missing (macOS, BSD) each component is opened by its full path with
 * `O_NOFOLLOW` and then verified: the opened descriptor and a fresh `lstat` of the path must be the
 * same file, and so must the parent directory's descriptor and its path. This catches a swap made
 * before the check, not one made and undone between the open and the check (docs/security.md).
 */
import {
  closeSync,
  constants,
  existsSync,
  fstatSync,
  ftruncateSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  realpathSync,
  renameSync,
  unlinkSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { dirname } from 'node:path';
import { splitRelative } from './path.js';
import { fromErrno, fsError, type FsError, type FsResult } from './result.js';
import type { WritePolicy } from './write-policy.js';

const C = constants;
const DIR_FLAGS = C.O_RDONLY | C.O_DIRECTORY | C.O_NOFOLLOW;
const READ_FLAGS = C.O_RDONLY | C.O_NOFOLLOW | C.O_NONBLOCK;
const PROC_FD_AVAILABLE = process.platform === 'linux' && existsSync('/proc/self/fd');

/** Kind of a directory entry or stat result. Symbolic links are reported, never followed. */
export type EntryKind = 'file' | 'dir' | 'symlink' | 'other';

export interface Entry {
  name: string;
  kind: EntryKind;
}

export interface StatInfo {
  kind: EntryKind;
  size: number;
  /** Modification time (ms since the epoch). */
  mtimeMs: number;
}

/** An opened regular file: read `size` bytes from `fd`, then close it. */
export interface OpenedFile {
  fd: number;
  size: number;
}

export interface RootOptions {
  /** Use `/proc/self/fd` (default: when available). `false` forces the portable fallback. */
  procFd?: boolean;
}

/** A directory reached through the chain: its descriptor and its lexical absolute path. */
interface Dir {
  fd: number;
  path: string;
  /** Relative path for messages (`''` for the root). */
  rel: string;
}

function kindOf(st: Stats | { isFile(): boolean; isDirectory(): boolean; isSymbolicLink(): boolean }): EntryKind {
  return st.isSymbolicLink() ? 'symlink' : st.isDirectory() ? 'dir' : st.isFile() ? 'file' : 'other';
}

const shown = (rel: string) => (rel === '' ? 'the workspace root' : `'${rel}'`);

export class ConfinedRoot {
  private closed = false;

  private constructor(
    /** Real absolute path of the root. */
    readonly root: string,
    /** Descriptor of the root directory. */
    readonly fd: number,
    private readonly owned: boolean,
    /** Resolution through /proc/self/fd (else the verifying fallback). */
    readonly viaProc: boolean,
  ) {}

  /** Opens `root` (its real path) as a directory without following a final link. Throws on failure. */
  static open(root: string, opts: RootOptions = {}): ConfinedRoot {
    const real = realpathSync.native(root);
    const fd = openSync(real, DIR_FLAGS);
    return new ConfinedRoot(real, fd, true, (opts.procFd ?? true) && PROC_FD_AVAILABLE);
  }

  /**
   * Opens the directory `dir` itself as a root, refusing it when it is a symbolic link (its parent
   * path is trusted: it comes from the user's configuration). With `create`, it is made first
   * (with its parents).
   */
  static openExact(dir: string, create = false): FsResult<ConfinedRoot> {
    try {
      if (create) {
        mkdirSync(dirname(dir), { recursive: true });
        try {
          mkdirSync(dir);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        }
      }
      if (lstatSync(dir).isSymbolicLink()) return fsError('symlink', `${dir} is a symbolic link (never followed)`);
      const fd = openSync(dir, DIR_FLAGS);
      return { ok: true, value: new ConfinedRoot(dir, fd, true, PROC_FD_AVAILABLE) };
    } catch (err) {
      return fromErrno(err, dir);
    }
  }

  /**
   * A root over a descriptor opened by another thread of this process (descriptors are shared
   * between threads). The descriptor is not closed by `close()`.
   */
  static fromFd(root: string, fd: number, opts: RootOptions = {}): ConfinedRoot {
    return new ConfinedRoot(root, fd, false, (opts.procFd ?? true) && PROC_FD_AVAILABLE);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.owned) closeSync(this.fd);
  }

  // ------------------------------------------------------------------ the chain

  private at(dir: Dir, name: string): string {
    return this.viaProc ? `/proc/self/fd/${dir.fd}/${name}` : `${dir.path}/${name}`;
  }

  private rootDir(): Dir {
    return { fd: this.fd, path: this.root, rel: '' };
  }

  private release(dir: Dir): void {
    if (dir.fd !== this.fd) closeSync(dir.fd);
  }

  /** Fallback only: the descriptor must be the file now at `path`, and `parent` still its path. */
  private verify(fd: number, path: string, parent: Dir): FsError | undefined {
    if (this.viaProc) return undefined;
    try {
      const a = fstatSync(fd);
      const b = lstatSync(path);
      const pa = fstatSync(parent.fd);
      const pb = lstatSync(parent.path);
      if (a.dev === b.dev && a.ino === b.ino && pa.dev === pb.dev && pa.ino === pb.ino && !pb.isSymbolicLink())
        return undefined;
    } catch {
      /* vanished meanwhile: treated as a swap */
    }
    return fsError(
      'symlink',
      `${shown(parent.rel)} changed while it was opened (a symbolic link or a rename); refused`,
    );
  }

  /** Opens `name` in `dir` with `flags | O_NOFOLLOW`; verified in the fallback. */
  private openIn(dir: Dir, name: string, flags: number, mode?: number): number {
    const path = this.at(dir, name);
    const fd = mode === undefined ? openSync(path, flags | C.O_NOFOLLOW) : openSync(path, flags | C.O_NOFOLLOW, mode);
    const bad = this.verify(fd, `${dir.path}/${name}`, dir);
    if (bad) {
      closeSync(fd);
      throw new ChainError(bad);
    }
    return fd;
  }

  /** Why `name` in `dir` could not be opened as a directory. */
  private dirFailure(dir: Dir, name: string, err: unknown): FsError {
    const rel = dir.rel === '' ? name : `${dir.rel}/${name}`;
    if (err instanceof ChainError) return err.error;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR' || code === 'ELOOP') {
      try {
        if (lstatSync(this.at(dir, name)).isSymbolicLink())
          return fsError('symlink', `'${rel}' is a symbolic link (never followed)`);
      } catch {
        /* gone: report the original error */
      }
    }
    return fromErrno(err, `'${rel}'`);
  }

  /** Opens the child directory `name` of `dir`. */
  private child(dir: Dir, name: string): FsResult<Dir> {
    try {
      const fd = this.openIn(dir, name, DIR_FLAGS);
      return {
        ok: true,
        value: { fd, path: `${dir.path}/${name}`, rel: dir.rel === '' ? name : `${dir.rel}/${name}` },
      };
    } catch (err) {
      return this.dirFailure(dir, name, err);
    }
  }

  /** Walks `parts` from the root, each a directory; `create` makes missing ones (writes). */
  private chain(parts: readonly string[], create = false): FsResult<Dir> {
    let dir = this.rootDir();
    for (const name of parts) {
      let next = this.child(dir, name);
      if (!next.ok && next.kind === 'not-found' && create) {
        try {
          mkdirSync(this.at(dir, name), 0o755); // mkdir never follows a link in its last component
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
            this.release(dir);
            return fromErrno(err, `creating '${dir.rel === '' ? name : `${dir.rel}/${name}`}'`);
          }
        }
        next = this.child(dir, name);
      }
      this.release(dir);
      if (!next.ok) return next;
      dir = next.value;
    }
    return { ok: true, value: dir };
  }

  // ------------------------------------------------------------------ operations

  /**
   * Opens a regular file for reading (`O_NOFOLLOW | O_NONBLOCK`, so a FIFO cannot block) and
   * checks it with fstat before anything is read. The caller reads and closes `fd`.
   */
  openFile(rel: string, maxBytes: number): FsResult<OpenedFile> {
    const split = splitRelative(rel);
    if (!split.ok) return split;
    const { parts } = split.value;
    if (parts.length === 0 || split.value.dirOnly)
      return fsError('not-a-file', `${shown(parts.join('/'))} is a directory`);
    const d = this.chain(parts.slice(0, -1));
    if (!d.ok) return d;
    const name = parts[parts.length - 1]!;
    let fd: number;
    try {
      fd = this.openIn(d.value, name, READ_FLAGS);
    } catch (err) {
      return err instanceof ChainError ? err.error : fromErrno(err, `'${parts.join('/')}'`);
    } finally {
      this.release(d.value);
    }
    const checked = checkRegular(fd, parts.join('/'), maxBytes);
    if (!checked.ok) closeSync(fd);
    return checked;
  }

  /** Reads a whole regular file of at most `maxBytes`. */
  readFile(rel: string, maxBytes: number): FsResult<Buffer> {
    const opened = this.openFile(rel, maxBytes);
    if (!opened.ok) return opened;
    return readOpened(opened.value);
  }

  /** Opens a directory through the chain, for listing or walking; `create` makes missing folders. */
  openDir(rel: string, create = false): FsResult<DirHandle> {
    const split = splitRelative(rel);
    if (!split.ok) return split;
    const d = this.chain(split.value.parts, create);
    if (!d.ok) return d;
    return { ok: true, value: new DirHandle(this, d.value) };
  }

  /** The entries of a directory (unsorted), symbolic links reported as such. */
  list(rel: string): FsResult<Entry[]> {
    const d = this.openDir(rel);
    if (!d.ok) return d;
    try {
      return d.value.entries();
    } finally {
      d.value.close();
    }
  }

  /** What is at `rel`, without following a link at the last component (or any other). */
  stat(rel: string): FsResult<StatInfo> {
    const split = splitRelative(rel);
    if (!split.ok) return split;
    const { parts } = split.value;
    if (parts.length === 0) {
      try {
        const st = fstatSync(this.fd);
        return { ok: true, value: { kind: 'dir', size: st.size, mtimeMs: st.mtimeMs } };
      } catch (err) {
        return fromErrno(err, 'the workspace root');
      }
    }
    const d = this.chain(parts.slice(0, -1));
    if (!d.ok) return d;
    try {
      const st = lstatSync(this.at(d.value, parts[parts.length - 1]!));
      const kind = kindOf(st);
      if (split.value.dirOnly && kind !== 'dir')
        return fsError('not-a-directory', `'${parts.join('/')}' is not a directory`);
      return { ok: true, value: { kind, size: st.size, mtimeMs: st.mtimeMs } };
    } catch (err) {
      return fromErrno(err, `'${parts.join('/')}'`);
    } finally {
      this.release(d.value);
    }
  }

  /**
   * Writes `data` to `rel` when `policy` allows it: missing parent directories are created (never
   * through a link); an existing file is opened without `O_CREAT` or `O_TRUNC` and checked first
   * (a regular file with one link, not a protected file), a new one is created with
   * `O_CREAT | O_EXCL | O_NOFOLLOW`. Returns the number of bytes written.
   */
  writeFile(rel: string, data: Uint8Array, policy: WritePolicy): FsResult<number> {
    const split = splitRelative(rel);
    if (!split.ok) return split;
    const { parts } = split.value;
    if (parts.length === 0 || split.value.dirOnly) return fsError('invalid-path', 'not a file path');
    const refused = policy.check(parts);
    if (refused) return refused;
    const d = this.chain(parts.slice(0, -1), true);
    if (!d.ok) return d;
    const name = parts[parts.length - 1]!;
    const relText = parts.join('/');
    let fd: number;
    let created = false;
    try {
      try {
        fd = this.openIn(d.value, name, C.O_WRONLY | C.O_NONBLOCK);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
        fd = this.openIn(d.value, name, C.O_WRONLY | C.O_CREAT | C.O_EXCL, 0o644);
        created = true;
      }
    } catch (err) {
      return err instanceof ChainError ? err.error : fromErrno(err, `'${relText}'`);
    } finally {
      this.release(d.value);
    }
    try {
      const st = fstatSync(fd);
      if (!st.isFile())
        return st.isDirectory()
          ? fsError('not-a-file', `'${relText}' is a directory`)
          : fsError('special', `'${relText}' is not a regular file`);
      if (!created && st.nlink > 1)
        return fsError(
          'hard-link',
          `'${relText}' has ${st.nlink} hard links; writing it would change the other names too`,
        );
      const inode = policy.protectedInode(st);
      if (inode) return fsError('protected', `'${relText}' is ${inode}`);
      if (!created) ftruncateSync(fd, 0);
      let off = 0;
      while (off < data.length) off += writeSync(fd, data, off, data.length - off);
      return { ok: true, value: data.length };
    } catch (err) {
      return fromErrno(err, `'${relText}'`);
    } finally {
      closeSync(fd);
    }
  }

  /** @internal for DirHandle */
  childOf(dir: Dir, name: string): FsResult<Dir> {
    return this.child(dir, name);
  }

  /** @internal for DirHandle */
  openFileIn(dir: Dir, name: string, maxBytes: number): FsResult<OpenedFile> {
    const rel = dir.rel === '' ? name : `${dir.rel}/${name}`;
    let fd: number;
    try {
      fd = this.openIn(dir, name, READ_FLAGS);
    } catch (err) {
      return err instanceof ChainError ? err.error : fromErrno(err, `'${rel}'`);
    }
    const checked = checkRegular(fd, rel, maxBytes);
    if (!checked.ok) closeSync(fd);
    return checked;
  }

  /** @internal for DirHandle */
  pathIn(dir: Dir, name: string): string {
    return this.at(dir, name);
  }

  /** @internal for DirHandle */
  createIn(dir: Dir, name: string): number {
    return this.openIn(dir, name, C.O_WRONLY | C.O_CREAT | C.O_EXCL, 0o644);
  }

  /** @internal for DirHandle */
  listPath(dir: Dir): string {
    return this.viaProc ? `/proc/self/fd/${dir.fd}` : dir.path;
  }

  /** @internal for DirHandle */
  releaseDir(dir: Dir): void {
    this.release(dir);
  }
}

/**
 * An opened directory of a ConfinedRoot: list it, open a child directory or read a child file,
 * all relative to the descriptor. Close it when done.
 */
export class DirHandle {
  private open = true;
  constructor(
    private readonly owner: ConfinedRoot,
    private readonly dir: Dir,
  ) {}

  /** Relative path of this directory (`''` for the root). */
  get rel(): string {
    return this.dir.rel;
  }

  /** The entries of the opened directory itself (read through its descriptor). */
  entries(): FsResult<Entry[]> {
    try {
      return {
        ok: true,
        value: readdirSync(this.owner.listPath(this.dir), { withFileTypes: true }).map((e) => ({
          name: e.name,
          kind: kindOf(e),
        })),
      };
    } catch (err) {
      return fromErrno(err, `listing ${shown(this.dir.rel)}`);
    }
  }

  child(name: string): FsResult<DirHandle> {
    const d = this.owner.childOf(this.dir, name);
    return d.ok ? { ok: true, value: new DirHandle(this.owner, d.value) } : d;
  }

  /** What is at `name` in this directory, without following a link (one `lstat` through the descriptor). */
  stat(name: string): FsResult<StatInfo> {
    try {
      const st = lstatSync(this.owner.pathIn(this.dir, name));
      return { ok: true, value: { kind: kindOf(st), size: st.size, mtimeMs: st.mtimeMs } };
    } catch (err) {
      return fromErrno(err, `'${this.dir.rel === '' ? name : `${this.dir.rel}/${name}`}'`);
    }
  }

  readFile(name: string, maxBytes: number): FsResult<Buffer> {
    const opened = this.owner.openFileIn(this.dir, name, maxBytes);
    return opened.ok ? readOpened(opened.value) : opened;
  }

  /**
   * Opens the regular file `name` of this directory for reading, as `readFile` does (checked with
   * fstat, at most `maxBytes`), and leaves reading it to the caller, who closes `fd`.
   */
  openFile(name: string, maxBytes: number): FsResult<OpenedFile> {
    return this.owner.openFileIn(this.dir, name, maxBytes);
  }

  /**
   * Creates the new file `name` (`O_CREAT | O_EXCL | O_NOFOLLOW`: never an existing file or a
   * link) with `data`. `refused` when it exists.
   */
  createFile(name: string, data: Uint8Array | string): FsResult<number> {
    let fd: number;
    try {
      fd = this.owner.createIn(this.dir, name);
    } catch (err) {
      return err instanceof ChainError ? err.error : fromErrno(err, `'${name}'`);
    }
    try {
      const bytes = typeof data === 'string' ? Buffer.from(data) : data;
      let off = 0;
      while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
      return { ok: true, value: bytes.length };
    } catch (err) {
      return fromErrno(err, `'${name}'`);
    } finally {
      closeSync(fd);
    }
  }

  /** Renames `from` to `to`, both in this directory (a link named `to` is replaced, not followed). */
  rename(from: string, to: string): FsResult<void> {
    try {
      renameSync(this.owner.pathIn(this.dir, from), this.owner.pathIn(this.dir, to));
      return { ok: true, value: undefined };
    } catch (err) {
      return fromErrno(err, `'${from}'`);
    }
  }

  /** Removes the file `name` of this directory (a link is removed, not followed). */
  remove(name: string): void {
    try {
      unlinkSync(this.owner.pathIn(this.dir, name));
    } catch {
      /* already gone */
    }
  }

  close(): void {
    if (!this.open) return;
    this.open = false;
    this.owner.releaseDir(this.dir);
  }
}

/** A failure inside the chain that already has its FsError. */
class ChainError extends Error {
  constructor(readonly error: FsError) {
    super(error.reason);
  }
}

/** fstat an opened descriptor: a regular file of at most `maxBytes`. */
function checkRegular(fd: number, rel: string, maxBytes: number): FsResult<OpenedFile> {
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) return fsError('not-a-file', `'${rel}' is a directory`);
    if (!st.isFile()) return fsError('special', `'${rel}' is ${specialKind(st)}, not a regular file`);
    if (st.size > maxBytes) return fsError('too-large', `'${rel}' is ${st.size} bytes, the limit is ${maxBytes}`);
    return { ok: true, value: { fd, size: st.size } };
  } catch (err) {
    return fromErrno(err, `'${rel}'`);
  }
}

/** `a FIFO`, `a character device`, … for messages. */
export function specialKind(st: Stats): string {
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  if (st.isDirectory()) return 'a directory';
  if (st.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
}

/** Reads an opened file fully into a new buffer and closes it (a file that shrank is cut short). */
function readOpened({ fd, size }: OpenedFile): FsResult<Buffer> {
  try {
    const buf = Buffer.allocUnsafe(size);
    const n = readFully(fd, buf);
    return { ok: true, value: n === size ? buf : buf.subarray(0, n) };
  } catch (err) {
    return fromErrno(err);
  } finally {
    closeSync(fd);
  }
}

/** Reads into `target` from offset 0 until it is full or the file ends; returns the bytes read. */
export function readFully(fd: number, target: Uint8Array): number {
  let off = 0;
  while (off < target.length) {
    const n = readSync(fd, target, off, target.length - off, off);
    if (n === 0) break;
    off += n;
  }
  return off;
}

/** One root per real path per thread, opened on first use and kept for the life of the thread. */
const roots = new Map<string, ConfinedRoot>();

/**
 * The shared ConfinedRoot of a workspace (its real path). Only the root's descriptor is kept:
 * nothing below it is ever remembered.
 */
export function confinedRoot(realRoot: string): ConfinedRoot {
  let r = roots.get(realRoot);
  if (!r) {
    r = ConfinedRoot.open(realRoot);
    roots.set(realRoot, r);
    if (r.root !== realRoot) roots.set(r.root, r);
  }
  return r;
}
