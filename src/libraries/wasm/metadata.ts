/** Decoding of the guest's `metadata()` answer into a LibraryDoc. */
import type { Json } from '../codec.js';
import { markedOptional, type FunctionDoc, type LibraryDoc, type ParameterDoc } from '../types.js';

const isObj = (x: Json | undefined): x is { [k: string]: Json } =>
  typeof x === 'object' && x !== null && !Array.isArray(x);
const text = (x: Json | undefined, dflt = ''): string => (typeof x === 'string' ? x : dflt);

function fnDoc(x: Json, where: string): FunctionDoc {
  // a bare name: the function exists, its parameters are not described
  if (typeof x === 'string')
    return { name: x, description: '', parameters: [], return_type: '', parametersUnknown: true };
  if (!isObj(x) || typeof x.name !== 'string' || x.name === '')
    throw new Error(`${where} must be an object with a non-empty "name"`);
  const parameters: ParameterDoc[] = Array.isArray(x.parameters)
    ? x.parameters.map((p, i) => {
        if (!isObj(p) || typeof p.name !== 'string')
          throw new Error(`${where}.parameters[${i}] must be an object with a "name"`);
        return {
          name: p.name,
          type: markedOptional(text(p.type, 'any'), p.optional === true),
          description: text(p.description),
        };
      })
    : [];
  const doc: FunctionDoc = {
    name: x.name,
    description: text(x.description),
    parameters,
    return_type: text(x.return_type),
  };
  if (!Array.isArray(x.parameters)) doc.parametersUnknown = true;
  if (typeof x.example === 'string') doc.example = x.example;
  return doc;
}

/** Capabilities a library may declare in its metadata (the keys of `capabilities` in hielements.toml). */
export const KNOWN_CAPABILITIES = ['file_read', 'file_write', 'network'] as const;

/**
 * `capabilities` of the metadata: a list of names (`["file_read"]`) or a table of booleans
 * (`{"file_read": true}`). Undefined when absent (older modules declare nothing).
 */
export function decodeCapabilities(x: Json | undefined): string[] | undefined {
  if (x === undefined || x === null) return undefined;
  let names: string[];
  if (Array.isArray(x)) {
    names = x.map((n, i) => {
      if (typeof n !== 'string') throw new Error(`"capabilities"[${i}] must be a string`);
      return n;
    });
  } else if (isObj(x)) {
    names = [];
    for (const [k, v] of Object.entries(x)) {
      if (typeof v !== 'boolean') throw new Error(`"capabilities"."${k}" must be true or false`);
      if (v) names.push(k);
    }
  } else throw new Error('"capabilities" must be a list of capability names such as ["file_read"]');
  for (const n of names)
    if (!(KNOWN_CAPABILITIES as readonly string[]).includes(n))
      throw new Error(`unknown capability "${n}" in "capabilities" (known: ${KNOWN_CAPABILITIES.join(', ')})`);
  return [...new Set(names)].sort();
}

/** Throws Error with a description of the first problem. */
export function decodeMetadata(j: Json, fallbackName: string): LibraryDoc {
  if (!isObj(j)) throw new Error('metadata must be a JSON object');
  const list = (key: string): FunctionDoc[] => {
    const v = j[key];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) throw new Error(`"${key}" must be an array`);
    return v.map((x, i) => fnDoc(x, `${key}[${i}]`));
  };
  const doc: LibraryDoc = {
    name: text(j.name, fallbackName) || fallbackName,
    description: text(j.description),
    version: text(j.version, '0.0.0'),
    functions: list('functions'),
    checks: list('checks'),
  };
  const declared = decodeCapabilities(j.capabilities);
  if (declared !== undefined) doc.declared_capabilities = declared;
  return doc;
}
