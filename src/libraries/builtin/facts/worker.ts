/**
 * Worker thread: claims files of a batch from a shared counter, reads them, and takes their facts from
 * a scanner or parses them (see pool.ts, scan/index.ts).
 */
import { parentPort } from 'node:worker_threads';
import { extractFactsWith, fromSource, type LoadedParser } from './extract.js';
import { parserFor } from './parsers.js';
import { FLUSH_EVERY, type BatchMessage, type Extracted, type PoolMessage, type WorkerMessage } from './protocol.js';
import { readSourceSync } from './read.js';
import { outcomeWithoutParser } from './scan/index.js';
import { ConfinedRoot } from '../../../confine/index.js';
import { emptyFacts, type Grammar } from './types.js';

const post = (m: WorkerMessage) => parentPort?.postMessage(m);

async function loadParsers(grammars: readonly Grammar[]): Promise<Map<Grammar, LoadedParser | string>> {
  const out = new Map<Grammar, LoadedParser | string>();
  for (const g of new Set(grammars)) {
    try {
      out.set(g, await parserFor(g));
    } catch (e) {
      out.set(g, `cannot load the ${g} grammar: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return out;
}

async function runBatch(m: BatchMessage): Promise<void> {
  // parsers are loaded when a file first needs one (the scanners answer most outlines without)
  const parsers = new Map<Grammar, LoadedParser | string>();
  const parserOf = async (g: Grammar) => {
    let p = parsers.get(g);
    if (p === undefined) {
      p = (await loadParsers([g])).get(g)!;
      parsers.set(g, p);
    }
    return p;
  };
  const next = new Int32Array(m.next);
  // the main thread holds the root's descriptor open for the life of the process
  const root = m.root !== undefined && m.rootFd !== undefined ? ConfinedRoot.fromFd(m.root, m.rootFd) : undefined;
  let indices: number[] = [];
  let results: Extracted[] = [];
  const flush = () => {
    if (indices.length === 0) return;
    post({ kind: 'facts', id: m.id, indices, results });
    indices = [];
    results = [];
  };
  // Reading, scanning and parsing are CPU-bound here: the loop only awaits a parser's first load.
  for (let i = Atomics.add(next, 0, 1); i < m.files.length; i = Atomics.add(next, 0, 1)) {
    const g = m.grammars[i]!;
    const src = readSourceSync(m.files[i]!, g, m.hash, root);
    let r = outcomeWithoutParser(src, m.known[i], g, m.withCalls);
    if (!r) {
      const p = await parserOf(g);
      r =
        typeof p === 'string'
          ? { facts: emptyFacts(g, p) }
          : fromSource(src, m.known[i], (text) => extractFactsWith(p, g, text, m.withCalls));
    }
    indices.push(i);
    results.push(m.hash && r.facts ? asJson(r) : r);
    if (indices.length >= FLUSH_EVERY) flush();
  }
  flush();
  post({ kind: 'end', id: m.id });
}

/** The facts as JSON text (see `Extracted.json`). */
function asJson({ facts, hash }: Extracted): Extracted {
  const out: Extracted = { json: JSON.stringify(facts) };
  if (hash !== undefined) out.hash = hash;
  return out;
}

parentPort?.on('message', (m: PoolMessage) => {
  // a grammar that fails to load is reported with the batch that needs it
  if (m.kind === 'warm') void loadParsers(m.grammars);
  // Whatever goes wrong, end the batch: the pool extracts the files this worker did not report.
  else runBatch(m).catch(() => post({ kind: 'end', id: m.id }));
});
