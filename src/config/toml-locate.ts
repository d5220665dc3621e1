/**
 * Finds where keys and table headers are written in a TOML document, so that configuration
 * diagnostics can point at the exact line and column. smol-toml gives values but no positions;
 * this small scanner walks the (already validated) text once and records, for every key path,
 * the span of the first place it is defined: `[libraries.x]` headers, dotted keys and keys inside
 * inline tables (`x = { executable = "…" }`).
 */
import type { Position, Span } from '../diagnostics/diagnostic.js';
import { SourceFile } from '../syntax/source.js';

export interface TomlLocator {
  /** Span of the key (or table header) that defines `path`, or of the nearest defined ancestor. */
  spanOf(path: readonly string[]): Span | undefined;
  /** Span of the whole line `line` (1-based), without its line break. */
  lineSpan(line: number): Span | undefined;
}

const pathKey = (path: readonly string[]): string => JSON.stringify(path);

export function locateToml(text: string): TomlLocator {
  const spans = new Map<string, Span>();
  const source = new SourceFile(text, '');
  const position = (offset: number): Position => source.position(offset);
  const record = (path: string[], start: number, end: number) => {
    const k = pathKey(path);
    if (!spans.has(k)) spans.set(k, { start: position(start), end: position(end) });
  };
  /** A dotted key `a.b.c = …` also defines the tables `a` and `a.b` at the same place. */
  const recordKey = (prefix: string[], parts: string[], start: number, end: number) => {
    for (let j = 1; j <= parts.length; j++) record([...prefix, ...parts.slice(0, j)], start, end);
  };

  let i = 0;
  const n = text.length;
  const skipSpaces = () => {
    while (i < n && (text[i] === ' ' || text[i] === '\t')) i++;
  };
  const skipComment = () => {
    if (text[i] === '#') while (i < n && text[i] !== '\n') i++;
  };
  /** Whitespace, newlines and comments (inside arrays and between statements). */
  const skipTrivia = () => {
    for (;;) {
      const before = i;
      while (i < n && /\s/.test(text[i]!)) i++;
      skipComment();
      if (i === before) return;
    }
  };
  const readString = (): string => {
    const q = text[i]!;
    const triple = text.startsWith(q.repeat(3), i);
    if (triple) {
      i += 3;
      const endAt = text.indexOf(q.repeat(3), i);
      const stop = endAt < 0 ? n : endAt + 3;
      // A multi-line string may end with up to two extra quotes.
      let j = stop;
      while (j < n && text[j] === q) j++;
      const s = text.slice(i, j - 3);
      i = j;
      return s;
    }
    i++;
    let out = '';
    while (i < n && text[i] !== q && text[i] !== '\n') {
      if (q === '"' && text[i] === '\\') {
        const e = text[i + 1];
        const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\', b: '\b', f: '\f' };
        if (e !== undefined && map[e] !== undefined) {
          out += map[e];
          i += 2;
          continue;
        }
        if (e === 'u' || e === 'U') {
          const len = e === 'u' ? 4 : 8;
          const cp = parseInt(text.slice(i + 2, i + 2 + len), 16);
          out += Number.isFinite(cp) ? String.fromCodePoint(cp) : '';
          i += 2 + len;
          continue;
        }
      }
      out += text[i];
      i++;
    }
    i++; // closing quote
    return out;
  };
  /** One key part: bare or quoted. Returns [name, start, end]. */
  const readKeyPart = (): [string, number, number] | undefined => {
    skipSpaces();
    const start = i;
    if (text[i] === '"' || text[i] === "'") {
      const s = readString();
      return [s, start, i];
    }
    while (i < n && /[A-Za-z0-9_-]/.test(text[i]!)) i++;
    if (i === start) return undefined;
    return [text.slice(start, i), start, i];
  };
  /** Dotted key; returns the parts with the span of the whole key. */
  const readKey = (): { parts: string[]; start: number; end: number } | undefined => {
    const first = readKeyPart();
    if (!first) return undefined;
    const parts = [first[0]];
    const start = first[1];
    let end = first[2];
    for (;;) {
      const save = i;
      skipSpaces();
      if (text[i] !== '.') {
        i = save;
        break;
      }
      i++;
      const p = readKeyPart();
      if (!p) break;
      parts.push(p[0]);
      end = p[2];
    }
    return { parts, start, end };
  };
  const skipValue = (prefix: string[]): void => {
    skipSpaces();
    const c = text[i];
    if (c === '"' || c === "'") {
      readString();
      return;
    }
    if (c === '{') {
      i++;
      for (;;) {
        skipTrivia();
        if (i >= n || text[i] === '}') {
          i++;
          return;
        }
        if (text[i] === ',') {
          i++;
          continue;
        }
        const key = readKey();
        if (!key) {
          i++;
          continue;
        }
        const full = [...prefix, ...key.parts];
        recordKey(prefix, key.parts, key.start, key.end);
        skipSpaces();
        if (text[i] === '=') i++;
        skipValue(full);
      }
    }
    if (c === '[') {
      i++;
      for (;;) {
        skipTrivia();
        if (i >= n || text[i] === ']') {
          i++;
          return;
        }
        if (text[i] === ',') {
          i++;
          continue;
        }
        skipValue([]);
      }
    }
    while (i < n && !/[,\]}\n#]/.test(text[i]!)) i++;
  };

  let table: string[] = [];
  while (i < n) {
    skipTrivia();
    if (i >= n) break;
    if (text[i] === '[') {
      const arrayTable = text[i + 1] === '[';
      const hdrStart = i;
      i += arrayTable ? 2 : 1;
      const key = readKey();
      skipSpaces();
      i += arrayTable ? 2 : 1;
      if (key) {
        table = key.parts;
        record(table, hdrStart, i);
      }
      continue;
    }
    const key = readKey();
    if (!key) {
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    const full = [...table, ...key.parts];
    recordKey(table, key.parts, key.start, key.end);
    skipSpaces();
    if (text[i] === '=') i++;
    skipValue(full);
  }

  return {
    spanOf(path) {
      for (let len = path.length; len > 0; len--) {
        const s = spans.get(pathKey(path.slice(0, len)));
        if (s) return s;
      }
      return undefined;
    },
    lineSpan(line) {
      const start = source.lineStarts[line - 1];
      if (start === undefined) return undefined;
      const next = source.lineStarts[line];
      return { start: position(start), end: position(next === undefined ? text.length : next - 1) };
    },
  };
}
