/**
 * Every ```js example of docs/api.md runs, as written, against the built package imported by its
 * name (`from 'hielements'`, resolved through package.json `exports`), from the repository root.
 */
import { spawn } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../cli/helpers.js';

/** Inside the package (so the self-reference resolves), in a git-ignored folder. */
const DIR = path.join(ROOT, 'build', 'api-examples');

function examples(markdown: string): { line: number; code: string }[] {
  const out: { line: number; code: string }[] = [];
  const re = /^```js\n([\s\S]*?)^```$/gm;
  for (let m = re.exec(markdown); m; m = re.exec(markdown)) {
    out.push({ line: markdown.slice(0, m.index).split('\n').length, code: m[1] as string });
  }
  return out;
}

function node(file: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [file], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const markdown = await readFile(path.join(ROOT, 'docs', 'api.md'), 'utf8');
const blocks = examples(markdown);

describe('docs/api.md examples', () => {
  it('has examples that import the package by name', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(5);
    for (const b of blocks.slice(1)) expect(b.code).toMatch(/from 'hielements'/);
  });

  for (const [i, block] of blocks.entries()) {
    it(`example at docs/api.md:${block.line} runs`, async () => {
      await mkdir(DIR, { recursive: true });
      const file = path.join(DIR, `example-${i}.mjs`);
      await writeFile(file, block.code);
      const r = await node(file);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    });
  }
});
