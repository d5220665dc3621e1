/**
 * The guest's file host functions over the confinement module (src/confine): what each call may
 * touch is decided there; this file only turns its outcomes into the ABI's status codes and the
 * listing format. Synchronous on purpose: it runs inside the library's worker while the guest is
 * blocked in a host call.
 */
import {
  type ConfinedRoot,
  writePolicy,
  type FsErrorKind,
  type FsResult,
  type OpenedFile,
  type WritePolicy,
} from '../../confine/index.js';
import { EXISTS_DIR, EXISTS_FILE, EXISTS_NONE, HostStatus } from './abi.js';

export type HostResult<T> = { ok: true; value: T } | { ok: false; status: number; reason: string };

const STATUS: Readonly<Record<FsErrorKind, number>> = {
  'invalid-path': HostStatus.INVALID_PATH,
  outside: HostStatus.DENIED,
  symlink: HostStatus.DENIED,
  'not-found': HostStatus.NOT_FOUND,
  'not-a-file': HostStatus.NOT_A_FILE,
  'not-a-directory': HostStatus.NOT_A_DIRECTORY,
  'too-large': HostStatus.TOO_LARGE,
  special: HostStatus.NOT_A_FILE,
  'hard-link': HostStatus.DENIED,
  protected: HostStatus.DENIED,
  'not-granted': HostStatus.DENIED,
  denied: HostStatus.DENIED,
  io: HostStatus.IO_ERROR,
};

function host<T>(r: FsResult<T>): HostResult<T> {
  return r.ok ? r : { ok: false, status: STATUS[r.kind], reason: r.reason };
}

export interface HostFsOptions {
  /** Workspace-relative folders `write_file` may write below (empty: none). */
  writeGrants: readonly string[];
  /** Workspace-relative paths never written (configured cache folder, modules, programs). */
  protectedPaths?: readonly string[];
  /** Absolute paths of files never written (compared by device and inode). */
  protectedFiles?: readonly string[];
}

/** The four file host functions of one library instance. */
export class HostFs {
  private readonly policy: WritePolicy;

  constructor(
    readonly root: ConfinedRoot,
    opts: HostFsOptions,
  ) {
    this.policy = writePolicy({
      grants: opts.writeGrants,
      protectedPaths: opts.protectedPaths ?? [],
      protectedFiles: opts.protectedFiles ?? [],
    });
  }

  /** Opens a regular file for `read_file`; the caller reads `size` bytes and closes `fd`. */
  openRead(rel: string, maxBytes: number): HostResult<OpenedFile> {
    return host(this.root.openFile(rel, maxBytes));
  }

  /**
   * `list_directory`: one entry per line, sorted by name (code units), each line a type character
   * and the name: `f` regular file, `d` directory, `l` symbolic link (never followed), `o`
   * anything else. Names containing a newline are left out.
   */
  list(rel: string): HostResult<string> {
    const r = this.root.list(rel);
    if (!r.ok) return host(r);
    const lines = r.value
      .filter((e) => !e.name.includes('\n'))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .map((e) => `${e.kind === 'symlink' ? 'l' : e.kind === 'dir' ? 'd' : e.kind === 'file' ? 'f' : 'o'}${e.name}`);
    return { ok: true, value: lines.join('\n') };
  }

  /** `file_exists`: 1 file, 2 directory, 0 nothing; a symbolic link is refused like every other step. */
  exists(rel: string): HostResult<number> {
    const r = this.root.stat(rel);
    if (!r.ok) return r.kind === 'not-found' ? { ok: true, value: EXISTS_NONE } : host(r);
    if (r.value.kind === 'symlink')
      return { ok: false, status: HostStatus.DENIED, reason: `'${rel}' is a symbolic link (never followed)` };
    return { ok: true, value: r.value.kind === 'dir' ? EXISTS_DIR : EXISTS_FILE };
  }

  write(rel: string, data: Uint8Array): HostResult<number> {
    return host(this.root.writeFile(rel, data, this.policy));
  }
}
