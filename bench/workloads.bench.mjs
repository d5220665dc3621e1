// Whole `hielements` processes, as a user runs them: start-up (`parse`/`check` of the repository's
// own spec next to `node -e 0`), linear scaling (1,000 vs 5,000 generated elements), and a
// workload over the machine's Python standard library, cold and with the facts cache warm.
// Commands are run in alternating rounds (so a busy moment slows every row alike); medians.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeScalingWorkspace, makeStdlibSpec, pythonStdlib } from './lib/workspaces.mjs';

const STARTUP_ROUNDS = 10;
const SCALING_ROUNDS = 3;
const STDLIB_ROUNDS = 3;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => x.toFixed(0);

/** Runs `node ...args`; wall time (ms), exit status and, with `rss`, the peak resident set (KiB). */
function proc(root, args, { cwd = root, rss = false } = {}) {
  const pre = rss ? ['--require', join(root, 'bench', 'lib', 'peak-rss.cjs')] : [];
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [...pre, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', CI: '1' },
    maxBuffer: 1 << 28,
  });
  const wall = performance.now() - t0;
  if (r.status !== 0 && r.status !== 1)
    throw new Error(`${args.join(' ')} exited with ${r.status}:\n${r.stderr.slice(-2000)}`);
  const m = /HIE_BENCH_PEAK_RSS_KIB (\d+)/.exec(r.stderr);
  return { wall, status: r.status, rssKiB: m ? Number(m[1]) : undefined, stdout: r.stdout };
}

/** Medians of each command over `rounds` alternating rounds. */
function alternate(root, commands, rounds, opts = {}) {
  const samples = commands.map(() => ({ wall: [], rss: [], status: new Set(), stdout: '' }));
  for (let k = 0; k < rounds; k++) {
    commands.forEach((c, i) => {
      const r = proc(root, c.args, { ...opts, cwd: c.cwd ?? opts.cwd ?? root });
      samples[i].wall.push(r.wall);
      if (r.rssKiB !== undefined) samples[i].rss.push(r.rssKiB);
      samples[i].status.add(r.status);
      samples[i].stdout = r.stdout;
    });
  }
  return samples.map((s) => ({
    wall: median(s.wall),
    rssMiB: s.rss.length ? Math.max(...s.rss) / 1024 : undefined,
    status: [...s.status],
    stdout: s.stdout,
  }));
}

/** The summary line's counts of a human report. */
function verdicts(stdout) {
  const m = /(\d+) checks?: (\d+) passed, (\d+) failed, (\d+) errors?/.exec(stdout);
  return m ? `${m[2]} passed, ${m[3]} failed, ${m[4]} errors` : '?';
}

export default async function run({ root, log }) {
  const cli = join(root, 'bin', 'hielements.js');
  const rows = [];
  const notes = [];
  const summary = [];
  const met = (ok) => (ok ? 'yes' : 'no');
  const tmp = mkdtempSync(join(tmpdir(), 'hie-bench-work-'));
  try {
    // ---- start-up
    log(`workloads: start-up, ${STARTUP_ROUNDS} rounds`);
    proc(root, [cli, 'run', 'hielements.hie']); // fills the facts cache for the warm run row
    // The first run of each command writes its code cache (bin/hielements.js): measured runs use it, as a user's do.
    for (const command of ['parse', 'check']) proc(root, [cli, command, 'hielements.hie']);
    const [floor, parse, check, runWarm] = alternate(
      root,
      [
        { args: ['-e', '0'] },
        { args: [cli, 'parse', 'hielements.hie'] },
        { args: [cli, 'check', 'hielements.hie'] },
        { args: [cli, 'run', 'hielements.hie'] },
      ],
      STARTUP_ROUNDS,
    );
    const vsNode = (x) => `${(x.wall / floor.wall).toFixed(2)}×`;
    rows.push(['start-up', '`node -e 0` (the floor)', ms(floor.wall), '1×', '', '', '', '']);
    rows.push(['start-up', '`parse hielements.hie`', ms(parse.wall), vsNode(parse), '', '', '', '≤ 1.5× node']);
    rows.push(['start-up', '`check hielements.hie`', ms(check.wall), vsNode(check), '', '', '', '≤ 1.5× node']);
    for (const [what, r] of [
      ['`parse hielements.hie`', parse],
      ['`check hielements.hie`', check],
    ])
      summary.push([`start-up: ${what} ÷ \`node -e 0\``, vsNode(r), '≤ 1.5×', met(r.wall <= 1.5 * floor.wall)]);
    rows.push([
      'start-up',
      `\`run hielements.hie\`, facts cache warm (${verdicts(runWarm.stdout)})`,
      ms(runWarm.wall),
      vsNode(runWarm),
      '',
      '',
      '',
      '',
    ]);

    // ---- linear scaling
    const sizes = [1000, 5000];
    const ws = sizes.map((n) => {
      log(`workloads: generating ${n} elements`);
      const dir = join(tmp, `scale-${n}`);
      return { dir, ...makeScalingWorkspace(dir, n) };
    });
    for (const w of ws) proc(root, [cli, 'run', w.spec], { cwd: w.dir }); // cold run: fills the cache
    log(`workloads: scaling, ${SCALING_ROUNDS} rounds`);
    const scaled = alternate(
      root,
      ws.map((w) => ({ args: [cli, 'run', w.spec], cwd: w.dir })),
      SCALING_ROUNDS,
      { rss: true },
    );
    const [small, big] = scaled;
    // The spec alone (parse, bind, check; nothing run): how much of the run's memory the 5,000-element spec takes.
    const [specOnly] = alternate(root, [{ args: [cli, 'check', ws[1].spec], cwd: ws[1].dir }], SCALING_ROUNDS, {
      rss: true,
    });
    summary.push([
      'scaling: 5,000 ÷ 1,000 elements, cache warm',
      `${(big.wall / small.wall).toFixed(2)}×`,
      '≤ 5.5×',
      met(big.wall <= 5.5 * small.wall),
    ]);
    summary.push([
      'scaling: 5,000 elements, cache warm',
      `${(big.wall / 1000).toFixed(2)} s (${((big.wall * 1000) / ws[1].checks).toFixed(0)} µs per check)`,
      '< 3 s',
      met(big.wall < 3000),
    ]);
    summary.push([
      'scaling: 5,000 elements, peak RSS',
      `${big.rssMiB?.toFixed(0) ?? '?'} MiB`,
      '< 120 MiB',
      big.rssMiB === undefined ? '?' : met(big.rssMiB < 120),
    ]);
    scaled.forEach((r, i) => {
      const w = ws[i];
      const ratio = i === 0 ? '1×' : `${(r.wall / scaled[0].wall).toFixed(2)}× the 1k run`;
      const target = i === 0 ? '' : '≤ 5.5× 1k, < 3 s, < 120 MiB';
      rows.push([
        'scaling',
        `${w.elements} elements × 3 checks, ${w.files} files, cache warm (${verdicts(r.stdout)})`,
        ms(r.wall),
        ratio,
        `${((r.wall * 1000) / w.checks).toFixed(0)} µs`,
        `${((r.wall * 1000) / w.elements).toFixed(0)} µs`,
        r.rssMiB?.toFixed(0) ?? '',
        target,
      ]);
    });

    rows.push([
      'scaling',
      `\`check\` of the ${ws[1].elements}-element spec alone (parse, bind, check; no checks run)`,
      ms(specOnly.wall),
      `${(specOnly.wall / big.wall).toFixed(2)}× the 5k run`,
      '',
      `${((specOnly.wall * 1000) / ws[1].elements).toFixed(0)} µs`,
      specOnly.rssMiB?.toFixed(0) ?? '',
      '',
    ]);

    // ---- Python standard library
    const stdlib = pythonStdlib();
    if (!stdlib) notes.push('python3 not found: the standard-library rows are left out.');
    else {
      const spec = makeStdlibSpec(join(tmp, 'stdlib-spec'), stdlib);
      const cacheDir = join(tmp, 'stdlib-cache');
      const base = [cli, 'run', spec.spec, '--workspace', stdlib, '--config', spec.config];
      proc(root, [...base, '--cache-dir', cacheDir]);
      log(`workloads: stdlib, ${STDLIB_ROUNDS} rounds`);
      const [cold, warm] = alternate(
        root,
        [{ args: [...base, '--no-cache'] }, { args: [...base, '--cache-dir', cacheDir] }],
        STDLIB_ROUNDS,
        { rss: true },
      );
      const same = verdicts(cold.stdout) === verdicts(warm.stdout) ? 'same verdicts' : 'DIFFERENT verdicts';
      summary.push([
        `Python stdlib, ${spec.checks} checks over ${spec.elements} packages, cache warm (${same})`,
        `${(warm.wall / 1000).toFixed(2)} s`,
        '< 0.4 s',
        met(warm.wall < 400),
      ]);
      for (const [label, r, target] of [
        ['cold (`--no-cache`: every file of the packages parsed)', cold, ''],
        ['facts cache warm', warm, '< 0.4 s'],
      ]) {
        rows.push([
          'Python stdlib',
          `${spec.elements} packages, ${spec.checks} checks, ${label} (${verdicts(r.stdout)}; ${same})`,
          ms(r.wall),
          `${(r.wall / floor.wall).toFixed(1)}× node`,
          `${((r.wall * 1000) / spec.checks).toFixed(0)} µs`,
          `${((r.wall * 1000) / spec.elements).toFixed(0)} µs`,
          r.rssMiB?.toFixed(0) ?? '',
          target,
        ]);
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  notes.unshift(
    'Each row is a whole `hielements` process (start-up included), median of alternating rounds: ' +
      `${STARTUP_ROUNDS} for start-up, ${SCALING_ROUNDS} for the others. Per check / per element = wall time ÷ ` +
      "count. Peak RSS is the process's maximum resident set (largest over the rounds).",
    `Machine load at the end of the table: ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' / ')} on ${cpus().length} cores; other processes slow every row of a round alike, so read the ratios.`,
  );
  return {
    title: 'Whole runs: start-up, scaling, Python standard library',
    notes,
    columns: ['workload', 'run', 'median (ms)', 'ratio', 'per check', 'per element', 'peak RSS (MiB)', 'target'],
    rows,
    summary,
  };
}
