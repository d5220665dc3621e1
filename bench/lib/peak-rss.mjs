// Loaded with `node --import` into a measured process: prints its peak resident set size on exit.
import { writeSync } from 'node:fs';

process.on('exit', () => {
  writeSync(2, `\nHIE_BENCH_PEAK_RSS_KIB ${process.resourceUsage().maxRSS}\n`);
});
