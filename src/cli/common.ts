/** Flags and helpers shared by every command. */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { shownSources, withShownPaths, type PathBase } from '../diagnostics/paths.js';
import { renderDiagnostics } from '../diagnostics/render.js';
import { boolFlag, parseCommandArgs, type OptionSpec, type Parsed } from './args.js';
import { helpText } from './help.js';
import { decideColor, type CliIO } from './io.js';

export const COMMON_OPTIONS: OptionSpec = {
  help: { type: 'boolean', short: 'h' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
};

export interface CommandArgs {
  parsed: Parsed;
  color: boolean;
}

/** Parses the command's flags; returns undefined after printing help when `--help` was given. */
export function parseCommand(command: string, argv: string[], options: OptionSpec, io: CliIO): CommandArgs | undefined {
  const parsed = parseCommandArgs(command, argv, { ...COMMON_OPTIONS, ...options });
  if (boolFlag(parsed, 'help')) {
    io.out(`${helpText(command)}\n`);
    return undefined;
  }
  const color = decideColor({ color: boolFlag(parsed, 'color'), noColor: boolFlag(parsed, 'no-color') }, io, command);
  return { parsed, color };
}

/**
 * Diagnostics with code frames (empty string when there are none); with `base`, their locations are
 * shown relative to the workspace (src/diagnostics/paths.ts).
 */
export function formatDiagnostics(
  ds: readonly Diagnostic[],
  sources: ReadonlyMap<string, string>,
  color: boolean,
  base?: PathBase,
): string {
  if (ds.length === 0) return '';
  const shown = base ? ds.map((d) => withShownPaths(d, base)) : [...ds];
  const text = renderDiagnostics(shown, base ? shownSources(sources, base) : new Map(sources), { color });
  return text.endsWith('\n') ? text : `${text}\n`;
}

export function mergeSources(...maps: ReadonlyMap<string, string>[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of maps) for (const [k, v] of m) out.set(k, v);
  return out;
}

export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
