/** Shared helpers for the front-end tests. */
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import type { ElementDecl, PatternDecl, Program } from '../../src/syntax/ast.js';
import { parse } from '../../src/syntax/index.js';
import { tokenize } from '../../src/syntax/lexer.js';
import type { Token } from '../../src/syntax/tokens.js';

const PUNCT_NAMES: Record<string, string> = {
  ':': 'Colon',
  '=': 'Equals',
  '.': 'Dot',
  ',': 'Comma',
  ';': 'Semicolon',
  '(': 'LParen',
  ')': 'RParen',
  '[': 'LBracket',
  ']': 'RBracket',
  '{': 'LBrace',
  '}': 'RBrace',
  '<': 'LAngle',
  '>': 'RAngle',
  '*': 'Star',
};

/** Token kinds named like the upstream lexer tests (Element, Identifier, Colon, Indent, …). */
export function kindName(t: Token): string {
  switch (t.kind) {
    case 'keyword':
      return t.text
        .split('_')
        .map((w) => w[0]!.toUpperCase() + w.slice(1))
        .join('');
    case 'identifier':
      return 'Identifier';
    case 'string':
      return t.quote === '"' ? 'StringDouble' : 'StringSingle';
    case 'number':
      return 'Number';
    case 'punct':
      return PUNCT_NAMES[t.text] ?? t.text;
    case 'doc':
      return 'DocComment';
    case 'newline':
      return 'Newline';
    case 'indent':
      return 'Indent';
    case 'dedent':
      return 'Dedent';
    case 'eof':
      return 'Eof';
  }
}

export function kinds(text: string): string {
  return tokenize(text).tokens.map(kindName).join(' ');
}

export function lexErrors(text: string): Diagnostic[] {
  return tokenize(text).diagnostics;
}

/** Joins lines with `\n` and adds the final newline (all upstream parser inputs end with one). */
export function src(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}

export function ok(text: string): Program {
  const r = parse(text, 'test.hie');
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    throw new Error(
      `unexpected diagnostics:\n${errors
        .map((d) => `${d.code} ${d.span?.start.line}:${d.span?.start.column} ` + `${d.message}`)
        .join('\n')}`,
    );
  }
  return r.program;
}

export function errs(text: string): Diagnostic[] {
  return parse(text, 'test.hie').diagnostics.filter((d) => d.severity === 'error');
}

/** `E007@3:9` for each error, in order. */
export function errCodes(text: string): string[] {
  return errs(text).map((d) => `${d.code}@${d.span?.start.line}:${d.span?.start.column}`);
}

export function firstError(text: string): Diagnostic {
  const e = errs(text);
  if (e.length === 0) throw new Error('expected an error, got none');
  return e[0]!;
}

export function el(p: Program, i = 0): ElementDecl {
  const e = p.elements[i];
  if (!e) throw new Error(`no element ${i}`);
  return e;
}

export function pat(p: Program, i = 0): PatternDecl {
  const e = p.patterns[i];
  if (!e) throw new Error(`no pattern ${i}`);
  return e;
}
