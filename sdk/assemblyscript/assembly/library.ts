// Library registration and request dispatch.
import { Json } from "./json";
import { ByteWriter, RequestReader, writeCheckResult, writeValue } from "./wire";
import { CheckResult, Scope, Value, ValueType } from "./value";
import { setWorkspace } from "./host";

/** Error codes the SDK reports (JSON-RPC style, like external libraries). */
export const INVALID_PARAMS: i32 = -32602;
export const METHOD_NOT_FOUND: i32 = -32601;
export const PARSE_ERROR: i32 = -32700;
export const APPLICATION_ERROR: i32 = -32000;

/** Arguments of one call, with typed accessors. A wrong type records an error (see `failed`). */
export class Args {
  failed: bool = false;
  errorCode: i32 = 0;
  errorMessage: string = "";
  constructor(
    public fn: string,
    public values: Value[],
    public workspace: string,
  ) {}

  get count(): i32 {
    return this.values.length;
  }

  /** Record an error for this call; the SDK answers with an error object instead of the result. */
  raise(message: string, code: i32 = APPLICATION_ERROR): void {
    if (this.failed) return;
    this.failed = true;
    this.errorCode = code;
    this.errorMessage = message;
  }

  value(i: i32): Value {
    if (i >= this.values.length) {
      this.raise(this.fn + ": missing argument " + (i + 1).toString(), INVALID_PARAMS);
      return Value.null();
    }
    return this.values[i];
  }

  private expect(i: i32, t: ValueType, name: string): Value {
    const v = this.value(i);
    if (!this.failed && v.type != t) this.raise(this.fn + ": argument " + (i + 1).toString() + " must be " + name + ", got " + v.typeName(), INVALID_PARAMS);
    return v;
  }

  string(i: i32): string {
    return this.expect(i, ValueType.String, "a string").s;
  }
  int(i: i32): i64 {
    return this.expect(i, ValueType.Int, "an integer").i;
  }
  float(i: i32): f64 {
    const v = this.value(i);
    if (v.type == ValueType.Int) return <f64>v.i;
    return this.expect(i, ValueType.Float, "a number").f;
  }
  bool(i: i32): bool {
    return this.expect(i, ValueType.Bool, "a boolean").b;
  }
  list(i: i32): Value[] {
    return this.expect(i, ValueType.List, "a list").items;
  }
  scope(i: i32): Scope {
    const v = this.expect(i, ValueType.Scope, "a scope");
    const s = v.scope;
    return s === null ? new Scope() : s;
  }
}

export type SelectorFn = (args: Args) => Value;
export type CheckFn = (args: Args) => CheckResult;

export class Param {
  constructor(
    public name: string,
    public type: string,
    public description: string = "",
    /** Optional parameters come last; the function checks `args.count`. */
    public optional: bool = false,
  ) {}
}

/** Shorthand for a parameter description. */
export function param(name: string, type: string, description: string = ""): Param {
  return new Param(name, type, description);
}

/** An optional (trailing) parameter. */
export function optionalParam(name: string, type: string, description: string = ""): Param {
  return new Param(name, type, description, true);
}

class Entry {
  selector: SelectorFn | null = null;
  check: CheckFn | null = null;
  example: string = "";
  constructor(
    public name: string,
    public description: string,
    public params: Param[],
    public returnType: string,
  ) {}

  toJson(): Json {
    const ps = new Array<Json>();
    for (let k = 0; k < this.params.length; k++) {
      const p = this.params[k];
      const pj = Json.object().set("name", Json.str(p.name)).set("type", Json.str(p.type)).set("description", Json.str(p.description));
      if (p.optional) pj.set("optional", Json.bool(true));
      ps.push(pj);
    }
    const o = Json.object()
      .set("name", Json.str(this.name))
      .set("description", Json.str(this.description))
      .set("parameters", Json.array(ps))
      .set("return_type", Json.str(this.returnType));
    if (this.example.length > 0) o.set("example", Json.str(this.example));
    return o;
  }
}

let current: Library | null = null;

/**
 * The library: create one at the top level of your module and register selectors and checks.
 *
 *   new Library("conventions", "1.0.0", "Naming and size conventions")
 *     .selector("files_with_extension", "Files with an extension", [param("ext", "string")], "scope", filesWithExtension)
 *     .check("max_lines", "At most n lines per file", [param("scope", "scope"), param("n", "integer")], maxLines);
 */
export class Library {
  selectors: Entry[] = [];
  checks: Entry[] = [];
  /** Declared capabilities (`file_read`, `file_write`); null until `capabilities()` is called. */
  declaredCapabilities: string[] | null = null;
  private lastEntry: Entry | null = null;

  constructor(
    public name: string,
    public version: string,
    public description: string = "",
  ) {
    current = this;
  }

  selector(name: string, description: string, params: Param[], returnType: string, fn: SelectorFn): Library {
    const e = new Entry(name, description, params, returnType);
    e.selector = fn;
    this.selectors.push(e);
    this.lastEntry = e;
    return this;
  }

  /**
   * Declare the capabilities the library needs (`["file_read"]`, `["file_read", "file_write"]`,
   * or `[]` for none). The host refuses to load the module when hielements.toml does not grant
   * them, and `hielements doc` shows them.
   */
  capabilities(names: string[]): Library {
    this.declaredCapabilities = names;
    return this;
  }

  /** Set the usage example of the function registered last (shown by `hielements doc`). */
  example(text: string): Library {
    const last = this.lastEntry;
    if (last !== null) last.example = text;
    return this;
  }

  check(name: string, description: string, params: Param[], fn: CheckFn): Library {
    const e = new Entry(name, description, params, "check");
    e.check = fn;
    this.checks.push(e);
    this.lastEntry = e;
    return this;
  }

  metadataJson(): string {
    const fs = new Array<Json>();
    for (let k = 0; k < this.selectors.length; k++) fs.push(this.selectors[k].toJson());
    const cs = new Array<Json>();
    for (let k = 0; k < this.checks.length; k++) cs.push(this.checks[k].toJson());
    const meta = Json.object()
      .set("name", Json.str(this.name))
      .set("version", Json.str(this.version))
      .set("description", Json.str(this.description))
      .set("functions", Json.array(fs))
      .set("checks", Json.array(cs));
    const caps = this.declaredCapabilities;
    if (caps !== null) {
      const list = new Array<Json>();
      for (let k = 0; k < caps.length; k++) list.push(Json.str(caps[k]));
      meta.set("capabilities", Json.array(list));
    }
    return meta.toString();
  }
}

function errorResponse(code: i32, message: string): i64 {
  const w = new ByteWriter(message.length + 48);
  w.ascii("{\"error\":{\"code\":");
  w.ascii(code.toString());
  w.ascii(",\"message\":");
  w.str(message);
  w.ascii("}}");
  return w.finish();
}

function errorJson(code: i32, message: string): string {
  return Json.object()
    .set("error", Json.object().set("code", Json.int(code)).set("message", Json.str(message)))
    .toString();
}

function find(list: Entry[], name: string): Entry | null {
  for (let k = 0; k < list.length; k++) if (list[k].name == name) return list[k];
  return null;
}

/**
 * Handle one request (`{"function","args","workspace"}` as UTF-8 at ptr/len); returns the
 * packed response buffer.
 */
export function dispatch(isCheck: bool, ptr: usize, len: usize): i64 {
  const lib = current;
  if (lib === null) return errorResponse(APPLICATION_ERROR, "no Library was created in this module");
  const reader = new RequestReader(ptr, len);
  const req = reader.request();
  if (reader.error.length > 0) return errorResponse(PARSE_ERROR, "invalid request: " + reader.error);
  const fn = req.fn;
  setWorkspace(req.workspace);
  const values = req.args;
  const entry = find(isCheck ? lib.checks : lib.selectors, fn);
  if (entry === null) return errorResponse(METHOD_NOT_FOUND, "unknown " + (isCheck ? "check" : "selector") + " '" + fn + "' in library " + lib.name);
  let required = 0;
  for (let k = 0; k < entry.params.length; k++) if (!entry.params[k].optional) required++;
  const max = entry.params.length;
  if (values.length < required || values.length > max)
    return errorResponse(
      INVALID_PARAMS,
      fn + " expects " + (required == max ? max.toString() : required.toString() + " to " + max.toString()) + " argument(s), got " + values.length.toString(),
    );
  const args = new Args(fn, values, req.workspace);
  if (isCheck) {
    const r = (entry.check as CheckFn)(args);
    if (args.failed) return errorResponse(args.errorCode, args.errorMessage);
    const w = new ByteWriter(64);
    writeCheckResult(w, r);
    return w.finish();
  }
  const v = (entry.selector as SelectorFn)(args);
  if (args.failed) return errorResponse(args.errorCode, args.errorMessage);
  const w = new ByteWriter(256);
  writeValue(w, v);
  return w.finish();
}

export function metadataText(): string {
  const lib = current;
  if (lib === null) return errorJson(APPLICATION_ERROR, "no Library was created in this module");
  return lib.metadataJson();
}
