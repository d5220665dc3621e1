/**
 * `hielements init [NAME] [-d DIR]`: looks at the project (languages, packages, crates, folders and
 * the imports between them) and writes a starter spec bound to those folders with the dependency
 * rules that hold today, plus hielements.toml and a short guide. `--blank` writes the generic
 * starter spec instead.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createStyle } from '../../report/style.js';
import { boolFlag, expectPositionals, stringFlag } from '../args.js';
import { parseCommand } from '../common.js';
import { EXIT_OK, InputError } from '../errors.js';
import type { CliIO } from '../io.js';
import { describeFsError } from '../../pipeline/spec-input.js';
import { invalidIdentifierReason, STARTER_CONFIG, starterGuide, starterSpec } from '../templates.js';
import { DEFAULT_SPEC_NAME } from '../spec-discovery.js';
import { detectProject, identifierFor, type ProjectFacts } from '../init/detect.js';
import { measureDependencies } from '../init/measure.js';
import { proposeSpec } from '../init/propose.js';

export async function initCommand(argv: string[], io: CliIO): Promise<number> {
  const args = parseCommand(
    'init',
    argv,
    { directory: { type: 'string', short: 'd' }, blank: { type: 'boolean' } },
    io,
  );
  if (!args) return EXIT_OK;
  if (args.parsed.positionals.length > 1) expectPositionals('init', args.parsed, ['NAME']);
  const given = args.parsed.positionals[0];
  const dirArg = stringFlag(args.parsed, 'directory') ?? '.';
  const dir = path.resolve(io.cwd, dirArg);
  const name = given ?? (await defaultName(dir));
  const reason = invalidIdentifierReason(name);
  if (reason)
    throw new InputError(`invalid project name \`${name}\`: ${reason} (it becomes the top-level element name)`);
  try {
    await mkdir(dir, { recursive: true });
  } catch (err) {
    throw new InputError(`cannot create directory \`${dirArg}\`: ${describeFsError(err)}`);
  }

  const show = (f: string) => path.join(dirArg, f);
  // `init NAME` writes NAME.hie (as it always did); `init` writes the file run and check find by themselves.
  const specName = given !== undefined ? `${name}.hie` : DEFAULT_SPEC_NAME;
  const created: [string, string][] = [];
  const skipped: string[] = [];
  const s0 = createStyle(args.color);
  let specText = starterSpec(name, specName);
  const found: string[] = [];
  if (!boolFlag(args.parsed, 'blank')) {
    const facts = await detectProject(dir);
    if (facts.units.length > 0) {
      const draft = proposeSpec(name, facts, []);
      const measured = await measureDependencies(draft.text, dir);
      const proposal = proposeSpec(name, facts, measured.dependencies);
      specText = proposal.text;
      found.push(
        ...describeFacts(facts),
        `${measured.dependencies.length} dependencies between them today → ${proposal.uses} \`uses\`, ` +
          `${proposal.forbids} \`forbids connection\` rules`,
      );
      const problems = measured.diagnostics.filter((d) => d.severity === 'error');
      if (problems.length > 0)
        io.err(
          `${s0.yellow('warning')}: the proposal could not be measured completely: ${problems[0]?.message ?? ''}\n`,
        );
    }
  }
  // The spec is created exclusively ('wx'): an existing one is never overwritten.
  try {
    await writeFile(path.join(dir, specName), specText, { flag: 'wx' });
    created.push([show(specName), 'architecture specification']);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST')
      throw new InputError(`\`${show(specName)}\` already exists; nothing was written`);
    throw new InputError(`cannot write \`${show(specName)}\`: ${describeFsError(err)}`);
  }
  for (const [file, content, what] of [
    ['hielements.toml', STARTER_CONFIG, 'library configuration (commented examples)'],
    ['HIELEMENTS_GUIDE.md', starterGuide(name, specName), 'quick guide'],
  ] as const) {
    try {
      await writeFile(path.join(dir, file), content, { flag: 'wx' });
      created.push([show(file), what]);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') skipped.push(show(file));
      else throw new InputError(`cannot write \`${show(file)}\`: ${describeFsError(err)}`);
    }
  }

  const s = s0;
  const lines = [`${s.bold(s.green('Success'))} initialized Hielements project '${name}'`, ''];
  if (found.length > 0) lines.push('Found:', ...found.map((f) => `  ${f}`), '');
  lines.push('Created:');
  for (const [file, what] of created) lines.push(`  ${s.cyan(file)}  ${s.dim(`- ${what}`)}`);
  for (const file of skipped) lines.push(`  ${s.cyan(file)}  ${s.dim('- already exists, kept')}`);
  const spec = show(specName);
  lines.push(
    '',
    'Next steps:',
    `  1. ${found.length > 0 ? 'review and tighten' : 'describe your architecture in'} ${s.cyan(spec)}`,
    `  2. ${s.yellow(`hielements check ${spec}`)}`,
    `  3. ${s.yellow(`hielements run ${spec}${found.length > 0 ? ' --strict-uses' : ''}`)}`,
    '',
  );
  io.out(lines.join('\n'));
  return EXIT_OK;
}

/** The project's name: package.json `name` (without scope), else the folder's name, as an identifier. */
async function defaultName(dir: string): Promise<string> {
  try {
    const pkg = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as { name?: unknown };
    if (typeof pkg.name === 'string' && pkg.name.trim() !== '') return identifierFor(pkg.name.replace(/^@[^/]+\//, ''));
  } catch {
    // no package.json, or not JSON: use the folder's name
  }
  return identifierFor(path.basename(dir));
}

function describeFacts(facts: ProjectFacts): string[] {
  const count = (lang: 'python' | 'typescript' | 'rust') => facts.units.filter((u) => u.language === lang);
  const out: string[] = [];
  const py = count('python');
  if (py.length > 0)
    out.push(
      `Python: ${py.map((u) => (u.children.length > 0 ? `${u.name} (${u.children.map((c) => c.name).join(', ')})` : u.name)).join(', ')}`,
    );
  const rs = count('rust');
  if (rs.length > 0) out.push(`Rust crates: ${rs.map((u) => u.name).join(', ')}`);
  const ts = count('typescript');
  if (ts.length > 0) out.push(`TypeScript/JavaScript: ${ts.map((u) => u.folder).join(', ')}`);
  return out;
}
