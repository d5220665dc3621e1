/**
 * Reads a source file for parsing: size limit and read errors become facts, not exceptions. When
 * asked, the content hash comes with it (for the persistent facts store, see store.ts).
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { MAX_PARSE_BYTES } from './limits.js';
import { contentHash } from './store.js';
import { emptyFacts, type FileFacts, type Grammar } from './types.js';

/** A file read for parsing: its text, or the facts to report instead (too large, unreadable). */
export interface Source {
  text?: string;
  facts?: FileFacts;
  /** SHA-256 of the bytes read (only when asked, and only when the file could be read). */
  hash?: string;
}

const tooLarge = (g: Grammar) => emptyFacts(g, `file is larger than ${MAX_PARSE_BYTES} bytes; not parsed`);
const unreadable = (g: Grammar, e: unknown) => emptyFacts(g, `cannot read file: ${e instanceof Error ? e.message : String(e)}`);

function fromBuffer(buf: Buffer, grammar: Grammar, hash: boolean): Source {
  const out: Source = buf.length > MAX_PARSE_BYTES ? { facts: tooLarge(grammar) } : { text: buf.toString('utf8') };
  if (hash) out.hash = contentHash(buf);
  return out;
}

export function readSourceSync(file: string, grammar: Grammar, hash = false): Source {
  try {
    return fromBuffer(readFileSync(file), grammar, hash);
  } catch (e) {
    return { facts: unreadable(grammar, e) };
  }
}

/** Same, without blocking the calling thread (used on the main thread). */
export async function readSource(file: string, grammar: Grammar, hash = false): Promise<Source> {
  try {
    return fromBuffer(await readFile(file), grammar, hash);
  } catch (e) {
    return { facts: unreadable(grammar, e) };
  }
}
