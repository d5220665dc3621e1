/**
 * Outline facts from purpose-built scanners, without a syntax tree (see each scanner's module
 * comment). A scanner answers undefined when it is not sure its facts equal the tree-sitter
 * outline extraction's; the file is then parsed with tree-sitter. Nothing here loads tree-sitter.
 *
 * `HIELEMENTS_SCANNER=off` in the environment switches the scanners off: every file is then parsed
 * with tree-sitter (the facts are the same; this is for comparing both paths and for diagnosis).
 */
import type { Extracted } from '../protocol.js';
import type { Source } from '../read.js';
import type { FileFacts, Grammar } from '../types.js';
import { scanPythonOutline } from './python.js';
import { scanRustOutline } from './rust.js';
import { scanTypeScriptOutline } from './typescript.js';

/** Outline facts (no calls) of `text` in `grammar`, or undefined (no scanner, or the scanner is unsure). */
export function scanOutline(grammar: Grammar, text: string): FileFacts | undefined {
  switch (grammar) {
    case 'python':
      return scanPythonOutline(text);
    case 'rust':
      return scanRustOutline(text);
    case 'typescript':
    case 'tsx':
    case 'javascript':
      return scanTypeScriptOutline(text, grammar);
    default:
      return undefined;
  }
}

/**
 * Grammars with a scanner (a new scanner adds its grammar here and a case to `scanOutline`): their
 * outlines are extracted in the calling thread (see pool.ts).
 */
const SCANNED: ReadonlySet<Grammar> = new Set<Grammar>(['python', 'rust', 'typescript', 'tsx', 'javascript']);

/** Are outlines of `grammar` scanned (a scanner exists and the scanners are on)? */
export function scansOutline(grammar: Grammar): boolean {
  return SCANNED.has(grammar) && scannerEnabled();
}

/** Are the scanners on (read at every call, so a process can compare both paths)? */
export function scannerEnabled(): boolean {
  return process.env.HIELEMENTS_SCANNER !== 'off';
}

/**
 * The scanner's facts when they are what was asked for (an outline, `withCalls` false) and the
 * scanner is sure of them; undefined when the file needs tree-sitter. A scanner failure of any
 * kind counts as unsure: the parser answers.
 */
export function scannedFacts(grammar: Grammar, text: string, withCalls: boolean): FileFacts | undefined {
  if (withCalls || !scannerEnabled()) return undefined;
  try {
    return scanOutline(grammar, text);
  } catch {
    return undefined;
  }
}

/**
 * One file's outcome without a parser, from what was read: nothing when its content hash equals
 * `known`, the facts of an unreadable file, or the scanner's facts; undefined when it must be parsed.
 */
export function outcomeWithoutParser(
  src: Source,
  known: string | undefined,
  grammar: Grammar,
  withCalls: boolean,
): Extracted | undefined {
  if (src.hash !== undefined && src.hash === known) return { hash: src.hash };
  const facts = src.text !== undefined ? scannedFacts(grammar, src.text, withCalls) : src.facts;
  if (!facts) return undefined;
  return src.hash !== undefined ? { facts, hash: src.hash } : { facts };
}
