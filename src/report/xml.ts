/** Minimal XML writing helpers for the JUnit reporter. */

/** Characters XML 1.0 does not allow at all (replaced by U+FFFD). */
// eslint-disable-next-line no-control-regex
const INVALID_XML =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Anything that may need escaping or replacing; most strings have none and are returned as they are. */
// eslint-disable-next-line no-control-regex
const NEEDS_WORK = /[&<>\u0000-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;

export function escapeXmlText(text: string): string {
  if (!NEEDS_WORK.test(text)) return text;
  return text.replace(INVALID_XML, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const ATTR_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\n': '&#10;',
  '\r': '&#13;',
  '\t': '&#9;',
};

export function escapeXmlAttr(text: string): string {
  if (!NEEDS_WORK.test(text) && !/["']/.test(text)) return text;
  // one pass over the text (a report escapes an attribute per check: no chain of copies)
  return text.replace(INVALID_XML, '\uFFFD').replace(/[&<>"'\n\r\t]/g, (c) => ATTR_ESCAPES[c] as string);
}

export function attrs(values: Record<string, string | number | undefined>): string {
  let out = '';
  for (const k in values) {
    const v = values[k];
    if (v !== undefined) out += ` ${k}="${escapeXmlAttr(String(v))}"`;
  }
  return out;
}
