/** Public API of the front end: source positions, lexer, parser and the `parse` JSON form. */
export type * from './ast.js';
export { SyntaxCodes, MAX_SYNTAX_ERRORS } from './codes.js';
export { expressionToJson, programToJson, spanToJson } from './json.js';
export { lex, tokenize, type LexResult } from './lexer.js';
export { parse, parseSourceFile, type ParseResult } from './parser.js';
export { lineOf, SourceFile } from './source.js';
export {
  describeToken,
  isKeyword,
  KEYWORDS,
  type CommentLine,
  type Keyword,
  type Token,
  type TokenKind,
} from './tokens.js';
