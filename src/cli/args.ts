/**
 * Command-line parsing on top of `node:util` parseArgs: turns its errors into UsageErrors that
 * name the flag, and validates enumerations and numbers.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { closestName } from '../diagnostics/suggest.js';
import { UsageError } from './errors.js';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface Parsed {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

export function parseCommandArgs(command: string, argv: string[], options: OptionSpec): Parsed {
  try {
    const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    return { values: values as Parsed['values'], positionals };
  } catch (err) {
    throw new UsageError(describeParseError(err, options), command);
  }
}

/** parseArgs messages mention internal details; rewrite the common ones so they name the flag. */
function describeParseError(err: unknown, options: OptionSpec): string {
  const e = err as { code?: string; message?: string };
  const message = e.message ?? String(err);
  const quoted = /'([^']+)'/.exec(message)?.[1] ?? '';
  const flag = /--[\w-]+/.exec(quoted)?.[0] ?? quoted.split(/[ ,]/)[0] ?? quoted;
  if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const flags = Object.keys(options).map((k) => `--${k}`);
    const near = quoted.startsWith('--') ? closestName(quoted.split('=')[0] as string, flags) : undefined;
    return `unknown flag \`${quoted}\`${near ? ` (did you mean \`${near}\`?)` : ''}`;
  }
  if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    if (/argument missing/.test(message)) return `flag \`${flag}\` needs a value`;
    if (/does not take an argument/.test(message)) return `flag \`${flag}\` does not take a value`;
    return `bad value for flag \`${flag}\`: ${message}`;
  }
  return message;
}

export function stringFlag(p: Parsed, name: string): string | undefined {
  const v = p.values[name];
  if (Array.isArray(v)) return v[v.length - 1];
  return typeof v === 'string' ? v : undefined;
}

export function boolFlag(p: Parsed, name: string): boolean {
  return p.values[name] === true;
}

export function enumFlag<T extends string>(
  command: string,
  p: Parsed,
  name: string,
  allowed: readonly T[],
  fallback: T,
): T {
  const v = stringFlag(p, name);
  if (v === undefined) return fallback;
  if ((allowed as readonly string[]).includes(v)) return v as T;
  const near = closestName(v, allowed);
  throw new UsageError(
    `invalid value \`${v}\` for \`--${name}\` (${near ? `did you mean \`${near}\`? ` : ''}expected one of: ${allowed.join(', ')})`,
    command,
  );
}

export function positiveIntFlag(command: string, p: Parsed, name: string): number | undefined {
  const v = stringFlag(p, name);
  if (v === undefined) return undefined;
  if (!/^[0-9]+$/.test(v) || Number(v) < 1 || !Number.isSafeInteger(Number(v))) {
    throw new UsageError(`invalid value \`${v}\` for \`--${name}\` (expected a whole number ≥ 1)`, command);
  }
  return Number(v);
}

/** Exactly `count` positional arguments, named for the message. */
export function expectPositionals(command: string, p: Parsed, names: string[]): string[] {
  if (p.positionals.length < names.length) {
    throw new UsageError(
      `missing argument ${names
        .slice(p.positionals.length)
        .map((n) => `<${n}>`)
        .join(' ')}`,
      command,
    );
  }
  if (p.positionals.length > names.length) {
    throw new UsageError(`unexpected argument \`${p.positionals[names.length]}\``, command);
  }
  return p.positionals;
}
