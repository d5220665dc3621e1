/**
 * Text for a terminal. Messages, names, file names, snippets and log lines that come from a library
 * or from analysed files may hold control characters and escape sequences: shown raw, they could
 * clear the screen, rewrite earlier lines (carriage return, cursor moves), set the window title,
 * write to the clipboard (OSC 52), hide text, or reorder what is read (bidirectional overrides,
 * "Trojan Source"). The human report and `--verbose` show such characters as visible escapes
 * instead: `\x1b`, `\r`, `\u{202e}`. Machine formats (JSON, SARIF, JUnit) keep the exact text.
 *
 * Newlines are kept (messages have several lines), and so are tabs; CRLF is shown as a newline.
 */

/** C0 controls but tab and newline, DEL, C1 controls, and the bidirectional formatting characters. */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
// eslint-disable-next-line no-control-regex
const UNSAFE_ALL = /\r\n|[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Readonly<Record<string, string>> = { '\r': '\\r', '\b': '\\b', '\f': '\\f', '\v': '\\v', '\0': '\\0' };

/** The visible form of one unsafe character. */
function escapeChar(ch: string): string {
  if (ch === '\r\n') return '\n';
  const named = NAMED[ch];
  if (named) return named;
  const code = ch.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
}

/** `text` with every control character and escape sequence made visible (newlines and tabs kept). */
export function terminalText(text: string): string {
  if (!UNSAFE.test(text)) return text;
  return text.replace(UNSAFE_ALL, escapeChar);
}

/** How many columns a character takes once made visible (for carets under a code frame). */
export function terminalWidth(ch: string): number {
  return UNSAFE.test(ch) ? escapeChar(ch).length : 1;
}
