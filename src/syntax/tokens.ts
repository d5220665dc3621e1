/** Tokens produced by the lexer (src/syntax/lexer.ts). */

/** The 23 reserved words of the language (docs/language.md, "Reserved words"). */
export const KEYWORDS = [
  'element',
  'template',
  'pattern',
  'implements',
  'binds',
  'scope',
  'connection_point',
  'ref',
  'uses',
  'check',
  'import',
  'from',
  'as',
  'true',
  'false',
  'requires',
  'allows',
  'forbids',
  'descendant',
  'connection',
  'to',
  'language',
  'connection_check',
] as const;

export type Keyword = (typeof KEYWORDS)[number];

/**
 * Keywords that mean something only in one place inside a statement (`requires descendant …`,
 * `connection to …`, `scope s binds …`, `element e implements …`, `src uses …`). Elsewhere they are
 * ordinary names — `ref connection: string`, `scope to = …`, an expression `connection` — as the
 * original accepts them.
 */
const POSITIONAL_KEYWORDS: ReadonlySet<string> = new Set([
  'connection',
  'to',
  'descendant',
  'binds',
  'implements',
  'uses',
]);

/** True for a keyword that is an ordinary name wherever a name is expected. */
export function isPositionalKeyword(word: string): boolean {
  return POSITIONAL_KEYWORDS.has(word);
}

const KEYWORD_SET: ReadonlySet<string> = new Set(KEYWORDS);

export function isKeyword(word: string): word is Keyword {
  return KEYWORD_SET.has(word);
}

export type Punct = ':' | '=' | '.' | ',' | ';' | '(' | ')' | '[' | ']' | '{' | '}' | '<' | '>' | '*';

export type TokenKind =
  | 'identifier'
  | 'keyword'
  | 'string'
  | 'number'
  | 'punct'
  /** `## text` (also `####…`, and a `###` that is never closed). */
  | 'doc'
  /** End of a logical line that held code (not emitted inside `( )` / `[ ]`). */
  | 'newline'
  | 'indent'
  | 'dedent'
  | 'eof';

export interface Token {
  kind: TokenKind;
  /**
   * identifier/keyword: the word; punct: the character; string: the value after escape processing;
   * number: the source text; doc: the text without the leading `#`s, trimmed; layout/eof: ''.
   */
  text: string;
  /** 0-based UTF-16 offsets into the source (end exclusive). Layout tokens are empty. */
  start: number;
  end: number;
  /** Width of the leading whitespace of the physical line the token starts on (tab = 4). */
  lineIndent: number;
  /** string: the quote character used. */
  quote?: "'" | '"';
  /** doc: written after code on the same line (`scope x = … ## note`). */
  trailing?: boolean;
  /** indent: produced by a line whose indentation matches no enclosing block. */
  misaligned?: boolean;
}

/** A line holding only a comment (`#`, `##`, `###`) — treated as blank by the layout algorithm. */
export interface CommentLine {
  /** Offset of the first `#`. */
  offset: number;
  /** Width of its leading whitespace (tab = 4). */
  indent: number;
}

/** How a token is named in messages for people (never internal token names). */
export function describeToken(t: Token): string {
  switch (t.kind) {
    case 'identifier':
      return `the name \`${t.text}\``;
    case 'keyword':
      return `\`${t.text}\``;
    case 'string':
      return `the string ${t.quote ?? "'"}${truncate(t.text)}${t.quote ?? "'"}`;
    case 'number':
      return `the number ${t.text}`;
    case 'punct':
      return `\`${t.text}\``;
    case 'doc':
      return 'a doc comment (`##`)';
    case 'newline':
      return 'the end of the line';
    case 'indent':
      return t.misaligned ? 'a line whose indentation matches no enclosing block' : 'an indented line';
    case 'dedent':
      return 'the end of the indented block';
    case 'eof':
      return 'the end of the file';
  }
}

function truncate(s: string): string {
  const oneLine = s.replace(/\r?\n/g, '\\n');
  return oneLine.length > 30 ? `${oneLine.slice(0, 27)}...` : oneLine;
}
