/**
 * Starting `python3` through a pyenv shim costs a bash script and `pyenv exec` (~50 ms) on every
 * spawn. When the configured executable is a bare `python`/`python3`/`python3.X` that PATH
 * resolves to a pyenv shim, find the interpreter pyenv would pick (PYENV_VERSION, else the nearest
 * `.python-version` from the plugin's cwd upwards, else `$PYENV_ROOT/version`) and start it
 * directly. Anything unusual (`system`, PYENV_DIR, a version without that program) falls back to
 * the shim. Only files are read; nothing is executed.
 */
import { access, readFile, stat } from 'node:fs/promises';
import { constants } from 'node:fs';
import path from 'node:path';

const PYTHON_NAME = /^python(3(\.\d+)?)?$/;
const cache = new Map<string, Promise<string>>();

async function isExecutableFile(p: string): Promise<boolean> {
  try {
    if (!(await stat(p)).isFile()) return false;
    await access(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function readFirstWords(file: string): Promise<string[] | undefined> {
  try {
    const text = await readFile(file, 'utf8');
    return text
      .split(/\s+/)
      .map((w) => w.trim())
      .filter((w) => w.length > 0 && !w.startsWith('#'));
  } catch {
    return undefined;
  }
}

async function pyenvVersions(root: string, cwd: string, env: NodeJS.ProcessEnv): Promise<string[] | undefined> {
  if (env.PYENV_VERSION) return env.PYENV_VERSION.split(':').filter(Boolean);
  let dir = path.resolve(cwd);
  for (;;) {
    const words = await readFirstWords(path.join(dir, '.python-version'));
    if (words && words.length > 0) return words;
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return readFirstWords(path.join(root, 'version'));
}

async function findOnPath(name: string, envPath: string): Promise<string | undefined> {
  for (const dir of envPath.split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    if (await isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

async function resolveUncached(name: string, cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
  const found = await findOnPath(name, env.PATH ?? '');
  if (!found) return name;
  if (path.basename(path.dirname(found)) !== 'shims' || env.PYENV_DIR) return name;
  let script: string;
  try {
    script = (await readFile(found, 'utf8')).slice(0, 4096);
  } catch {
    return name;
  }
  if (!script.includes('pyenv')) return name;
  const root = env.PYENV_ROOT ?? path.dirname(path.dirname(found));
  const versions = await pyenvVersions(root, cwd, env);
  if (!versions || versions.length === 0) return name;
  for (const v of versions) {
    if (v === 'system' || v.includes('/') || v.includes('..')) return name;
    const exe = path.join(root, 'versions', v, 'bin', name);
    if (await isExecutableFile(exe)) return exe;
  }
  return name;
}

/**
 * The program to spawn for `executable`: the real interpreter behind a pyenv shim, or
 * `executable` unchanged (PATH lookup then happens in spawn as usual).
 */
export function resolveInterpreter(executable: string, cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
  if (!PYTHON_NAME.test(executable)) return Promise.resolve(executable);
  const key = [executable, cwd, env.PATH ?? '', env.PYENV_VERSION ?? '', env.PYENV_ROOT ?? ''].join('\0');
  let p = cache.get(key);
  if (!p) {
    p = resolveUncached(executable, cwd, env).catch(() => executable);
    cache.set(key, p);
  }
  return p;
}
