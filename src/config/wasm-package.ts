/**
 * Resolves `package = "<npm name>"` of a wasm library entry to the `.wasm` file it ships.
 * The package is looked up in `node_modules` of the config directory and its ancestors (then of the
 * workspace and its ancestors), like Node does. The module is the package.json field
 * `hielements.wasm` (a path inside the package), else `main` when it ends with `.wasm`.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export type PackageResolution = { ok: true; path: string } | { ok: false; reason: string };

const NPM_NAME = /^(@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;

export function isValidPackageName(name: string): boolean {
  return name.length <= 214 && NPM_NAME.test(name);
}

// Synchronous file access: a few small files read while the configuration loads, at start-up.
async function isFile(p: string): Promise<boolean> {
  try {
    return statSync(p, { throwIfNoEntry: false })?.isFile() ?? false;
  } catch {
    return false;
  }
}

function ancestors(dir: string): string[] {
  const out: string[] = [];
  let d = path.resolve(dir);
  for (;;) {
    out.push(d);
    const up = path.dirname(d);
    if (up === d) return out;
    d = up;
  }
}

export async function resolveWasmPackage(name: string, searchFrom: readonly string[]): Promise<PackageResolution> {
  const seen = new Set<string>();
  for (const start of searchFrom) {
    for (const dir of ancestors(start)) {
      const pkgDir = path.join(dir, 'node_modules', ...name.split('/'));
      if (seen.has(pkgDir)) continue;
      seen.add(pkgDir);
      const manifest = path.join(pkgDir, 'package.json');
      if (!(await isFile(manifest))) continue;
      let json: unknown;
      try {
        json = JSON.parse(readFileSync(manifest, 'utf8'));
      } catch (e) {
        return { ok: false, reason: `${manifest} is not valid JSON (${(e as Error).message})` };
      }
      const pj = (json ?? {}) as { hielements?: { wasm?: unknown }; main?: unknown };
      let rel: string | undefined;
      if (pj.hielements && typeof pj.hielements.wasm === 'string') rel = pj.hielements.wasm;
      else if (typeof pj.main === 'string' && pj.main.endsWith('.wasm')) rel = pj.main;
      if (rel === undefined)
        return {
          ok: false,
          reason: `${manifest} has neither a "hielements": {"wasm": "…"} field nor a "main" ending in .wasm`,
        };
      const file = path.resolve(pkgDir, rel);
      const inside = path.relative(pkgDir, file);
      if (inside.startsWith('..') || path.isAbsolute(inside))
        return { ok: false, reason: `the module path "${rel}" in ${manifest} points outside the package` };
      if (!(await isFile(file))) return { ok: false, reason: `${file} (named in ${manifest}) does not exist` };
      return { ok: true, path: file };
    }
  }
  return { ok: false, reason: `no node_modules/${name}/package.json found from ${searchFrom.join(' or ')} upwards` };
}
