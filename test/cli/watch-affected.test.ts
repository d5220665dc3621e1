import { describe, expect, it } from 'vitest';
import { allInputs, isAffected, type RecordedJob, type WorkspaceChanges } from '../../src/cli/watch/affected.js';
import type { CheckOutcome } from '../../src/results/types.js';

const span = { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 2, offset: 1 } };
const outcome = (status: CheckOutcome['status']): CheckOutcome => ({
  element: 'app',
  check: 'c',
  status,
  origin: 'element',
  file: 'a.hie',
  span,
  durationMs: 0,
});
const rec = (inputs: string[], status: CheckOutcome['status'] = 'pass', connectionRule = false): RecordedJob => ({
  outcome: outcome(status),
  inputs: new Set(inputs),
  connectionRule,
});
const changes = (c: Partial<Record<keyof WorkspaceChanges, string[]>>): WorkspaceChanges => ({
  changed: new Set(c.changed ?? []),
  added: new Set(c.added ?? []),
  removed: new Set(c.removed ?? []),
});

describe('run --watch: affected checks', () => {
  const api = rec(['/w/api/a.py', '/w/api/b.py']);
  const web = rec(['/w/web/x.ts']);
  const everything = allInputs([api, web]);

  it('re-runs a check whose scopes held an edited or removed file, and keeps the others', () => {
    expect(isAffected(api, changes({ changed: ['/w/api/a.py'] }), everything)).toBe(true);
    expect(isAffected(web, changes({ changed: ['/w/api/a.py'] }), everything)).toBe(false);
    expect(isAffected(api, changes({ removed: ['/w/api/b.py'] }), everything)).toBe(true);
    expect(isAffected(web, changes({ removed: ['/w/api/b.py'] }), everything)).toBe(false);
  });

  it('re-runs everything when a file was added (it may enter any glob or folder scope)', () => {
    expect(isAffected(web, changes({ added: ['/w/elsewhere/new.txt'] }), everything)).toBe(true);
  });

  it('re-runs checks that read no scope, and checks whose last outcome was an error', () => {
    expect(isAffected(rec([]), changes({ changed: ['/w/README.md'] }), everything)).toBe(true);
    expect(isAffected(rec(['/w/web/x.ts'], 'error'), changes({ changed: ['/w/api/a.py'] }), everything)).toBe(true);
    expect(isAffected(undefined, changes({ changed: ['/w/api/a.py'] }), everything)).toBe(true);
  });

  it('re-runs connection rules when any file of the architecture changed, not for unrelated files', () => {
    const rule = rec([], 'pass', true);
    expect(isAffected(rule, changes({ changed: ['/w/web/x.ts'] }), everything)).toBe(true);
    expect(isAffected(rule, changes({ changed: ['/w/notes.txt'] }), everything)).toBe(false);
  });
});
