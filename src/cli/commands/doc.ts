/** `hielements doc`: catalogue of every library in the registry (built-in and configured). */
import path from 'node:path';
import type { LibraryConfig } from '../../config/types.js';
import { hasErrors, makeDiagnostic, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Library, LibraryDoc } from '../../libraries/types.js';
import { renderCatalogJson, renderCatalogMarkdown } from '../../report/catalog.js';
import { createStyle } from '../../report/style.js';
import { terminalText } from '../../diagnostics/terminal-text.js';
import { expectPositionals, stringFlag, enumFlag } from '../args.js';
import { displayPath } from '../../diagnostics/paths.js';
import { formatDiagnostics, parseCommand } from '../common.js';
import { openEnvironment } from '../../pipeline/environment.js';
import { EXIT_FAILED, EXIT_OK } from '../errors.js';
import type { CliIO } from '../io.js';
import { checkDocOutputPath, writeOutputFile } from '../output-file.js';
import { C } from '../../diagnostics/registry.js';

const FORMATS = ['markdown', 'md', 'json'] as const;

export async function docCommand(argv: string[], io: CliIO): Promise<number> {
  const args = parseCommand(
    'doc',
    argv,
    {
      workspace: { type: 'string', short: 'w' },
      config: { type: 'string' },
      format: { type: 'string', short: 'f' },
      output: { type: 'string', short: 'o' },
      library: { type: 'string', short: 'l', multiple: true },
    },
    io,
  );
  if (!args) return EXIT_OK;
  const { parsed, color } = args;
  expectPositionals('doc', parsed, []);
  const format = enumFlag('doc', parsed, 'format', FORMATS, 'markdown');
  const output = stringFlag(parsed, 'output');
  if (output !== undefined) checkDocOutputPath(output);
  const wanted = libraryFilter(parsed.values.library);

  const envOpts: Parameters<typeof openEnvironment>[0] = { cwd: io.cwd };
  const ws = stringFlag(parsed, 'workspace');
  const cfg = stringFlag(parsed, 'config');
  if (ws !== undefined) envOpts.workspaceFlag = ws;
  if (cfg !== undefined) envOpts.configFlag = cfg;
  // `--library` loads only the libraries asked for, so one broken entry does not stop the others' docs.
  if (wanted !== undefined) envOpts.libraries = new Set(wanted);
  const env = await openEnvironment(envOpts);
  const diagnostics: Diagnostic[] = [...env.diagnostics];
  let docs: LibraryDoc[];
  try {
    const names = env.registry.names();
    for (const n of wanted ?? []) {
      if (!names.includes(n)) {
        diagnostics.push(
          makeDiagnostic(
            'warning',
            C.W540,
            `\`--library ${n}\`: no library named \`${n}\` (available: ${names.join(', ')})`,
            '',
          ),
        );
      }
    }
    const configByName = new Map(env.config.libraries.map((c) => [c.name, c]));
    const selected = names.filter((n) => wanted === undefined || wanted.includes(n));
    docs = await Promise.all(
      selected.map((n) =>
        documentationOf(env.registry.get(n) as Library, n, configByName, env.config.dir, env.workspace, diagnostics),
      ),
    );
  } finally {
    await env.registry.dispose();
  }

  if (diagnostics.length > 0)
    io.err(formatDiagnostics(diagnostics, env.sources, color, { workspace: env.workspace, cwd: io.cwd }));
  // Markdown is read by people: descriptions from libraries are shown with control characters made visible.
  const content = format === 'json' ? renderCatalogJson(docs) : terminalText(renderCatalogMarkdown(docs));
  if (output === undefined) io.out(`${content}\n`);
  else {
    await writeOutputFile(io.cwd, output, content);
    const s = createStyle(color);
    io.out(`${s.bold(s.green('Success'))} documentation written to '${output}'\n`);
  }
  return hasErrors(diagnostics) ? EXIT_FAILED : EXIT_OK;
}

function libraryFilter(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  const list = Array.isArray(value) ? value : [value];
  return list
    .flatMap((v) => String(v).split(','))
    .map((n) => n.trim())
    .filter((n) => n.length > 0);
}

async function documentationOf(
  lib: Library,
  name: string,
  configs: Map<string, LibraryConfig>,
  configDir: string,
  workspace: string,
  diagnostics: Diagnostic[],
): Promise<LibraryDoc> {
  const cfg = configs.get(name);
  let doc: LibraryDoc;
  try {
    doc = { ...(await lib.documentation()) };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    diagnostics.push(
      makeDiagnostic(
        'warning',
        C.W541,
        `library \`${name}\` did not describe itself: ${message}`,
        cfg?.location.file ?? '',
      ),
    );
    doc = { name, description: `Documentation unavailable: ${message}`, version: '', functions: [], checks: [] };
  }
  if (doc.source === undefined) doc.source = sourceOf(lib, cfg, configDir);
  // a module file is shown relative to the workspace, as every location is
  else if (doc.source.startsWith('wasm: ') && path.isAbsolute(doc.source.slice(6)))
    doc.source = `wasm: ${displayPath(doc.source.slice(6), workspace)}`;
  if (doc.capabilities === undefined && cfg?.type === 'wasm') doc.capabilities = { ...cfg.capabilities };
  return doc;
}

function sourceOf(lib: Library, cfg: LibraryConfig | undefined, configDir: string): string {
  if (!cfg || lib.kind === 'builtin') return 'built-in';
  if (cfg.type === 'external') return `external: ${[cfg.executable, ...cfg.args].join(' ')}`;
  if (cfg.package) return `wasm: ${cfg.package}`;
  const rel = path.relative(configDir, cfg.path);
  return `wasm: ${rel.startsWith('..') ? cfg.path : rel.split(path.sep).join('/')}`;
}
