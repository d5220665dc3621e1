/**
 * The library catalogue printed by `hielements doc`: Markdown (layout of the original's catalogue,
 * plus `Source` and `Capabilities` lines for configured libraries) or JSON
 * (`{version, libraries: [...]}` with `param_type` keys, `example: null` when absent).
 */
import type { FunctionDoc, LibraryDoc } from '../libraries/types.js';

export interface CatalogParameterJson {
  name: string;
  param_type: string;
  description: string;
}
export interface CatalogFunctionJson {
  name: string;
  description: string;
  parameters: CatalogParameterJson[];
  return_type: string;
  example: string | null;
}
export interface CatalogLibraryJson {
  name: string;
  description: string;
  version: string;
  functions: CatalogFunctionJson[];
  checks: CatalogFunctionJson[];
  source?: string;
  capabilities?: Record<string, boolean>;
  /** The folders a library granted `file_write` may write below. */
  write_folders?: string[];
  /** Capabilities the library's metadata declares it needs (WASM libraries that declare them). */
  declared_capabilities?: string[];
  /** This library is another name of that one (its functions are listed there, not again here). */
  alias_of?: string;
}
export interface CatalogJson {
  version: '1.0';
  libraries: CatalogLibraryJson[];
}

export function sortDocs(docs: readonly LibraryDoc[]): LibraryDoc[] {
  return [...docs].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** An alias whose library is in the same catalogue: listed once, under the library's own name. */
const shownAsAlias = (d: LibraryDoc, docs: readonly LibraryDoc[]): boolean =>
  d.aliasOf !== undefined && docs.some((x) => x.name === d.aliasOf);

export function buildCatalogJson(docs: readonly LibraryDoc[]): CatalogJson {
  return {
    version: '1.0',
    libraries: sortDocs(docs).map((d) => {
      const alias = shownAsAlias(d, docs);
      const lib: CatalogLibraryJson = {
        name: d.name,
        description: d.description,
        version: d.version,
        functions: alias ? [] : d.functions.map(functionJson),
        checks: alias ? [] : d.checks.map(functionJson),
      };
      if (alias) lib.alias_of = d.aliasOf!;
      if (d.source !== undefined) lib.source = d.source;
      if (d.capabilities !== undefined) lib.capabilities = { ...d.capabilities };
      if (d.write_folders !== undefined) lib.write_folders = [...d.write_folders];
      if (d.declared_capabilities !== undefined) lib.declared_capabilities = [...d.declared_capabilities];
      return lib;
    }),
  };
}

function functionJson(f: FunctionDoc): CatalogFunctionJson {
  return {
    name: f.name,
    description: f.description,
    parameters: f.parameters.map((p) => ({ name: p.name, param_type: p.type, description: p.description })),
    return_type: f.return_type,
    example: f.example ?? null,
  };
}

/** Pretty-printed JSON without a trailing newline (the CLI adds one on stdout). */
export function renderCatalogJson(docs: readonly LibraryDoc[]): string {
  return JSON.stringify(buildCatalogJson(docs), null, 2);
}

export function anchorFor(name: string): string {
  return name.toLowerCase().replace(/ /g, '-');
}

/** Markdown catalogue (no trailing newline beyond the layout's own; the CLI adds one on stdout). */
export function renderCatalogMarkdown(docs: readonly LibraryDoc[]): string {
  const sorted = sortDocs(docs);
  const out: string[] = [
    '# Hielements Library Documentation',
    '',
    'This catalog documents all available Hielements libraries, their selectors, and checks.',
    '',
    '---',
    '',
    '## Table of Contents',
    '',
  ];
  for (const d of sorted) out.push(`- [${d.name}](#${anchorFor(d.name)})`);
  out.push('', '---', '');
  for (const d of sorted) {
    out.push(`## ${d.name}`, '');
    if (d.description) out.push(d.description, '');
    if (d.version) out.push(`**Version:** ${d.version}`, '');
    if (d.source && d.source !== 'built-in') out.push(`**Source:** ${d.source}`, '');
    if (d.capabilities) out.push(`**Capabilities:** ${formatCapabilities(d.capabilities, d.write_folders)}`, '');
    if (d.declared_capabilities)
      out.push(`**Declared capabilities:** ${d.declared_capabilities.join(', ') || 'none'}`, '');
    if (shownAsAlias(d, sorted)) {
      out.push(
        `Another name of [${d.aliasOf}](#${anchorFor(d.aliasOf!)}): the same selectors and checks, called as ` +
          `\`${d.name}.…\`.`,
        '',
        '---',
        '',
      );
      continue;
    }
    if (d.functions.length > 0) {
      out.push('### Selectors', '');
      for (const f of d.functions) out.push(...functionMarkdown(d.name, f));
    }
    if (d.checks.length > 0) {
      out.push('### Checks', '');
      for (const f of d.checks) out.push(...functionMarkdown(d.name, f));
    }
    out.push('---', '');
  }
  return out.join('\n');
}

/**
 * `file_read, no file_write, no network`; a granted `file_write` names the folders it may write
 * below: `file_write (generated/, .hielements-out/gen/)`.
 */
export function formatCapabilities(caps: Record<string, boolean>, writeFolders?: readonly string[]): string {
  const entries = Object.entries(caps);
  if (entries.length === 0) return 'none';
  const granted = (k: string): string =>
    k === 'file_write' && writeFolders !== undefined && writeFolders.length > 0
      ? `${k} (${writeFolders.join(', ')})`
      : k;
  return entries.map(([k, v]) => (v ? granted(k) : `no ${k}`)).join(', ');
}

function functionMarkdown(lib: string, f: FunctionDoc): string[] {
  const params = f.parameters.map((p) => `${p.name}: ${p.type}`).join(', ');
  const ret = f.return_type ? ` -> ${f.return_type}` : '';
  const out = [`#### \`${lib}.${f.name}(${params})${ret}\``, ''];
  if (f.description) out.push(f.description, '');
  if (f.parameters.length > 0) {
    out.push('**Parameters:**', '');
    for (const p of f.parameters) out.push(`- \`${p.name}\` (${p.type}): ${p.description}`);
    out.push('');
  }
  if (f.example) {
    out.push(
      '**Example:**',
      '',
      '```hielements',
      f.example.endsWith('\n') ? f.example.slice(0, -1) : f.example,
      '```',
      '',
    );
  }
  return out;
}
