/** Decoding of the guest's `metadata()` answer into a LibraryDoc. */
import type { Json } from '../codec.js';
import type { FunctionDoc, LibraryDoc, ParameterDoc } from '../types.js';

const isObj = (x: Json | undefined): x is { [k: string]: Json } => typeof x === 'object' && x !== null && !Array.isArray(x);
const text = (x: Json | undefined, dflt = ''): string => (typeof x === 'string' ? x : dflt);

function fnDoc(x: Json, where: string): FunctionDoc {
  if (typeof x === 'string') return { name: x, description: '', parameters: [], return_type: '' };
  if (!isObj(x) || typeof x.name !== 'string' || x.name === '') throw new Error(`${where} must be an object with a non-empty "name"`);
  const parameters: ParameterDoc[] = Array.isArray(x.parameters)
    ? x.parameters.map((p, i) => {
        if (!isObj(p) || typeof p.name !== 'string') throw new Error(`${where}.parameters[${i}] must be an object with a "name"`);
        return { name: p.name, type: text(p.type, 'any'), description: text(p.description) };
      })
    : [];
  const doc: FunctionDoc = { name: x.name, description: text(x.description), parameters, return_type: text(x.return_type) };
  if (typeof x.example === 'string') doc.example = x.example;
  return doc;
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
  return {
    name: text(j.name, fallbackName) || fallbackName,
    description: text(j.description),
    version: text(j.version, '0.0.0'),
    functions: list('functions'),
    checks: list('checks'),
  };
}
