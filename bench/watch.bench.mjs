// `hielements run --watch`: time from saving one file to the end of the re-run report, compared
// with a full `hielements run` of the same tree. The tree has M modules of F Python files; every
// module has a parsing check (python.no_import) and a text check (files.not_contains_text).
// Editing one file re-runs only that module's checks; a spec edit re-runs everything.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';

const MODULES = 30;
const FILES = 40;
const EDITS = 5;

async function makeTree(dir) {
  const lines = ['import files', 'import python', '', 'element app {'];
  for (let m = 0; m < MODULES; m++) {
    const folder = join(dir, 'src', `m${m}`);
    await mkdir(folder, { recursive: true });
    for (let f = 0; f < FILES; f++) {
      const body = [
        `import json`,
        `from .helpers import h${f}`,
        '',
        ...Array.from({ length: 30 }, (_, i) => `def f${i}(x):\n    return json.dumps(x) + str(${i})\n`),
      ].join('\n');
      await writeFile(join(folder, `f${f}.py`), body);
    }
    lines.push(
      `    element m${m} {`,
      `        scope code = python.module_selector('src/m${m}')`,
      `        check python.no_import(code, 'subprocess')`,
      `        check files.not_contains_text(code, 'TODO')`,
      '    }',
    );
  }
  lines.push('}', '');
  await writeFile(join(dir, 'arch.hie'), lines.join('\n'));
  await writeFile(join(dir, 'hielements.toml'), '[libraries]\n');
}

function startWatch(root, dir) {
  const child = spawn(process.execPath, [join(root, 'bin', 'hielements.js'), 'run', 'arch.hie', '--watch'], {
    cwd: dir,
    env: { ...process.env, NO_COLOR: '1', CI: '1' },
  });
  let out = '';
  const waiters = [];
  child.stdout.setEncoding('utf8').on('data', (d) => {
    out += d;
    for (const w of waiters.splice(0)) if (!w.check()) waiters.push(w);
  });
  child.stderr.resume();
  const until = (pred) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`watch bench timed out; output:\n${out.slice(-2000)}`)), 120_000);
      const w = {
        check: () => {
          if (!pred(out)) return false;
          clearTimeout(timer);
          resolve();
          return true;
        },
      };
      if (!w.check()) waiters.push(w);
    });
  return { child, until, count: (s) => out.split(s).length - 1, out: () => out };
}

function timeFullRun(root, dir, extra = []) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [join(root, 'bin', 'hielements.js'), 'run', 'arch.hie', ...extra], {
      cwd: dir,
      stdio: 'ignore',
      env: { ...process.env, CI: '1' },
    });
    child.on('error', reject);
    child.on('close', () => resolve(performance.now() - t0));
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export default async function run({ root, log }) {
  const dir = await mkdtemp(join(os.tmpdir(), 'hie-bench-watch-'));
  try {
    await makeTree(dir);
    const full = [];
    for (let i = 0; i < 3; i++) full.push(await timeFullRun(root, dir, ['--no-cache']));
    // the default: the first run fills the facts cache, the next ones parse nothing
    await timeFullRun(root, dir);
    const cached = [];
    for (let i = 0; i < 3; i++) cached.push(await timeFullRun(root, dir));
    log(
      `watch: full runs ${full.map((t) => t.toFixed(0)).join(', ')} ms; with the facts cache ` +
        `${cached.map((t) => t.toFixed(0)).join(', ')} ms`,
    );

    const w = startWatch(root, dir);
    await w.until((o) => o.includes('watching'));
    const edit = [];
    const spec = [];
    for (let i = 0; i < EDITS; i++) {
      const before = w.count('watching');
      const t0 = performance.now();
      await writeFile(
        join(dir, 'src', `m${i}`, 'f0.py'),
        `import json\n# edit ${i}\ndef g():\n    return json.dumps(${i})\n`,
      );
      await w.until(() => w.count('watching') > before);
      edit.push(performance.now() - t0);
      const reran = /re-ran (\d+) check/.exec(w.out().slice(w.out().lastIndexOf('── re-run')));
      if (!reran || Number(reran[1]) !== 2)
        throw new Error(`expected 2 checks re-run after one edit:\n${w.out().slice(-1500)}`);
    }
    for (let i = 0; i < 3; i++) {
      const before = w.count('watching');
      const t0 = performance.now();
      await writeFile(
        join(dir, 'arch.hie'),
        `${(await import('node:fs')).readFileSync(join(dir, 'arch.hie'), 'utf8')}# edit ${i}\n`,
      );
      await w.until(() => w.count('watching') > before);
      spec.push(performance.now() - t0);
      const last = w.out().slice(w.out().lastIndexOf('── re-run'));
      if (!last.includes(`${MODULES * 2} checks: ${MODULES * 2} passed`))
        throw new Error(`expected a full passing run after a spec edit:\n${last.slice(-1500)}`);
    }
    w.child.kill('SIGINT');
    await new Promise((r) => w.child.on('close', r));
    const checks = MODULES * 2;
    return {
      title: 'run --watch: re-run after a change',
      notes: [
        `${MODULES} modules × ${FILES} Python files (${MODULES * FILES} files), ${checks} checks ` +
          '(python.no_import, files.not_contains_text). ' +
          'Time from writing the file to the end of the re-run report, including the 150 ms debounce; medians. ' +
          'A full run is a fresh `hielements run` process (start-up, parsing, every check); with `--no-cache` it ' +
          'parses every file, by default the facts cache (filled by an earlier run) answers for unchanged files. ' +
          'Watch re-runs use the facts cache too: a spec edit re-runs every check without parsing the tree again.',
      ],
      columns: ['scenario', 'checks run', 'median ms'],
      rows: [
        ['full `hielements run --no-cache` (new process)', checks, median(full).toFixed(0)],
        ['full `hielements run` (new process, facts cache warm)', checks, median(cached).toFixed(0)],
        ['watch: one source file edited', 2, median(edit).toFixed(0)],
        ['watch: spec edited (everything re-run, libraries kept)', checks, median(spec).toFixed(0)],
      ],
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
