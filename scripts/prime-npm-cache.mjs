#!/usr/bin/env node
/**
 * Puts into the local npm cache everything an offline install of the packed `hielements` needs:
 * the runtime dependencies of the package and AssemblyScript (what a library made by
 * `hielements new-library` installs), at the versions of package-lock.json. After this,
 * `npm install --offline hielements-X.tgz` and the generated library's `npm install --offline`
 * work without network. Already cached packages are not fetched again (`--prefer-offline`).
 *
 * Usage: node scripts/prime-npm-cache.mjs [--print]   (--print only lists the packages)
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
const packages = lock.packages ?? {};

/** name@version of `start` (a lock key) and everything it depends on, as the lock resolved them. */
function closure(startKeys) {
  const out = new Set();
  const queue = [...startKeys];
  const seen = new Set();
  while (queue.length > 0) {
    const key = queue.shift();
    if (seen.has(key)) continue;
    seen.add(key);
    const entry = packages[key];
    if (!entry) continue;
    const name = key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length);
    if (key !== '') out.add(`${name}@${entry.version}`);
    for (const dep of Object.keys({ ...entry.dependencies, ...entry.optionalDependencies })) {
      // Node's resolution: the nearest node_modules/dep from this package's folder upwards.
      let base = key;
      for (;;) {
        const candidate = `${base ? `${base}/` : ''}node_modules/${dep}`;
        if (packages[candidate]) {
          queue.push(candidate);
          break;
        }
        if (!base) break;
        const i = base.lastIndexOf('/node_modules/');
        base = i < 0 ? '' : base.slice(0, i);
      }
    }
  }
  return [...out].sort();
}

const wanted = closure(['', 'node_modules/assemblyscript']);
if (process.argv.includes('--print')) {
  console.log(wanted.join('\n'));
} else {
  console.log(`[prime-npm-cache] ${wanted.length} packages: ${wanted.join(' ')}`);
  execFileSync('npm', ['cache', 'add', '--prefer-offline', '--no-audit', '--no-fund', ...wanted], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}
