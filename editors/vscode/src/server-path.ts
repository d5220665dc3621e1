/**
 * Where the extension finds the `hielements` CLI that runs the language server and the commands:
 * the `hielements.server.path` setting (absolute, or relative to the workspace folder), else the
 * workspace's `node_modules/hielements`, else the workspace itself when it is the hielements
 * repository. A `.js` file is run with VS Code's own Node.js; anything else as an executable.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export type ServerLaunch =
  /** A JavaScript entry point (bin/hielements.js), run with Node.js. */
  | { kind: 'module'; module: string; source: string }
  /** An executable (a `hielements` binary or wrapper script on disk or on PATH). */
  | { kind: 'command'; command: string; source: string };

export interface Probe {
  isFile(p: string): boolean;
  readText(p: string): string | undefined;
}

export const diskProbe: Probe = {
  isFile: (p) => {
    try {
      return fs.statSync(p).isFile();
    } catch {
      return false;
    }
  },
  readText: (p) => {
    try {
      return fs.readFileSync(p, 'utf8');
    } catch {
      return undefined;
    }
  },
};

/** Finds the CLI for a workspace; undefined when none is configured or installed. */
export function findServer(
  folders: readonly string[],
  configured: string | undefined,
  probe: Probe = diskProbe,
): ServerLaunch | undefined {
  const setting = configured?.trim();
  if (setting) {
    const candidates = path.isAbsolute(setting) ? [setting] : folders.map((f) => path.join(f, setting));
    const hit = candidates.find((c) => probe.isFile(c));
    if (hit) return launchOf(hit, 'the hielements.server.path setting');
    // A bare name (`hielements`) is looked up on PATH by the operating system.
    if (!setting.includes('/') && !setting.includes('\\'))
      return { kind: 'command', command: setting, source: 'the hielements.server.path setting (on PATH)' };
    return undefined;
  }
  for (const folder of folders) {
    const installed = path.join(folder, 'node_modules', 'hielements', 'bin', 'hielements.js');
    if (probe.isFile(installed)) return { kind: 'module', module: installed, source: 'the workspace node_modules' };
  }
  for (const folder of folders) {
    const own = path.join(folder, 'bin', 'hielements.js');
    const pkg = probe.readText(path.join(folder, 'package.json'));
    if (pkg && probe.isFile(own) && isHielementsPackage(pkg))
      return { kind: 'module', module: own, source: 'the hielements repository' };
  }
  return undefined;
}

function launchOf(file: string, source: string): ServerLaunch {
  return /\.(c|m)?js$/.test(file)
    ? { kind: 'module', module: file, source }
    : { kind: 'command', command: file, source };
}

function isHielementsPackage(text: string): boolean {
  try {
    return (JSON.parse(text) as { name?: unknown }).name === 'hielements';
  } catch {
    return false;
  }
}
