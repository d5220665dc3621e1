/** Hand-built RunReports for the reporter unit tests. */
import path from 'node:path';
import type { Diagnostic, Span } from '../../src/diagnostics/diagnostic.js';
import { summarize, type CheckOutcome, type RunReport } from '../../src/results/types.js';

export const WORKSPACE = path.resolve('/tmp/hie-sample-ws');

export function span(line: number, column: number, endColumn: number, offset = 0): Span {
  return { start: { line, column, offset }, end: { line, column: endColumn, offset: offset + endColumn - column } };
}

export function outcome(
  partial: Partial<CheckOutcome> & Pick<CheckOutcome, 'element' | 'check' | 'status'>,
): CheckOutcome {
  return { origin: 'element', file: 'arch.hie', span: span(5, 11, 40), durationMs: 1.5, ...partial };
}

export function sampleReport(extra: Partial<RunReport> = {}): RunReport {
  const results: CheckOutcome[] = [
    outcome({
      element: 'shop',
      check: "files.exists(root, 'README.md')",
      status: 'pass',
      library: 'files',
      function: 'exists',
    }),
    outcome({
      element: 'shop.orders',
      check: "typescript.no_import(api, 'db')",
      status: 'fail',
      message: 'src/orders/api.ts imports `db` <forbidden> & "bad"',
      library: 'typescript',
      function: 'no_import',
      span: span(12, 11, 45, 200),
      locations: [
        {
          file: path.join(WORKSPACE, 'src/orders/api.ts'),
          line: 3,
          column: 1,
          endLine: 3,
          endColumn: 25,
          message: "import { db } from '../db'",
        },
      ],
    }),
    outcome({
      element: 'shop.orders',
      check: "files.exists(api, 'index.ts')",
      status: 'error',
      message: 'scope `api` could not be evaluated: folder not found',
      origin: 'pattern',
      pattern: 'service',
      file: 'patterns.hie',
      span: span(4, 5, 30),
      library: 'files',
      function: 'exists',
      details: 'stderr line 1\nstderr line 2',
    }),
    outcome({
      element: 'billing',
      check: 'forbids connection to shop.orders',
      status: 'fail',
      message: 'billing depends on shop.orders',
      origin: 'connection',
      pattern: 'layer',
      span: span(7, 5, 38),
    }),
    outcome({
      element: 'billing',
      check: "files.exists(root, 'x')",
      status: 'skipped',
      library: 'files',
      function: 'exists',
    }),
  ];
  const diagnostics: Diagnostic[] = [
    {
      severity: 'warning',
      code: 'W093',
      message: 'scope `docs` selected no file',
      file: 'arch.hie',
      span: span(9, 5, 20, 150),
    },
  ];
  return {
    file: 'arch.hie',
    workspace: WORKSPACE,
    results,
    diagnostics,
    summary: summarize(results),
    durationMs: 1234.5678,
    ...extra,
  };
}
