import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadSpec, validateProgram } from '../../src/model/index.js';
import { check, codes, registry, tree } from './helpers.js';

const at = (d: { span?: { start: { line: number; column: number } } }): string =>
  `${d.span?.start.line}:${d.span?.start.column}`;

describe('validation: libraries and calls', () => {
  it('accepts a well-formed spec without diagnostics', async () => {
    const r = await check(`import files

element app:
    scope src = files.folder_selector('src')
    check files.exists(src, 'main.py')
    element core:
        scope lib = files.folder_selector('src/core')
        check files.exists(lib, 'x.py')
        check files.exists(src, 'main.py')
`);
    expect(r.diagnostics).toEqual([]);
    expect(r.model.elements.map((e) => e.path)).toEqual(['app', 'app.core']);
  });

  it('reports an unknown library (E030) at the call', async () => {
    const r = await check(`element a:\n    scope s = docker.file_selector('Dockerfile')\n`);
    expect(codes(r.errors)).toEqual(['E030']);
    expect(at(r.errors[0]!)).toBe('2:15');
    expect(r.errors[0]!.help).toContain('files');
  });

  it('reports unknown selectors and checks of a known library (E031, E032)', async () => {
    const r = await check(`import files\nelement a:\n    scope s = files.nope('x')\n    check files.also_nope(s)\n`);
    expect(codes(r.errors)).toEqual(['E031', 'E032']);
    expect(r.errors[0]!.help).toContain('folder_selector');
  });

  it('tells a check used as a selector from a selector used as a check (E033, E034)', async () => {
    const r = await check(
      `import files\nelement a:\n    scope s = files.exists('x')\n    check files.folder_selector('src')\n`,
    );
    expect(codes(r.errors)).toEqual(['E033', 'E034']);
    expect(r.errors[0]!.message).toContain('is a check');
    expect(r.errors[1]!.help).toContain('scope s = files.folder_selector');
  });

  it('nested calls in arguments are selectors', async () => {
    const r = await check(`import files\nelement a:\n    check files.exists(files.exists('x'), 'y')\n`);
    expect(codes(r.errors)).toEqual(['E033']);
  });

  it('rejects calls that are not library.function (E035) and checks that are not calls (E036)', async () => {
    const r = await check(
      "import files\nelement a:\n    scope s = files.folder_selector('x')\n    check " +
        's.size.at_most(3)\n    check s\n',
    );
    expect(codes(r.errors)).toEqual(['E035', 'E036']);
  });

  it('warns when a library is called without being imported (W082), once per file', async () => {
    const r = await check(`element a:\n    scope s = files.folder_selector('x')\n    check files.exists(s, 'y')\n`);
    expect(r.errors).toEqual([]);
    expect(codes(r.warnings)).toEqual(['W082']);
  });

  it('makes `import x as y` aliases work and warns about importing an unknown library (W083)', async () => {
    const r = await check(
      "import files as f\nimport kubernetes\nelement a:\n    scope s = f.folder_selector('x')\n    check " +
        "f.exists(s, 'y')\n",
    );
    expect(r.errors).toEqual([]);
    expect(codes(r.warnings)).toEqual(['W083']);
  });

  it('reports an import name used twice (E084)', async () => {
    const r = await check(
      'import files as x\nimport python as x\nelement a:\n    scope s = ' + "x.folder_selector('x')\n",
    );
    expect(codes(r.errors)).toContain('E084');
  });
});

describe('validation: names', () => {
  it('reports undefined names (E040) with position', async () => {
    const r = await check(`import files\nelement a:\n    check files.exists(nowhere, 'x')\n`);
    expect(codes(r.errors)).toEqual(['E040']);
    expect(at(r.errors[0]!)).toBe('3:24');
  });

  it('resolves child.scope, a.b.c, siblings and outer names; reports a missing member (E042)', async () => {
    const ok = await check(`import files
element app:
    scope root = files.folder_selector('.')
    check files.exists(api.src, 'x')
    check files.exists(app.api.src, 'x')
    element api:
        scope src = files.folder_selector('api')
        check files.exists(root, 'x')
        check files.exists(db.src, 'x')
    element db:
        scope src = files.folder_selector('db')
element other:
    scope s = files.folder_selector('o')
    check files.exists(app.db.src, 'x')
`);
    expect(ok.errors).toEqual([]);
    const bad = await check(
      "import files\nelement app:\n    element api:\n        scope src = files.folder_selector('api')\n    check " +
        "files.exists(api.source, 'x')\n",
    );
    expect(codes(bad.errors)).toEqual(['E042']);
    expect(bad.errors[0]!.help).toContain('src');
  });

  it('does no suffix matching: a name of an unrelated element is undefined', async () => {
    const r = await check(
      "import files\nelement a:\n    element b:\n        scope src = files.folder_selector('x')\nelement c:\n    " +
        "check files.exists(src, 'x')\n",
    );
    expect(codes(r.errors)).toEqual(['E040']);
  });

  it('reports an element used as a value (E043)', async () => {
    const r = await check(
      "import files\nelement a:\n    element b:\n        scope s = files.folder_selector('x')\n    check " +
        "files.exists(b, 'x')\n",
    );
    expect(codes(r.errors)).toEqual(['E043']);
  });

  it('reports a reference cycle naming every member in it (E044)', async () => {
    const r = await check(
      `import files\nelement a:\n    scope x = y\n    scope y = b.z\n    element b:\n        scope z = x\n`,
    );
    expect(codes(r.errors)).toEqual(['E044']);
    expect(r.errors[0]!.message).toContain('a.x');
    expect(r.errors[0]!.message).toContain('a.b.z');
    expect(r.errors[0]!.message).toContain('a.y');
  });

  it(
    'reports duplicates in one element (E050, with the first declaration) and shadowing as a ' + 'warning (W051)',
    async () => {
      const r = await check(`import files
element a:
    scope src = files.folder_selector('x')
    scope src = files.folder_selector('y')
    element src:
        scope inner = files.folder_selector('z')
    element b:
        scope src = files.folder_selector('w')
`);
      expect(codes(r.errors)).toEqual(['E050', 'E050']);
      expect(r.errors[0]!.related?.[0]?.span?.start.line).toBe(3);
      expect(codes(r.warnings)).toEqual(['W051']);
    },
  );

  it('does not warn (W051) for a scope named like its own element, the common idiom', async () => {
    const r = await check(`import files
element repo {
    element patterns {
        scope patterns = files.folder_selector('patterns')
        check files.exists(patterns, 'README.md')
    }
    element docs {
        scope patterns = files.folder_selector('docs/patterns')
    }
}
`);
    expect(r.errors).toEqual([]);
    // \`docs.patterns\` still hides the sibling element \`patterns\` of \`repo\`: that one is warned
    expect(r.warnings.map((d) => [d.code, d.span?.start.line])).toEqual([['W051', 8]]);
  });

  it('reports duplicate top-level names (E052)', async () => {
    const r = await check(
      `import files\nelement a:\n    scope s = files.folder_selector('x')\npattern a:\n    scope q\n`,
    );
    expect(codes(r.errors)).toContain('E052');
  });

  it('reports requirements outside patterns (E012) and unbounded scopes/refs in elements (E014, E015)', async () => {
    const r = await check(`element a:\n    scope s\n    ref port: integer\n    requires connection to b.*\n`);
    expect(codes(r.errors).sort()).toEqual(['E012', 'E014', 'E015']);
  });

  it('reports a name found in two imported files as ambiguous (E041), listing both', async () => {
    const root = tree({
      'one.hie': `import files\nelement shared:\n    scope s = files.folder_selector('a')\n`,
      'two.hie': `import files\nelement shared:\n    scope s = files.folder_selector('b')\n`,
      'spec.hie':
        "import files\nimport './one.hie'\nimport './two.hie'\nelement main:\n    check " +
        "files.exists(shared.s, 'x')\n",
    });
    const reg = registry(root);
    const loaded = await loadSpec(join(root, 'spec.hie'));
    const { diagnostics } = await validateProgram(loaded, reg);
    const errs = diagnostics.filter((d) => d.severity === 'error');
    expect(codes(errs)).toEqual(['E041']);
    expect(errs[0]!.related?.map((x) => x.file.endsWith('one.hie') || x.file.endsWith('two.hie'))).toEqual([
      true,
      true,
    ]);
  });

  it('makes aliased spec imports a namespace', async () => {
    const root = tree({
      'lib/common.hie':
        "import files\nelement shared:\n    scope s = files.folder_selector('a')\npattern " + 'svc:\n    scope src\n',
      'spec.hie':
        "import files\nimport './lib/common.hie' as common\nelement main implements svc:\n    " +
        'scope src ' +
        'binds svc.src = common.shared.s\n',
    });
    const reg = registry(root);
    const loaded = await loadSpec(join(root, 'spec.hie'));
    const { diagnostics } = await validateProgram(loaded, reg);
    // `svc` is only reachable as common.svc; `implements` takes a plain pattern name, so the binding has no pattern.
    expect(codes(diagnostics.filter((d) => d.severity === 'error'))).toEqual(['E060', 'E062']);
  });
});

describe('validation: spec imports', () => {
  it('reports a missing imported file (E080) and an import cycle (E081) naming the chain', async () => {
    const root = tree({
      'a.hie': `import './b.hie'\nelement a {}\n`,
      'b.hie': `import './a.hie'\nimport './missing.hie'\n`,
    });
    const loaded = await loadSpec(join(root, 'a.hie'));
    const c = codes(loaded.diagnostics);
    expect(c).toContain('E081');
    expect(c).toContain('E080');
    const cycle = loaded.diagnostics.find((d) => d.code === 'E081')!;
    expect(cycle.message).toMatch(/a\.hie → .*b\.hie → .*a\.hie/);
    expect(loaded.programs).toHaveLength(2);
  });
});

describe('validation: patterns and bindings', () => {
  const pattern = `import files
pattern service:
    scope root
    element api:
        scope module
        ref port: integer
    check files.exists(root, 'README.md')
`;

  it('accepts an implementation that binds every placeholder (binds and V1 bindings)', async () => {
    const r = await check(`${pattern}
element orders implements service:
    scope src binds service.root = files.folder_selector('orders')
    service.api.port = 8080
    element api:
        scope m binds service.api.module = files.folder_selector('orders/api')
`);
    expect(r.errors).toEqual([]);
  });

  it('reports an unknown pattern (E060)', async () => {
    const r = await check(`import files\nelement a implements nothing:\n    scope s = files.folder_selector('x')\n`);
    expect(codes(r.errors)).toEqual(['E060']);
  });

  it('reports every missing binding (E061) at the implements clause', async () => {
    const r = await check(
      `${pattern}\nelement orders implements service:\n    scope src binds service.root = ` +
        "files.folder_selector('orders')\n",
    );
    expect(codes(r.errors)).toEqual(['E061']);
    expect(r.errors[0]!.message).toContain('service.api.module');
    expect(r.errors[0]!.message).toContain('service.api.port');
    expect(at(r.errors[0]!)).toBe('9:27');
  });

  it('reports a binds target missing from the pattern (E062) and a pattern not implemented (E063)', async () => {
    const r = await check(`${pattern}
element a implements service:
    scope src binds service.nothing = files.folder_selector('x')
    scope s2 binds service.root = files.folder_selector('x')
    service.api.module = files.folder_selector('x')
    service.api.port = 1
element b:
    scope s binds service.root = files.folder_selector('x')
`);
    expect(codes(r.errors)).toEqual(['E062', 'E063']);
    expect(r.errors[0]!.help).toContain('service.api.module');
  });

  it('reports a placeholder bound twice (E064) and a kind mismatch (E065)', async () => {
    const r = await check(`${pattern}
element a implements service:
    scope s1 binds service.root = files.folder_selector('x')
    scope s2 binds service.root = files.folder_selector('y')
    scope s3 binds service.api.port = files.folder_selector('y')
    service.api.module = files.folder_selector('x')
    service.api.port = 1
`);
    expect(codes(r.errors)).toEqual(['E064', 'E065']);
    expect(r.errors[0]!.related?.[0]?.message).toBe('first binding');
  });

  it('reports a ref binding a placeholder of another type (E066)', async () => {
    const r = await check(`${pattern}
element a implements service:
    scope s1 binds service.root = files.folder_selector('x')
    service.api.module = files.folder_selector('x')
    ref port: string binds service.api.port = '8080'
`);
    expect(codes(r.errors)).toEqual(['E066', 'E061']);
    expect(r.errors[0]!.message).toContain('declared `integer`');
  });

  it('resolves pattern-qualified names in an implementing element, and rejects them elsewhere (E045)', async () => {
    const r = await check(`${pattern}
element a implements service:
    scope s1 binds service.root = files.folder_selector('x')
    service.api.module = files.folder_selector('x')
    service.api.port = 1
    check files.exists(service.api.module, 'x')
    element child:
        check files.exists(service.root, 'x')
element b:
    check files.exists(service.root, 'x')
`);
    expect(codes(r.errors)).toEqual(['E045']);
    expect(at(r.errors[0]!)).toBe('17:24');
  });

  it('checks names in pattern checks against the pattern', async () => {
    const r = await check(`import files\npattern p:\n    scope a\n    check files.exists(b, 'x')\n`);
    expect(codes(r.errors)).toEqual(['E040']);
  });
});

describe('validation: uses, connections, languages', () => {
  it('checks both sides of `uses` (E070, E071)', async () => {
    const r = await check(`import files
element core:
    element lexer:
        scope module = files.folder_selector('lexer')
    element parser:
        scope module = files.folder_selector('parser')
        module uses lexer
        module uses core.lexer.module
        nothing uses lexer
        module uses tokenizer
`);
    expect(codes(r.errors)).toEqual(['E070', 'E071']);
  });

  it('reports connection targets that name no element for an implementer (E072)', async () => {
    const r = await check(`import files
pattern layered:
    forbids connection to data.*
    allows connection to shared
element app implements layered:
    scope s = files.folder_selector('x')
    element data:
        scope s = files.folder_selector('d')
`);
    expect(codes(r.errors)).toEqual(['E072']);
    expect(r.errors[0]!.message).toContain('shared');
  });

  it('validates connection_check declarations (E090)', async () => {
    const r = await check(`import files
language python:
    connection_check can_import(source: scope[], source: scope[]):
        files.exists(source, other)
`);
    expect(codes(r.errors)).toEqual(['E090', 'E090']);
  });
});
