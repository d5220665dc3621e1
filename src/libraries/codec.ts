/**
 * Wire codec shared by external-process and WebAssembly libraries: the tagged JSON value shapes of
 * the original protocol (`{"String": "x"}`, `{"Int": 42}`, `{"Scope": {...}}`, `{"Pass": null}`),
 * with 64-bit integers kept exact in both directions.
 */
import { LibraryError, type CheckResult, type CodeLocation, type Scope, type ScopeKind, type Value } from './types.js';
import { C } from '../diagnostics/registry.js';

/** A JSON value whose integers outside the safe range are `bigint`. */
export type Json = null | boolean | number | bigint | string | Json[] | { [key: string]: Json };

// ---------------------------------------------------------------- exact JSON text

/** JSON.stringify that writes bigint as plain integer digits (exact). Compact, no spaces. */
export function stringifyJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'bigint':
      return value.toString();
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((v) => stringifyJson(v)).join(',')}]`;
      const parts: string[] = [];
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (v === undefined) continue;
        parts.push(`${JSON.stringify(k)}:${stringifyJson(v)}`);
      }
      return `{${parts.join(',')}}`;
    }
    default:
      return 'null';
  }
}

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'JsonSyntaxError';
  }
}

/**
 * Strict JSON parser that keeps integers exact: integers that do not fit a double exactly become
 * `bigint`. `maxDepth` guards against hostile nesting.
 */
export function parseJsonExact(text: string, maxDepth = 256): Json {
  let i = 0;
  const n = text.length;
  const ws = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) i++;
      else break;
    }
  };
  const err = (msg: string): never => {
    throw new JsonSyntaxError(`${msg} at position ${i}`, i);
  };
  const parseValue = (depth: number): Json => {
    if (depth > maxDepth) err('JSON nested too deeply');
    ws();
    if (i >= n) err('unexpected end of JSON');
    const c = text[i];
    if (c === '{') {
      i++;
      const obj: { [key: string]: Json } = {};
      ws();
      if (text[i] === '}') {
        i++;
        return obj;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') err('expected a string key');
        const key = parseString();
        ws();
        if (text[i] !== ':') err("expected ':'");
        i++;
        Object.defineProperty(obj, key, {
          value: parseValue(depth + 1),
          enumerable: true,
          writable: true,
          configurable: true,
        });
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return obj;
        }
        err("expected ',' or '}'");
      }
    }
    if (c === '[') {
      i++;
      const arr: Json[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return arr;
      }
      for (;;) {
        arr.push(parseValue(depth + 1));
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return arr;
        }
        err("expected ',' or ']'");
      }
    }
    if (c === '"') return parseString();
    if (text.startsWith('true', i)) {
      i += 4;
      return true;
    }
    if (text.startsWith('false', i)) {
      i += 5;
      return false;
    }
    if (text.startsWith('null', i)) {
      i += 4;
      return null;
    }
    return parseNumber();
  };
  const parseString = (): string => {
    const start = i;
    i++; // opening quote
    let out = '';
    let chunkStart = i;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        out += text.slice(chunkStart, i);
        i++;
        return out;
      }
      if (c === 0x5c) {
        out += text.slice(chunkStart, i);
        const e = text[i + 1];
        i += 2;
        switch (e) {
          case '"':
            out += '"';
            break;
          case '\\':
            out += '\\';
            break;
          case '/':
            out += '/';
            break;
          case 'b':
            out += '\b';
            break;
          case 'f':
            out += '\f';
            break;
          case 'n':
            out += '\n';
            break;
          case 'r':
            out += '\r';
            break;
          case 't':
            out += '\t';
            break;
          case 'u': {
            const hex = text.slice(i, i + 4);
            if (!/^[0-9a-fA-F]{4}$/.test(hex)) err('bad \\u escape');
            out += String.fromCharCode(parseInt(hex, 16));
            i += 4;
            break;
          }
          default:
            i -= 2;
            err('bad escape in string');
        }
        chunkStart = i;
        continue;
      }
      if (c < 0x20) err('control character in string');
      i++;
    }
    i = start;
    return err('unterminated string');
  };
  const parseNumber = (): Json => {
    const m = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text.slice(i, i + 400));
    if (!m) return err('unexpected character');
    i += m[0].length;
    if (!m[2] && !m[3]) {
      const asNum = Number(m[0]);
      if (Number.isSafeInteger(asNum)) return asNum;
      return BigInt(m[0]);
    }
    return Number(m[0]);
  };
  const v = parseValue(0);
  ws();
  if (i < n) err('unexpected text after JSON value');
  return v;
}

// ---------------------------------------------------------------- host -> guest

/** Encode a value in the original's tagged form (booleans bare, null as null). */
export function encodeValue(v: Value): Json {
  switch (v.type) {
    case 'null':
      return null;
    case 'bool':
      return v.value;
    case 'int':
      return { Int: Number.isSafeInteger(Number(v.value)) ? Number(v.value) : v.value };
    case 'float':
      return { Float: Number.isFinite(v.value) ? v.value : null };
    case 'string':
      return { String: v.value };
    case 'list':
      return { List: v.items.map(encodeValue) };
    case 'scope':
      return { Scope: encodeScope(v.scope) };
    case 'connection_point': {
      const data: { [k: string]: Json } = {};
      for (const [k, x] of Object.entries(v.data)) data[k] = encodeValue(x);
      return { ConnectionPoint: { data, kind: v.kind, name: v.name } };
    }
  }
}

export function encodeScope(s: Scope): { [k: string]: Json } {
  const out: { [k: string]: Json } = {
    kind: s.kind as unknown as Json,
    paths: s.paths,
    resolved: s.resolved,
  };
  if (s.language) out.language = s.language;
  if (s.description) out.description = s.description;
  if (s.symbols && s.symbols.length > 0) {
    out.symbols = s.symbols.map((x) => {
      const o: { [k: string]: Json } = { symbolKind: x.symbolKind, name: x.name, file: x.file };
      if (x.line !== undefined) o.line = x.line;
      if (x.column !== undefined) o.column = x.column;
      return o;
    });
  }
  return out;
}

// ---------------------------------------------------------------- guest -> host

const isObj = (x: Json): x is { [key: string]: Json } => typeof x === 'object' && x !== null && !Array.isArray(x);
const has = (o: object, k: string) => Object.hasOwn(o, k);

// Integers are range-checked on their decimal digits, never with BigInt comparisons or arithmetic:
// this decoder runs for every answer of a WebAssembly library, and Node 20's optimizing compiler
// could abort the process while compiling BigInt comparisons merged from several paths (a
// "SignedBigInt64" phi) once the decoder was hot and inlined into the request path. Safe integers,
// by far the most common, need no check at all.

/** Digits of the largest 64-bit signed integer, and of the magnitude of the smallest. */
const I64_MAX_DIGITS = '9223372036854775807';
const I64_MIN_DIGITS = '9223372036854775808';

/** Whether the decimal integer `text` (`-`? digits) lies in the 64-bit signed range. */
function decimalInI64(text: string): boolean {
  const negative = text.charCodeAt(0) === 45; /* - */
  let start = negative ? 1 : 0;
  while (start < text.length - 1 && text.charCodeAt(start) === 48 /* 0 */) start++;
  const digits = text.slice(start);
  const limit = negative ? I64_MIN_DIGITS : I64_MAX_DIGITS;
  return digits.length < limit.length || (digits.length === limit.length && digits <= limit);
}

/** A bigint of the JSON (an integer beyond the safe range) in the 64-bit range, or undefined. */
function i64OfBigInt(b: bigint): bigint | undefined {
  return decimalInI64(b.toString()) ? b : undefined;
}

/** An integral number as a 64-bit integer, or undefined when beyond the range. */
function i64OfNumber(n: number): bigint | undefined {
  if (Number.isSafeInteger(n)) return BigInt(n);
  const b = BigInt(n);
  return decimalInI64(b.toString()) ? b : undefined;
}

/** The value of an `{"Int": …}` field: a 64-bit integer given as a number, bigint or digit string. */
function i64Field(x: Json): bigint | undefined {
  if (typeof x === 'number') return Number.isInteger(x) ? i64OfNumber(x) : undefined;
  if (typeof x === 'bigint') return i64OfBigInt(x);
  if (typeof x === 'string' && /^-?[0-9]+$/.test(x)) return decimalInI64(x) ? BigInt(x) : undefined;
  return undefined;
}

/** A bare JSON bigint: an int in the 64-bit range, else the nearest float. */
function decodeBigInt(j: bigint): Value {
  const b = i64OfBigInt(j);
  return b === undefined ? { type: 'float', value: Number(j) } : { type: 'int', value: b };
}

function describe(j: Json): string {
  const s = stringifyJson(j);
  return s.length > 200 ? `${s.slice(0, 200)}…` : s;
}

/**
 * Decode a selector result. Accepts every form the original accepts (bare bool/number/string,
 * tagged objects), plus `null` (Null) and bare arrays (List), which the original documented but
 * rejected. Throws LibraryError E508 otherwise.
 */
export function decodeValue(j: Json, path = 'result'): Value {
  if (j === null) return { type: 'null' };
  if (typeof j === 'boolean') return { type: 'bool', value: j };
  if (typeof j === 'bigint') return decodeBigInt(j);
  if (typeof j === 'number')
    return Number.isInteger(j) ? { type: 'int', value: BigInt(j) } : { type: 'float', value: j };
  if (typeof j === 'string') return { type: 'string', value: j };
  if (Array.isArray(j)) return { type: 'list', items: j.map((x, i) => decodeValue(x, `${path}[${i}]`)) };
  if (has(j, 'String')) {
    if (typeof j.String !== 'string')
      throw new LibraryError(C.E508, `${path}.String must be a string, got ${describe(j.String!)}`);
    return { type: 'string', value: j.String };
  }
  if (has(j, 'Int')) {
    const b = i64Field(j.Int!);
    if (b === undefined)
      throw new LibraryError(C.E508, `${path}.Int must be a 64-bit integer, got ${describe(j.Int!)}`);
    return { type: 'int', value: b };
  }
  if (has(j, 'Float')) {
    const f = j.Float;
    if (typeof f === 'number') return { type: 'float', value: f };
    if (typeof f === 'bigint') return { type: 'float', value: Number(f) };
    throw new LibraryError(C.E508, `${path}.Float must be a number, got ${describe(f!)}`);
  }
  if (has(j, 'Bool')) {
    if (typeof j.Bool !== 'boolean')
      throw new LibraryError(C.E508, `${path}.Bool must be true or false, got ${describe(j.Bool!)}`);
    return { type: 'bool', value: j.Bool };
  }
  if (has(j, 'Null')) return { type: 'null' };
  if (has(j, 'List')) {
    const items = j.List;
    if (!Array.isArray(items))
      throw new LibraryError(C.E508, `${path}.List must be an array, got ` + `${describe(items!)}`);
    return { type: 'list', items: items.map((x, i) => decodeValue(x, `${path}.List[${i}]`)) };
  }
  if (has(j, 'Scope')) return { type: 'scope', scope: decodeScope(j.Scope!, `${path}.Scope`) };
  if (has(j, 'ConnectionPoint')) {
    const cp = j.ConnectionPoint!;
    if (!isObj(cp)) throw new LibraryError(C.E508, `${path}.ConnectionPoint must be an object`);
    const data: Record<string, Value> = {};
    if (isObj(cp.data ?? null))
      for (const [k, x] of Object.entries(cp.data as { [k: string]: Json }))
        data[k] = decodeValue(x, `${path}.data.${k}`);
    return {
      type: 'connection_point',
      name: typeof cp.name === 'string' ? cp.name : '',
      kind: typeof cp.kind === 'string' ? cp.kind : '',
      data,
    };
  }
  throw new LibraryError(
    C.E508,
    `cannot convert ${path} to a value: ${describe(j)} (expected a string, number, boolean, null, array or one of ` +
      '{"String"}, {"Int"}, {"Float"}, {"Bool"}, {"List"}, {"Scope"})',
  );
}

export function decodeScope(j: Json, path = 'Scope'): Scope {
  if (!isObj(j)) throw new LibraryError(C.E508, `${path} must be an object, got ${describe(j)}`);
  let kind: ScopeKind = { File: '' };
  const k = j.kind;
  if (isObj(k ?? null)) {
    const ko = k as { [key: string]: Json };
    if (typeof ko.File === 'string') kind = { File: ko.File };
    else if (typeof ko.Folder === 'string') kind = { Folder: ko.Folder };
    else if (typeof ko.Glob === 'string') kind = { Glob: ko.Glob };
  } else if (typeof k === 'string') {
    kind = { File: k };
  }
  const paths = Array.isArray(j.paths) ? j.paths.filter((p): p is string => typeof p === 'string') : [];
  const scope: Scope = { kind, paths, resolved: typeof j.resolved === 'boolean' ? j.resolved : false };
  if (typeof j.language === 'string') scope.language = j.language;
  if (typeof j.description === 'string') scope.description = j.description;
  return scope;
}

function decodeLocations(j: Json | undefined): CodeLocation[] | undefined {
  if (!Array.isArray(j)) return undefined;
  const out: CodeLocation[] = [];
  for (const x of j) {
    if (!isObj(x) || typeof x.file !== 'string') continue;
    const loc: CodeLocation = { file: x.file };
    if (typeof x.line === 'number') loc.line = x.line;
    if (typeof x.column === 'number') loc.column = x.column;
    if (typeof x.message === 'string') loc.message = x.message;
    out.push(loc);
  }
  return out.length > 0 ? out : undefined;
}

/**
 * Decode a check result: every form of the original (`{"Pass":null}`, `{"Fail":"m"}`,
 * `{"Error":"m"}`, `{"result":"pass|fail|error","message":…}`, strings `pass/ok/true/fail/false`,
 * other strings = Fail with that text), plus bare booleans. Throws LibraryError E509 otherwise.
 */
export function decodeCheckResult(j: Json): CheckResult {
  if (typeof j === 'boolean') return j ? { status: 'pass' } : { status: 'fail', message: 'Check failed' };
  if (typeof j === 'string') {
    const l = j.toLowerCase();
    if (l === 'pass' || l === 'ok' || l === 'true') return { status: 'pass' };
    if (l === 'fail' || l === 'false') return { status: 'fail', message: 'Check failed' };
    return { status: 'fail', message: j };
  }
  if (isObj(j)) {
    const locations = decodeLocations(j.locations);
    if (has(j, 'Pass') || j.result === 'pass') return { status: 'pass' };
    if (has(j, 'Fail')) {
      const r: CheckResult = { status: 'fail', message: typeof j.Fail === 'string' ? j.Fail : '' };
      if (locations) r.locations = locations;
      return r;
    }
    if (has(j, 'Error')) return { status: 'error', message: typeof j.Error === 'string' ? j.Error : '' };
    if (j.result === 'fail') {
      const r: CheckResult = { status: 'fail', message: typeof j.message === 'string' ? j.message : 'Check failed' };
      if (locations) r.locations = locations;
      return r;
    }
    if (j.result === 'error')
      return { status: 'error', message: typeof j.message === 'string' ? j.message : 'Check error' };
  }
  throw new LibraryError(
    C.E509,
    `cannot convert result to a check result: ${describe(j)} (expected {"Pass": null}, {"Fail": "message"}, ` +
      '{"Error": "message"}, {"result": "pass|fail|error"} or "pass"/"fail")',
  );
}
