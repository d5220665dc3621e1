/**
 * Human-readable rendering of diagnostics, in the style of rustc:
 *
 *   error[E007]: expected `:` or `{` after the element name, found `=`
 *     --> specs/app.hie:3:15
 *      |
 *    3 | element broken = files.folder_selector('x')
 *      |                ^
 *      = help: write `element broken:` followed by an indented body
 */
import pc from 'picocolors';
import type { Diagnostic, Severity } from './diagnostic.js';
import { terminalText as t, terminalWidth } from './terminal-text.js';

export interface RenderOptions {
  color: boolean;
}

const TAB = '    ';

type Paint = (s: string) => string;

function painter(on: boolean, fn: Paint): Paint {
  return on ? fn : (s) => s;
}

function severityPaint(sev: Severity, color: boolean): Paint {
  switch (sev) {
    case 'error':
      return painter(color, (s) => pc.bold(pc.red(s)));
    case 'warning':
      return painter(color, (s) => pc.bold(pc.yellow(s)));
    case 'info':
      return painter(color, (s) => pc.bold(pc.cyan(s)));
    case 'hint':
      return painter(color, (s) => pc.bold(pc.green(s)));
  }
}

/**
 * Columns taken by the code points of `line` before the 1-based code-point column `col`, with tabs
 * expanded and control characters counted as the escapes they are shown as.
 */
function displayWidth(line: string, col: number): number {
  let w = 0;
  let i = 1;
  for (const ch of line) {
    if (i >= col) break;
    w += ch === '\t' ? TAB.length : terminalWidth(ch);
    i++;
  }
  return w;
}

function linesOf(text: string): string[] {
  return text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

/** Renders one diagnostic; `sourceText` (the file's text) enables the code frame. */
export function renderDiagnostic(d: Diagnostic, sourceText: string | undefined, opts: RenderOptions): string {
  return renderWithLines(d, sourceText === undefined ? undefined : linesOf(sourceText), opts);
}

function renderWithLines(d: Diagnostic, lines: string[] | undefined, opts: RenderOptions): string {
  const sev = severityPaint(d.severity, opts.color);
  const bold = painter(opts.color, pc.bold);
  const blue = painter(opts.color, (s) => pc.bold(pc.blue(s)));
  const out: string[] = [];
  const code = d.code ? `[${d.code}]` : '';
  // Messages, file names and source lines may come from libraries or analysed files: shown with
  // control characters made visible (terminal-text.ts).
  out.push(`${sev(`${d.severity}${code}`)}${bold(`: ${t(d.message)}`)}`);
  const span = d.span;
  const lineNo = span ? String(span.end.line).length : 1;
  const pad = ' '.repeat(Math.max(lineNo, 1));
  if (d.file || span) {
    const where = span ? `${d.file || '<input>'}:${span.start.line}:${span.start.column}` : d.file;
    out.push(`${pad}${blue('-->')} ${t(where)}`);
  }
  if (span && lines && span.start.line >= 1 && span.start.line <= lines.length) {
    out.push(`${pad} ${blue('|')}`);
    const last = Math.min(span.end.line, lines.length, span.start.line + 3);
    for (let ln = span.start.line; ln <= last; ln++) {
      const text = lines[ln - 1] ?? '';
      const shown = t(text).replace(/\t/g, TAB);
      out.push(`${blue(String(ln).padStart(pad.length))} ${blue('|')} ${shown}`);
      const startCol = ln === span.start.line ? span.start.column : firstNonBlank(text);
      const endCol = ln === span.end.line ? span.end.column : [...text].length + 1;
      const from = displayWidth(text, startCol);
      const to = Math.max(displayWidth(text, endCol), from + 1);
      if (ln === span.end.line || to > from) {
        out.push(`${pad} ${blue('|')} ${' '.repeat(from)}${sev('^'.repeat(to - from))}`);
      }
    }
    if (last < span.end.line) out.push(`${pad} ${blue('|')} ...`);
  }
  if (d.help) out.push(`${pad} ${blue('=')} ${bold('help')}: ${t(d.help)}`);
  for (const r of d.related ?? []) {
    const where = r.span ? `${r.file}:${r.span.start.line}:${r.span.start.column}` : r.file;
    out.push(`${pad} ${blue('=')} ${bold('note')}: ${t(where)}: ${t(r.message)}`);
  }
  return out.join('\n');
}

function firstNonBlank(text: string): number {
  let col = 1;
  for (const ch of text) {
    if (ch !== ' ' && ch !== '\t') return col;
    col++;
  }
  return 1;
}

/**
 * Renders several diagnostics separated by blank lines. `sources` maps a diagnostic's `file` to
 * the file's text; diagnostics whose file is missing there are rendered without a code frame.
 */
export function renderDiagnostics(
  list: readonly Diagnostic[],
  sources: ReadonlyMap<string, string>,
  opts: RenderOptions,
): string {
  const cache = new Map<string, string[]>();
  const parts: string[] = [];
  for (const d of list) {
    let lines = cache.get(d.file);
    if (!lines) {
      const text = sources.get(d.file);
      if (text !== undefined) {
        lines = linesOf(text);
        cache.set(d.file, lines);
      }
    }
    parts.push(renderWithLines(d, lines, opts));
  }
  return parts.length === 0 ? '' : `${parts.join('\n\n')}\n`;
}
