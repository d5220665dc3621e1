import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { buildRunJson, jsonReportChunks, renderJsonReport, RUN_JSON_VERSION } from '../../src/report/json.js';
import { reportShownLazily, reportWithShownPaths } from '../../src/report/paths.js';
import { summarize, type CheckOutcome, type RunReport } from '../../src/results/types.js';
import { buildCheckJson } from '../../src/report/check-json.js';
import { sampleReport, WORKSPACE } from './sample-report.js';

describe('json reporter', () => {
  it('writes the documented schema with every key present', () => {
    const doc = buildRunJson(sampleReport(), '9.9.9');
    expect(doc.version).toBe(RUN_JSON_VERSION);
    expect(doc.tool).toEqual({ name: 'hielements', version: '9.9.9' });
    expect(doc.status).toBe('error');
    expect(doc.summary).toEqual({
      total: 4,
      passed: 1,
      failed: 2,
      errors: 1,
      skipped: 1,
      known: 0,
      excepted: 0,
      warnings: 0,
      durationMs: 1234.568,
    });
    expect(doc.results).toHaveLength(5);
    const keys = [
      'element',
      'check',
      'status',
      'message',
      'origin',
      'pattern',
      'library',
      'function',
      'file',
      'line',
      'column',
      'endLine',
      'endColumn',
      'locations',
      'known',
      'excepted',
      'severity',
      'doc',
      'details',
      'durationMs',
    ];
    for (const r of doc.results) expect(Object.keys(r)).toEqual(keys);
    const pass = doc.results[0];
    expect(pass?.message).toBeNull();
    expect(pass?.pattern).toBeNull();
    const fail = doc.results[1];
    expect(fail).toMatchObject({
      status: 'fail',
      line: 12,
      column: 11,
      endColumn: 45,
      library: 'typescript',
      function: 'no_import',
    });
    expect(fail?.locations).toEqual([
      {
        file: 'src/orders/api.ts',
        line: 3,
        column: 1,
        endLine: 3,
        endColumn: 25,
        message: "import { db } from '../db'",
      },
    ]);
    expect(doc.results[2]).toMatchObject({
      origin: 'pattern',
      pattern: 'service',
      file: 'patterns.hie',
      details: 'stderr line 1\nstderr line 2',
    });
    expect(doc.diagnostics[0]).toEqual({
      severity: 'warning',
      code: 'W093',
      message: 'scope `docs` selected no file',
      file: 'arch.hie',
      span: { start: { line: 9, column: 5, offset: 150 }, end: { line: 9, column: 20, offset: 165 } },
    });
  });

  it('is ok only without failures, errors and error diagnostics', () => {
    const base = sampleReport();
    const passing = {
      ...base,
      results: [base.results[0]!],
      summary: { total: 1, passed: 1, failed: 0, errors: 0, skipped: 0 },
    };
    expect(buildRunJson(passing, '1').status).toBe('ok');
    const withError = {
      ...passing,
      diagnostics: [{ severity: 'error' as const, code: 'E092', message: 'x', file: 'arch.hie' }],
    };
    expect(buildRunJson(withError, '1').status).toBe('error');
  });

  it('renders parseable pretty JSON ending with a newline', () => {
    const text = renderJsonReport(sampleReport(), '1.0.0');
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toContain('\n  "version": ');
    expect(JSON.parse(text).results[1].message).toBe('src/orders/api.ts imports `db` <forbidden> & "bad"');
  });
});

describe('check json (original diagnostics document)', () => {
  it('splits errors and warnings and counts them', () => {
    const doc = buildCheckJson([
      {
        severity: 'error',
        code: 'E007',
        message: 'expected `:`',
        file: 'a.hie',
        span: { start: { line: 1, column: 2, offset: 1 }, end: { line: 1, column: 3, offset: 2 } },
        help: 'add a colon',
      },
      { severity: 'warning', code: 'W082', message: 'not imported', file: 'a.hie' },
      { severity: 'info', code: 'I001', message: 'note', file: '' },
    ]);
    expect(Object.keys(doc)).toEqual(['version', 'status', 'errors', 'warnings', 'notes', 'summary']);
    expect(doc.status).toBe('error');
    expect(doc.summary).toEqual({ total_errors: 1, total_warnings: 1 });
    expect(doc.errors[0]).toEqual({
      severity: 'error',
      code: 'E007',
      message: 'expected `:`',
      file: 'a.hie',
      span: { start: { line: 1, column: 2, offset: 1 }, end: { line: 1, column: 3, offset: 2 } },
      help: 'add a colon',
    });
    expect(doc.warnings[0]).not.toHaveProperty('span');
  });

  it('is ok with warnings only and omits notes when there are none', () => {
    const doc = buildCheckJson([{ severity: 'warning', code: 'W1', message: 'w', file: 'x' }]);
    expect(doc.status).toBe('ok');
    expect(doc).not.toHaveProperty('notes');
  });
});

describe('json reporter: written in pieces', () => {
  const whole = (r: RunReport) => `${JSON.stringify(buildRunJson(r, '1.0.0'), null, 2)}\n`;

  it('writes exactly the text of one JSON.stringify, with no, some or many results', () => {
    const one = sampleReport();
    const many = Array.from({ length: 700 }, (_, i) => ({
      ...(one.results[i % one.results.length] as CheckOutcome),
      element: `e${i}`,
    }));
    for (const r of [one, sampleReport({ results: [] }), sampleReport({ results: many, summary: summarize(many) })]) {
      const pieces = [...jsonReportChunks(r, '1.0.0')];
      expect(pieces.join('')).toBe(whole(r));
      expect(renderJsonReport(r, '1.0.0')).toBe(whole(r));
      if (r.results.length > 256) expect(pieces.length).toBeGreaterThan(3);
    }
  });

  it('shows each outcome as reportWithShownPaths does', () => {
    const given = sampleReport();
    for (const r of given.results) r.file = path.join(WORKSPACE, r.file);
    const cwd = path.join(WORKSPACE, 'src');
    const lazy = reportShownLazily(given, new Map(), cwd);
    expect([...jsonReportChunks(lazy.report, '1.0.0', lazy.show)].join('')).toBe(
      whole(reportWithShownPaths(given, new Map(), cwd).report),
    );
  });
});
