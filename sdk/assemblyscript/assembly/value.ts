// Hielements values and check results, with the tagged JSON encoding of the wire protocol.
import { Json, JsonKind } from "./json";

export enum ValueType {
  Null,
  Bool,
  Int,
  Float,
  String,
  List,
  Scope,
}

/** A set of files selected by a selector (paths are absolute, sorted, without duplicates). */
export class Scope {
  /** "File", "Folder" or "Glob": the selector's label, kept for compatibility. */
  kindTag: string = "Glob";
  kindValue: string = "";
  paths: string[] = [];
  resolved: bool = true;
  language: string | null = null;

  static of(kindTag: string, kindValue: string, paths: string[]): Scope {
    const s = new Scope();
    s.kindTag = kindTag;
    s.kindValue = kindValue;
    const sorted = paths.slice(0);
    sorted.sort((a: string, b: string): i32 => (a < b ? -1 : a > b ? 1 : 0));
    const unique = new Array<string>();
    for (let k = 0; k < sorted.length; k++) if (k == 0 || sorted[k] != sorted[k - 1]) unique.push(sorted[k]);
    s.paths = unique;
    return s;
  }

  toJson(): Json {
    const kind = Json.object().set(this.kindTag, Json.str(this.kindValue));
    const paths = new Array<Json>();
    for (let k = 0; k < this.paths.length; k++) paths.push(Json.str(this.paths[k]));
    const o = Json.object().set("kind", kind).set("paths", Json.array(paths)).set("resolved", Json.bool(this.resolved));
    const lang = this.language;
    if (lang !== null) o.set("language", Json.str(lang));
    return o;
  }

  static fromJson(j: Json): Scope {
    const s = new Scope();
    const kind = j.get("kind");
    if (kind !== null && kind.kind == JsonKind.Object && kind.keys.length > 0) {
      s.kindTag = kind.keys[0];
      const v = kind.values[0];
      s.kindValue = v.kind == JsonKind.String ? v.s : "";
    }
    const paths = j.get("paths");
    if (paths !== null && paths.kind == JsonKind.Array)
      for (let k = 0; k < paths.items.length; k++) if (paths.items[k].kind == JsonKind.String) s.paths.push(paths.items[k].s);
    const resolved = j.get("resolved");
    s.resolved = resolved !== null && resolved.kind == JsonKind.Bool && resolved.b;
    const lang = j.get("language");
    if (lang !== null && lang.kind == JsonKind.String) s.language = lang.s;
    return s;
  }
}

export class Value {
  type: ValueType = ValueType.Null;
  b: bool = false;
  i: i64 = 0;
  f: f64 = 0;
  s: string = "";
  scope: Scope | null = null;
  private _items: Value[] | null = null;

  /** List items (allocated on first use). */
  get items(): Value[] {
    let a = this._items;
    if (a === null) {
      a = new Array<Value>();
      this._items = a;
    }
    return a;
  }
  set items(v: Value[]) {
    this._items = v;
  }

  static null(): Value {
    return new Value();
  }
  static bool(b: bool): Value {
    const v = new Value();
    v.type = ValueType.Bool;
    v.b = b;
    return v;
  }
  static int(i: i64): Value {
    const v = new Value();
    v.type = ValueType.Int;
    v.i = i;
    return v;
  }
  static float(f: f64): Value {
    const v = new Value();
    v.type = ValueType.Float;
    v.f = f;
    return v;
  }
  static string(s: string): Value {
    const v = new Value();
    v.type = ValueType.String;
    v.s = s;
    return v;
  }
  static list(items: Value[]): Value {
    const v = new Value();
    v.type = ValueType.List;
    v.items = items;
    return v;
  }
  static scope(s: Scope): Value {
    const v = new Value();
    v.type = ValueType.Scope;
    v.scope = s;
    return v;
  }

  /** `string`, `integer`, `float`, `boolean`, `list`, `scope`, `null` (for messages). */
  typeName(): string {
    switch (this.type) {
      case ValueType.Bool:
        return "boolean";
      case ValueType.Int:
        return "integer";
      case ValueType.Float:
        return "float";
      case ValueType.String:
        return "string";
      case ValueType.List:
        return "list";
      case ValueType.Scope:
        return "scope";
      default:
        return "null";
    }
  }

  /** Tagged encoding: `{"Int": 42}`, `{"String": "x"}`, `{"Scope": {...}}`, bare booleans, null. */
  toJson(): Json {
    switch (this.type) {
      case ValueType.Bool:
        return Json.bool(this.b);
      case ValueType.Int:
        return Json.object().set("Int", Json.int(this.i));
      case ValueType.Float:
        return Json.object().set("Float", Json.float(this.f));
      case ValueType.String:
        return Json.object().set("String", Json.str(this.s));
      case ValueType.List: {
        const items = new Array<Json>();
        for (let k = 0; k < this.items.length; k++) items.push(this.items[k].toJson());
        return Json.object().set("List", Json.array(items));
      }
      case ValueType.Scope:
        return Json.object().set("Scope", (this.scope as Scope).toJson());
      default:
        return Json.null();
    }
  }

  /** Decode an argument (accepts the tagged forms and bare JSON scalars/arrays). */
  static fromJson(j: Json): Value {
    switch (j.kind) {
      case JsonKind.Bool:
        return Value.bool(j.b);
      case JsonKind.Int:
        return Value.int(j.i);
      case JsonKind.Float:
        return Value.float(j.f);
      case JsonKind.String:
        return Value.string(j.s);
      case JsonKind.Array: {
        const items = new Array<Value>();
        for (let k = 0; k < j.items.length; k++) items.push(Value.fromJson(j.items[k]));
        return Value.list(items);
      }
      case JsonKind.Object: {
        if (j.keys.length == 0) return Value.null();
        const tag = j.keys[0];
        const p = j.values[0];
        if (tag == "String") return Value.string(p.kind == JsonKind.String ? p.s : "");
        if (tag == "Int") {
          if (p.kind == JsonKind.Int) return Value.int(p.i);
          if (p.kind == JsonKind.String) return Value.int(I64.parseInt(p.s, 10));
          return Value.int(<i64>p.f);
        }
        if (tag == "Float") return Value.float(p.kind == JsonKind.Int ? <f64>p.i : p.f);
        if (tag == "Bool") return Value.bool(p.kind == JsonKind.Bool && p.b);
        if (tag == "List") return p.kind == JsonKind.Array ? Value.fromJson(p) : Value.list([]);
        if (tag == "Scope") return Value.scope(Scope.fromJson(p));
        return Value.null();
      }
      default:
        return Value.null();
    }
  }
}

/** A place in the code a failing check points at (shown in reports and SARIF). */
export class Location {
  line: i32 = 0;
  column: i32 = 0;
  constructor(
    public file: string,
    line: i32 = 0,
    public message: string = "",
  ) {
    this.line = line;
  }
}

export enum Status {
  Pass,
  Fail,
  Error,
}

export class CheckResult {
  status: Status = Status.Pass;
  message: string = "";
  locations: Location[] = [];

  toJson(): Json {
    if (this.status == Status.Pass) return Json.object().set("Pass", Json.null());
    if (this.status == Status.Error) return Json.object().set("Error", Json.str(this.message));
    const o = Json.object().set("Fail", Json.str(this.message));
    if (this.locations.length > 0) {
      const locs = new Array<Json>();
      for (let k = 0; k < this.locations.length; k++) {
        const l = this.locations[k];
        const lj = Json.object().set("file", Json.str(l.file));
        if (l.line > 0) lj.set("line", Json.int(l.line));
        if (l.column > 0) lj.set("column", Json.int(l.column));
        if (l.message.length > 0) lj.set("message", Json.str(l.message));
        locs.push(lj);
      }
      o.set("locations", Json.array(locs));
    }
    return o;
  }
}

export function pass(): CheckResult {
  return new CheckResult();
}

export function fail(message: string, locations: Location[] = []): CheckResult {
  const r = new CheckResult();
  r.status = Status.Fail;
  r.message = message;
  r.locations = locations;
  return r;
}

/** The check could not be evaluated (reported as ERROR, not FAIL). */
export function error(message: string): CheckResult {
  const r = new CheckResult();
  r.status = Status.Error;
  r.message = message;
  return r;
}
