/**
 * The baseline file `hielements-baseline.json`: its text (one violation per line, sorted, so reviews
 * show exactly what was accepted or fixed), parsing with positioned diagnostics, and the W870
 * warnings for stale entries.
 */
import { makeDiagnostic, type Diagnostic, type Span } from '../diagnostics/diagnostic.js';
import { BASELINE_VERSION, type Baseline, type BaselineEntry, type StaleEntry } from '../report/baseline.js';
import { toPosix } from '../diagnostics/paths.js';
import { SourceFile } from '../syntax/source.js';
import { jsonErrorOffset } from './json-error.js';
import { C } from '../diagnostics/registry.js';

export const BaselineCodes = {
  /** The baseline file is not valid JSON or not a baseline document. */
  INVALID_FILE: C.E870,
  /** One entry of the baseline file lacks a field or has a wrong type. */
  INVALID_ENTRY: C.E871,
  /** A baseline entry matches no violation any more (fixed, or the rule is gone). */
  STALE_ENTRY: C.W870,
} as const;

/** Warning W870 for each stale entry, pointing at its line of the baseline file. */
export function staleDiagnostics(stale: readonly StaleEntry[], file: string, text: string): Diagnostic[] {
  const source = new SourceFile(text, file);
  return stale.map(({ entry, unmatched }) => {
    const what = entry.file ? `${entry.file}${entry.import ? ` → ${entry.import}` : ''}` : 'the whole check';
    const span = entryLineSpan(source, entry.line);
    return makeDiagnostic(
      'warning',
      BaselineCodes.STALE_ENTRY,
      `stale baseline entry: \`${entry.element}\` no longer violates \`${entry.rule}\` at ` +
        `${what}${unmatched < entry.count ? ` (${unmatched} of ${entry.count})` : ''}`,
      file,
      span,
      { help: 'fixed? run `hielements baseline` to remove it from the file' },
    );
  });
}

function entryLineSpan(source: SourceFile, line: number): Span | undefined {
  if (line < 1 || line > source.lineStarts.length) return undefined;
  const start = source.lineStarts[line - 1] as number;
  const text = source.lineText(line);
  const indent = text.length - text.trimStart().length;
  return source.span(start + indent, start + text.length);
}

/** The file's text: one entry per line, sorted, so diffs show exactly what was added or fixed. */
export function serializeBaseline(baseline: Baseline, specFile: string): string {
  const lines = baseline.entries.map((e) =>
    JSON.stringify({
      element: e.element,
      rule: e.rule,
      pattern: e.pattern || undefined,
      file: e.file,
      import: e.import,
      count: e.count,
    }),
  );
  return [
    '{',
    `  "version": ${BASELINE_VERSION},`,
    `  "spec": ${JSON.stringify(toPosix(specFile))},`,
    '  "about": "Known architecture violations. `hielements run` fails only on violations not listed here; ' +
      '`hielements baseline` rewrites this file.",',
    `  "violations": [${lines.length === 0 ? ']' : ''}`,
    ...lines.map((l, i) => `    ${l}${i < lines.length - 1 ? ',' : ''}`),
    ...(lines.length === 0 ? [] : ['  ]']),
    '}',
    '',
  ].join('\n');
}

/** Parses a baseline file; problems are diagnostics with the file's line and column (never a crash). */
export function parseBaseline(text: string, file: string): { baseline?: Baseline; diagnostics: Diagnostic[] } {
  const source = new SourceFile(text, file);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    const offset = jsonErrorOffset(text);
    const found = offset < text.length ? `unexpected \`${text[offset]}\`` : 'unexpected end of the file';
    return {
      diagnostics: [
        makeDiagnostic(
          'error',
          BaselineCodes.INVALID_FILE,
          `the baseline file is not valid JSON: ${found}`,
          file,
          source.span(offset, offset + 1),
          { help: 'fix it, or delete it and run `hielements baseline` again' },
        ),
      ],
    };
  }
  const whole = source.span(0, Math.min(text.length, 1));
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    return {
      diagnostics: [
        makeDiagnostic(
          'error',
          BaselineCodes.INVALID_FILE,
          'the baseline file must hold a JSON object with a `violations` array',
          file,
          whole,
        ),
      ],
    };
  }
  const o = doc as Record<string, unknown>;
  if (o.version !== BASELINE_VERSION) {
    return {
      diagnostics: [
        makeDiagnostic(
          'error',
          BaselineCodes.INVALID_FILE,
          `unsupported baseline version ${JSON.stringify(o.version)} (this hielements reads version ` +
            `${BASELINE_VERSION})`,
          file,
          whole,
        ),
      ],
    };
  }
  if (!Array.isArray(o.violations)) {
    return {
      diagnostics: [
        makeDiagnostic(
          'error',
          BaselineCodes.INVALID_FILE,
          'the baseline file has no ' + '`violations` array',
          file,
          whole,
        ),
      ],
    };
  }
  const lines = entryLines(text, o.violations.length);
  const diagnostics: Diagnostic[] = [];
  const entries: BaselineEntry[] = [];
  o.violations.forEach((v, i) => {
    const line = lines[i] ?? 0;
    const problem = entryProblem(v);
    if (problem) {
      diagnostics.push(
        makeDiagnostic(
          'error',
          BaselineCodes.INVALID_ENTRY,
          `baseline entry ${i + 1} ${problem}; it is ignored`,
          file,
          entryLineSpan(source, line) ?? whole,
        ),
      );
      return;
    }
    const e = v as Record<string, unknown>;
    entries.push({
      element: e.element as string,
      rule: e.rule as string,
      pattern: (e.pattern as string | undefined) ?? '',
      file: (e.file as string | undefined) ?? '',
      import: (e.import as string | undefined) ?? '',
      count: (e.count as number | undefined) ?? 1,
      line,
    });
  });
  return { baseline: { entries }, diagnostics };
}

function entryProblem(v: unknown): string | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'is not an object';
  const e = v as Record<string, unknown>;
  for (const field of ['element', 'rule'] as const)
    if (typeof e[field] !== 'string') return `has no \`${field}\` string`;
  for (const field of ['pattern', 'file', 'import'] as const)
    if (e[field] !== undefined && typeof e[field] !== 'string') return `has a \`${field}\` that is not a string`;
  if (e.count !== undefined && (typeof e.count !== 'number' || !Number.isInteger(e.count) || e.count < 1))
    return 'has a `count` that is not a whole number ≥ 1';
  return undefined;
}

/**
 * 1-based line of each element of the `violations` array: the line where each top-level object of
 * the array starts (the file as written by serializeBaseline has one per line; a hand-edited file
 * still gets the right line as long as it is valid JSON).
 */
function entryLines(text: string, count: number): number[] {
  const start = text.indexOf('"violations"');
  const out: number[] = [];
  if (start < 0) return out;
  let i = text.indexOf('[', start) + 1;
  let line = text.slice(0, i).split('\n').length;
  let depth = 0;
  let inString = false;
  for (; i < text.length && out.length < count; i++) {
    const c = text[i];
    if (c === '\n') line++;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') {
      if (depth === 0) out.push(line);
      inString = true;
    } else if (c === '{' || c === '[') {
      if (depth === 0) out.push(line);
      depth++;
    } else if (c === '}' || c === ']') {
      if (depth === 0) break;
      depth--;
    } else if (depth === 0 && /[-0-9tfn]/.test(c as string)) {
      out.push(line);
      while (i + 1 < text.length && /[-0-9.eE+a-z]/.test(text[i + 1] as string)) i++;
    }
  }
  return out;
}
