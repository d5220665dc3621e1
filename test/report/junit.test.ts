import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { DIAGNOSTICS_SUITE, junitReportChunks, renderJunitReport } from '../../src/report/junit.js';
import { reportShownLazily, reportWithShownPaths } from '../../src/report/paths.js';
import { summarize, type CheckOutcome } from '../../src/results/types.js';
import { escapeXmlAttr, escapeXmlText } from '../../src/report/xml.js';
import { sampleReport, WORKSPACE } from './sample-report.js';

/** Tiny well-formedness check: balanced tags, no raw `<`/`&` in text or attributes. */
function assertWellFormed(xml: string): void {
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  const stack: string[] = [];
  const re = /<(\/?)([A-Za-z][\w-]*)((?:\s+[\w-]+="[^"<]*")*)\s*(\/?)>|([^<]+)/g;
  let m: RegExpExecArray | null;
  let consumed = 0;
  while ((m = re.exec(body)) !== null) {
    if (m.index !== consumed)
      throw new Error(`unparseable XML at ${consumed}: ` + `${body.slice(consumed, consumed + 40)}`);
    consumed = re.lastIndex;
    if (m[5] !== undefined) {
      if (/&(?!(amp|lt|gt|quot|apos|#\d+);)/.test(m[5])) throw new Error(`raw & in text: ${m[5]}`);
      continue;
    }
    const [, close, name, attrText, selfClose] = m;
    if (/&(?!(amp|lt|gt|quot|apos|#\d+);)/.test(attrText ?? '')) throw new Error(`raw & in attributes of ${name}`);
    if (close) {
      if (stack.pop() !== name) throw new Error(`mismatched </${name}>`);
    } else if (!selfClose) stack.push(name as string);
  }
  if (consumed !== body.length) throw new Error('trailing garbage');
  if (stack.length > 0) throw new Error(`unclosed ${stack.join(', ')}`);
}

describe('junit reporter', () => {
  const xml = renderJunitReport(sampleReport());

  it('is well-formed XML with escaped content', () => {
    assertWellFormed(xml);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites')).toBe(true);
    expect(xml).toContain('message="src/orders/api.ts imports `db` &lt;forbidden&gt; &amp; &quot;bad&quot;"');
  });

  it('has one testsuite per top-level element and one testcase per check', () => {
    const suites = [
      ...xml.matchAll(
        /<testsuite name="([^"]+)" tests="(\d+)" failures="(\d+)" errors="(\d+)" skipped="(\d+)" time="([\d.]+)"/g,
      ),
    ];
    expect(suites.map((s) => [s[1], s[2], s[3], s[4], s[5]])).toEqual([
      ['shop', '3', '1', '1', '0'],
      ['billing', '2', '1', '0', '1'],
    ]);
    expect((xml.match(/<testcase /g) ?? []).length).toBe(5);
    expect(xml).toContain(
      '<testcase classname="shop" name="files.exists(root, &apos;README.md&apos;)" file="arch.hie" line="5" ' +
        'time="0.002"/>',
    );
    expect(xml).toMatch(/<failure message="[^"]*" type="typescript.no_import">arch.hie:12:11: typescript.no_import/);
    expect(xml).toContain('  at src/orders/api.ts:3:1 import { db } from &apos;../db&apos;'.replace(/&apos;/g, "'"));
    expect(xml).toMatch(/<error message="scope `api` could not be evaluated: folder not found" type="files.exists">/);
    expect(xml).toContain('<skipped/>');
    expect(xml).toMatch(
      /<testsuites name="hielements arch.hie" tests="5" failures="2" errors="1" skipped="1" time="[\d.]+">/,
    );
    // times add up: cases → suite → testsuites (whole milliseconds)
    const total = Number(/<testsuites [^>]*time="([\d.]+)"/.exec(xml)![1]);
    const ms = (x: string) => Math.round(Number(x) * 1000);
    expect(ms(String(total))).toBe(suites.reduce((t, s) => t + ms(s[6]!), 0));
    for (const block of xml.split('<testsuite ').slice(1)) {
      const suiteTime = ms(/time="([\d.]+)"/.exec(block)![1]!);
      const cases = [...block.matchAll(/<testcase [^>]*time="([\d.]+)"/g)].map((m) => ms(m[1]!));
      expect(cases.reduce((a, b) => a + b, 0)).toBe(suiteTime);
    }
  });

  it('adds a diagnostics suite for error diagnostics only', () => {
    expect(xml).not.toContain(DIAGNOSTICS_SUITE);
    const withError = renderJunitReport(
      sampleReport({
        diagnostics: [
          {
            severity: 'error',
            code: 'E092',
            message: 'scope <x> failed',
            file: 'arch.hie',
            span: { start: { line: 3, column: 1, offset: 0 }, end: { line: 3, column: 2, offset: 1 } },
          },
        ],
      }),
    );
    assertWellFormed(withError);
    expect(withError).toContain(`<testsuite name="${DIAGNOSTICS_SUITE}" tests="1" failures="0" errors="1"`);
    expect(withError).toContain(
      '<error message="scope &lt;x&gt; failed" type="E092">arch.hie:3:1: scope &lt;x&gt; failed</error>',
    );
  });

  it('escapes characters XML cannot hold', () => {
    expect(escapeXmlText('a\u0001b<&>')).toBe('a\uFFFDb&lt;&amp;&gt;');
    expect(escapeXmlAttr('x"y\'\nz')).toBe('x&quot;y&apos;&#10;z');
    // every character in one pass: an escape's own `&` is never escaped again
    expect(escapeXmlAttr('a&b<c>d"e\'f\ng\rh\ti\u0001j\uD800k&amp;')).toBe(
      'a&amp;b&lt;c&gt;d&quot;e&apos;f&#10;g&#13;h&#9;i\uFFFDj\uFFFDk&amp;amp;',
    );
    expect(escapeXmlAttr('plain text')).toBe('plain text');
  });
});

describe('junit reporter: written in pieces', () => {
  it('shows each outcome as reportWithShownPaths does, and splits many suites into pieces of whole suites', () => {
    const given = sampleReport();
    for (const r of given.results) r.file = path.join(WORKSPACE, r.file);
    const cwd = path.join(WORKSPACE, 'src');
    const lazy = reportShownLazily(given, new Map(), cwd);
    expect([...junitReportChunks(lazy.report, lazy.show)].join('')).toBe(
      renderJunitReport(reportWithShownPaths(given, new Map(), cwd).report),
    );

    const one = sampleReport().results[0] as CheckOutcome;
    const results = Array.from({ length: 900 }, (_, i) => ({ ...one, element: `e${i}` }));
    const many = sampleReport({ results, summary: summarize(results) });
    const pieces = [...junitReportChunks(many)];
    expect(pieces.length).toBeGreaterThan(1);
    for (const piece of pieces) expect(piece.endsWith('\n')).toBe(true);
    const text = pieces.join('');
    expect(text).toBe(renderJunitReport(many));
    expect(text.match(/<testsuite /g)).toHaveLength(900);
    expect(text.match(/<testcase /g)).toHaveLength(900);
    expect(text.match(/<\/testsuite>/g)).toHaveLength(900);
    expect(text.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')).toBe(true);
    expect(text.endsWith('</testsuites>\n')).toBe(true);
    assertWellFormed(text);
  });
});
