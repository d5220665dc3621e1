// template_library: a Hielements library in AssemblyScript.
// Build: npm run build → build/template_library.wasm. Guide: docs/wasm_library_guide.md.
import {
  Args, CheckResult, Library, Location, Scope, Value,
  absolute, error, fail, lastError, param, pass, readFile, relative, statusName, walkFiles,
} from "@hielements/sdk-assemblyscript/assembly/index";
// The ABI entry points (alloc, dealloc, call, check, metadata, hielements_abi_version).
export * from "@hielements/sdk-assemblyscript/assembly/exports";

/** Selector: workspace files whose text contains `needle`. */
function filesContaining(args: Args): Value {
  const needle = args.string(0);
  if (args.failed) return Value.null();
  const found = new Array<string>();
  const files = walkFiles(".");
  for (let k = 0; k < files.length; k++) {
    const text = readFile(files[k]);
    if (text !== null && text.includes(needle)) found.push(absolute(files[k]));
  }
  return Value.scope(Scope.of("Glob", "files containing " + needle, found));
}

/** Check: no file of the scope contains `needle` (e.g. "TODO"). */
function noText(args: Args): CheckResult {
  const scope = args.scope(0);
  const needle = args.string(1);
  if (args.failed) return pass(); // the SDK reports the argument error instead
  const bad = new Array<Location>();
  for (let k = 0; k < scope.paths.length; k++) {
    const text = readFile(scope.paths[k]);
    if (text === null) return error("cannot read " + relative(scope.paths[k]) + ": " + statusName(lastError()));
    const at = text.indexOf(needle);
    if (at >= 0) {
      let line = 1;
      for (let i = 0; i < at; i++) if (text.charCodeAt(i) == 0x0a) line++;
      bad.push(new Location(scope.paths[k], line, "contains " + needle));
    }
  }
  if (bad.length == 0) return pass();
  return fail(bad.length.toString() + " file(s) contain " + needle, bad);
}

new Library("template_library", "0.1.0", "Describe what your library checks.")
  .capabilities(["file_read"])
  .selector("files_containing", "Workspace files whose text contains the given string.",
    [param("needle", "string", "text to look for")], "scope", filesContaining)
  .check("no_text", "No file of the scope contains the given string.",
    [param("scope", "scope"), param("needle", "string", "forbidden text, e.g. TODO")], noText);
