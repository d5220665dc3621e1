/** Reads a source file for parsing: size limit and read errors become facts, not exceptions. */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { MAX_PARSE_BYTES } from './limits.js';
import { emptyFacts, type FileFacts, type Grammar } from './types.js';

const tooLarge = (g: Grammar) => emptyFacts(g, `file is larger than ${MAX_PARSE_BYTES} bytes; not parsed`);
const unreadable = (g: Grammar, e: unknown) => emptyFacts(g, `cannot read file: ${e instanceof Error ? e.message : String(e)}`);

/** Text of the file, or the facts to report instead (too large, unreadable). */
export function readSourceSync(file: string, grammar: Grammar): string | FileFacts {
  try {
    const buf = readFileSync(file);
    return buf.length > MAX_PARSE_BYTES ? tooLarge(grammar) : buf.toString('utf8');
  } catch (e) {
    return unreadable(grammar, e);
  }
}

/** Same, without blocking the calling thread (used on the main thread). */
export async function readSource(file: string, grammar: Grammar): Promise<string | FileFacts> {
  try {
    const buf = await readFile(file);
    return buf.length > MAX_PARSE_BYTES ? tooLarge(grammar) : buf.toString('utf8');
  } catch (e) {
    return unreadable(grammar, e);
  }
}
