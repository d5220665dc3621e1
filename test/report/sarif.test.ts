import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSarif, renderSarifReport, ruleIdFor, SRCROOT } from '../../src/report/sarif.js';
import { summarize } from '../../src/results/types.js';
import { validateSarif } from './sarif-schema.js';
import { sampleReport, span, WORKSPACE } from './sample-report.js';

describe('sarif reporter', () => {
  const log = buildSarif(sampleReport(), { toolVersion: '1.2.3', cwd: WORKSPACE });
  const run = log.runs[0]!;

  it('produces a log that satisfies the SARIF 2.1.0 required properties', () => {
    expect(validateSarif(log)).toEqual([]);
    expect(validateSarif(JSON.parse(renderSarifReport(sampleReport(), { toolVersion: '1', cwd: WORKSPACE })))).toEqual(
      [],
    );
  });

  it('the validator itself rejects broken logs', () => {
    expect(validateSarif({ version: '2.0.0' })).toContain('version: must be "2.1.0"');
    const broken = JSON.parse(JSON.stringify(log));
    broken.runs[0].results[0].message = {};
    broken.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0;
    delete broken.runs[0].tool.driver.name;
    const errs = validateSarif(broken);
    expect(errs.some((e) => e.includes('message'))).toBe(true);
    expect(errs.some((e) => e.includes('startLine'))).toBe(true);
    expect(errs.some((e) => e.includes('driver.name'))).toBe(true);
  });

  it(
    'reports failures and errors (not passes or skips); a dependency violation sits on the offending import, the ' +
      'rule is related',
    () => {
      const checks = run.results.filter((r) => !/^[EW]\d/.test(r.ruleId));
      expect(checks).toHaveLength(3);
      const fail = checks[0]!;
      expect(fail.ruleId).toBe('typescript.no_import');
      expect(fail.level).toBe('error');
      expect(fail.message.text).toContain('shop.orders');
      // primary: the source line that imports what is forbidden (GitHub annotates pull requests there)
      expect(fail.locations[0]!.physicalLocation).toEqual({
        artifactLocation: { uri: 'src/orders/api.ts', uriBaseId: SRCROOT },
        region: { startLine: 3, startColumn: 1, endLine: 3, endColumn: 25 },
      });
      expect(fail.locations[0]!.message).toEqual({ text: "import { db } from '../db'" });
      expect(fail.relatedLocations).toEqual([
        {
          id: 0,
          physicalLocation: {
            artifactLocation: { uri: 'arch.hie', uriBaseId: SRCROOT },
            region: { startLine: 12, startColumn: 11, endLine: 12, endColumn: 45 },
          },
          message: { text: "rule: typescript.no_import(api, 'db')" },
        },
      ]);
      expect(checks[1]!.message.text).toContain('could not be evaluated');
      expect(checks[1]!.locations[0]!.physicalLocation.artifactLocation.uri).toBe('patterns.hie');
      expect(checks[2]!.ruleId).toBe('hielements.connection');
    },
  );

  it('declares one rule per library function / origin / diagnostic code, with matching indexes', () => {
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual([
      'typescript.no_import',
      'files.exists',
      'hielements.connection',
      'W093',
    ]);
    for (const r of run.results) expect(run.tool.driver.rules[r.ruleIndex]!.id).toBe(r.ruleId);
    expect(run.originalUriBaseIds[SRCROOT]!.uri).toBe(`file://${WORKSPACE}/`);
    expect(run.columnKind).toBe('unicodeCodePoints');
  });

  it('maps diagnostics by severity and keeps files outside the workspace absolute', () => {
    const report = sampleReport({
      results: [],
      summary: summarize([]),
      diagnostics: [
        {
          severity: 'error',
          code: 'E007',
          message: 'bad',
          file: path.join(path.dirname(WORKSPACE), 'elsewhere', 'x.hie'),
          span: span(2, 3, 1),
        },
        { severity: 'info', code: 'I1', message: 'note', file: '' },
      ],
    });
    const r = buildSarif(report, { toolVersion: '1', cwd: WORKSPACE }).runs[0]!.results;
    expect(r[0]!.level).toBe('error');
    expect(r[0]!.locations[0]!.physicalLocation.artifactLocation).toEqual({
      uri: `file://${path.dirname(WORKSPACE)}/elsewhere/x.hie`,
    });
    expect(r[0]!.locations[0]!.physicalLocation.region).toEqual({
      startLine: 2,
      startColumn: 3,
      endLine: 2,
      endColumn: 3,
    });
    expect(r[1]!.level).toBe('note');
    expect(r[1]!.locations[0]!.physicalLocation.artifactLocation.uri).toBe('arch.hie');
    expect(validateSarif(buildSarif(report, { toolVersion: '1', cwd: WORKSPACE }))).toEqual([]);
  });

  it('derives rule ids', () => {
    const [pass] = sampleReport().results;
    expect(ruleIdFor(pass!)).toBe('files.exists');
    expect(ruleIdFor({ ...pass!, library: undefined, function: undefined, origin: 'pattern' } as never)).toBe(
      'hielements.check',
    );
    expect(ruleIdFor({ ...pass!, library: undefined, function: undefined, origin: 'uses' } as never)).toBe(
      'hielements.uses',
    );
  });

  it('gives stable fingerprints', () => {
    const again = buildSarif(sampleReport(), { toolVersion: '1.2.3', cwd: WORKSPACE });
    expect(again.runs[0]!.results.map((r) => r.partialFingerprints)).toEqual(
      run.results.map((r) => r.partialFingerprints),
    );
  });
});
