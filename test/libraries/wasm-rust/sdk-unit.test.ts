/**
 * Runs the SDK's native Rust unit tests (sdk/rust/src/tests.rs: exact 64-bit JSON, the tagged
 * value encoding, argument validation from the metadata, the host file API), built by
 * scripts/fixtures/rust-wasm.mjs.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { unavailable, wasmPaths } from './helpers.js';

const reason = unavailable() ?? (existsSync(wasmPaths.sdkTests) ? undefined : `${wasmPaths.sdkTests} is missing`);

describe.skipIf(reason !== undefined)('Rust SDK unit tests (native)', () => {
  it('all pass', () => {
    const out = execFileSync(wasmPaths.sdkTests, ['--test-threads', '1'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const m = /test result: ok\. (\d+) passed; 0 failed/.exec(out);
    expect(m, out).not.toBeNull();
    expect(Number(m![1])).toBeGreaterThanOrEqual(9);
  });
});
