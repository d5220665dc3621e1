/**
 * Request text for a WebAssembly library call: `{"function":…,"args":[…],"workspace":…}`, byte
 * for byte what `stringifyJson({ function, args: args.map(encodeValue), workspace })` of the shared
 * codec writes, built without the intermediate objects (the request is encoded on every call, and
 * a scope's paths are most of it). Rare shapes (scopes with symbols, connection points) go through
 * the codec itself.
 */
import { encodeScope, encodeValue, stringifyJson } from '../codec.js';
import type { Scope, Value } from '../types.js';

/** True when JSON.stringify(s) is just `"${s}"`. A plain loop: faster than a regex on short strings. */
function isPlain(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return false;
  }
  return true;
}

/** JSON string literal, identical to JSON.stringify(s). */
export function quoteJson(s: string): string {
  return isPlain(s) ? `"${s}"` : JSON.stringify(s);
}

/** JSON array of strings, identical to JSON.stringify(list). */
function quoteAll(list: readonly string[]): string {
  // Concatenation builds a rope that is flattened once, when the request is encoded.
  let out = '[';
  for (let k = 0; k < list.length; k++) {
    const s = list[k]!;
    out += (k > 0 ? ',' : '') + (isPlain(s) ? `"${s}"` : JSON.stringify(s));
  }
  return `${out}]`;
}

function scopeText(s: Scope): string {
  if (s.symbols && s.symbols.length > 0) return stringifyJson(encodeScope(s));
  const kind = s.kind as Readonly<Record<string, unknown>>;
  const keys = Object.keys(kind);
  const only = keys.length === 1 ? kind[keys[0]!] : undefined;
  const kindText = typeof only === 'string' ? `{${quoteJson(keys[0]!)}:${quoteJson(only)}}` : stringifyJson(kind);
  let out = `{"kind":${kindText},"paths":${quoteAll(s.paths)},"resolved":${s.resolved ? 'true' : 'false'}`;
  if (s.language) out += `,"language":${quoteJson(s.language)}`;
  if (s.description) out += `,"description":${quoteJson(s.description)}`;
  return `${out}}`;
}

/** What a scope's text was made from: compared member by member before the text is reused. */
interface ScopeMemo {
  kind: ScopeKindSnapshot;
  paths: string[];
  resolved: boolean;
  language: string | undefined;
  description: string | undefined;
  symbols: Scope['symbols'];
  symbolCount: number;
  text: string;
  /** The text as UTF-8, made on the second use. */
  bytes: Uint8Array | undefined;
}

type ScopeKindSnapshot = { key: string | undefined; value: unknown; obj: object };

/**
 * Scope texts by scope object. A scope is usually passed to several calls (one per check using
 * it), and its paths are most of a request. The memo is only used when every member is still the
 * same (the paths compared one by one, which is much cheaper than quoting them again), so a scope
 * changed in place is encoded afresh.
 */
const scopeMemo = new WeakMap<Scope, ScopeMemo>();

function kindSnapshot(kind: object): ScopeKindSnapshot {
  const keys = Object.keys(kind);
  return keys.length === 1
    ? { key: keys[0], value: (kind as Record<string, unknown>)[keys[0]!], obj: kind }
    : { key: undefined, value: undefined, obj: kind };
}

function memoValid(m: ScopeMemo, s: Scope): boolean {
  if (m.resolved !== s.resolved || m.language !== s.language || m.description !== s.description) return false;
  if (m.symbols !== s.symbols || (s.symbols?.length ?? 0) !== m.symbolCount || m.symbolCount > 0) return false;
  const k = s.kind as object;
  if (m.kind.obj !== k || m.kind.key === undefined) return false;
  const keys = Object.keys(k);
  if (keys.length !== 1 || keys[0] !== m.kind.key || (k as Record<string, unknown>)[keys[0]!] !== m.kind.value)
    return false;
  const a = s.paths;
  const b = m.paths;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function scopeJson(s: Scope): string {
  const m = scopeMemo.get(s);
  if (m !== undefined && memoValid(m, s)) return m.text;
  const text = scopeText(s);
  // Small scopes are cheap to encode; remembering them is not worth the copy.
  if (s.paths.length >= 4 && !(s.symbols && s.symbols.length > 0))
    scopeMemo.set(s, {
      kind: kindSnapshot(s.kind as object),
      paths: s.paths.slice(),
      resolved: s.resolved,
      language: s.language,
      description: s.description,
      symbols: s.symbols,
      symbolCount: s.symbols?.length ?? 0,
      text,
      bytes: undefined,
    });
  return text;
}

/** The UTF-8 bytes of a scope's text, when it is remembered and still valid. */
function scopeBytes(s: Scope): Uint8Array | undefined {
  const m = scopeMemo.get(s);
  if (m === undefined || !memoValid(m, s)) return undefined;
  return (m.bytes ??= encoder.encode(m.text));
}

const encoder = new TextEncoder();

/** One argument in the tagged form of the wire protocol. */
export function valueJson(v: Value): string {
  switch (v.type) {
    case 'null':
      return 'null';
    case 'bool':
      return v.value ? 'true' : 'false';
    case 'int':
      return `{"Int":${v.value.toString()}}`;
    case 'float':
      return `{"Float":${Number.isFinite(v.value) ? JSON.stringify(v.value) : 'null'}}`;
    case 'string':
      return `{"String":${quoteJson(v.value)}}`;
    case 'list': {
      let out = '{"List":[';
      for (let k = 0; k < v.items.length; k++) out += (k > 0 ? ',' : '') + valueJson(v.items[k]!);
      return `${out}]}`;
    }
    case 'scope':
      return `{"Scope":${scopeJson(v.scope)}}`;
    default:
      return stringifyJson(encodeValue(v));
  }
}

/** The whole request text; `workspace` is left out when undefined (as stringifyJson does). */
export function requestJson(fn: string, args: readonly Value[], workspace: string | undefined): string {
  let out = `{"function":${quoteJson(fn)},"args":[`;
  for (let k = 0; k < args.length; k++) out += (k > 0 ? ',' : '') + valueJson(args[k]!);
  out += ']';
  if (workspace !== undefined) out += `,"workspace":${quoteJson(workspace)}`;
  return `${out}}`;
}

/** Request heads (`{"function":…,"args":[`) by function name, as UTF-8; a library has few functions. */
const heads = new Map<string, Uint8Array>();
const MAX_HEADS = 1024;
/** The tail (`],"workspace":…}`) of the last workspace, as UTF-8: a run has one workspace. */
let tailFor: string | undefined;
let tailBytes = encoder.encode(']}');
const NO_WORKSPACE_TAIL = encoder.encode(']}');

function headBytes(fn: string): Uint8Array {
  let b = heads.get(fn);
  if (b === undefined) {
    if (heads.size >= MAX_HEADS) heads.clear();
    b = encoder.encode(`{"function":${quoteJson(fn)},"args":[`);
    heads.set(fn, b);
  }
  return b;
}

function tail(workspace: string | undefined): Uint8Array {
  if (workspace === undefined) return NO_WORKSPACE_TAIL;
  if (workspace !== tailFor) {
    tailBytes = encoder.encode(`],"workspace":${quoteJson(workspace)}}`);
    tailFor = workspace;
  }
  return tailBytes;
}

/**
 * Write the request (the bytes of requestJson's text, as UTF-8) into `buf`; returns its length,
 * or minus the length needed when it does not fit. The head and tail of a request (function name,
 * workspace) and scopes whose text is remembered are copied as bytes, so a request made of a known
 * scope costs one short encode and a few copies, and a request without arguments only copies.
 */
export function writeRequest(
  buf: Uint8Array,
  fn: string,
  args: readonly Value[],
  workspace: string | undefined,
): number {
  const tooLarge = (): number => -Buffer.byteLength(requestJson(fn, args, workspace));
  const head = headBytes(fn);
  if (head.length > buf.length) return tooLarge();
  buf.set(head, 0);
  let off = head.length;
  let pending = '';
  // Encode `pending` at `off`; false when it does not fit.
  const flush = (): boolean => {
    if (pending.length === 0) return true;
    const r = encoder.encodeInto(pending, buf.subarray(off));
    if (r.read < pending.length) return false;
    off += r.written;
    pending = '';
    return true;
  };
  for (let k = 0; k < args.length; k++) {
    const v = args[k]!;
    if (k > 0) pending += ',';
    const bytes = v.type === 'scope' ? scopeBytes(v.scope) : undefined;
    if (bytes === undefined) {
      pending += valueJson(v);
      continue;
    }
    pending += '{"Scope":';
    if (!flush() || off + bytes.length > buf.length) return tooLarge();
    buf.set(bytes, off);
    off += bytes.length;
    pending = '}';
  }
  const t = tail(workspace);
  if (!flush() || off + t.length > buf.length) return tooLarge();
  buf.set(t, off);
  return off + t.length;
}
