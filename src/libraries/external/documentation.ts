/**
 * Turns what a plugin answers to `library.doc` or `library.metadata` into a LibraryDoc, with the
 * defaults of the original (`type` "any", empty descriptions), and builds the fallback entry used
 * when the plugin documents nothing.
 */
import type { Json } from '../codec.js';
import { markedOptional, type FunctionDoc, type LibraryDoc, type ParameterDoc } from '../types.js';

const isObj = (x: Json | undefined): x is { [k: string]: Json } =>
  typeof x === 'object' && x !== null && !Array.isArray(x);
const text = (x: Json | undefined, dflt = ''): string => (typeof x === 'string' ? x : dflt);

function parameter(j: Json): ParameterDoc | undefined {
  if (typeof j === 'string') return { name: j, type: 'any', description: '' };
  if (!isObj(j) || typeof j.name !== 'string') return undefined;
  // `param_type` is what the catalog JSON uses; accept it too.
  return {
    name: j.name,
    type: markedOptional(text(j.type ?? j.param_type, 'any'), j.optional === true),
    description: text(j.description),
  };
}

function fnDoc(j: Json): FunctionDoc | undefined {
  // library.metadata lists bare names: the parameters are not described.
  if (typeof j === 'string')
    return { name: j, description: '', parameters: [], return_type: '', parametersUnknown: true };
  if (!isObj(j) || typeof j.name !== 'string') return undefined;
  const params: ParameterDoc[] = [];
  if (Array.isArray(j.parameters)) {
    for (const p of j.parameters) {
      const d = parameter(p);
      if (!d) return undefined;
      params.push(d);
    }
  }
  const out: FunctionDoc = {
    name: j.name,
    description: text(j.description),
    parameters: params,
    return_type: text(j.return_type),
  };
  if (!Array.isArray(j.parameters)) out.parametersUnknown = true;
  if (typeof j.example === 'string') out.example = j.example;
  return out;
}

function fnList(j: Json | undefined): FunctionDoc[] | undefined {
  if (j === undefined || j === null) return [];
  if (!Array.isArray(j)) return undefined;
  const out: FunctionDoc[] = [];
  for (const x of j) {
    const d = fnDoc(x);
    if (!d) return undefined;
    out.push(d);
  }
  return out;
}

/**
 * A LibraryDoc from a `library.doc`/`library.metadata` result, or undefined when the shape is
 * unusable. The entry is always named `name` (the key in hielements.toml), whatever the plugin reports.
 */
export function docFromResult(result: Json, name: string, source: string): LibraryDoc | undefined {
  if (!isObj(result)) return undefined;
  const functions = fnList(result.functions);
  const checks = fnList(result.checks);
  if (!functions || !checks) return undefined;
  return {
    name,
    description: text(result.description),
    version: text(result.version),
    functions,
    checks,
    source,
  };
}

export function fallbackDoc(name: string, source: string, why: string): LibraryDoc {
  return {
    name,
    description: `External library: ${source.replace(/^external: /, '')} (no documentation: ${why})`,
    version: '0.1.0',
    functions: [],
    checks: [],
    source,
  };
}
