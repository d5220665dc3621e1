// Loaded with `node --require` into a measured process: prints its peak resident set size on exit.
// A CommonJS file, so that measuring does not start Node's ES module loader in a process that would
// not otherwise load it (`--import` added 1–3 MiB to the CLI's peak).
// The high-water mark of this process's own memory (VmHWM in /proc/self/status) is used where it
// exists: getrusage's maxRSS survives exec on Linux, so a child spawned by a large bench process
// would report at least the parent's size.
'use strict';
const { readFileSync, writeSync } = require('node:fs');

function peakKiB() {
  try {
    const m = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]);
  } catch {
    // no /proc: fall back to getrusage
  }
  return process.resourceUsage().maxRSS;
}

process.on('exit', () => {
  writeSync(2, `\nHIE_BENCH_PEAK_RSS_KIB ${peakKiB()}\n`);
});
