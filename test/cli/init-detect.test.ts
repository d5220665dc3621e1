import { appendFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectCode, hie, tempDir } from './helpers.js';
import { copyShop, SERVICE_PY, REPOSITORY_PY } from './shop-copy.js';

describe('hielements init looks at the project', () => {
  it(
    'proposes elements bound to the shop’s real packages, crate and folder, with the rules that ' + 'hold today',
    async () => {
      const shop = await copyShop('hie-init-shop-');
      await rm(path.join(shop, 'hielements.hie'));
      const r = await hie(['init', '--no-color'], { cwd: shop });
      expectCode(r, 0);
      expect(r.stdout).toContain('Python: orders (api, db, domain)');
      expect(r.stdout).toContain('Rust crates: pricing');
      expect(r.stdout).toContain('TypeScript/JavaScript: web/src');
      expect(r.stdout).toMatch(/\d+ dependencies between them today → \d+ `uses`, 2 `forbids connection` rules/);
      expect(r.stdout).toContain('hielements.hie');

      const spec = await readFile(path.join(shop, 'hielements.hie'), 'utf8');
      expect(spec).toContain("scope code<python> = python.package_selector('orders.api')");
      expect(spec).toContain("scope code<rust> = rust.crate_selector('pricing')");
      expect(spec).toContain("scope code<typescript> = typescript.package_selector('web/src')");
      expect(spec).toMatch(
        /element api \{\n\s+scope code<python> = python\.package_selector\('orders\.api'\)\n\s+code uses domain\n/,
      );
      expect(spec).toMatch(/pattern orders_domain_boundaries \{\n\s+forbids connection to api\n\}/);
      expect(spec).toMatch(/pattern orders_db_boundaries \{\n\s+forbids connection to domain\n\}/);

      // It holds today, with --strict-uses too; and found without naming the file.
      const green = await hie(['run', '--strict-uses', '-q'], { cwd: shop });
      expectCode(green, 0);

      // A new dependency against the layering fails the proposed rule…
      await appendFile(path.join(shop, SERVICE_PY), 'from ..api import app\n');
      const red = await hie(['run', '-q'], { cwd: shop });
      expectCode(red, 1);
      expect(red.stdout).toMatch(/shop\.orders\.domain\n\s+FAIL\s+forbids connection to api/);
      // …and one that no rule names is an undeclared dependency under --strict-uses.
      await writeFile(
        path.join(shop, SERVICE_PY),
        (await readFile(path.join(shop, SERVICE_PY), 'utf8')).replace('from ..api import app\n', ''),
      );
      await appendFile(path.join(shop, REPOSITORY_PY), 'from ..api import app\n');
      const undeclared = await hie(['run', '--strict-uses', '-q'], { cwd: shop });
      expectCode(undeclared, 1);
      expect(undeclared.stdout).toMatch(
        /`shop\.orders\.db` depends on `shop\.orders\.api` without a `uses` declaration/,
      );
    },
  );

  it('finds the folders under src/ of a TypeScript project and the direction of their imports', async () => {
    const dir = await tempDir('hie-init-ts-');
    await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name: '@acme/web-shop', version: '1.0.0' }));
    await mkdir(path.join(dir, 'src', 'core'), { recursive: true });
    await mkdir(path.join(dir, 'src', 'app'), { recursive: true });
    await mkdir(path.join(dir, 'src', 'util'), { recursive: true });
    await writeFile(
      path.join(dir, 'src', 'core', 'index.ts'),
      "import { pad } from '../util/pad';\nexport const total = (n: number) => pad(n);\n",
    );
    await writeFile(
      path.join(dir, 'src', 'util', 'pad.ts'),
      'export const pad = (n: number) => String(n).padStart(4);\n',
    );
    await writeFile(
      path.join(dir, 'src', 'app', 'main.ts'),
      "import { total } from '../core/index';\nconsole.log(total(1));\n",
    );
    await writeFile(path.join(dir, 'README.md'), '# web shop\n');
    const r = await hie(['init'], { cwd: dir });
    expectCode(r, 0);
    expect(r.stdout).toContain("initialized Hielements project 'web_shop'");
    expect(r.stdout).toContain('TypeScript/JavaScript: src/app, src/core, src/util');
    const spec = await readFile(path.join(dir, 'hielements.hie'), 'utf8');
    expect(spec).toMatch(
      /element app \{\n\s+scope code<typescript> = typescript\.package_selector\('src\/app'\)\n\s+code uses core\n/,
    );
    expect(spec).toMatch(/pattern core_boundaries \{\n\s+forbids connection to app\n\}/);
    expect(spec).toMatch(/pattern util_boundaries \{\n\s+forbids connection to core\n\}/);
    expect(spec).toContain("check files.exists(root, 'README.md')");
    expectCode(await hie(['run', '--strict-uses'], { cwd: dir }), 0);

    // An existing spec is never overwritten.
    const again = await hie(['init'], { cwd: dir });
    expectCode(again, 2);
    expect(again.stderr).toContain('hielements.hie` already exists');
  });

  it('--blank writes the generic starter spec; a project without code gets it too', async () => {
    const dir = await tempDir('hie-init-blank-');
    const r = await hie(['init', 'demo', '--blank'], { cwd: dir });
    expectCode(r, 0);
    expect(await readFile(path.join(dir, 'demo.hie'), 'utf8')).toContain("check files.exists(root, 'README.md')");
    expect(r.stdout).not.toContain('Found:');
  });
});
