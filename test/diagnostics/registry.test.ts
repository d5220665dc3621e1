/**
 * One registry of diagnostic codes: every code in the source comes from it (no code literals),
 * every entry is documented on the page it names, the generated index page is up to date, and
 * `hielements explain` prints entries.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderCodesPage } from '../../src/diagnostics/codes-page.js';
import { C, DIAGNOSTIC_CODES, codeInfo, explainCode } from '../../src/diagnostics/registry.js';
import { ROOT, hie } from '../cli/helpers.js';

async function files(dir: string, ext: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await files(p, ext)));
    else if (e.name.endsWith(ext)) out.push(p);
  }
  return out;
}

const REGISTRY_FILE = path.join(ROOT, 'src', 'diagnostics', 'registry.ts');

describe('diagnostics registry', () => {
  it('is the only place a code is written as a string: the source names codes through C', async () => {
    const offenders: string[] = [];
    for (const f of await files(path.join(ROOT, 'src'), '.ts')) {
      if (f === REGISTRY_FILE) continue;
      // Comments may name codes (`E007`); code may not.
      const text = (await readFile(f, 'utf8')).replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/[^\n]*/g, '$1');
      for (const m of text.matchAll(/['"`]([EW]\d{3})['"`]|`[^`\n]*\$\{[^}]*\}9[89]`/g))
        offenders.push(`${path.relative(ROOT, f)}: ${m[0]}`);
    }
    expect(offenders).toEqual([]);
  });

  it('has a well-formed entry for every code', () => {
    for (const [code, info] of Object.entries(DIAGNOSTIC_CODES)) {
      expect(code).toMatch(/^[EW]\d{3}$/);
      expect(info.severity, code).toBe(code.startsWith('E') ? 'error' : 'warning');
      expect(info.title.length, code).toBeGreaterThan(3);
      expect(info.explanation.length, code).toBeGreaterThan(20);
    }
    expect(C.E072).toBe('E072');
  });

  it('documents every code on the page its entry names, and documents no unknown code', async () => {
    const pages = new Map<string, string>();
    for (const f of await files(path.join(ROOT, 'docs'), '.md')) pages.set(path.basename(f), await readFile(f, 'utf8'));
    for (const [code, info] of Object.entries(DIAGNOSTIC_CODES)) {
      const page = pages.get(info.page);
      expect(page, `${code}: docs/${info.page}`).toBeDefined();
      const ranges = [...page!.matchAll(/\b([EW])(\d{3})\s*[–-]\s*[EW]?(\d{3})\b/g)].some(
        (m) => m[1] === code[0] && Number(code.slice(1)) >= Number(m[2]) && Number(code.slice(1)) <= Number(m[3]),
      );
      expect(page!.includes(code) || ranges, `${code} is not mentioned in docs/${info.page}`).toBe(true);
    }
    for (const name of [...pages.keys()].filter((n) => n.startsWith('diagnostics'))) {
      for (const m of pages.get(name)!.matchAll(/^#{2,4} .*$|^\| `?([EW]\d{3})`? \|.*$/gm)) {
        for (const code of m[0].match(/\b[EW]\d{3}\b/g) ?? [])
          expect(codeInfo(code), `${name} documents ${code}`).toBeDefined();
      }
    }
  });

  it(
    'generates docs/diagnostics-codes.md (run `node scripts/diagnostics-codes.mjs` after changing ' + 'the registry)',
    async () => {
      expect(await readFile(path.join(ROOT, 'docs', 'diagnostics-codes.md'), 'utf8')).toBe(renderCodesPage());
    },
  );

  it('explains a code: severity, title, explanation, example and page', async () => {
    const text = explainCode('e072')!;
    expect(text).toMatch(/^error\[E072\]: connection target names no element\n/);
    expect(text).toContain('Example:');
    expect(text).toContain('See docs/diagnostics-semantic.md.');
    expect(explainCode('E999')).toBeUndefined();
    const cli = await hie(['explain', 'E072']);
    expect(cli.code).toBe(0);
    expect(cli.stdout).toBe(text);
    const unknown = await hie(['explain', 'E999']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('`E999` is not a diagnostic code');
    const help = await hie(['--help']);
    expect(help.stdout).toContain('explain CODE');
  });
});
