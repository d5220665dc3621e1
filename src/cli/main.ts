/**
 * Entry point of the `hielements` command line. Dispatches to one module per command; turns usage
 * errors and unreadable input into exit code 2 with a one-line message, and unexpected internal
 * errors into exit code 70 (`HIELEMENTS_DEBUG=1` prints the stack).
 */
import { closestName } from '../diagnostics/suggest.js';
import { EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, InputError, UsageError } from './errors.js';
import { helpText, isCommand } from './help.js';
import { processIO, type CliIO } from './io.js';
import { installProcessCleanup } from './process-cleanup.js';
import { toolVersion } from '../pipeline/version.js';

type Handler = (argv: string[], io: CliIO) => Promise<number>;

/** Commands are loaded on demand, so `--version` or `init` do not load parsers and libraries. */
const HANDLERS: Record<string, () => Promise<Handler>> = {
  check: async () => (await import('./commands/check.js')).checkCommand,
  run: async () => (await import('./commands/run.js')).runCommand,
  baseline: async () => (await import('./commands/baseline.js')).baselineCommand,
  report: async () => (await import('./commands/report.js')).reportCommand,
  parse: async () => (await import('./commands/parse.js')).parseCommandRun,
  doc: async () => (await import('./commands/doc.js')).docCommand,
  init: async () => (await import('./commands/init.js')).initCommand,
  'new-library': async () => (await import('./commands/new-library.js')).newLibraryCommand,
  lsp: async () => (await import('./commands/lsp.js')).lspCommand,
  explain: async () => (await import('./commands/explain.js')).explainCommand,
};

export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  // Plugin processes never outlive the command, whatever ends it.
  installProcessCleanup();
  try {
    return await dispatch(argv, io);
  } catch (err) {
    if (err instanceof UsageError) {
      const where = err.command ? `hielements ${err.command} --help` : 'hielements --help';
      io.err(`hielements: error: ${err.message}\nRun \`${where}\` for usage.\n`);
      return EXIT_USAGE;
    }
    if (err instanceof InputError) {
      io.err(`hielements: error: ${err.message}\n`);
      return EXIT_USAGE;
    }
    const message = err instanceof Error ? err.message : String(err);
    io.err(`hielements: internal error: ${message}\n`);
    if (io.env.HIELEMENTS_DEBUG && err instanceof Error && err.stack) io.err(`${err.stack}\n`);
    else io.err('This is a bug in hielements; run again with HIELEMENTS_DEBUG=1 for details.\n');
    return EXIT_INTERNAL;
  }
}

async function dispatch(argv: string[], io: CliIO): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    io.err(`${helpText()}\n`);
    return EXIT_USAGE;
  }
  if (first === '--help' || first === '-h') {
    io.out(`${helpText()}\n`);
    return EXIT_OK;
  }
  if (first === '--version' || first === '-V') {
    io.out(`hielements ${toolVersion()}\n`);
    return EXIT_OK;
  }
  if (first === 'help') {
    const topic = rest[0];
    if (topic !== undefined && !isCommand(topic)) throw new UsageError(`unknown command \`${topic}\``);
    if (rest.length > 1) throw new UsageError(`unexpected argument \`${rest[1]}\``, 'help');
    io.out(`${helpText(topic)}\n`);
    return EXIT_OK;
  }
  const load = HANDLERS[first];
  if (!load) {
    if (first.startsWith('-')) throw new UsageError(`unknown flag \`${first}\` (flags go after the command)`);
    const near = closestName(first, [...Object.keys(HANDLERS), 'help']);
    throw new UsageError(
      `unknown command \`${first}\` (${near ? `did you mean \`${near}\`? ` : ''}commands: check, run, baseline, ` +
        'report, parse, doc, init, new-library, lsp, explain, help)',
    );
  }
  const handler = await load();
  return handler(rest, io);
}
