/** `hielements baseline [FILE]`: run every check and record today's failures as known violations. */
import type { CliIO } from '../io.js';
import { runOrBaseline } from './run.js';

export async function baselineCommand(argv: string[], io: CliIO): Promise<number> {
  return runOrBaseline(argv, io, 'baseline');
}
