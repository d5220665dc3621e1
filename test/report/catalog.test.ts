import { describe, expect, it } from 'vitest';
import type { LibraryDoc } from '../../src/libraries/types.js';
import { buildCatalogJson, formatCapabilities, renderCatalogMarkdown } from '../../src/report/catalog.js';

const docs: LibraryDoc[] = [
  {
    name: 'zeta',
    description: 'A wasm library',
    version: '0.1.0',
    source: 'wasm: libs/zeta.wasm',
    capabilities: { file_read: true, file_write: false, network: false },
    functions: [],
    checks: [{ name: 'ok', description: 'Always passes', parameters: [], return_type: 'CheckResult' }],
  },
  {
    name: 'files',
    description: 'File system selectors',
    version: '1.0.0',
    source: 'built-in',
    functions: [
      {
        name: 'file_selector',
        description: 'Selects one file',
        parameters: [{ name: 'path', type: 'string', description: 'Relative path' }],
        return_type: 'Scope',
        example: "scope main = files.file_selector('src/main.ts')",
      },
    ],
    checks: [],
  },
];

describe('library catalogue', () => {
  it('JSON: sorted, param_type keys, example null when absent, extras for configured libraries', () => {
    const json = buildCatalogJson(docs);
    expect(json.version).toBe('1.0');
    expect(json.libraries.map((l) => l.name)).toEqual(['files', 'zeta']);
    expect(json.libraries[0]!.functions[0]).toEqual({
      name: 'file_selector',
      description: 'Selects one file',
      parameters: [{ name: 'path', param_type: 'string', description: 'Relative path' }],
      return_type: 'Scope',
      example: "scope main = files.file_selector('src/main.ts')",
    });
    expect(json.libraries[1]!.checks[0]!.example).toBeNull();
    expect(json.libraries[1]!.capabilities).toEqual({ file_read: true, file_write: false, network: false });
    expect(Object.keys(json.libraries[0]!)).toEqual([
      'name',
      'description',
      'version',
      'functions',
      'checks',
      'source',
    ]);
  });

  it('Markdown: the catalogue layout with table of contents, signatures, parameters and examples', () => {
    const md = renderCatalogMarkdown(docs);
    expect(md).toBe(
      [
        '# Hielements Library Documentation',
        '',
        'This catalog documents all available Hielements libraries, their selectors, and checks.',
        '',
        '---',
        '',
        '## Table of Contents',
        '',
        '- [files](#files)',
        '- [zeta](#zeta)',
        '',
        '---',
        '',
        '## files',
        '',
        'File system selectors',
        '',
        '**Version:** 1.0.0',
        '',
        '### Selectors',
        '',
        '#### `files.file_selector(path: string) -> Scope`',
        '',
        'Selects one file',
        '',
        '**Parameters:**',
        '',
        '- `path` (string): Relative path',
        '',
        '**Example:**',
        '',
        '```hielements',
        "scope main = files.file_selector('src/main.ts')",
        '```',
        '',
        '---',
        '',
        '## zeta',
        '',
        'A wasm library',
        '',
        '**Version:** 0.1.0',
        '',
        '**Source:** wasm: libs/zeta.wasm',
        '',
        '**Capabilities:** file_read, no file_write, no network',
        '',
        '### Checks',
        '',
        '#### `zeta.ok() -> CheckResult`',
        '',
        'Always passes',
        '',
        '---',
        '',
      ].join('\n'),
    );
  });

  it('formats capabilities', () => {
    expect(formatCapabilities({})).toBe('none');
    expect(formatCapabilities({ file_write: true })).toBe('file_write');
  });
});
