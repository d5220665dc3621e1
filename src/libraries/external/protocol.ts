/**
 * The external-library protocol, defined once (documented in docs/external_libraries.md): JSON-RPC
 * 2.0, one JSON object per line over the plugin's stdin and stdout. The host sends the requests
 * below and reads each answer with the decoder of its method; nothing else in the host spells a
 * method name or builds a request.
 */
import { decodeCheckResult, decodeValue, encodeValue, stringifyJson, type Json } from '../codec.js';
import type { CallContext, CheckResult, Value } from '../types.js';

export const JSONRPC_VERSION = '2.0';

/** The methods a plugin answers. */
export const Method = {
  /** Run a selector: params `CallParams`, result a value (any encoding `decodeValue` accepts). */
  CALL: 'library.call',
  /** Run a check: params `CallParams`, result a check result (`decodeCheckResult`). */
  CHECK: 'library.check',
  /** The catalogue: no params, result `DocResult`. */
  DOC: 'library.doc',
  /** The catalogue of the original protocol (names only): no params, result `DocResult`. */
  METADATA: 'library.metadata',
} as const;

export type MethodName = (typeof Method)[keyof typeof Method];

/** The catalogue methods, in the order the host tries them. */
export const DOC_METHODS: readonly MethodName[] = [Method.DOC, Method.METADATA];

/** Params of `library.call` and `library.check` (keys in alphabetical order, as the original host sends them). */
export interface CallParams {
  [key: string]: Json;
  args: Json[];
  function: string;
  workspace: string;
}

/** One function in a `DocResult`: a name, or an object (unknown keys are ignored). */
export type FunctionDocJson =
  | string
  | {
      name: string;
      description?: string;
      parameters?: (string | { name: string; type?: string; param_type?: string; description?: string })[];
      return_type?: string;
      example?: string;
    };

/** Result of `library.doc` / `library.metadata` (every field optional; defaults as in the original). */
export interface DocResult {
  name?: string;
  description?: string;
  version?: string;
  functions?: FunctionDocJson[];
  checks?: FunctionDocJson[];
}

/** A request line as the host writes it. */
export interface Request {
  jsonrpc: typeof JSONRPC_VERSION;
  method: MethodName;
  params: Json;
  id: number;
}

/** A response as a plugin writes it: `result` or `error`, with the request's `id`. */
export type Response =
  | { jsonrpc?: string; id: Json; result: Json }
  | { jsonrpc?: string; id: Json; error: { code?: Json; message: string; data?: Json } };

export function callParams(fn: string, args: readonly Value[], ctx: Pick<CallContext, 'workspace'>): CallParams {
  return { args: args.map(encodeValue), function: fn, workspace: ctx.workspace };
}

/** The line (with its newline) that sends one request. */
export function requestLine(method: MethodName, params: Json, id: number): string {
  const request: Request = { jsonrpc: JSONRPC_VERSION, method, params, id };
  return `${stringifyJson(request)}\n`;
}

/** How the host reads the result of each method that returns a value or a check result. */
export const decodeResult = {
  [Method.CALL]: (result: Json): Value => decodeValue(result),
  [Method.CHECK]: (result: Json): CheckResult => decodeCheckResult(result),
} as const;
