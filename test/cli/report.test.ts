import { appendFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectCode, hie } from './helpers.js';
import { copyShop, REPOSITORY_PY } from './shop-copy.js';

describe('hielements report', () => {
  it(
    'json: the element tree with uses, the actual dependencies with counts and imports, the ' + 'violation marked',
    async () => {
      const shop = await copyShop('hie-report-json-');
      await appendFile(path.join(shop, REPOSITORY_PY), 'from ..api import app\n');
      const r = await hie(['report', '-f', 'json'], { cwd: shop });
      expectCode(r, 0);
      const data = JSON.parse(r.stdout);
      expect(data.elements.map((e: { path: string }) => e.path)).toEqual([
        'shop',
        'shop.orders',
        'shop.orders.api',
        'shop.orders.domain',
        'shop.orders.db',
        'shop.web',
        'shop.pricing',
      ]);
      const api = data.elements.find((e: { path: string }) => e.path === 'shop.orders.api');
      expect(api).toMatchObject({
        parent: 'shop.orders',
        uses: ['shop.orders.domain'],
        implements: ['layer'],
        doc: 'HTTP routes.',
      });
      expect(api.files).toBeGreaterThan(0);
      const dep = (from: string, to: string) =>
        data.dependencies.find((d: { from: string; to: string }) => d.from === from && d.to === to);
      expect(dep('shop.orders.api', 'shop.orders.domain')).toMatchObject({ declared: true, violations: 0 });
      expect(dep('shop.orders.api', 'shop.orders.domain').count).toBe(
        dep('shop.orders.api', 'shop.orders.domain').imports.length,
      );
      expect(dep('shop.orders.db', 'shop.orders.api')).toMatchObject({
        count: 1,
        declared: false,
        violations: 1,
        imports: [
          {
            file: 'services/orders/src/orders/db/repository.py',
            line: 32,
            specifier: '..api.app',
            target: 'services/orders/src/orders/api/app.py',
            violation: 'forbids connection to api (pattern storage_layer)',
            known: false,
          },
        ],
      });
      expect(data.summary).toMatchObject({ elements: 7, violations: 1, failedChecks: 1 });
      const db = data.elements.find((e: { path: string }) => e.path === 'shop.orders.db');
      expect(db.checks.failed).toBe(1);
      expect(db.failures[0].check).toBe('forbids connection to api');
    },
  );

  it('mermaid and dot: nested elements, counted edges, the violation in red', async () => {
    const shop = await copyShop('hie-report-text-');
    await appendFile(path.join(shop, REPOSITORY_PY), 'from ..api import app\n');
    const mermaid = await hie(['report', '-f', 'mermaid'], { cwd: shop });
    expectCode(mermaid, 0);
    const m = mermaid.stdout;
    expect(m.startsWith('flowchart LR\n')).toBe(true);
    expect(m).toContain('subgraph e_shop__orders["orders');
    expect(m).toContain('e_shop__orders__db["db ✗"]');
    const lines = m.split('\n').filter((l) => / -->\|| -\.->\|/.test(l));
    const index = lines.findIndex((l) =>
      l.includes('e_shop__orders__db -->|1 import, 1 violation| e_shop__orders__api'),
    );
    expect(index).toBeGreaterThanOrEqual(0);
    expect(m).toContain(`linkStyle ${index} stroke:#d32f2f`);

    const dot = await hie(['report', '-f', 'dot', '-o', 'arch.dot'], { cwd: shop });
    expectCode(dot, 0);
    const d = await readFile(path.join(shop, 'arch.dot'), 'utf8');
    expect(d).toMatch(/^digraph architecture \{/);
    expect(d).toContain('subgraph "cluster_shop.orders" {');
    expect(d).toContain('"shop.orders.db" -> "shop.orders.api" [label="1 import, 1 violation", color="#d32f2f"');
    expect(dot.stderr).toContain('Report arch.dot: 7 elements');
  });

  it('known violations (baseline) are not drawn as violations; an unreadable spec is exit 2', async () => {
    const shop = await copyShop('hie-report-known-');
    await appendFile(path.join(shop, REPOSITORY_PY), 'from ..api import app\n');
    expectCode(await hie(['baseline'], { cwd: shop }), 0);
    const r = await hie(['report', '-f', 'json'], { cwd: shop });
    const data = JSON.parse(r.stdout);
    const dep = data.dependencies.find(
      (x: { from: string; to: string }) => x.from === 'shop.orders.db' && x.to === 'shop.orders.api',
    );
    expect(dep).toMatchObject({ violations: 0, imports: [{ violation: null, known: true }] });
    const bad = await hie(['report', path.join('..', '..', '..', 'nope.hie')], { cwd: shop });
    expectCode(bad, 2);
  });
});
