/**
 * Reads a source file for parsing, through the confinement module (src/confine): never through a
 * symbolic link, never outside the workspace, never a FIFO or device, and never more than
 * MAX_PARSE_BYTES. Size limit and read errors become facts, not exceptions. When asked, the
 * content hash comes with it (for the persistent facts store, see store.ts).
 */
import { basename, dirname } from 'node:path';
import { ConfinedRoot, confinedRoot, workspaceRelative, type FsResult } from '../../../confine/index.js';
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
const unreadable = (g: Grammar, why: string) => emptyFacts(g, `cannot read file: ${why}`);

/**
 * Reads `file` (absolute) below `root`: the workspace, or, when there is none (direct API use), the
 * file's own folder.
 */
export function readSourceSync(file: string, grammar: Grammar, hash = false, root?: ConfinedRoot): Source {
  let r: FsResult<Buffer>;
  try {
    if (root) {
      const rel = workspaceRelative(root.root, file);
      r = rel.ok ? root.readFile(rel.value, MAX_PARSE_BYTES) : rel;
    } else {
      const own = ConfinedRoot.open(dirname(file));
      try {
        r = own.readFile(basename(file), MAX_PARSE_BYTES);
      } finally {
        own.close();
      }
    }
  } catch (e) {
    r = { ok: false, kind: 'io', reason: e instanceof Error ? e.message : String(e) };
  }
  if (!r.ok) return { facts: r.kind === 'too-large' ? tooLarge(grammar) : unreadable(grammar, r.reason) };
  const out: Source = { text: r.value.toString('utf8') };
  if (hash) out.hash = contentHash(r.value);
  return out;
}

/** Same, on the main thread, below the workspace `root` (real path) when given. */
export async function readSource(file: string, grammar: Grammar, hash = false, root?: string): Promise<Source> {
  let confined: ConfinedRoot | undefined;
  if (root !== undefined) {
    try {
      confined = confinedRoot(root);
    } catch (e) {
      return { facts: unreadable(grammar, e instanceof Error ? e.message : String(e)) };
    }
  }
  return readSourceSync(file, grammar, hash, confined);
}
