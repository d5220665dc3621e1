// Minimal JSON tree, parser and writer for the Hielements ABI. Integers that fit in i64 stay exact.

export enum JsonKind {
  Null,
  Bool,
  Int,
  Float,
  String,
  Array,
  Object,
}

export class Json {
  kind: JsonKind = JsonKind.Null;
  b: bool = false;
  i: i64 = 0;
  f: f64 = 0;
  s: string = "";
  /** Array items, or object member values (parallel to `keys`). Allocated on first use. */
  private _items: Json[] | null = null;
  private _keys: string[] | null = null;

  get items(): Json[] {
    let a = this._items;
    if (a === null) {
      a = new Array<Json>();
      this._items = a;
    }
    return a;
  }
  set items(v: Json[]) {
    this._items = v;
  }
  get keys(): string[] {
    let a = this._keys;
    if (a === null) {
      a = new Array<string>();
      this._keys = a;
    }
    return a;
  }
  get values(): Json[] {
    return this.items;
  }
  get size(): i32 {
    const a = this._items;
    return a === null ? 0 : a.length;
  }

  static null(): Json {
    return new Json();
  }
  static bool(b: bool): Json {
    const j = new Json();
    j.kind = JsonKind.Bool;
    j.b = b;
    return j;
  }
  static int(i: i64): Json {
    const j = new Json();
    j.kind = JsonKind.Int;
    j.i = i;
    return j;
  }
  static float(f: f64): Json {
    const j = new Json();
    j.kind = JsonKind.Float;
    j.f = f;
    return j;
  }
  static str(s: string): Json {
    const j = new Json();
    j.kind = JsonKind.String;
    j.s = s;
    return j;
  }
  static array(items: Json[]): Json {
    const j = new Json();
    j.kind = JsonKind.Array;
    j.items = items;
    return j;
  }
  static object(): Json {
    const j = new Json();
    j.kind = JsonKind.Object;
    return j;
  }

  /** Object member, or null. */
  get(key: string): Json | null {
    const keys = this._keys;
    if (keys === null) return null;
    for (let k = 0; k < keys.length; k++) if (keys[k] == key) return this.items[k];
    return null;
  }
  has(key: string): bool {
    return this.get(key) !== null;
  }
  /** Add an object member (builder style). */
  set(key: string, value: Json): Json {
    this.keys.push(key);
    this.items.push(value);
    return this;
  }

  toString(): string {
    const out = new Array<string>();
    write(this, out);
    return out.join("");
  }
}

function hex4(c: i32): string {
  const h = c.toString(16);
  return "\\u" + "0000".substring(h.length) + h;
}

export function quote(s: string): string {
  let out = "\"";
  let start = 0;
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    let esc: string | null = null;
    if (c == 0x22) esc = "\\\"";
    else if (c == 0x5c) esc = "\\\\";
    else if (c == 0x0a) esc = "\\n";
    else if (c == 0x0d) esc = "\\r";
    else if (c == 0x09) esc = "\\t";
    else if (c < 0x20) esc = hex4(c);
    if (esc !== null) {
      out += s.substring(start, k) + esc;
      start = k + 1;
    }
  }
  return out + s.substring(start) + "\"";
}

function write(j: Json, out: string[]): void {
  switch (j.kind) {
    case JsonKind.Null:
      out.push("null");
      break;
    case JsonKind.Bool:
      out.push(j.b ? "true" : "false");
      break;
    case JsonKind.Int:
      out.push(j.i.toString());
      break;
    case JsonKind.Float:
      out.push(isFinite(j.f) ? j.f.toString() : "null");
      break;
    case JsonKind.String:
      out.push(quote(j.s));
      break;
    case JsonKind.Array:
      out.push("[");
      for (let k = 0; k < j.size; k++) {
        if (k > 0) out.push(",");
        write(j.items[k], out);
      }
      out.push("]");
      break;
    default:
      out.push("{");
      for (let k = 0; k < j.size; k++) {
        if (k > 0) out.push(",");
        out.push(quote(j.keys[k]));
        out.push(":");
        write(j.values[k], out);
      }
      out.push("}");
  }
}

/** Parser state; `error` is non-empty after a failure. */
export class JsonParser {
  pos: i32 = 0;
  error: string = "";
  constructor(public text: string) {}

  parse(): Json | null {
    const v = this.value(0);
    this.ws();
    if (this.error.length == 0 && this.pos < this.text.length) this.fail("unexpected text after the JSON value");
    return this.error.length > 0 ? null : v;
  }

  private fail(msg: string): Json {
    if (this.error.length == 0) this.error = msg + " at position " + this.pos.toString();
    return Json.null();
  }

  private ws(): void {
    while (this.pos < this.text.length) {
      const c = this.text.charCodeAt(this.pos);
      if (c == 0x20 || c == 0x09 || c == 0x0a || c == 0x0d) this.pos++;
      else break;
    }
  }

  private value(depth: i32): Json {
    if (depth > 256) return this.fail("JSON nested too deeply");
    this.ws();
    if (this.pos >= this.text.length) return this.fail("unexpected end of JSON");
    const c = this.text.charCodeAt(this.pos);
    if (c == 0x7b) return this.object(depth);
    if (c == 0x5b) return this.array(depth);
    if (c == 0x22) {
      const s = this.string();
      return s === null ? Json.null() : Json.str(s);
    }
    if (this.text.startsWith("true", this.pos)) {
      this.pos += 4;
      return Json.bool(true);
    }
    if (this.text.startsWith("false", this.pos)) {
      this.pos += 5;
      return Json.bool(false);
    }
    if (this.text.startsWith("null", this.pos)) {
      this.pos += 4;
      return Json.null();
    }
    return this.number();
  }

  private object(depth: i32): Json {
    const o = Json.object();
    this.pos++;
    this.ws();
    if (this.pos < this.text.length && this.text.charCodeAt(this.pos) == 0x7d) {
      this.pos++;
      return o;
    }
    while (this.error.length == 0) {
      this.ws();
      if (this.pos >= this.text.length || this.text.charCodeAt(this.pos) != 0x22) return this.fail("expected a string key");
      const key = this.string();
      if (key === null) return Json.null();
      this.ws();
      if (this.pos >= this.text.length || this.text.charCodeAt(this.pos) != 0x3a) return this.fail("expected ':'");
      this.pos++;
      o.set(key, this.value(depth + 1));
      this.ws();
      if (this.pos >= this.text.length) return this.fail("unexpected end of JSON");
      const c = this.text.charCodeAt(this.pos++);
      if (c == 0x7d) return o;
      if (c != 0x2c) return this.fail("expected ',' or '}'");
    }
    return o;
  }

  private array(depth: i32): Json {
    const items = new Array<Json>();
    this.pos++;
    this.ws();
    if (this.pos < this.text.length && this.text.charCodeAt(this.pos) == 0x5d) {
      this.pos++;
      return Json.array(items);
    }
    while (this.error.length == 0) {
      items.push(this.value(depth + 1));
      this.ws();
      if (this.pos >= this.text.length) return this.fail("unexpected end of JSON");
      const c = this.text.charCodeAt(this.pos++);
      if (c == 0x5d) return Json.array(items);
      if (c != 0x2c) return this.fail("expected ',' or ']'");
    }
    return Json.array(items);
  }

  private string(): string | null {
    this.pos++;
    let out = "";
    let start = this.pos;
    const t = this.text;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c == 0x22) {
        out += t.substring(start, this.pos);
        this.pos++;
        return out;
      }
      if (c == 0x5c) {
        out += t.substring(start, this.pos);
        if (this.pos + 1 >= t.length) break;
        const e = t.charCodeAt(this.pos + 1);
        this.pos += 2;
        if (e == 0x22) out += "\"";
        else if (e == 0x5c) out += "\\";
        else if (e == 0x2f) out += "/";
        else if (e == 0x62) out += "\b";
        else if (e == 0x66) out += "\f";
        else if (e == 0x6e) out += "\n";
        else if (e == 0x72) out += "\r";
        else if (e == 0x74) out += "\t";
        else if (e == 0x75 && this.pos + 4 <= t.length) {
          const code = I32.parseInt(t.substring(this.pos, this.pos + 4), 16);
          out += String.fromCharCode(code);
          this.pos += 4;
        } else {
          this.fail("bad escape in string");
          return null;
        }
        start = this.pos;
        continue;
      }
      this.pos++;
    }
    this.fail("unterminated string");
    return null;
  }

  private number(): Json {
    const t = this.text;
    const start = this.pos;
    let isFloat = false;
    if (this.pos < t.length && t.charCodeAt(this.pos) == 0x2d) this.pos++;
    const digitsStart = this.pos;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c >= 0x30 && c <= 0x39) this.pos++;
      else if (c == 0x2e || c == 0x65 || c == 0x45 || c == 0x2b || c == 0x2d) {
        isFloat = true;
        this.pos++;
      } else break;
    }
    if (this.pos == digitsStart) return this.fail("unexpected character");
    const text = t.substring(start, this.pos);
    if (!isFloat) {
      // Exact i64 when it fits, else a float.
      const neg = text.charCodeAt(0) == 0x2d;
      let acc: u64 = 0;
      let overflow = false;
      for (let k = neg ? 1 : 0; k < text.length; k++) {
        const d = <u64>(text.charCodeAt(k) - 0x30);
        if (acc > (u64.MAX_VALUE - d) / 10) {
          overflow = true;
          break;
        }
        acc = acc * 10 + d;
      }
      const limit: u64 = neg ? <u64>9223372036854775808 : <u64>9223372036854775807;
      if (!overflow && acc <= limit) return Json.int(neg ? -(<i64>acc) : <i64>acc);
    }
    return Json.float(F64.parseFloat(text));
  }
}

/** Parse JSON text; null on error (the message is in parser.error). */
export function parseJson(text: string): JsonParser {
  return new JsonParser(text);
}
