// The names a spec may use as libraries, read from its syntax trees (src/model/used-names.ts).
import { describe, expect, it } from 'vitest';
import { namesUsedBy } from '../../src/model/used-names.js';
import { parse } from '../../src/syntax/index.js';

const sorted = (s: Set<string>): string[] => [...s].sort();

describe('namesUsedBy', () => {
  it('collects imports (dotted and first segment), aliases, from-imports and every name in expressions', () => {
    const { program } = parse(
      [
        'import files',
        'import acme.tools as tools',
        'from rust import crates',
        "import './common.hie' as common",
        'element shop:',
        "    scope src<python> = files.folder_selector('src')",
        '    ref api: http = probe.endpoint(src, [helper.value(1), true])',
        '    check extra.rule(src)',
        '    src uses common.core',
        '    element child:',
        '        check python.imports(shop.src, "json")',
        'pattern p:',
        '    requires descendant element worker: Service implements q:',
        '        check deep.fn(x)',
        '    requires connection to api.*',
        '',
      ].join('\n'),
      'spec.hie',
    );
    expect(sorted(namesUsedBy([program]))).toEqual(
      [
        'acme',
        'acme.tools',
        'api',
        'child',
        'common',
        'core',
        'crates',
        'deep',
        'endpoint',
        'extra',
        'files',
        'fn',
        'folder_selector',
        'helper',
        'http',
        'imports',
        'p',
        'probe',
        'python',
        'q',
        'Service',
        'rule',
        'rust',
        'shop',
        'src',
        'tools',
        'value',
        'worker',
        'x',
      ].sort(),
    );
  });

  it('reads no names from strings, docs or file paths, and merges several files', () => {
    const a = parse("## about json\nimport './b.hie'\nelement a:\n    check files.exists(a, 'yaml')\n", 'a.hie');
    const b = parse("element b:\n    scope s = rust.crate_selector('x')\n", 'b.hie');
    expect(sorted(namesUsedBy([a.program, b.program]))).toEqual(
      ['a', 'b', 'crate_selector', 'exists', 'files', 'rust', 's'].sort(),
    );
  });
});
