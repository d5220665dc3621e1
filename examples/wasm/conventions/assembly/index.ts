// The `conventions` example library in AssemblyScript: file size, file-name case and headers.
// Gives the same results as the Python external library examples/plugins/python/conventions_plugin.py
// (semantics: docs/external_libraries.md, "conventions reference semantics"); a test compares them.
import {
  Args, CheckResult, Library, Location, Scope, Value, ValueType,
  absolute, error, fail, fileExists, lastError, listDirectory, optionalParam, param, pass, readBytes,
  relative, statusName, walkFiles, EXISTS_DIR, EXISTS_FILE,
} from "../../../../sdk/assemblyscript/assembly/index";
export * from "../../../../sdk/assemblyscript/assembly/exports";

// ---------------------------------------------------------------- helpers

/** JSON string literal the way Python's `json.dumps(s, ensure_ascii=False)` writes it (non-ASCII kept). */
function pyQuote(s: string): string {
  let out = "\"";
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c == 0x22) out += "\\\"";
    else if (c == 0x5c) out += "\\\\";
    else if (c == 0x0a) out += "\\n";
    else if (c == 0x0d) out += "\\r";
    else if (c == 0x09) out += "\\t";
    else if (c == 0x08) out += "\\b";
    else if (c == 0x0c) out += "\\f";
    else if (c < 0x20) {
      const h = c.toString(16);
      out += "\\u" + "0000".substring(h.length) + h;
    } else out += String.fromCharCode(c);
  }
  return out + "\"";
}

function basename(path: string): string {
  return path.substring(path.lastIndexOf("/") + 1);
}

/** Lines as Python's conventions plugin counts them: newlines, plus one for an unterminated last line. */
function countLines(data: Uint8Array): i64 {
  // Eight bytes at a time (SWAR): a byte of `x` is zero exactly where the data has a newline, and
  // the expression below sets the high bit of exactly those bytes. No text decoding needed.
  const start = data.dataStart;
  const end = start + <usize>data.length;
  const ONES: u64 = 0x0101010101010101;
  const LOW7: u64 = 0x7f7f7f7f7f7f7f7f;
  let n: i64 = 0;
  let p = start;
  for (; p + 8 <= end; p += 8) {
    const x = load<u64>(p) ^ (ONES * 0x0a);
    n += <i64>popcnt<u64>(~(((x & LOW7) + LOW7) | x | LOW7));
  }
  for (; p < end; p++) if (load<u8>(p) == 0x0a) n++;
  if (data.length > 0 && load<u8>(end - 1) != 0x0a) n++;
  return n;
}

/** Does `data` start with the UTF-8 bytes of `prefix`? (Python compares bytes too.) */
function startsWithBytes(data: Uint8Array, prefix: string): bool {
  const want = Uint8Array.wrap(String.UTF8.encode(prefix));
  if (want.length > data.length) return false;
  return memory.compare(data.dataStart, want.dataStart, <usize>want.length) == 0;
}

function unreadable(path: string): CheckResult {
  return error("cannot read " + relative(path) + ": " + statusName(lastError()));
}

function isLower(c: i32): bool {
  return c >= 0x61 && c <= 0x7a;
}
function isUpper(c: i32): bool {
  return c >= 0x41 && c <= 0x5a;
}
function isDigit(c: i32): bool {
  return c >= 0x30 && c <= 0x39;
}

/** Words of [a-z0-9] joined by single `sep`; snake also allows leading/trailing underscores. */
function isSeparated(s: string, sep: i32, edgeSeps: bool): bool {
  let start = 0;
  let end = s.length;
  if (edgeSeps) {
    while (start < end && s.charCodeAt(start) == sep) start++;
    while (end > start && s.charCodeAt(end - 1) == sep) end--;
  }
  if (start == end) return false;
  let prevSep = true;
  for (let k = start; k < end; k++) {
    const c = s.charCodeAt(k);
    if (c == sep) {
      if (prevSep) return false;
      prevSep = true;
    } else if (isLower(c) || isDigit(c)) prevSep = false;
    else return false;
  }
  return !prevSep;
}

function isCamelLike(s: string, upperFirst: bool): bool {
  if (s.length == 0) return false;
  const first = s.charCodeAt(0);
  if (upperFirst ? !isUpper(first) : !isLower(first)) return false;
  for (let k = 1; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (!isLower(c) && !isUpper(c) && !isDigit(c)) return false;
  }
  return true;
}

function scopeValue(kind: string, label: string, paths: string[]): Value {
  const s = new Scope();
  s.kindTag = kind;
  s.kindValue = label;
  s.paths = paths;
  return Value.scope(s);
}

// ---------------------------------------------------------------- selectors

function filesWithExtension(args: Args): Value {
  let ext = args.string(0);
  if (args.failed) return Value.null();
  if (ext.startsWith(".")) ext = ext.substring(1);
  if (ext.length == 0) {
    args.raise("argument 1 (ext) must not be empty", -32602);
    return Value.null();
  }
  const suffix = "." + ext;
  const all = walkFiles(".");
  const paths = new Array<string>();
  for (let k = 0; k < all.length; k++) if (basename(all[k]).endsWith(suffix)) paths.push(absolute(all[k]));
  paths.sort((a: string, b: string): i32 => (a < b ? -1 : a > b ? 1 : 0));
  return scopeValue("Glob", "**/*" + suffix, paths);
}

/** Every file under a folder, following no links and skipping nothing (like os.walk). */
function allFilesUnder(rel: string, out: string[]): void {
  const entries = listDirectory(rel);
  if (entries === null) return;
  for (let k = 0; k < entries.length; k++) {
    const e = entries[k];
    const child = rel + "/" + e.name;
    // Symbolic links are skipped: the host never follows them (docs/security.md).
    if (e.isDirectory) allFilesUnder(child, out);
    else if (!e.isSymlink) out.push(absolute(child));
  }
}

function simpleSelector(args: Args): Value {
  const path = args.string(0);
  if (args.failed) return Value.null();
  const kind = fileExists(path);
  if (kind == EXISTS_DIR) {
    const files = new Array<string>();
    allFilesUnder(relative(path), files);
    files.sort((a: string, b: string): i32 => (a < b ? -1 : a > b ? 1 : 0));
    return scopeValue("Folder", path, files);
  }
  if (kind == EXISTS_FILE) return scopeValue("File", path, [absolute(path)]);
  return scopeValue("File", path, []);
}

// ---------------------------------------------------------------- checks

function maxLines(args: Args): CheckResult {
  const scope = args.scope(0);
  const limit = args.int(1);
  if (args.failed) return pass();
  const bad = new Array<Location>();
  const names = new Array<string>();
  for (let k = 0; k < scope.paths.length; k++) {
    const path = scope.paths[k];
    const data = readBytes(path);
    if (data === null) return unreadable(path);
    const n = countLines(data);
    if (n > limit) {
      bad.push(new Location(path, <i32>(limit + 1), n.toString() + " lines, more than " + limit.toString()));
      names.push(relative(path) + " (" + n.toString() + ")");
    }
  }
  if (bad.length == 0) return pass();
  return fail(bad.length.toString() + " file(s) longer than " + limit.toString() + " lines: " + names.join(", "), bad);
}

function filenameCase(args: Args): CheckResult {
  const scope = args.scope(0);
  const style = args.string(1);
  if (args.failed) return pass();
  if (style != "snake" && style != "kebab" && style != "camel" && style != "pascal")
    return error("unknown style " + pyQuote(style) + "; expected snake, kebab, camel or pascal");
  const bad = new Array<Location>();
  const names = new Array<string>();
  for (let k = 0; k < scope.paths.length; k++) {
    const name = basename(scope.paths[k]);
    const dot = name.indexOf(".");
    const stem = dot >= 0 ? name.substring(0, dot) : name;
    if (stem.length == 0) continue;
    let ok = false;
    if (style == "snake") ok = isSeparated(stem, 0x5f, true);
    else if (style == "kebab") ok = isSeparated(stem, 0x2d, false);
    else if (style == "camel") ok = isCamelLike(stem, false);
    else ok = isCamelLike(stem, true);
    if (!ok) {
      bad.push(new Location(scope.paths[k], 0, "file name is not " + style + " case"));
      names.push(relative(scope.paths[k]));
    }
  }
  if (bad.length == 0) return pass();
  return fail(bad.length.toString() + " file name(s) not in " + style + " case: " + names.join(", "), bad);
}

function hasHeader(args: Args): CheckResult {
  const scope = args.scope(0);
  const header = args.string(1);
  if (args.failed) return pass();
  const bad = new Array<Location>();
  const names = new Array<string>();
  for (let k = 0; k < scope.paths.length; k++) {
    const data = readBytes(scope.paths[k]);
    if (data === null) return unreadable(scope.paths[k]);
    if (!startsWithBytes(data, header)) {
      bad.push(new Location(scope.paths[k], 1, "missing header"));
      names.push(relative(scope.paths[k]));
    }
  }
  if (bad.length == 0) return pass();
  return fail(bad.length.toString() + " file(s) do not start with " + pyQuote(header) + ": " + names.join(", "), bad);
}

function alwaysPass(args: Args): CheckResult {
  return pass();
}

function alwaysFail(args: Args): CheckResult {
  const message = args.count > 0 ? args.string(0) : "Always fails";
  return fail(message);
}

function fileCountCheck(args: Args): CheckResult {
  if (args.count == 0 || args.values[0].type != ValueType.Scope) return error("First argument must be a scope");
  const scope = args.scope(0);
  const limit: i64 = args.count > 1 ? args.int(1) : 100;
  if (args.failed) return pass();
  if (<i64>scope.paths.length <= limit) return pass();
  return fail("Too many files: " + scope.paths.length.toString() + " > " + limit.toString());
}

new Library("conventions", "1.0.0", "File conventions: size limits, file-name case, license headers.")
  .capabilities(["file_read"])
  .selector("files_with_extension", "Every file of the workspace with this extension (skips .git and node_modules).",
    [param("ext", "string", "extension, with or without the dot")], "Scope", filesWithExtension)
  .example("scope py = conventions.files_with_extension('py')")
  .selector("simple_selector", "A file or every file under a folder (compatible with the original sample plugin).",
    [param("path", "string", "path relative to the workspace")], "Scope", simpleSelector)
  .example("scope src = conventions.simple_selector('src')")
  .check("max_lines", "Every file has at most n lines.",
    [param("scope", "Scope", "files to check"), param("n", "integer", "largest allowed line count")], maxLines)
  .example("check conventions.max_lines(py, 400)")
  .check("filename_case", "Every file name (up to its first dot) is in the given case.",
    [param("scope", "Scope", "files to check"), param("style", "string", "snake, kebab, camel or pascal")], filenameCase)
  .example("check conventions.filename_case(py, 'snake')")
  .check("has_header", "Every file starts with the given text.",
    [param("scope", "Scope", "files to check"), param("text", "string", "required first bytes")], hasHeader)
  .example("check conventions.has_header(py, '# SPDX-License-Identifier: MIT')")
  .check("always_pass", "Always passes.", [], alwaysPass)
  .example("check conventions.always_pass()")
  .check("always_fail", "Always fails with the message.", [optionalParam("message", "string", "optional message")], alwaysFail)
  .example("check conventions.always_fail('todo')")
  .check("file_count_check", "The scope holds at most max files (default 100).",
    [optionalParam("scope", "Scope", "files"), optionalParam("max", "integer", "limit")], fileCountCheck)
  .example("check conventions.file_count_check(src, 10)");
