/**
 * `hielements new-library NAME`: writes a ready-to-build AssemblyScript library project from
 * examples/wasm-library-template, with the template's name replaced by NAME, and a copy of the
 * AssemblyScript SDK that ships with this installation in `vendor/sdk-assemblyscript` (the
 * project's package.json depends on it with a `file:` path, so `npm install` needs nothing but
 * AssemblyScript from the registry or the npm cache).
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LibraryError } from '../types.js';
import { C } from '../../diagnostics/registry.js';

/** The name the template uses; replaced by the new library's name in every file. */
export const TEMPLATE_NAME = 'template_library';
/** Files and folders of the template that are not copied. */
const SKIPPED = new Set(['build', 'node_modules']);

/** Where the template lives: the repository (or the installed package) root, two levels above dist/ or src/. */
export function templateDir(): string {
  for (const up of ['../../../examples/wasm-library-template', '../../../../examples/wasm-library-template']) {
    const dir = fileURLToPath(new URL(up, import.meta.url));
    if (existsSync(join(dir, 'asconfig.json'))) return dir;
  }
  throw new LibraryError(
    C.E609,
    'cannot find the library template (examples/wasm-library-template) next to the Hielements installation',
  );
}

/** Folder of the AssemblyScript SDK inside the repository or the installed package. */
export function sdkDir(): string {
  for (const up of ['../../../sdk/assemblyscript', '../../../../sdk/assemblyscript']) {
    const dir = fileURLToPath(new URL(up, import.meta.url));
    if (existsSync(join(dir, 'assembly', 'index.ts'))) return dir;
  }
  throw new LibraryError(
    C.E609,
    'cannot find the AssemblyScript SDK (sdk/assemblyscript) next to the Hielements installation',
  );
}

/** Where the scaffolded project keeps its copy of the SDK (its package.json points here). */
export const VENDORED_SDK = 'vendor/sdk-assemblyscript';

/** Library names are identifiers in .hie files: letters, digits and underscores, not starting with a digit. */
export function isValidLibraryName(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name);
}

async function listTemplate(dir: string, base = dir): Promise<string[]> {
  const out: string[] = [];
  for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (SKIPPED.has(entry.name)) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listTemplate(full, base)));
    else if (entry.isFile()) out.push(relative(base, full));
  }
  return out;
}

/**
 * Create the project for library NAME in `dir` (created if needed; must be empty or absent).
 * Returns the created files (absolute paths). Throws LibraryError E609 for a bad name or a
 * non-empty directory.
 */
export async function scaffoldWasmLibrary(name: string, dir: string): Promise<string[]> {
  if (!isValidLibraryName(name))
    throw new LibraryError(
      C.E609,
      `'${name}' is not a valid library name: use letters, digits and underscores, not starting with a digit (it ` +
        `is used as \`import ${name}\` in .hie files)`,
    );
  if (existsSync(dir)) {
    if (!(await stat(dir)).isDirectory()) throw new LibraryError(C.E609, `${dir} exists and is not a directory`);
    if ((await readdir(dir)).length > 0) throw new LibraryError(C.E609, `${dir} is not empty; choose a new directory`);
  }
  const src = templateDir();
  const sdk = sdkDir();
  const created: string[] = [];
  for (const rel of await listTemplate(src)) {
    const text = (await readFile(join(src, rel), 'utf8')).split(TEMPLATE_NAME).join(name);
    const dst = join(dir, rel.split(TEMPLATE_NAME).join(name));
    await mkdir(join(dst, '..'), { recursive: true });
    await writeFile(dst, text, { flag: 'wx' });
    created.push(dst);
  }
  // npm never packs `.gitignore` files: an installed template has none, so write the usual one.
  if (!created.some((f) => relative(dir, f) === '.gitignore')) {
    await writeFile(join(dir, '.gitignore'), 'build/\nnode_modules/\n', { flag: 'wx' });
    created.unshift(join(dir, '.gitignore'));
  }
  for (const rel of await listTemplate(sdk)) {
    const dst = join(dir, ...VENDORED_SDK.split('/'), rel);
    await mkdir(join(dst, '..'), { recursive: true });
    await writeFile(dst, await readFile(join(sdk, rel)), { flag: 'wx' });
    created.push(dst);
  }
  return created;
}
