/**
 * Persistent facts store: the facts of every parsed file, kept between runs in the workspace's
 * cache directory (`.hielements-cache/` by default), so that a run parses only the files whose
 * content changed.
 *
 * An entry is keyed by the file's workspace-relative path and holds its size, modification time,
 * content hash (SHA-256) and facts. It is reused
 * - without reading the file when size and modification time are unchanged (a file modified less
 *   than `RACY_MS` before it was recorded is always re-hashed, as git does for "racily clean"
 *   entries, so a same-size edit within the file system's time resolution is never missed);
 * - after reading and hashing the file when only the time changed (a fresh checkout restoring the
 *   cache directory): same hash, same facts, no parse.
 * The whole store is discarded when the tool key differs: hielements version, the extractor's own
 * code, and the versions of web-tree-sitter and the grammars. A store that cannot be read or parsed
 * is discarded (and rewritten); one that cannot be written leaves the run's results untouched.
 *
 * Writes go to a temporary file renamed over the store, so concurrent runs never see a torn file
 * (the last writer wins). Entries of files that no longer exist are dropped when the store is saved.
 *
 * The folder is opened without following a symbolic link (inside the workspace, component by
 * component through src/confine; elsewhere its configured path, whose last component must not be
 * a link), and every file in it is read, created and renamed relative to that descriptor: a
 * symbolic link planted as the cache folder, or as a file in it, is refused, never written through.
 *
 * The store is one JSON document written one entry per line, so that loading it costs little more
 * than reading it: only each line's path is decoded, and the file stays open until the store is
 * saved (normally at the end of the run): an entry's line is read again, checked to still name its
 * path, and parsed (and checked) when a run asks for that file; entries a run never asks for are
 * copied back as they were. So a run holds neither the file's text nor parsed facts (see `Slot`).
 * A document in another layout (edited by hand) is parsed whole.
 */
import { closeSync, readdirSync, readFileSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfinedRoot, confinedRoot, type DirHandle, type FsResult } from '../../../confine/index.js';
import { isOutline, type FileFacts, type Grammar } from './types.js';

/** A relative path with an empty, `.` or `..` segment (or a trailing slash): not in normal form. */
const UNNORMALISED = /(^|\/)\.{1,2}(\/|$)|\/\/|\/$/;

/** Largest store file read (a bigger one is discarded and rewritten). */
const MAX_STORE_BYTES = 512 * 1024 * 1024;

/** Store layout version: bump when the file's shape changes. */
const FORMAT = 2;
/** A file modified this recently (ms) when recorded is verified by content next time. */
const RACY_MS = 2000;
/** Name of the default cache directory inside the workspace. */
export const DEFAULT_CACHE_DIR = '.hielements-cache';

/** What the store compares to tell an unchanged file: its size and modification time. */
export interface FileStamp {
  size: number;
  mtimeMs: number;
}

const require = createRequire(import.meta.url);

/** A SHA-256 hash; node:crypto is loaded on first use (a command that never hashes, like `check`, starts faster). */
function sha256(): import('node:crypto').Hash {
  return (require('node:crypto') as typeof import('node:crypto')).createHash('sha256');
}

/** SHA-256 of file contents, as stored (hex). */
export function contentHash(buf: Uint8Array): string {
  return sha256().update(buf).digest('hex');
}

/**
 * An entry as kept in memory: the number of its line in the store file, which stays open for the
 * run (see `Lines`), or — recorded or re-stamped in this run — its JSON text
 * `[size,mtimeMs,"hash",{facts}]`. Nothing else: the file's text is not held (a warm run of a
 * large workspace would keep megabytes it reads once), facts are parsed from their text each time
 * they are asked for, and the per-run cache keeps the facts of the files asked for more than once
 * (see cache.ts).
 */
type Slot = string | number;

/**
 * The store file as read: open (`fd`) until the store is saved, with the byte range of each entry's
 * line (`"path":[…]`, without the separating comma). An entry's line is read again when it is asked
 * for, and checked to still name its path (a file rewritten in place cannot hand one file's entry
 * to another).
 */
interface Lines {
  fd: number;
  starts: number[];
  ends: number[];
}

/** A checked entry, parsed from its slot for one question. */
interface Entry {
  size: number;
  /** -1: verify by content next time (recorded while racily new). */
  mtimeMs: number;
  hash: string;
  facts: FileFacts;
}

/** The JSON text of an entry (the layout `save` writes), around the facts' own JSON text. */
function slotText(size: number, mtimeMs: number, hash: string, factsJson: string): Slot {
  return `${slotHead(size, mtimeMs, hash)}${factsJson}]`;
}

function slotHead(size: number, mtimeMs: number, hash: string): string {
  return `[${JSON.stringify(size)},${JSON.stringify(mtimeMs)},${JSON.stringify(hash)},`;
}

/**
 * End (index of the closing quote) of the JSON string starting at `buf[from]` and ending before
 * `to`, or -1. Quotes inside a JSON string are always escaped, so the first unescaped quote ends
 * it; quotes and backslashes are ASCII, never part of a UTF-8 sequence.
 */
function jsonStringEndIn(buf: Uint8Array, from: number, to: number): number {
  if (buf[from] !== 34) return -1;
  for (let i = from + 1; i < to; i++) {
    const c = buf[i];
    if (c === 92) i++;
    else if (c === 34) return i;
  }
  return -1;
}

/**
 * Are the bytes `buf[from, to)` the string `s`, all of it plain ASCII without quote or backslash
 * (the usual path, written as it is)? False also when `s` is anything else (then the caller
 * decodes and compares).
 */
function sameAscii(buf: Uint8Array, from: number, to: number, s: string): boolean {
  if (to - from !== s.length) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || c === 34 || c === 92 || c < 32 || buf[from + i] !== c) return false;
  }
  return true;
}

/** Does `buf[from, to)` hold the byte `b`? */
function hasByte(buf: Uint8Array, b: number, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (buf[i] === b) return true;
  return false;
}

/** Reads `buf.length` bytes at `position` of `fd` (fewer at the end of the file); returns how many. */
function readAt(fd: number, buf: Buffer, position: number): number {
  let n = 0;
  while (n < buf.length) {
    const got = readSync(fd, buf, n, buf.length - n, position + n);
    if (got === 0) break;
    n += got;
  }
  return n;
}

/** UTF-8 bytes written one string after another into a buffer that grows as needed. */
class ByteSink {
  private buf: Buffer;
  private at = 0;
  constructor(hint: number) {
    this.buf = Buffer.allocUnsafe(Math.max(hint, 1024));
  }
  write(s: string): void {
    // UTF-8 takes at most three bytes per UTF-16 code unit: only a string that might not fit is measured
    if (this.at + s.length * 3 > this.buf.length) {
      const need = Buffer.byteLength(s);
      if (this.at + need > this.buf.length) {
        const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.at + need));
        this.buf.copy(bigger, 0, 0, this.at);
        this.buf = bigger;
      }
    }
    this.at += this.buf.write(s, this.at);
  }
  bytes(): Buffer {
    return this.buf.subarray(0, this.at);
  }
}

/** What the store knows about one file. */
export interface Lookup {
  /** Facts to reuse as they are (size and time unchanged). */
  facts?: FileFacts;
  /** Content hash whose facts the store holds: reuse them if the file still hashes to this. */
  known?: string;
}

/** How the files asked for in this run were answered. */
export interface StoreStats {
  /** Reused without reading the file (size and time unchanged). */
  unchanged: number;
  /** Reused after reading: same content hash. */
  sameContent: number;
  /** Parsed (new, changed, or not in the store). */
  parsed: number;
  /** Set when the store could not be read (discarded) or written. */
  problem?: string;
  /** Set once the store has been written (bytes). */
  savedBytes?: number;
}

let toolKeyMemo: string | undefined;

/**
 * Everything that changes what facts a file yields: the extractor's own source (this directory and
 * the scanners in scan/), hielements' version, and the parser and grammar packages' versions.
 */
export function toolKey(): string {
  if (toolKeyMemo) return toolKeyMemo;
  const h = sha256().update(`format ${FORMAT}\n`);
  const here = dirname(fileURLToPath(import.meta.url));
  // the scanners (scan/) are part of the extractor
  for (const sub of ['', 'scan']) {
    let names: string[];
    try {
      names = readdirSync(join(here, sub)).sort();
    } catch {
      continue;
    }
    for (const f of names) {
      const rel = sub ? `${sub}/${f}` : f;
      if (/\.(js|ts)$/.test(f) && !f.endsWith('.d.ts')) h.update(`${rel}\n`).update(readFileSync(join(here, rel)));
    }
  }
  for (const pkg of [
    'web-tree-sitter',
    'tree-sitter-python',
    'tree-sitter-rust',
    'tree-sitter-typescript',
    'tree-sitter-javascript',
  ]) {
    let version = 'missing';
    try {
      version =
        (JSON.parse(readFileSync(require.resolve(`${pkg}/package.json`), 'utf8')) as { version?: string }).version ??
        '?';
    } catch {
      // a grammar that cannot be found cannot produce facts either
    }
    h.update(`${pkg} ${version}\n`);
  }
  toolKeyMemo = h.digest('hex').slice(0, 32);
  return toolKeyMemo;
}

/**
 * A stored entry `[size, mtimeMs, hash, facts]`. Facts are checked for the fields every reader
 * dereferences; the store is our own file, so this guards against damage, not against forgery.
 */
function isEntry(v: unknown): v is [number, number, string, FileFacts] {
  if (
    !Array.isArray(v) ||
    v.length !== 4 ||
    typeof v[0] !== 'number' ||
    typeof v[1] !== 'number' ||
    typeof v[2] !== 'string'
  )
    return false;
  const f = v[3] as Partial<FileFacts> | null;
  return (
    typeof f === 'object' &&
    f !== null &&
    typeof f.grammar === 'string' &&
    Array.isArray(f.imports) &&
    Array.isArray(f.symbols) &&
    Array.isArray(f.calls) &&
    Array.isArray(f.typeRefs)
  );
}

export class FactsStore {
  private readonly entries = new Map<string, Slot>();
  /** The store file while it is open (from `load` to `save`). */
  private lines: Lines | undefined;
  /** Reused for reading entries (grown to the longest line read). */
  private scratch: Buffer | undefined;
  private loaded: Promise<void> | undefined;
  private dirty = false;
  readonly stats: StoreStats = { unchanged: 0, sameContent: 0, parsed: 0 };
  /** The store file. */
  readonly file: string;
  /** Name of the store file in `dir`. */
  private readonly name: string;
  /** Set when the folder was refused (a symbolic link): nothing is written then. */
  private refused = false;

  /**
   * @param root workspace root (real path): entries are keyed relative to it
   * @param dir cache directory; a directory outside the workspace may serve several workspaces,
   *   so there the file name carries a hash of the root
   */
  constructor(
    readonly root: string,
    readonly dir: string,
  ) {
    const rel = relative(root, dir);
    const inside = !isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${sep}`);
    const name = inside ? 'facts.json' : `facts-${sha256().update(root).digest('hex').slice(0, 16)}.json`;
    this.name = name;
    this.file = join(dir, name);
  }

  /** Opens the cache folder (see the module comment); the caller closes what it gets. */
  private openDir(create: boolean): FsResult<{ dir: DirHandle; owned?: ConfinedRoot }> {
    const rel = relative(this.root, this.dir);
    const inside = rel === '' || (!isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${sep}`));
    try {
      if (inside) {
        const d = confinedRoot(this.root).openDir(rel.split(sep).join('/'), create);
        return d.ok ? { ok: true, value: { dir: d.value } } : d;
      }
      const r = ConfinedRoot.openExact(this.dir, create);
      if (!r.ok) return r;
      const d = r.value.openDir('');
      if (!d.ok) {
        r.value.close();
        return d;
      }
      return { ok: true, value: { dir: d.value, owned: r.value } };
    } catch (e) {
      return { ok: false, kind: 'io', reason: e instanceof Error ? e.message : String(e) };
    }
  }

  private refuse(why: string): void {
    this.refused = true;
    this.stats.problem = `facts cache folder ${this.dir} not used: ${why}`;
  }

  /** How many files the store holds facts for (once loaded). */
  get size(): number {
    return this.entries.size;
  }

  /**
   * Reads the store once (later calls share the first read). The store file stays open until
   * `save`, which the owner calls at the end of the run.
   */
  load(): Promise<void> {
    this.loaded ??= this.read();
    return this.loaded;
  }

  private async read(): Promise<void> {
    const opened = this.openDir(false);
    if (!opened.ok) {
      if (opened.kind === 'symlink') this.refuse(opened.reason);
      return; // no store yet
    }
    let fd: number;
    let buf: Buffer;
    try {
      const r = opened.value.dir.openFile(this.name, MAX_STORE_BYTES);
      if (!r.ok) {
        if (r.kind !== 'not-found') {
          this.dirty = true;
          this.stats.problem = `unreadable facts cache ${this.file} discarded (${r.reason})`;
        }
        return;
      }
      fd = r.value.fd;
      try {
        buf = Buffer.allocUnsafe(r.value.size);
        buf = buf.subarray(0, readAt(fd, buf, 0));
      } catch (e) {
        closeSync(fd);
        this.dirty = true;
        this.stats.problem = `unreadable facts cache ${this.file} discarded (${e instanceof Error ? e.message : String(e)})`;
        return;
      }
    } finally {
      opened.value.dir.close();
      opened.value.owned?.close();
    }
    const lines = this.readLines(buf, fd);
    if (lines !== false) {
      if (lines) this.lines = lines;
      else closeSync(fd);
      return;
    }
    closeSync(fd);
    try {
      const doc = JSON.parse(buf.toString('utf8')) as { format?: unknown; tool?: unknown; files?: unknown };
      if (doc.format !== FORMAT || doc.tool !== toolKey() || typeof doc.files !== 'object' || doc.files === null) {
        this.dirty = true; // written by another version: replaced at the end of the run
        return;
      }
      for (const [rel, v] of Object.entries(doc.files as Record<string, unknown>)) {
        if (isEntry(v)) this.entries.set(rel, JSON.stringify(v));
        else this.dirty = true; // a damaged entry: rewritten without it
      }
    } catch (e) {
      this.dirty = true;
      this.stats.problem =
        `unreadable facts cache ${this.file} discarded ` + `(${e instanceof Error ? e.message : String(e)})`;
    }
  }

  /**
   * Reads the layout `save` writes: a header line, one `"path":[…]` line per entry, `}}`. Only the
   * paths are decoded: each entry is known by its line's place in the file (`fd`, kept open), and
   * read when asked for. Returns the lines (undefined: no entries to read, the file is not needed)
   * or false for anything else (then the text is parsed as a whole, which also reports damage).
   */
  private readLines(buf: Buffer, fd: number): Lines | undefined | false {
    const head = `{"format":${FORMAT},"tool":`;
    const nl = buf.indexOf(10);
    const n = buf.length;
    if (
      nl < 0 ||
      buf[n - 3] !== 10 ||
      buf[n - 2] !== 125 ||
      buf[n - 1] !== 125 ||
      buf.toString('latin1', 0, head.length) !== head
    )
      return false;
    const header = buf.toString('utf8', 0, nl);
    if (header !== `${head}${JSON.stringify(toolKey())},"files":{`) {
      if (!/^\{"format":\d+,"tool":"[^"\\]*","files":\{$/.test(header)) return false;
      this.dirty = true; // written by another version: replaced at the end of the run
      return undefined;
    }
    const bodyEnd = n - 3; // the body is buf[nl + 1, bodyEnd)
    if (bodyEnd <= nl + 1) return undefined;
    const rels: string[] = [];
    const starts: number[] = [];
    const ends: number[] = [];
    for (let at = nl + 1; at <= bodyEnd; ) {
      let end = buf.indexOf(10, at);
      if (end < 0 || end > bodyEnd) end = bodyEnd;
      const last = end === bodyEnd;
      // every line but the last ends with the comma between entries
      const lineEnd = last ? end : end - 1;
      if (!last && buf[lineEnd] !== 44) return false;
      const keyEnd = jsonStringEndIn(buf, at, lineEnd);
      if (keyEnd < 0 || buf[keyEnd + 1] !== 58 /* : */) return false;
      let rel: string;
      if (hasByte(buf, 92 /* \\ */, at, keyEnd)) {
        try {
          rel = JSON.parse(buf.toString('utf8', at, keyEnd + 1)) as string;
        } catch {
          return false;
        }
      } else rel = buf.toString('utf8', at + 1, keyEnd);
      rels.push(rel);
      starts.push(at);
      ends.push(lineEnd);
      at = end + 1;
    }
    for (let k = 0; k < rels.length; k++) this.entries.set(rels[k]!, k);
    return { fd, starts, ends };
  }

  /**
   * The JSON text of the entry on line `k` of the open store file, or undefined when that line no
   * longer holds the entry of `rel` (the file was changed in place since it was read).
   */
  private lineText(rel: string, k: number): string | undefined {
    const lines = this.lines;
    if (!lines) return undefined;
    const start = lines.starts[k]!;
    const len = lines.ends[k]! - start;
    if (!this.scratch || this.scratch.length < len) this.scratch = Buffer.allocUnsafe(Math.max(len, 16 * 1024));
    const buf = this.scratch.subarray(0, len);
    let got: number;
    try {
      got = readAt(lines.fd, buf, start);
    } catch {
      return undefined;
    }
    if (got !== len) return undefined;
    const keyEnd = jsonStringEndIn(buf, 0, len);
    if (keyEnd < 0 || buf[keyEnd + 1] !== 58) return undefined;
    if (sameAscii(buf, 1, keyEnd, rel)) return buf.toString('utf8', keyEnd + 2, len);
    const keyText = buf.toString('utf8', 0, keyEnd + 1);
    let key: string;
    try {
      key = keyText.includes('\\') ? (JSON.parse(keyText) as string) : keyText.slice(1, -1);
    } catch {
      return undefined;
    }
    return key === rel ? buf.toString('utf8', keyEnd + 2, len) : undefined;
  }

  /** The JSON text of an entry, read from the store file if need be (undefined: damaged or gone). */
  private slotText(rel: string): string | undefined {
    const slot = this.entries.get(rel);
    return typeof slot === 'number' ? this.lineText(rel, slot) : slot;
  }

  /** About the size of the store to write: the file read, and the entries recorded since. */
  private sizeHint(): number {
    const lines = this.lines!;
    let n = (lines.ends[lines.ends.length - 1] ?? 0) + 64;
    this.entries.forEach((slot) => {
      if (typeof slot === 'string') n += slot.length + 64;
    });
    return n;
  }

  /** Closes the store file: entries still known only by their line are forgotten (a later `load` reads the file again). */
  private closeFile(): void {
    const lines = this.lines;
    if (!lines) return;
    this.lines = undefined;
    this.scratch = undefined;
    try {
      closeSync(lines.fd);
    } catch {
      // closed already
    }
    let kept = 0;
    this.entries.forEach((slot, rel) => {
      if (typeof slot === 'number') this.entries.delete(rel);
      else kept++;
    });
    if (kept === 0) this.loaded = undefined;
  }

  /**
   * The entry of a workspace-relative path, parsed and checked from its text (a damaged one is
   * dropped). The parsed entry is the caller's: nothing here keeps it.
   */
  private entry(rel: string): Entry | undefined {
    if (!this.entries.has(rel)) return undefined;
    const slot = this.slotText(rel);
    let v: unknown;
    try {
      v = slot === undefined ? undefined : JSON.parse(slot);
    } catch {
      v = undefined;
    }
    if (!isEntry(v)) {
      this.entries.delete(rel);
      this.dirty = true; // a damaged entry: rewritten without it
      return undefined;
    }
    return { size: v[0], mtimeMs: v[1], hash: v[2], facts: v[3] };
  }

  private key(file: string): string {
    // Files come from the workspace walk: normalised absolute paths below the root, for which
    // slicing off the root gives what path.relative gives, at a fraction of the cost (a warm run
    // looks up every file it touches). Anything else takes the general way.
    if (
      sep === '/' &&
      file.length > this.root.length + 1 &&
      file.startsWith(this.root) &&
      file[this.root.length] === '/'
    ) {
      const rel = file.slice(this.root.length + 1);
      if (!UNNORMALISED.test(rel)) return rel;
    }
    const rel = relative(this.root, file);
    return sep === '/' ? rel : rel.split(sep).join('/');
  }

  /** The absolute path of an entry's key (`key` reversed; the general way for anything unusual). */
  private absolute(rel: string): string {
    if (sep === '/' && rel !== '' && rel[0] !== '/' && !this.root.endsWith('/') && !UNNORMALISED.test(rel))
      return `${this.root}/${rel}`;
    return join(this.root, rel);
  }

  /**
   * What the store holds for `file` (stat'ed by the caller; undefined when it cannot be). With
   * `needCalls`, outline facts (python without calls, rust without type references) do not count.
   * `again`: the caller already had this file's facts from the store in this run (looked up,
   * re-read or recorded): the entry is taken as it is, even one recorded to be verified by content
   * next time, and not counted twice.
   */
  lookup(file: string, stat: FileStamp | undefined, grammar: Grammar, needCalls: boolean, again = false): Lookup {
    const e = this.entry(this.key(file));
    if (!e || e.facts.grammar !== grammar || (needCalls && isOutline(e.facts))) return {};
    if (again) return { facts: e.facts };
    if (stat && e.size === stat.size && e.mtimeMs === stat.mtimeMs) {
      this.stats.unchanged++;
      return { facts: e.facts };
    }
    return { known: e.hash };
  }

  /** The facts stored for `file` under content hash `hash` (the caller found the content unchanged). */
  reuse(file: string, stat: FileStamp | undefined, hash: string): FileFacts | undefined {
    const rel = this.key(file);
    const e = this.entry(rel);
    if (!e || e.hash !== hash) return undefined;
    this.stats.sameContent++;
    // the facts' text is taken over as it is when the entry is in the layout `save` writes
    const slot = this.slotText(rel) ?? '';
    const head = slotHead(e.size, e.mtimeMs, e.hash);
    const json = slot.startsWith(head) && slot.endsWith(']') ? slot.slice(head.length, -1) : undefined;
    this.remember(rel, stat, hash, e.facts, json);
    return e.facts;
  }

  /**
   * Facts just extracted from content hashing to `hash`; `stat` was taken before the read. Facts
   * carrying an error (file too large, parser failure) are not kept: the next run tries again.
   */
  record(file: string, stat: FileStamp | undefined, hash: string, facts: FileFacts, json?: string): void {
    this.stats.parsed++;
    if (facts.error === undefined) this.remember(this.key(file), stat, hash, facts, json);
  }

  private remember(rel: string, stat: FileStamp | undefined, hash: string, facts: FileFacts, json?: string): void {
    const racy = !stat || Date.now() - stat.mtimeMs < RACY_MS;
    const slot = slotText(stat?.size ?? -1, racy ? -1 : stat.mtimeMs, hash, json ?? JSON.stringify(facts));
    this.entries.set(rel, slot);
    this.dirty = true;
  }

  /**
   * Writes the store when something changed. With `existing` (every file of the workspace walk),
   * entries of other paths are dropped first.
   */
  async save(existing?: { has(abs: string): boolean }): Promise<void> {
    await this.load();
    try {
      await this.write(existing);
    } finally {
      this.closeFile();
    }
  }

  private async write(existing?: { has(abs: string): boolean }): Promise<void> {
    if (existing) {
      for (const rel of [...this.entries.keys()]) {
        if (!existing.has(this.absolute(rel))) {
          this.entries.delete(rel);
          this.dirty = true;
        }
      }
    }
    if (!this.dirty || this.refused) return;
    // Written piece by piece, one entry per line (see `readLines`), straight into the bytes to
    // write: every entry is JSON text already, entries nobody asked for are copied from the file
    // as they were; no list of lines and no document-sized string is made.
    const out = new ByteSink(this.lines ? this.sizeHint() : 64 * 1024);
    out.write(`{"format":${FORMAT},"tool":${JSON.stringify(toolKey())},"files":{\n`);
    let first = true;
    for (const rel of [...this.entries.keys()].sort()) {
      const slot = this.entries.get(rel)!;
      const entry = typeof slot === 'number' ? this.lineText(rel, slot) : slot;
      if (entry === undefined) continue; // damaged: left out
      if (!first) out.write(',\n');
      first = false;
      out.write(JSON.stringify(rel));
      out.write(':');
      out.write(entry);
    }
    out.write('\n}}');
    this.closeFile(); // before the rename (some systems refuse to replace an open file)
    const bytes = out.bytes();
    const tmp = `${this.name}.${process.pid}.${Date.now()}.tmp`;
    const opened = this.openDir(true);
    if (!opened.ok) {
      if (opened.kind === 'symlink') this.refuse(opened.reason);
      else this.addProblem(`facts cache not saved to ${this.file}: ${opened.reason}`);
      return;
    }
    const { dir, owned } = opened.value;
    try {
      markAsCache(dir);
      const written = dir.createFile(tmp, bytes);
      const renamed = written.ok ? dir.rename(tmp, this.name) : written;
      if (!renamed.ok) {
        dir.remove(tmp);
        this.addProblem(`facts cache not saved to ${this.file}: ${renamed.reason}`);
        return;
      }
      this.dirty = false;
      this.stats.savedBytes = bytes.length;
    } finally {
      dir.close();
      owned?.close();
    }
  }

  /** Keeps an earlier problem (a read problem) next to a new one. */
  private addProblem(why: string): void {
    this.stats.problem = this.stats.problem ? `${this.stats.problem}; ${why}` : why;
  }
}

/** Marks the folder as a cache: ignored by git (and by backup tools, CACHEDIR.TAG). Never overwrites. */
function markAsCache(dir: DirHandle): void {
  const marks: [string, string][] = [
    ['.gitignore', '# Created by hielements: a cache of parsed facts, not meant for version control.\n*\n'],
    [
      'CACHEDIR.TAG',
      'Signature: 8a477f597d28d172789f06886806bc55\n# This file is a cache directory tag created by hielements.\n# ' +
        'For information about cache directory tags see https://bford.info/cachedir/\n',
    ],
  ];
  for (const [name, text] of marks) dir.createFile(name, text); // exists already: left as it is
}
