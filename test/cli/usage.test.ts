import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectCode, fixture, hie, ROOT } from './helpers.js';

const version = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

describe('hielements usage', () => {
  it('--version and -V print the package version', async () => {
    for (const flag of ['--version', '-V']) {
      const r = await hie([flag]);
      expectCode(r, 0);
      expect(r.stdout).toBe(`hielements ${version}\n`);
    }
  });

  it('--help lists every command and the exit codes', async () => {
    const r = await hie(['--help']);
    expectCode(r, 0);
    for (const cmd of [
      'check [FILE…]',
      'run [FILE]',
      'baseline [FILE]',
      'parse FILE',
      'doc',
      'init [NAME]',
      'new-library NAME',
    ])
      expect(r.stdout).toContain(cmd);
    expect(r.stdout).toContain('130 interrupted');
  });

  it('every command explains every flag with examples', async () => {
    const flags: Record<string, string[]> = {
      run: [
        '--workspace',
        '--format',
        '--output',
        '--filter',
        '--dry-run',
        '--verbose',
        '--allow-empty',
        '--strict-uses',
        '--jobs',
        '--config',
        '--color',
        '--no-color',
        '--quiet',
      ],
      check: ['--format', '--workspace', '--config', '--color', '--no-color'],
      doc: ['--workspace', '--format', '--output', '--library', '--config'],
      init: ['--directory'],
      'new-library': ['--directory'],
      parse: ['--color'],
    };
    await Promise.all(
      Object.entries(flags).map(async ([cmd, list]) => {
        const [viaFlag, viaHelp] = await Promise.all([hie([cmd, '--help']), hie(['help', cmd])]);
        expectCode(viaFlag, 0);
        for (const f of list) expect(viaFlag.stdout, `${cmd} --help mentions ${f}`).toContain(f);
        expect(viaFlag.stdout).toContain('Examples:');
        expect(viaHelp.stdout).toBe(viaFlag.stdout);
      }),
    );
  });

  it('no command is a usage error (exit 2, help on stderr)', async () => {
    const r = await hie([]);
    expectCode(r, 2);
    expect(r.stderr).toContain('Usage:');
  });

  it('unknown command and unknown flag name the culprit and point to --help', async () => {
    const cmd = await hie(['frobnicate']);
    expectCode(cmd, 2);
    expect(cmd.stderr).toContain('unknown command `frobnicate`');
    const flag = await hie(['run', fixture('green', 'arch.hie'), '--bogus']);
    expectCode(flag, 2);
    expect(flag.stderr).toContain('unknown flag `--bogus`');
    expect(flag.stderr).toContain('hielements run --help');
    expect(flag.stderr).not.toMatch(/\n\s+at /);
  });

  it('bad values are usage errors', async () => {
    const cases: [string[], string][] = [
      [['run', 'x.hie', '--format', 'xml'], 'invalid value `xml` for `--format`'],
      [['run', 'x.hie', '--jobs', '0'], 'invalid value `0` for `--jobs`'],
      [['run', 'x.hie', '--jobs', 'many'], 'invalid value `many` for `--jobs`'],
      [['run', 'x.hie', '-f'], 'flag `--format` needs a value'],
      [['run', 'x.hie', '--dry-run=yes'], 'flag `--dry-run` does not take a value'],
      [['check', '-f', 'junit', 'x.hie'], 'invalid value `junit` for `--format`'],
      [['doc', '--format', 'html'], 'invalid value `html` for `--format`'],
      [['run', 'a.hie', 'b.hie'], 'unexpected argument `b.hie`'],
      [['parse'], 'missing argument <FILE>'],
      [['init', 'a', 'b'], 'unexpected argument `b`'],
      [['run', 'x.hie', '--color', '--no-color'], '`--color` and `--no-color` cannot be used together'],
      [['help', 'nope'], 'unknown command `nope`'],
    ];
    const results = await Promise.all(cases.map(([args]) => hie(args)));
    cases.forEach(([args, message], i) => {
      expect(results[i]!.code, args.join(' ')).toBe(2);
      expect(results[i]!.stderr, args.join(' ')).toContain(message);
    });
  });
});
