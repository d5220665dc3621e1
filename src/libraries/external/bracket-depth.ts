/**
 * Nesting depth of `{`/`[` over the lines of a JSON text, outside strings. Used to notice when a
 * response spread over several lines (pretty-printed) is complete, without re-parsing the text
 * after every line. JSON strings cannot contain raw newlines, so each line starts outside a string.
 */
export class BracketDepth {
  depth = 0;

  /** Adds one line; returns the depth after it. */
  feed(line: string): number {
    let inString = false;
    for (let i = 0; i < line.length; i++) {
      const c = line.charCodeAt(i);
      if (inString) {
        if (c === 0x5c)
          i++; // backslash: skip the escaped character
        else if (c === 0x22) inString = false;
        continue;
      }
      if (c === 0x22) inString = true;
      else if (c === 0x7b || c === 0x5b) this.depth++;
      else if (c === 0x7d || c === 0x5d) this.depth--;
    }
    return this.depth;
  }
}
