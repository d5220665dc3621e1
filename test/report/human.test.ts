import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatSeconds, formatSummaryLine, originTag, renderHumanReport } from '../../src/report/human.js';
import { reportShownLazily, reportWithShownPaths } from '../../src/report/paths.js';
import { createStyle } from '../../src/report/style.js';
import { summarize, type CheckOutcome } from '../../src/results/types.js';
import { sampleReport, WORKSPACE } from './sample-report.js';

const sources = new Map([
  [
    'arch.hie',
    "import files\n\nelement shop {\n    scope root = files.folder_selector('.')\n    check x\n    a\n    b\n    " +
      "c\n    scope docs = files.folder_selector('docs')\n",
  ],
]);

describe('human reporter', () => {
  const text = renderHumanReport(sampleReport(), { color: false, cwd: WORKSPACE, sources });

  it('groups results by element with status, .hie location, message and code locations', () => {
    expect(text).toContain('Running checks in arch.hie');
    expect(text).toMatch(/^shop\n {2}PASS {2}files\.exists\(root, 'README\.md'\) {2}arch\.hie:5:11$/m);
    expect(text).toMatch(/^shop\.orders\n {2}FAIL {2}typescript\.no_import\(api, 'db'\) {2}arch\.hie:12:11$/m);
    expect(text).toContain('→ src/orders/api.ts imports `db` <forbidden> & "bad"');
    expect(text).toContain("src/orders/api.ts:3:1  import { db } from '../db'");
    expect(text).toMatch(/ERROR files\.exists\(api, 'index\.ts'\) {2}patterns\.hie:4:5 \[from pattern service\]/);
    expect(text).toContain('| stderr line 2');
    expect(text).toMatch(
      /FAIL {2}forbids connection to shop\.orders {2}arch\.hie:7:5 \[connection rule of pattern layer\]/,
    );
    expect(text).not.toContain('SKIP');
  });

  it('renders warnings with code frames and ends with the summary line', () => {
    expect(text).toContain('W093');
    expect(text).toContain("scope docs = files.folder_selector('docs')");
    expect(text.endsWith('4 checks: 1 passed, 2 failed, 1 error, 1 skipped in 1.23 s\n')).toBe(true);
  });

  it('--verbose lists skipped checks; --quiet keeps failures, errors and the summary only', () => {
    expect(renderHumanReport(sampleReport(), { color: false, cwd: WORKSPACE, verbose: true })).toContain(
      "SKIP  files.exists(root, 'x')",
    );
    const quiet = renderHumanReport(sampleReport(), { color: false, cwd: WORKSPACE, quiet: true, sources });
    expect(quiet).not.toContain('PASS');
    expect(quiet).not.toContain('W093');
    expect(quiet).toContain('FAIL');
    expect(quiet).toContain('ERROR');
  });

  it('shows paths outside the current directory as absolute, and colours only when asked', () => {
    const elsewhere = renderHumanReport(sampleReport(), { color: false, cwd: path.join(WORKSPACE, 'sub') });
    expect(elsewhere).toContain(`${path.join(WORKSPACE, 'src/orders/api.ts')}:3:1`);
    expect(text).not.toContain('\u001b[');
    expect(renderHumanReport(sampleReport(), { color: true, cwd: WORKSPACE })).toContain('\u001b[');
  });

  it('formats the summary with singular/plural and error diagnostics', () => {
    const s = createStyle(false);
    expect(formatSummaryLine({ total: 1, passed: 1, failed: 0, errors: 0, skipped: 0 }, 5, s)).toBe(
      '1 check: 1 passed, 0 failed, 0 errors, 0 skipped in 0.01 s',
    );
    expect(formatSummaryLine({ total: 0, passed: 0, failed: 0, errors: 0, skipped: 0 }, 0, s, 2)).toBe(
      '0 checks: 0 passed, 0 failed, 0 errors, 0 skipped in 0.00 s; 2 error diagnostics',
    );
    expect(formatSeconds(61234)).toBe('61.23 s');
    expect(originTag({ origin: 'uses' })).toBe('undeclared dependency (--strict-uses)');
    expect(originTag({ origin: 'element' })).toBeUndefined();
  });
});

describe('human reporter: paths shown one outcome at a time', () => {
  it('renders the same text from reportShownLazily as from reportWithShownPaths, verbose or quiet', () => {
    const cwd = path.join(WORKSPACE, 'src');
    const given = sampleReport({ file: path.join(WORKSPACE, 'arch.hie') });
    for (const r of given.results) r.file = path.join(WORKSPACE, r.file);
    const whole = reportWithShownPaths(given, sources, cwd);
    const lazy = reportShownLazily(given, sources, cwd);
    expect(lazy.report.results).toBe(given.results);
    expect(given.results.map(lazy.show)).toEqual(whole.report.results);
    for (const extra of [{}, { verbose: true }, { quiet: true }]) {
      const opts = { color: false, cwd: WORKSPACE, ...extra };
      expect(renderHumanReport(lazy.report, { ...opts, sources: lazy.sources, show: lazy.show })).toBe(
        renderHumanReport(whole.report, { ...opts, sources: whole.sources }),
      );
    }
    expect(renderHumanReport(lazy.report, { color: false, cwd: WORKSPACE, show: lazy.show })).toContain(
      'arch.hie:12:11',
    );
  });

  it('joins a report of many checks in blocks into exactly the lines of one join', () => {
    const one = sampleReport().results[0] as CheckOutcome;
    const results = Array.from({ length: 1500 }, (_, i) => ({ ...one, element: `e${Math.floor(i / 3)}` }));
    const text = renderHumanReport(sampleReport({ results, summary: summarize(results) }), {
      color: false,
      cwd: WORKSPACE,
    });
    const lines = text.split('\n');
    expect(lines.filter((l) => l.startsWith('  PASS '))).toHaveLength(1500);
    expect(lines.filter((l) => /^e\d+$/.test(l))).toHaveLength(500);
    expect(text.endsWith(' s\n')).toBe(true);
    expect(text).not.toContain('\n\n\n');
  });
});
