#!/usr/bin/env node
/**
 * Builds the VS Code extension (editors/vscode) into editors/vscode/dist/hielements.vsix:
 * installs its own packages from its lockfile when they are missing or out of date (npm registry
 * only), type-checks, bundles with esbuild and packages with @vscode/vsce. The packaging step runs
 * with every HTTP(S) proxy pointed at a closed local port, so it cannot reach the network.
 * Run by `npm test`; on its own: `npm run vscode`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.join(root, 'editors', 'vscode');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function run(args, env = process.env) {
  const r = spawnSync(npm, args, { cwd: dir, stdio: 'inherit', env });
  if (r.status !== 0) {
    console.error(
      `build-vscode-extension: \`npm ${args.join(' ')}\` failed in editors/vscode (exit ${r.status ?? r.signal})`,
    );
    process.exit(1);
  }
}

const installed = path.join(dir, 'node_modules', '.package-lock.json');
const lock = path.join(dir, 'package-lock.json');
if (!existsSync(installed) || statSync(installed).mtimeMs < statSync(lock).mtimeMs) {
  run(['ci', '--prefer-offline', '--no-audit', '--no-fund']);
}

const closed = 'http://127.0.0.1:9';
const offline = {
  ...process.env,
  HTTP_PROXY: closed,
  HTTPS_PROXY: closed,
  http_proxy: closed,
  https_proxy: closed,
  NO_PROXY: '',
  no_proxy: '',
  npm_config_offline: 'true',
};
run(['run', '--silent', 'package'], offline);
console.log(`build-vscode-extension: ${path.relative(root, path.join(dir, 'dist', 'hielements.vsix'))}`);
