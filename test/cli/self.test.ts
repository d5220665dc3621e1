import { describe, expect, it } from 'vitest';
import { expectCode, hie } from './helpers.js';

describe('the repository checks itself', () => {
  it('`hielements run hielements.hie --strict-uses` passes', async () => {
    const r = await hie(['run', 'hielements.hie', '--strict-uses', '--format', 'json']);
    expectCode(r, 0);
    const doc = JSON.parse(r.stdout);
    expect(doc.status).toBe('ok');
    expect(doc.summary.failed).toBe(0);
    expect(doc.summary.errors).toBe(0);
    // Real architecture rules run: pattern checks and connection rules, not only file existence.
    const origins = new Set(doc.results.map((x: { origin: string }) => x.origin));
    expect(origins).toContain('pattern');
    expect(origins).toContain('connection');
    expect(origins).toContain('uses');
    expect(doc.results.some((x: { library: string | null }) => x.library === 'typescript')).toBe(true);
    expect(
      doc.diagnostics.filter((d: { severity: string }) => d.severity === 'error' || d.severity === 'warning'),
    ).toEqual([]);
  });

  it('`hielements check hielements.hie` validates cleanly', async () => {
    const r = await hie(['check', 'hielements.hie']);
    expectCode(r, 0);
    expect(r.stdout).toContain('validated successfully');
  });
});
