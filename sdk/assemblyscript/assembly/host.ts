// Host file API: workspace-confined file access granted by the library's capabilities.
// Paths are relative to the workspace; absolute paths inside the workspace (as found in scopes)
// are made relative automatically.

@external("hielements", "read_file")
declare function host_read_file(pathPtr: usize, pathLen: usize): i64;
@external("hielements", "list_directory")
declare function host_list_directory(pathPtr: usize, pathLen: usize): i64;
@external("hielements", "file_exists")
declare function host_file_exists(pathPtr: usize, pathLen: usize): i32;
@external("hielements", "write_file")
declare function host_write_file(pathPtr: usize, pathLen: usize, dataPtr: usize, dataLen: usize): i32;
@external("hielements", "log")
declare function host_log(ptr: usize, len: usize): void;

/** Host status codes (negative results). */
export const DENIED: i32 = -1;
export const NOT_FOUND: i32 = -2;
export const INVALID_PATH: i32 = -3;
export const IO_ERROR: i32 = -4;
export const TOO_LARGE: i32 = -5;
export const NOT_A_FILE: i32 = -6;
export const NOT_A_DIRECTORY: i32 = -7;
export const GUEST_ALLOC_FAILED: i32 = -8;

/** Results of fileExists. */
export const EXISTS_NONE: i32 = 0;
export const EXISTS_FILE: i32 = 1;
export const EXISTS_DIR: i32 = 2;

let workspaceRoot: string = "";
let lastStatus: i32 = 0;

/** Set by the SDK from each request. */
export function setWorkspace(root: string): void {
  workspaceRoot = root;
}

/** Absolute path of the workspace (as the host sent it). */
export function workspace(): string {
  return workspaceRoot;
}

/** Status of the last failed host call (a negative code), 0 after a success. */
export function lastError(): i32 {
  return lastStatus;
}

export function statusName(status: i32): string {
  if (status == DENIED) return "denied";
  if (status == NOT_FOUND) return "not found";
  if (status == INVALID_PATH) return "invalid path";
  if (status == IO_ERROR) return "i/o error";
  if (status == TOO_LARGE) return "too large";
  if (status == NOT_A_FILE) return "not a file";
  if (status == NOT_A_DIRECTORY) return "not a directory";
  if (status == GUEST_ALLOC_FAILED) return "out of memory";
  return "ok";
}

/** Workspace-relative form of a path: strips the workspace prefix from absolute paths. */
export function relative(path: string): string {
  const root = workspaceRoot;
  if (root.length > 0 && path.startsWith(root)) {
    if (path.length == root.length) return ".";
    if (path.charCodeAt(root.length) == 0x2f) return path.substring(root.length + 1);
  }
  return path;
}

/** Absolute form of a workspace-relative path. */
export function absolute(rel: string): string {
  if (rel.length > 0 && rel.charCodeAt(0) == 0x2f) return rel;
  if (rel == "" || rel == ".") return workspaceRoot;
  return workspaceRoot + "/" + rel;
}

function takeBuffer(packed: i64): string | null {
  if (packed < 0) {
    lastStatus = <i32>packed;
    return null;
  }
  lastStatus = 0;
  const ptr = <usize>(<u64>packed >> 32);
  const len = <usize>(<u64>packed & 0xffffffff);
  if (len == 0) return "";
  const s = String.UTF8.decodeUnsafe(ptr, len);
  heap.free(ptr);
  return s;
}

/** File contents as bytes (no text decoding: fastest for byte-level scans), or null (see lastError()). */
export function readBytes(path: string): Uint8Array | null {
  const p = String.UTF8.encode(relative(path));
  const packed = host_read_file(changetype<usize>(p), <usize>p.byteLength);
  if (packed < 0) {
    lastStatus = <i32>packed;
    return null;
  }
  lastStatus = 0;
  const ptr = <usize>(<u64>packed >> 32);
  const len = <i32>(<u64>packed & 0xffffffff);
  const out = new Uint8Array(len);
  if (len > 0) {
    memory.copy(out.dataStart, ptr, <usize>len);
    heap.free(ptr);
  }
  return out;
}

/** File contents as UTF-8 text, or null (see lastError()). */
export function readFile(path: string): string | null {
  const p = String.UTF8.encode(relative(path));
  return takeBuffer(host_read_file(changetype<usize>(p), <usize>p.byteLength));
}

export enum EntryKind {
  File,
  Directory,
  Symlink,
  Other,
}

/** One entry of a directory listing. */
export class DirEntry {
  constructor(
    public name: string,
    public kind: EntryKind,
  ) {}
  get isFile(): bool {
    return this.kind == EntryKind.File;
  }
  get isDirectory(): bool {
    return this.kind == EntryKind.Directory;
  }
  get isSymlink(): bool {
    return this.kind == EntryKind.Symlink;
  }
}

/** Entries of a directory, sorted by name. Null on error (see lastError()). */
export function listDirectory(path: string): DirEntry[] | null {
  const p = String.UTF8.encode(relative(path));
  const text = takeBuffer(host_list_directory(changetype<usize>(p), <usize>p.byteLength));
  if (text === null) return null;
  const out = new Array<DirEntry>();
  if (text.length == 0) return out;
  const lines = text.split("\n");
  for (let k = 0; k < lines.length; k++) {
    const line = lines[k];
    if (line.length < 2) continue;
    const t = line.charCodeAt(0);
    const kind = t == 0x66 ? EntryKind.File : t == 0x64 ? EntryKind.Directory : t == 0x6c ? EntryKind.Symlink : EntryKind.Other;
    out.push(new DirEntry(line.substring(1), kind));
  }
  return out;
}

/** EXISTS_NONE, EXISTS_FILE, EXISTS_DIR, or a negative status. */
export function fileExists(path: string): i32 {
  const p = String.UTF8.encode(relative(path));
  const r = host_file_exists(changetype<usize>(p), <usize>p.byteLength);
  lastStatus = r < 0 ? r : 0;
  return r;
}

/** Write text to a file (needs `file_write = true`). Returns 0 or a negative status. */
export function writeFile(path: string, text: string): i32 {
  const p = String.UTF8.encode(relative(path));
  const d = String.UTF8.encode(text);
  const r = host_write_file(changetype<usize>(p), <usize>p.byteLength, changetype<usize>(d), <usize>d.byteLength);
  lastStatus = r < 0 ? r : 0;
  return r;
}

/** A line in the host's verbose trace (`hielements check --verbose`). */
export function log(message: string): void {
  const m = String.UTF8.encode(message);
  host_log(changetype<usize>(m), <usize>m.byteLength);
}

/**
 * Every regular file under `dir` (workspace-relative, "" or "." for the root), depth-first in
 * sorted order, skipping directories named in `skip` and symbolic links. Returns
 * workspace-relative paths.
 */
export function walkFiles(dir: string, skip: string[] = [".git", "node_modules"]): string[] {
  const out = new Array<string>();
  walkInto(relative(dir), skip, out);
  return out;
}

function walkInto(dir: string, skip: string[], out: string[]): void {
  const entries = listDirectory(dir == "" ? "." : dir);
  if (entries === null) return;
  for (let k = 0; k < entries.length; k++) {
    const e = entries[k];
    const rel = dir == "" || dir == "." ? e.name : dir + "/" + e.name;
    if (e.isDirectory) {
      if (!skip.includes(e.name)) walkInto(rel, skip, out);
    } else if (e.isFile) out.push(rel);
  }
}
