/**
 * `--verbose` with WebAssembly libraries, through the real CLI: every host call a module makes
 * (function, path, capability, allowed/denied, time), each guest call's time, and a trap's
 * function and wasm stack.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectCode, hie, ROOT, tempDir } from './helpers.js';

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'wasm', 'build');
const CONVENTIONS = path.join(ROOT, 'examples', 'wasm', 'conventions', 'build', 'conventions.wasm');

describe('hielements run --verbose with WebAssembly libraries', () => {
  it(
    'traces host calls (allowed and denied) with their times, and shows a trap with its function and ' + 'wasm stack',
    async () => {
      const dir = await tempDir('hie-wasm-verbose-');
      await mkdir(path.join(dir, 'src'));
      await writeFile(path.join(dir, 'src', 'a.txt'), 'one line\n');
      await writeFile(
        path.join(dir, 'hielements.toml'),
        [
          '[libraries]',
          `conventions = { path = ${JSON.stringify(CONVENTIONS)} }`,
          `probe = { path = ${JSON.stringify(path.join(FIXTURES, 'probe.wasm'))}, capabilities = { file_read ` +
            '= false } }',
          `hostile = { path = ${JSON.stringify(path.join(FIXTURES, 'trap.wasm'))} }`,
          '',
        ].join('\n'),
      );
      await writeFile(
        path.join(dir, 'arch.hie'),
        [
          'import conventions',
          'import probe',
          'import hostile',
          '',
          'element app {',
          "    scope txt = conventions.files_with_extension('txt')",
          "    ref present: integer = probe.exists('src/a.txt')",
          '    check conventions.max_lines(txt, 10)',
          '    check conventions.max_lines(txt, present)',
          '    check hostile.go()',
          '}',
          '',
        ].join('\n'),
      );
      const r = await hie(['run', 'arch.hie', '--verbose'], { cwd: dir });
      expectCode(r, 1);
      const lines = r.stderr.split('\n');
      const has = (re: RegExp): void => {
        expect(
          lines.some((l) => re.test(l)),
          `no stderr line matches ${re}\n${r.stderr}`,
        ).toBe(true);
      };
      // Loading, with size, digest and memory limits.
      has(
        /^\[verbose\] wasm conventions: loaded .*conventions\.wasm \(\d+ bytes, sha256 [0-9a-f]{12}…, memory \d+\.\.\d+ pages\) in [0-9.]+ ms$/,
      );
      // Host calls: function, path, capability, verdict, time.
      has(/^\[verbose\] wasm conventions: list_directory\("\."\) \[file_read\] allowed [0-9.]+ ms$/);
      has(/^\[verbose\] wasm conventions: read_file\("src\/a\.txt"\) \[file_read\] allowed [0-9.]+ ms$/);
      has(
        /^\[verbose\] wasm probe: file_exists\("src\/a\.txt"\) \[file_read\] denied \(capability file_read is not granted\) [0-9.]+ ms$/,
      );
      // Each guest call and its time.
      has(/^\[verbose\] wasm conventions: call files_with_extension [0-9.]+ ms$/);
      has(/^\[verbose\] wasm conventions: check max_lines [0-9.]+ ms$/);
      has(/^\[verbose\] wasm probe: call exists [0-9.]+ ms$/);
      // The trap: library, function, cause and the wasm stack with the guest's function names.
      expect(r.stdout).toMatch(/ERROR\s+hostile\.go\(\)/);
      expect(r.stdout).toContain("WebAssembly library 'hostile', function 'go': trap: unreachable");
      const stack = ['deepest', 'middle', 'outer'].map((fn) => r.stdout.indexOf(`at ${fn} (wasm://`));
      expect(stack.every((i) => i > 0)).toBe(true);
      expect(stack).toEqual([...stack].sort((a, b) => a - b));
      // In the trace too, every line of the stack keeps the prefix.
      has(/^\[verbose\] at deepest \(wasm:\/\//);
    },
  );
});
