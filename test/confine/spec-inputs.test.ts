// Spec imports, the root spec and hielements.toml are bounded reads: FIFOs, devices, directories,
// /proc files, links, files outside the workspace and huge files get distinct, clear errors; none
// blocks, none is read into memory whole, and no content of theirs reaches a message.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { loadSpec, SpecReadError } from '../../src/model/load.js';
import { hie } from '../cli/helpers.js';

let base: string;
let ws: string;
const SECRET = 'SECRET-CONTENT-MUST-NOT-SHOW';

beforeAll(() => {
  base = realpathSync(mkdtempSync(join(tmpdir(), 'hie-spec-inputs-')));
  ws = join(base, 'ws');
  mkdirSync(join(ws, 'specs', 'dir.hie'), { recursive: true });
  writeFileSync(join(base, 'outside.hie'), `element leaked { }\n# ${SECRET}\n`);
  writeFileSync(join(ws, 'specs', 'ok.hie'), 'element shared { }\n');
  execFileSync('mkfifo', [join(ws, 'specs', 'fifo.hie')]);
  symlinkSync('/dev/zero', join(ws, 'specs', 'zero.hie'));
  symlinkSync('ok.hie', join(ws, 'specs', 'link.hie'));
  symlinkSync(base, join(ws, 'specs', 'up'));
  writeFileSync(join(ws, 'specs', 'huge.hie'), '');
  truncateSync(join(ws, 'specs', 'huge.hie'), 9 * 1024 * 1024);
  writeFileSync(join(ws, 'specs', 'notes.txt'), `${SECRET}\n`);
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

const importing = (...paths: string[]) => `${paths.map((p) => `import '${p}'`).join('\n')}\n\nelement app { }\n`;

describe('spec imports', () => {
  it('gives each kind of unreadable import its own code, without reading it', async () => {
    const main = join(ws, 'specs', 'main.hie');
    writeFileSync(
      main,
      importing(
        './ok.hie',
        './fifo.hie',
        './zero.hie',
        './link.hie',
        './dir.hie',
        './huge.hie',
        '../../outside.hie',
        './up/outside.hie',
        '/proc/self/environ',
        './notes.txt',
        '/dev/zero',
        './missing.hie',
      ),
    );
    const spec = await loadSpec(main, { workspace: ws });
    const got = spec.diagnostics.map((d) => `${d.code} ${d.message}`);
    const expectOne = (code: string, text: RegExp) =>
      expect(
        got.filter((g) => g.startsWith(code) && text.test(g)),
        `${code} ${text}`,
      ).toHaveLength(1);
    expectOne('E803', /`\.\/fifo\.hie` cannot be loaded: 'specs\/fifo\.hie' is a FIFO/);
    expectOne('E803', /`\.\/zero\.hie` cannot be loaded: .*symbolic link/);
    expectOne('E803', /`\.\/link\.hie` cannot be loaded: .*symbolic link/);
    expectOne('E803', /`\.\/dir\.hie` cannot be loaded: .*is a directory/);
    expectOne('E804', /`\.\/huge\.hie` cannot be loaded: .* 9437184 bytes, the limit is 8388608/);
    expectOne('E802', /`\.\.\/\.\.\/outside\.hie` cannot be loaded: .* is outside /);
    expectOne('E803', /`\.\/up\/outside\.hie` cannot be loaded: 'specs\/up' is a symbolic link/);
    expectOne('E802', /`\/proc\/self\/environ` cannot be loaded: \/proc\/self\/environ is outside /);
    expectOne('E802', /`\/dev\/zero` cannot be loaded: \/dev\/zero is outside /);
    expectOne('E805', /`\.\/notes\.txt` cannot be loaded: .* is not a \.hie file/);
    expectOne('E080', /`\.\/missing\.hie` not found/);
    expect(spec.programs.map((p) => p.file)).toEqual([main, join(ws, 'specs', 'ok.hie')]);
    expect(JSON.stringify(spec.diagnostics)).not.toContain(SECRET);
    expect([...spec.sources.values()].join('')).not.toContain(SECRET);
  });

  it('confines imports to the root spec folder when the spec is outside the workspace', async () => {
    const other = join(base, 'elsewhere');
    mkdirSync(join(other, 'lib'), { recursive: true });
    writeFileSync(join(other, 'lib', 'x.hie'), 'element x { }\n');
    writeFileSync(join(other, 'main.hie'), importing('./lib/x.hie', '../outside.hie'));
    const spec = await loadSpec(join(other, 'main.hie'), { workspace: ws });
    expect(spec.programs).toHaveLength(2);
    expect(spec.diagnostics.map((d) => d.code)).toEqual(['E802']);
  });
});

describe('the root spec and hielements.toml', () => {
  it('refuse FIFOs, devices, directories, /proc files and huge files with clear reasons', async () => {
    const reason = async (f: string) => {
      try {
        await loadSpec(f);
        return 'loaded';
      } catch (e) {
        return e instanceof SpecReadError ? `${e.error.kind}: ${e.message}` : String(e);
      }
    };
    expect(await reason(join(ws, 'specs', 'fifo.hie'))).toMatch(
      /^special: .* is a FIFO \(named pipe\), not a regular file$/,
    );
    expect(await reason('/dev/zero')).toMatch(/^special: \/dev\/zero is a character device/);
    expect(await reason('/proc/self/environ')).toMatch(/^special: \/proc\/self\/environ is a file of \/proc/);
    expect(await reason(join(ws, 'specs', 'dir.hie'))).toMatch(/^not-a-file: .* is a directory$/);
    expect(await reason(join(ws, 'specs', 'huge.hie'))).toMatch(
      /^too-large: .* is 9437184 bytes, more than the limit of 8388608 bytes$/,
    );
    for (const [name, text] of [
      ['fifo', /is a FIFO/],
      ['proc', /is a file of \/proc/],
      ['huge', /more than the limit of 1048576 bytes/],
    ] as const) {
      const dir = join(base, `cfg-${name}`);
      mkdirSync(dir);
      const file = join(dir, 'hielements.toml');
      if (name === 'fifo') execFileSync('mkfifo', [file]);
      else if (name === 'proc') symlinkSync('/proc/self/environ', file);
      else {
        writeFileSync(file, '');
        truncateSync(file, 2 * 1024 * 1024);
      }
      const cfg = await loadConfig(file);
      expect(cfg.diagnostics.map((d) => d.code)).toEqual(['E510']);
      expect(cfg.diagnostics[0]!.message).toMatch(text);
      expect(cfg.libraries).toEqual([]);
    }
  });

  it('the CLI reports a FIFO spec at once (exit 2) instead of hanging', async () => {
    const r = await hie(['check', join(ws, 'specs', 'fifo.hie')], { cwd: ws });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot read `.*fifo\.hie`: .* is a FIFO \(named pipe\), not a regular file/);
  });
});
