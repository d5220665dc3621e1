// docs/security.md lists every resource limit with its value: the table must say what
// src/libraries/limits.ts (used by the config validation and the loaders) enforces.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_LIMITS, formatLimitBytes, MODULE_LIMITS, WASM_RUNTIME_LIMITS } from '../../src/config/limits.js';

const doc = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'security.md'), 'utf8');
const rows = doc.split('\n').filter((l) => l.startsWith('| '));
const grouped = (n: number) => n.toLocaleString('en-US').replace(/,/g, ' ');

function row(label: string): string {
  const found = rows.find((r) => r.startsWith(`| ${label} |`));
  if (!found) throw new Error(`docs/security.md has no table row for "${label}"`);
  return found;
}

describe('docs/security.md agrees with the limits the code enforces', () => {
  it('structure of a WebAssembly module', () => {
    for (const [key, { what, limit }] of Object.entries(MODULE_LIMITS)) {
      const cell = row(what).split('|')[2]!;
      expect(cell, key).toContain(key === 'moduleBytes' ? formatLimitBytes(limit) : grouped(limit));
    }
  });

  it('settings of a library entry (defaults and ranges)', () => {
    const cases: [string, { min: number; max: number; default: number }][] = [
      ['`max_memory_mib` (wasm)', CONFIG_LIMITS.wasmMemoryMiB],
      ['`timeout_ms` (wasm, per call)', CONFIG_LIMITS.wasmTimeoutMs],
      ['`timeout_ms` (external, per call)', CONFIG_LIMITS.externalTimeoutMs],
      ['`max_in_flight` (external)', CONFIG_LIMITS.externalMaxInFlight],
    ];
    for (const [label, l] of cases) {
      const [, , def, range] = row(label).split('|');
      expect(def!.trim(), label).toBe(grouped(l.default));
      expect(range, label).toContain(`${grouped(l.min)} … ${grouped(l.max)}`);
    }
  });

  it('while a library runs', () => {
    expect(row('response (call, check, metadata)')).toContain(formatLimitBytes(WASM_RUNTIME_LIMITS.responseBytes));
    expect(row('file `read_file` hands to the guest')).toContain(formatLimitBytes(WASM_RUNTIME_LIMITS.readBytes));
    expect(row('`log` lines per call')).toContain(grouped(WASM_RUNTIME_LIMITS.logLinesPerCall));
    expect(row('`log` lines per run (per library)')).toContain(grouped(WASM_RUNTIME_LIMITS.logLinesPerRun));
    expect(row('`log` line length')).toContain(formatLimitBytes(WASM_RUNTIME_LIMITS.logLineBytes));
    expect(row('path argument of a host function')).toContain(formatLimitBytes(WASM_RUNTIME_LIMITS.pathBytes));
    expect(row("JavaScript heap of the library's worker")).toContain(`${WASM_RUNTIME_LIMITS.workerHeapMiB} MiB`);
    expect(row("start of the library's worker thread (Node's own start-up, before instantiation)")).toContain(
      `${WASM_RUNTIME_LIMITS.workerStartMs / 1000} s`,
    );
  });
});
