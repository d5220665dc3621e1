/** Text helpers shared by the tree-sitter extractors and the scanners (no parser needed to load them). */

/** First line of a node's text, trimmed and shortened, for messages. */
export function firstLine(text: string, max = 120): string {
  const nl = text.indexOf('\n');
  const line = (nl >= 0 ? text.slice(0, nl) : text).trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** Removes all whitespace (`a . b` → `a.b`, `crate :: x` → `crate::x`). */
export function squash(text: string): string {
  return text.replace(/\s+/g, '');
}

/** The value of a string literal node as written (quotes and prefixes removed, escapes kept). */
export function stringLiteralValue(text: string): string {
  const m = /^[a-zA-Z]*("""|'''|"|'|`)([\s\S]*)\1$/.exec(text);
  return m ? m[2]! : text;
}
