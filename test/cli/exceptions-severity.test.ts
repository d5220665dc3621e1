import { appendFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectCode, hie, tempDir } from './helpers.js';
import { copyShop, REPOSITORY_PY } from './shop-copy.js';

/** Edits the shop's spec: `replace` pairs applied in order (each must match). */
async function editSpec(shop: string, ...pairs: [string, string][]): Promise<void> {
  const file = path.join(shop, 'hielements.hie');
  let text = await readFile(file, 'utf8');
  for (const [from, to] of pairs) {
    if (!text.includes(from)) throw new Error(`spec text not found: ${from}`);
    text = text.replace(from, to);
  }
  await writeFile(file, text);
}

const DB_HEADER = "        scope code<python> binds layer.code = python.package_selector('orders.db')\n";

describe('exceptions in the spec', () => {
  it('accepts one dependency with its reason, reported as excepted in every format; unused ones warn', async () => {
    const shop = await copyShop('hie-except-');
    await appendFile(path.join(shop, REPOSITORY_PY), 'from ..api import app\n');
    await editSpec(shop, [
      DB_HEADER,
      `${DB_HEADER}        except 'services/orders/src/orders/db/repository.py' to api because 'legacy error ` +
        "formatting, moves to domain in #42'\n",
    ]);

    const human = await hie(['run'], { cwd: shop });
    expectCode(human, 0);
    expect(human.stdout).toMatch(/PASS\s+forbids connection to api/);
    expect(human.stdout).toMatch(
      /excepted services\/orders\/src\/orders\/db\/repository\.py:32:1 .*imports \.\.api\.app\s+— legacy error formatting, moves to domain in #42 \(hielements\.hie:\d+\)/,
    );
    expect(human.stdout).toMatch(/30 checks: 30 passed, 0 failed, 0 errors, 0 skipped, 1 excepted in/);
    expect(human.stdout).not.toContain('W871');

    const json = JSON.parse((await hie(['run', '-f', 'json'], { cwd: shop })).stdout);
    expect(json.summary.excepted).toBe(1);
    const rule = json.results.find(
      (r: { element: string; check: string }) =>
        r.element === 'shop.orders.db' && r.check === 'forbids connection to api',
    );
    expect(rule).toMatchObject({
      status: 'pass',
      excepted: [
        {
          file: 'services/orders/src/orders/db/repository.py',
          line: 32,
          reason: 'legacy error formatting, moves to domain in #42',
        },
      ],
    });

    const sarif = JSON.parse((await hie(['run', '-f', 'sarif'], { cwd: shop })).stdout);
    const suppressed = sarif.runs[0].results.filter((r: { suppressions?: unknown }) => r.suppressions);
    expect(suppressed).toEqual([
      expect.objectContaining({
        suppressions: [
          { kind: 'inSource', status: 'accepted', justification: 'legacy error formatting, moves to domain in #42' },
        ],
      }),
    ]);

    const junit = (await hie(['run', '-f', 'junit'], { cwd: shop })).stdout;
    expect(junit).toContain('excepted: services/orders/src/orders/db/repository.py:32:1');

    // The import is gone: the exception is unused (a warning; the run still passes).
    const repo = path.join(shop, REPOSITORY_PY);
    await writeFile(repo, (await readFile(repo, 'utf8')).replace('from ..api import app\n', ''));
    const unused = await hie(['run'], { cwd: shop });
    expectCode(unused, 0);
    expect(unused.stdout).toContain('warning[W871]: this exception accepted no dependency');
  });

  it('an element path on either side; other imports still fail', async () => {
    const shop = await copyShop('hie-except-el-');
    await appendFile(path.join(shop, REPOSITORY_PY), 'from ..api import app\nfrom ..api import routes\n');
    await editSpec(shop, [DB_HEADER, `${DB_HEADER}        except db to '..api.app' because 'one import only'\n`]);
    const r = await hie(['run', '-q'], { cwd: shop });
    expectCode(r, 1);
    expect(r.stdout).toMatch(/FAIL\s+forbids connection to api/);
    // `from ..api import routes` (routes is no module) is an import of `..api`: not excepted.
    expect(r.stdout).toMatch(/repository\.py:33 imports \.\.api\n/);
    expect(r.stdout).toMatch(/excepted .*imports \.\.api\.app\s+— one import only/);
  });

  it('a missing reason is a syntax error; an unknown element an error with its position', async () => {
    const shop = await copyShop('hie-except-bad-');
    await editSpec(shop, [
      DB_HEADER,
      `${DB_HEADER}        except 'x.py' to api\n        except nope to api because 'r'\n`,
    ]);
    const r = await hie(['check'], { cwd: shop });
    expectCode(r, 1);
    expect(r.stdout).toMatch(/error\[E872\]: expected `because '…'` with the reason for the exception/);
    expect(r.stdout).toMatch(
      /error\[E873\]: `nope` in this exception names no element visible from `shop\.orders\.db`/,
    );
  });
});

describe('severities', () => {
  it('a warning check or rule is reported with its ## documentation and never fails the run', async () => {
    const shop = await copyShop('hie-severity-');
    await appendFile(path.join(shop, REPOSITORY_PY), 'from ..api import app\n');
    await editSpec(
      shop,
      [
        '    forbids connection to api\n    forbids connection to domain',
        '    ## Storage code never formats HTTP responses.\n    warning forbids connection to api\n    forbids ' +
          'connection to domain',
      ],
      [
        "    check files.exists(root, 'docs/architecture.md')\n",
        "    check files.exists(root, 'docs/architecture.md')\n    ## Users read what changed between " +
          "releases.\n    warning check files.exists(root, 'CHANGELOG.md')\n",
      ],
    );
    const r = await hie(['run'], { cwd: shop });
    expectCode(r, 0);
    expect(r.stdout).toMatch(/WARN\s+files\.exists\(root, 'CHANGELOG\.md'\)/);
    expect(r.stdout).toMatch(
      /WARN\s+forbids connection to api[^\n]*\n[^\n]*depends on `api`[^\n]*\n\s+## Storage code never formats HTTP responses\./,
    );
    expect(r.stdout).toContain('## Users read what changed between releases.');
    expect(r.stdout).toMatch(/31 checks: 29 passed, 0 failed, 0 errors, 2 warnings, 0 skipped in/);

    const json = JSON.parse((await hie(['run', '-f', 'json'], { cwd: shop })).stdout);
    expect(json.status).toBe('ok');
    expect(json.summary.warnings).toBe(2);
    const warned = json.results.filter((x: { severity: string }) => x.severity === 'warning');
    expect(warned.map((x: { check: string; status: string; doc: string }) => [x.check, x.status, x.doc])).toEqual([
      ["files.exists(root, 'CHANGELOG.md')", 'fail', 'Users read what changed between releases.'],
      ['forbids connection to api', 'fail', 'Storage code never formats HTTP responses.'],
    ]);
    const sarif = JSON.parse((await hie(['run', '-f', 'sarif'], { cwd: shop })).stdout);
    const levels = sarif.runs[0].results
      .filter((x: { properties?: { status?: string } }) => x.properties?.status === 'fail')
      .map((x: { level: string }) => x.level);
    expect(levels).toEqual(['warning', 'warning']);
  });

  it('an ordinary failing rule shows its ## documentation too', async () => {
    const shop = await copyShop('hie-doc-');
    await appendFile(path.join(shop, REPOSITORY_PY), 'from ..api import app\n');
    await editSpec(shop, [
      '    forbids connection to api\n    forbids connection to domain',
      '    ## Storage code never formats HTTP responses.\n    forbids connection to api\n    forbids ' +
        'connection to domain',
    ]);
    const r = await hie(['run', '-q'], { cwd: shop });
    expectCode(r, 1);
    expect(r.stdout).toMatch(/FAIL\s+forbids connection to api[\s\S]*## Storage code never formats HTTP responses\./);
  });

  it('specs that use `warning`, `except` and `because` as names still parse and mean what they meant', async () => {
    const dir = await tempDir('hie-compat-');
    await writeFile(path.join(dir, 'hielements.toml'), '');
    await writeFile(
      path.join(dir, 'hielements.hie'),
      [
        'import files',
        'element warning {',
        "    scope except = files.folder_selector('.')",
        "    scope because = files.folder_selector('.')",
        '    except uses because',
        '    element check_me {',
        "        scope code = files.folder_selector('.')",
        '        code uses warning',
        '    }',
        '}',
        '',
      ].join('\n'),
    );
    const r = await hie(['check'], { cwd: dir });
    expectCode(r, 0);
    const ast = JSON.parse((await hie(['parse', 'hielements.hie'], { cwd: dir })).stdout);
    expect(JSON.stringify(ast)).not.toContain('"Exception"');
  });
});
