/**
 * Workspace and configuration discovery:
 * workspace = `--workspace` if given; else the nearest ancestor of the spec file holding
 * `hielements.toml`; else the enclosing git repository's root; else the current directory.
 * Config = `--config` if given; else `<workspace>/hielements.toml` when `--workspace` was given and
 * holds one; else the nearest `hielements.toml` above the spec file (the one that chose the workspace).
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { CONFIG_FILE_NAME, findConfigFile } from '../config/config.js';
import { InputError } from './errors.js';

export interface WorkspaceChoice {
  /** Absolute workspace root. */
  workspace: string;
  /** Absolute path of the hielements.toml to load, if any. */
  configFile?: string;
  /** Why this workspace was chosen (for --verbose). */
  reason: string;
}

export interface WorkspaceRequest {
  cwd: string;
  /** Spec file (as given); discovery starts in its directory, else in `cwd`. */
  specFile?: string;
  workspaceFlag?: string;
  configFlag?: string;
}

export async function resolveWorkspace(req: WorkspaceRequest): Promise<WorkspaceChoice> {
  const start = req.specFile ? path.dirname(path.resolve(req.cwd, req.specFile)) : path.resolve(req.cwd);
  let configFile: string | undefined;
  if (req.configFlag !== undefined) {
    configFile = path.resolve(req.cwd, req.configFlag);
    if (!(await isFile(configFile)))
      throw new InputError(`cannot read the configuration file \`${req.configFlag}\`: no such file`);
  }

  if (req.workspaceFlag !== undefined) {
    const workspace = path.resolve(req.cwd, req.workspaceFlag);
    if (!(await isDirectory(workspace))) throw new InputError(`workspace \`${req.workspaceFlag}\` is not a directory`);
    if (configFile === undefined) {
      const own = path.join(workspace, CONFIG_FILE_NAME);
      configFile = (await isFile(own)) ? own : await findConfigFile(start);
    }
    return withConfig({ workspace, reason: '--workspace' }, configFile);
  }

  const found = await findConfigFile(start);
  if (found)
    return withConfig({ workspace: path.dirname(found), reason: `nearest ${CONFIG_FILE_NAME}` }, configFile ?? found);
  const git = await findGitRoot(start);
  if (git) return withConfig({ workspace: git, reason: 'git repository root' }, configFile);
  return withConfig({ workspace: path.resolve(req.cwd), reason: 'current directory' }, configFile);
}

function withConfig(choice: WorkspaceChoice, configFile: string | undefined): WorkspaceChoice {
  return configFile === undefined ? choice : { ...choice, configFile };
}

/** Nearest ancestor (inclusive) holding `.git` (a directory, or a file for worktrees/submodules). */
export async function findGitRoot(startDir: string): Promise<string | undefined> {
  let dir = path.resolve(startDir);
  for (;;) {
    if (await exists(path.join(dir, '.git'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

// Synchronous stats: a handful at start-up, each cheaper than a round trip through the thread pool.
async function exists(p: string): Promise<boolean> {
  try {
    return statSync(p, { throwIfNoEntry: false }) !== undefined;
  } catch {
    return false;
  }
}

async function isFile(p: string): Promise<boolean> {
  try {
    return statSync(p, { throwIfNoEntry: false })?.isFile() ?? false;
  } catch {
    return false;
  }
}

async function isDirectory(p: string): Promise<boolean> {
  try {
    return statSync(p, { throwIfNoEntry: false })?.isDirectory() ?? false;
  } catch {
    return false;
  }
}
