/**
 * Paths inside values returned by WebAssembly and external libraries are confined at the boundary,
 * before anything else sees them (docs/security.md, "Values returned by libraries"): every scope
 * path and every check location must name a place inside the workspace — absolute below it, or
 * relative to it — without NUL bytes, backslashes or a `..` that climbs out. They come back as
 * normalised absolute paths; anything else is an error naming the offending path.
 */
import { realpathSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { workspaceRelative } from '../confine/index.js';
import { C } from '../diagnostics/registry.js';
import { LibraryError, type CheckResult, type CodeLocation, type Scope, type Value } from './types.js';

/** Code of a returned path that is not confined to the workspace. */
export const RETURNED_PATH_CODE = C.E801;

/** The workspace as given and as its real path (a library may use either). */
interface Roots {
  given: string;
  real: string;
}

const realRoots = new Map<string, string>();

function rootsOf(workspace: string): Roots {
  const given = resolve(workspace);
  let real = realRoots.get(given);
  if (real === undefined) {
    try {
      real = realpathSync.native(given);
    } catch {
      real = given;
    }
    realRoots.set(given, real);
  }
  return { given, real };
}

/** The confined absolute form of `p`, or throws E801 naming `where`. */
function confinePath(roots: Roots, p: string, where: string): string {
  let rel = workspaceRelative(roots.given, p);
  let base = roots.given;
  if (!rel.ok && rel.kind === 'outside' && isAbsolute(p) && roots.real !== roots.given) {
    const viaReal = workspaceRelative(roots.real, p);
    if (viaReal.ok) {
      rel = viaReal;
      base = roots.real;
    }
  }
  if (!rel.ok) {
    const shown = JSON.stringify(p.length > 200 ? `${p.slice(0, 200)}…` : p);
    throw new LibraryError(
      RETURNED_PATH_CODE,
      `returned the path ${shown} in ${where}, which is not inside the workspace: ${rel.reason}`,
    );
  }
  return rel.value === '' ? base : join(base, rel.value);
}

function confineScope(roots: Roots, s: Scope, where: string): Scope {
  const paths = s.paths.map((p, i) => confinePath(roots, p, `${where}.paths[${i}]`));
  const out: Scope = { ...s, paths }; // order kept: the library's answer, only normalised
  if (s.symbols)
    out.symbols = s.symbols.map((x, i) => ({ ...x, file: confinePath(roots, x.file, `${where}.symbols[${i}].file`) }));
  return out;
}

/** A returned value with every scope path confined (throws E801 on the first that is not). */
export function confineValue(v: Value, workspace: string, where = 'the result'): Value {
  return confineIn(rootsOf(workspace), v, where);
}

function confineIn(roots: Roots, v: Value, where: string): Value {
  switch (v.type) {
    case 'scope':
      return { type: 'scope', scope: confineScope(roots, v.scope, `${where} (a scope)`) };
    case 'list':
      return { type: 'list', items: v.items.map((x, i) => confineIn(roots, x, `${where}[${i}]`)) };
    case 'connection_point': {
      const data: Record<string, Value> = {};
      for (const [k, x] of Object.entries(v.data)) data[k] = confineIn(roots, x, `${where}.data.${k}`);
      return { ...v, data };
    }
    default:
      return v;
  }
}

/** A returned check result with every location's file confined (throws E801 otherwise). */
export function confineCheckResult(r: CheckResult, workspace: string): CheckResult {
  if (r.status !== 'fail' || !r.locations) return r;
  const roots = rootsOf(workspace);
  const locations: CodeLocation[] = r.locations.map((l, i) => ({
    ...l,
    file: confinePath(roots, l.file, `locations[${i}].file`),
  }));
  return { ...r, locations };
}
