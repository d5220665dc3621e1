/**
 * Calls checked against the called function's documented parameters, before anything runs: how
 * many arguments, of which types, in which order. The check phase (check.ts) gives the static type
 * of each argument (a literal, a scope, a ref of a declared basic type, the documented return type
 * of a nested call) and reports what this module finds. A parameter whose type is not one of the
 * basic types (`any`, `HttpHandler`, no type) is not type-checked; a function whose documentation
 * lists no parameters (a bare name in a library's metadata, an empty list) is not checked.
 */
import type { Span } from '../diagnostics/diagnostic.js';
import type { FunctionDoc, ParameterDoc } from '../libraries/types.js';
import { joinSpans } from '../syntax/source.js';
import { Codes } from './codes.js';

/** What the check phase can know about a value before running anything. */
export type StaticType = 'string' | 'integer' | 'float' | 'boolean' | 'list' | 'scope';

export interface ArgumentInfo {
  /** Undefined when the type is not known before the run. */
  type: StaticType | undefined;
  span: Span;
}

interface Param {
  name: string;
  /** The documented type without the optional marker. */
  written: string;
  /** The basic type it names; undefined when it names none (not checked). */
  kind: StaticType | undefined;
  optional: boolean;
}

export interface SignatureProblem {
  code: string;
  message: string;
  span: Span;
  help: string;
}

/** The basic type a type word names (`Scope`, `str`, `int`, `number`, `string[]`…), if any. */
export function staticTypeOf(word: string): StaticType | undefined {
  const t = word.trim().toLowerCase();
  if (t.endsWith('[]') || t === 'list' || t.startsWith('list[') || t.startsWith('list<')) return 'list';
  switch (t) {
    case 'string':
    case 'str':
      return 'string';
    case 'integer':
    case 'int':
      return 'integer';
    case 'float':
    case 'number':
      return 'float';
    case 'boolean':
    case 'bool':
      return 'boolean';
    case 'scope':
      return 'scope';
    default:
      return undefined;
  }
}

function paramOf(p: ParameterDoc): Param {
  const raw = p.type.trim();
  const marked = raw.endsWith('?');
  const written = marked ? raw.slice(0, -1).trim() : raw;
  return { name: p.name, written: written || 'any', kind: staticTypeOf(written), optional: marked };
}

/** `within?: scope, class_name: string` */
export function signatureText(fn: FunctionDoc): string {
  return fn.parameters
    .map((p) => {
      const q = paramOf(p);
      return `${q.name}${q.optional ? '?' : ''}: ${q.written}`;
    })
    .join(', ');
}

/** An argument of type `a` may be given for a parameter of type `p`. */
export function accepts(p: StaticType | undefined, a: StaticType | undefined): boolean {
  if (p === undefined || a === undefined) return true;
  if (p === 'integer' || p === 'float') return a === 'integer' || a === 'float';
  return p === a;
}

const ARTICLE: Record<StaticType, string> = {
  string: 'a string',
  integer: 'an integer',
  float: 'a number',
  boolean: 'a boolean',
  list: 'a list',
  scope: 'a scope',
};

/** `a string`, `an integer`, …, for messages. */
export function describeType(t: StaticType): string {
  return ARTICLE[t];
}

/** A function's parameters as read once (a spec calls the same few functions thousands of times). */
interface Signature {
  params: readonly Param[];
  /** For each parameter: how many required parameters come after it. */
  requiredAfter: readonly number[];
  /** For each parameter: the first required parameter after it, if any. */
  nextRequired: readonly (Param | undefined)[];
}

const signatures = new WeakMap<FunctionDoc, Signature>();

function signatureOf(fn: FunctionDoc): Signature {
  let sig = signatures.get(fn);
  if (sig) return sig;
  const params = fn.parameters.map(paramOf);
  const requiredAfter: number[] = new Array(params.length).fill(0);
  const nextRequired: (Param | undefined)[] = new Array(params.length).fill(undefined);
  let count = 0;
  let next: Param | undefined;
  for (let pi = params.length - 1; pi >= 0; pi--) {
    requiredAfter[pi] = count;
    nextRequired[pi] = next;
    const p = params[pi] as Param;
    if (!p.optional) {
      count++;
      next = p;
    }
  }
  sig = { params, requiredAfter, nextRequired };
  signatures.set(fn, sig);
  return sig;
}

interface Assignment {
  /** Parameter index of each argument that found one, in argument order. */
  params: number[];
  /** Arguments beyond the last parameter (their indexes). */
  extra: number[];
  /** Required parameters no argument reached (their indexes). */
  missing: number[];
}

/**
 * Which parameter each argument goes to. Optional parameters that come before required ones (the
 * built-ins' optional leading scope) take an argument only when there are more arguments than the
 * required parameters after them need and, when its type is known, when it fits — the way the
 * libraries themselves read their arguments. Optional parameters at the end take what is left.
 */
function assign(sig: Signature, args: readonly (StaticType | undefined)[]): Assignment {
  const out: Assignment = { params: [], extra: [], missing: [] };
  assignInto(sig, args, out);
  return out;
}

/**
 * The walk of `assign`, filling `out` when given; true when the call fits (every argument has a
 * parameter it suits, no required parameter is left): the common case is answered without
 * building the lists.
 */
function assignInto(sig: Signature, args: readonly (StaticType | undefined)[], out: Assignment | undefined): boolean {
  const { params } = sig;
  let fits = true;
  let i = 0;
  for (let pi = 0; pi < params.length; pi++) {
    const p = params[pi] as Param;
    if (p.optional) {
      if (i >= args.length) continue;
      const next = sig.nextRequired[pi];
      const t = args[i];
      const spare = args.length - i > (sig.requiredAfter[pi] as number);
      // a known type decides (a scope goes to `within?: scope`, not to a string parameter after it)
      const takes =
        next === undefined || (t === undefined ? spare : accepts(p.kind, t) && (spare || !accepts(next.kind, t)));
      if (!takes) continue;
    } else if (i >= args.length) {
      out?.missing.push(pi);
      fits = false;
      continue;
    }
    out?.params.push(pi);
    if (!accepts(p.kind, args[i])) fits = false;
    i++;
  }
  for (; i < args.length; i++) {
    out?.extra.push(i);
    fits = false;
  }
  return fits;
}

/** Arguments whose type does not fit their parameter (argument index, parameter index). */
function mismatches(
  params: readonly Param[],
  args: readonly (StaticType | undefined)[],
  a: Assignment,
): [number, number][] {
  const out: [number, number][] = [];
  a.params.forEach((pi, ai) => {
    const p = params[pi] as Param;
    if (!accepts(p.kind, args[ai])) out.push([ai, pi]);
  });
  return out;
}

/** Two arguments of known, different types whose exchange makes the call fit, if any. */
function swapThatFits(sig: Signature, args: readonly (StaticType | undefined)[]): [number, number] | undefined {
  for (let i = 0; i < args.length; i++) {
    for (let j = i + 1; j < args.length; j++) {
      const x = args[i];
      const y = args[j];
      if (x === undefined || y === undefined || accepts(x, y)) continue;
      const swapped = [...args];
      swapped[i] = y;
      swapped[j] = x;
      if (assignInto(sig, swapped, undefined)) return [i, j];
    }
  }
  return undefined;
}

const join = joinSpans;
const ordinal = (n: number): string => `argument ${n + 1}`;

/**
 * What is wrong with calling `fn` (written `qualified`, e.g. `python.class_exists`) with `args`:
 * one problem per wrong argument count, misplaced pair or wrongly typed argument. Empty when the
 * call fits, or when the documentation does not describe the parameters (`parametersUnknown`).
 */
export function checkArguments(
  qualified: string,
  fn: FunctionDoc,
  args: readonly ArgumentInfo[],
  callSpan: Span,
): SignatureProblem[] {
  // An empty list is read as "not described" too: libraries written for the original often leave it
  // empty, and no built-in function takes no argument.
  if (fn.parametersUnknown || fn.parameters.length === 0) return [];
  const sig = signatureOf(fn);
  const types = args.map((a) => a.type);
  if (assignInto(sig, types, undefined)) return [];
  const { params } = sig;
  const a = assign(sig, types);
  const help = `expected \`${qualified}(${signatureText(fn)})\``;
  const swap = swapThatFits(sig, types);
  if (swap) {
    const [i, j] = swap;
    const first = args[i] as ArgumentInfo;
    const second = args[j] as ArgumentInfo;
    return [
      {
        code: Codes.ARGUMENTS_SWAPPED,
        message: `arguments ${i + 1} and ${j + 1} of \`${qualified}\` are in the wrong order: ${describeType(first.type as StaticType)} is given where ${describeType(second.type as StaticType)} is expected, and the other way round`,
        span: join(first.span, second.span),
        help: `exchange them; ${help}`,
      },
    ];
  }
  const out: SignatureProblem[] = [];
  if (a.missing.length > 0) {
    const list = a.missing.map((pi) => {
      const p = params[pi] as Param;
      return `\`${p.name}\` (${p.written})`;
    });
    const n = a.missing.length;
    out.push({
      code: Codes.MISSING_ARGUMENT,
      message: `\`${qualified}\` is missing ${n === 1 ? 'an argument' : `${n} arguments`}: ${list.join(', ')}`,
      span: callSpan,
      help,
    });
  }
  if (a.extra.length > 0) {
    const most = params.length;
    const first = args[a.extra[0] as number] as ArgumentInfo;
    const last = args[a.extra[a.extra.length - 1] as number] as ArgumentInfo;
    const takes = `${params.some((p) => p.optional) ? 'at most ' : ''}${most} argument${most === 1 ? '' : 's'}`;
    out.push({
      code: Codes.TOO_MANY_ARGUMENTS,
      message: `\`${qualified}\` takes ${takes}, but ${args.length} ${args.length === 1 ? 'is' : 'are'} given`,
      span: join(first.span, last.span),
      help: a.extra.length === 1 ? `remove this argument; ${help}` : `remove these arguments; ${help}`,
    });
  }
  for (const [ai, pi] of mismatches(params, types, a)) {
    const p = params[pi] as Param;
    const arg = args[ai] as ArgumentInfo;
    out.push({
      code: Codes.ARGUMENT_TYPE,
      message: `${ordinal(ai)} of \`${qualified}\` (\`${p.name}\`) must be ${describeType(p.kind as StaticType)}, but ${describeType(arg.type as StaticType)} is given`,
      span: arg.span,
      help,
    });
  }
  return out;
}
