/**
 * The HTML architecture report in a real headless browser (Debian's chromium, driven by
 * puppeteer-core): it loads without console errors, shows the shop's elements, highlights an
 * injected violation, and clicking it lists the import behind it. A screenshot goes to a temp dir.
 */
import { existsSync } from 'node:fs';
import { appendFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import puppeteer, { type Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectCode, hie, tempDir } from '../cli/helpers.js';
import { copyShop, REPOSITORY_PY } from '../cli/shop-copy.js';

/** Debian's chromium (apt-get install chromium; scripts/debian-packages.sh installs it). */
const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

let browser: Browser;
let reportUrl: string;
let shots: string;

beforeAll(async () => {
  if (!CHROMIUM)
    throw new Error('chromium is not installed: run `sh scripts/debian-packages.sh` (apt-get install chromium)');
  const shop = await copyShop('hie-report-');
  await appendFile(path.join(shop, REPOSITORY_PY), 'from ..api import app\n');
  const r = await hie(['report', '-o', 'out/report.html'], { cwd: shop });
  expectCode(r, 0);
  expect(r.stderr).toMatch(
    /Report out\/report\.html: 7 elements, \d+ dependencies \(\d+ imports\), 1 violating import/,
  );
  reportUrl = pathToFileURL(path.join(shop, 'out', 'report.html')).href;
  shots = await tempDir('hie-report-shots-');
  browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
}, 180_000);

afterAll(async () => {
  await browser?.close();
});

describe('architecture report page in headless chromium', () => {
  it('loads offline without console errors, shows the elements, highlights the violation and reveals its ' +
    'imports on click', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warn') problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${String(e)}`));
    // Offline: any request other than the page itself is a failure.
    await page.setRequestInterception(true);
    page.on('request', (req) => {
      if (req.url() === reportUrl) void req.continue();
      else {
        problems.push(`network request: ${req.url()}`);
        void req.abort();
      }
    });
    await page.setViewport({ width: 1400, height: 900 });
    await page.goto(reportUrl, { waitUntil: 'load' });
    await page.waitForSelector('body[data-rendered]');

    // The top-level element is open: its children are drawn.
    const shown = await page.$$eval('[data-testid="element"]', (els) => els.map((e) => e.getAttribute('data-element')));
    expect(shown).toEqual(expect.arrayContaining(['shop', 'shop.orders', 'shop.web', 'shop.pricing']));
    expect(shown).not.toContain('shop.orders.db');

    // Expand orders by clicking it: its layers appear, and the violating dependency is red.
    await page.click('[data-element="shop.orders"]');
    await page.waitForSelector('[data-element="shop.orders.db"]');
    const violation = '[data-testid="dependency"][data-from="shop.orders.db"][data-to="shop.orders.api"]';
    await page.waitForSelector(violation);
    expect(await page.$eval(violation, (e) => e.getAttribute('class'))).toContain('violation');
    const stroke = await page.$eval(`${violation} path.line`, (e) => getComputedStyle(e).stroke);
    expect(stroke).toBe('rgb(211, 47, 47)');

    // A click on the dependency lists the import behind it and the rule it breaks.
    await page.click(`${violation} rect.edge-label-bg`);
    await page.waitForSelector('[data-testid="imports"]');
    const details = await page.$eval('[data-testid="details"]', (e) => e.textContent ?? '');
    expect(details).toContain('shop.orders.db → shop.orders.api');
    expect(details).toContain('services/orders/src/orders/db/repository.py:32 imports ..api.app');
    expect(details).toContain('violates: forbids connection to api (pattern storage_layer)');

    // Violations only: the other dependencies go away.
    await page.click('[data-testid="only-violations"]');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="dependency"]').length === 1);
    const left = await page.$$eval('[data-testid="dependency"]', (els) =>
      els.map((e) => `${e.getAttribute('data-from')}>${e.getAttribute('data-to')}`),
    );
    expect(left).toEqual(['shop.orders.db>shop.orders.api']);

    const shot = path.join(shots, 'architecture-report.png');
    await page.screenshot({ path: shot, fullPage: true });
    expect((await stat(shot)).size).toBeGreaterThan(10_000);
    expect(problems).toEqual([]);
    await page.close();
  }, 120_000);
});
