/**
 * The type of an argument as far as it is known before the run, read from the bound model: literals
 * have theirs, a scope is a scope, a ref declared with a basic type has that type (evaluation
 * enforces it), a nested library call has the return type its documentation gives. Anything else
 * (a ref of a type of its own, a name bound only per implementing element) is unknown and fits
 * every parameter.
 */
import type { LibraryDoc } from '../libraries/types.js';
import type { Expression } from '../syntax/ast.js';
import type { Bindings } from './bindings.js';
import { staticTypeOf, type StaticType } from './signatures.js';
import type { FileUnit, Node } from './types.js';

/** Ref types evaluation checks values against (the others are names of the spec's own). */
const ENFORCED_REF_TYPES: Record<string, StaticType> = {
  string: 'string',
  integer: 'integer',
  int: 'integer',
  float: 'float',
  boolean: 'boolean',
  bool: 'boolean',
  scope: 'scope',
};

export interface TypeContext {
  bindings: Bindings;
  docs: ReadonlyMap<string, LibraryDoc>;
  unit: FileUnit;
  /** Where names are resolved; undefined where they are bound per implementing element only. */
  site: Node | undefined;
}

export function expressionType(expr: Expression, cx: TypeContext): StaticType | undefined {
  switch (expr.kind) {
    case 'String':
      return 'string';
    case 'Number':
      return expr.isInteger ? 'integer' : 'float';
    case 'Boolean':
      return 'boolean';
    case 'List':
      return 'list';
    case 'Call': {
      const b = cx.bindings.call(expr, cx.unit);
      if (!b?.ok) return undefined;
      const fn = cx.docs.get(b.library)?.functions.find((f) => f.name === b.fn);
      return fn ? staticTypeOf(fn.return_type) : undefined;
    }
    case 'Identifier':
    case 'Member': {
      if (!cx.site) return undefined;
      const r = cx.bindings.name(expr, cx.site);
      if (!r?.ok || r.target.kind !== 'member') return undefined;
      const m = r.target.member;
      if (m.kind === 'scope') return 'scope';
      return m.decl.kind === 'Ref' ? ENFORCED_REF_TYPES[m.decl.type.name] : undefined;
    }
  }
}
