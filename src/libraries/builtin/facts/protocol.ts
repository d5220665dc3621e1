/**
 * Messages between the facts pool (main thread) and its workers.
 *
 * A batch is sent once to every worker together with a shared counter; each worker claims the next
 * file with `Atomics.add` until the list is exhausted, so no worker waits for the main thread and
 * the load balances itself (a slow file only delays the worker that took it).
 */
import type { FileFacts, Grammar } from './types.js';

export interface BatchMessage {
  kind: 'batch';
  id: number;
  files: string[];
  /** Grammar of each file (same order as `files`). */
  grammars: Grammar[];
  /** Extract python calls too (see `FileFacts.callsOmitted`). */
  withCalls: boolean;
  /** Report each file's content hash (the caller keeps a persistent facts store). */
  hash: boolean;
  /** Per file: content hash the caller already has facts for (skip the parse when it matches). */
  known: (string | undefined)[];
  /** Int32Array(1) over this buffer: index of the next unclaimed file. */
  next: SharedArrayBuffer;
  /** Workspace real path and the main thread's descriptor of it: files are read below it (src/confine). */
  root?: string;
  rootFd?: number;
}

/**
 * One file's outcome: its facts, or no facts when its content hash equals the one the caller
 * already knows (`BatchMessage.known`); `hash` when hashes were asked for and the file was read.
 * With hashes (a persistent store), workers send the facts as JSON text (`json`): the pool parses
 * it as it arrives and the store writes that same text, so saving the store costs no second
 * serialisation of every file's facts.
 */
export interface Extracted {
  facts?: FileFacts;
  json?: string;
  hash?: string;
}

/** Outcomes of some files of a batch (`indices[k]` is the file index of `results[k]`). */
export interface FactsMessage {
  kind: 'facts';
  id: number;
  indices: number[];
  results: Extracted[];
}

/** The worker found the batch's queue empty and has reported everything it claimed. */
export interface EndMessage {
  kind: 'end';
  id: number;
}

export type WorkerMessage = FactsMessage | EndMessage;

/** Load these grammars now (sent when a large batch is expected), so the first batch starts parsing at once. */
export interface WarmMessage {
  kind: 'warm';
  grammars: Grammar[];
}

export type PoolMessage = BatchMessage | WarmMessage;

/** Results are sent in groups of this many files (fewer messages, still streaming). */
export const FLUSH_EVERY = 24;
