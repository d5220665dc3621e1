import { appendFile, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectCode, hie } from './helpers.js';
import { copyShop, REPOSITORY_PY, SERVICE_PY } from './shop-copy.js';

describe('baseline of known violations', () => {
  it('records today’s violations, then fails only on new ones, with keys that survive unrelated edits', async () => {
    const shop = await copyShop();
    await appendFile(path.join(shop, REPOSITORY_PY), 'from ..api import app\n');

    const before = await hie(['run', '-q'], { cwd: shop });
    expectCode(before, 1);
    expect(before.stdout).toMatch(/FAIL\s+forbids connection to api/);

    const record = await hie(['baseline'], { cwd: shop });
    expectCode(record, 0);
    expect(record.stderr).toContain('Baseline hielements-baseline.json: 1 known violation');
    const file = JSON.parse(await readFile(path.join(shop, 'hielements-baseline.json'), 'utf8'));
    expect(file.violations).toEqual([
      {
        element: 'shop.orders.db',
        rule: 'forbids connection to api',
        pattern: 'storage_layer',
        file: 'services/orders/src/orders/db/repository.py',
        import: '..api.app',
        count: 1,
      },
    ]);

    // Lines move (an unrelated edit above the import): still the same known violation.
    const repo = path.join(shop, REPOSITORY_PY);
    await writeFile(repo, `# moved down\n\n\n${await readFile(repo, 'utf8')}`);
    const known = await hie(['run'], { cwd: shop });
    expectCode(known, 0);
    expect(known.stdout).toMatch(/KNOWN forbids connection to api/);
    expect(known.stdout).toMatch(/1 known violation \(baseline\) in/);

    // A new violation fails, and only it is listed.
    await appendFile(path.join(shop, SERVICE_PY), 'from ..api import app\n');
    const fresh = await hie(['run', '-q'], { cwd: shop });
    expectCode(fresh, 1);
    expect(fresh.stdout).toMatch(/shop\.orders\.domain\n\s+FAIL\s+forbids connection to api/);
    expect(fresh.stdout).not.toMatch(/shop\.orders\.db\n\s+FAIL/);

    // --no-baseline: every violation fails.
    const all = await hie(['run', '-q', '--no-baseline'], { cwd: shop });
    expectCode(all, 1);
    expect(all.stdout).toMatch(/shop\.orders\.db\n\s+FAIL\s+forbids connection to api/);
  });

  it('reports fixed violations as stale, and `baseline` shrinks the file', async () => {
    const shop = await copyShop();
    const repo = path.join(shop, REPOSITORY_PY);
    const original = await readFile(repo, 'utf8');
    await appendFile(repo, 'from ..api import app\nfrom ..api import app as again\n');
    expectCode(await hie(['baseline', 'hielements.hie'], { cwd: shop }), 0);
    const recorded = JSON.parse(await readFile(path.join(shop, 'hielements-baseline.json'), 'utf8'));
    expect(recorded.violations).toHaveLength(1);
    expect(recorded.violations[0].count).toBe(2);

    await writeFile(repo, original);
    const stale = await hie(['run', 'hielements.hie'], { cwd: shop });
    expectCode(stale, 0);
    expect(stale.stdout).toContain(
      'warning[W870]: stale baseline entry: `shop.orders.db` no longer violates `forbids connection to api` at ' +
        'services/orders/src/orders/db/repository.py → ..api.app',
    );
    expect(stale.stdout).toMatch(/--> hielements-baseline\.json:6:5/);

    const shrink = await hie(['run', 'hielements.hie', '--update-baseline'], { cwd: shop });
    expectCode(shrink, 0);
    expect(shrink.stderr).toContain(
      'Baseline hielements-baseline.json: 0 known violations; 2 fixed violations removed',
    );
    const after = JSON.parse(await readFile(path.join(shop, 'hielements-baseline.json'), 'utf8'));
    expect(after.violations).toEqual([]);
  });

  it('known violations appear in JSON, SARIF (suppressed) and JUnit', async () => {
    const shop = await copyShop();
    await appendFile(path.join(shop, REPOSITORY_PY), 'from ..api import app\n');
    expectCode(await hie(['baseline', '--baseline', 'ci/known.json'], { cwd: shop }), 0);
    const json = await hie(['run', '--baseline', 'ci/known.json', '-f', 'json'], { cwd: shop });
    expectCode(json, 0);
    const doc = JSON.parse(json.stdout);
    expect(doc.summary.known).toBe(1);
    const known = doc.results.find((r: { known: unknown }) => r.known !== null);
    expect(known).toMatchObject({
      element: 'shop.orders.db',
      status: 'pass',
      known: { count: 1, locations: [{ file: 'services/orders/src/orders/db/repository.py', line: 32 }] },
    });

    const sarif = JSON.parse((await hie(['run', '--baseline', 'ci/known.json', '-f', 'sarif'], { cwd: shop })).stdout);
    const suppressed = sarif.runs[0].results.filter((r: { suppressions?: unknown[] }) => r.suppressions);
    expect(suppressed).toHaveLength(1);
    expect(suppressed[0]).toMatchObject({
      baselineState: 'unchanged',
      suppressions: [{ kind: 'external', status: 'accepted' }],
    });

    const junit = await hie(['run', '--baseline', 'ci/known.json', '-f', 'junit'], { cwd: shop });
    expectCode(junit, 0);
    expect(junit.stdout).toMatch(/<system-out>1 known violation in the baseline \(not failing\)/);

    // A named baseline file that does not exist is unusable input.
    const missing = await hie(['run', '--baseline', 'nope.json'], { cwd: shop });
    expectCode(missing, 2);
    expect(missing.stderr).toContain('cannot read the baseline file `nope.json`: no such file');
  });

  it('a broken baseline file is a diagnostic with its position; the run goes on', async () => {
    const shop = await copyShop();
    await writeFile(
      path.join(shop, 'hielements-baseline.json'),
      '{\n  "version": 1,\n  "violations": [\n    {"element": "x"}\n  ]\n}\n',
    );
    const entry = await hie(['run'], { cwd: shop });
    expectCode(entry, 1);
    expect(entry.stdout).toContain('error[E871]: baseline entry 1 has no `rule` string; it is ignored');
    expect(entry.stdout).toMatch(/--> hielements-baseline\.json:4:5/);
    expect(entry.stdout).toMatch(/30 checks: 30 passed/);

    await writeFile(path.join(shop, 'hielements-baseline.json'), '{\n  "version": 1,\n  "violations": [,]\n}\n');
    const json = await hie(['run'], { cwd: shop });
    expectCode(json, 1);
    expect(json.stdout).toMatch(/error\[E870\]: the baseline file is not valid JSON/);
    expect(json.stdout).toMatch(/--> hielements-baseline\.json:3:18/);
    await rm(path.join(shop, 'hielements-baseline.json'));
  });
});
