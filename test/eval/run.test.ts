import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { planSpec, runSpec } from '../../src/eval/index.js';
import {
  LibraryError,
  fail,
  pass,
  type CallContext,
  type CheckResult,
  type Library,
  type LibraryDoc,
  type Value,
} from '../../src/libraries/types.js';
import { check, codes, run, triples } from '../model/helpers.js';
import type { RunReport } from '../../src/results/types.js';

const TREE = {
  'src/main.py': 'print(1)\n',
  'src/core/x.py': 'x = 1\n',
  'docs/README.md': '# hi\n',
};

describe('run: element checks', () => {
  it('runs every check of every element at every depth, in document order', async () => {
    const r = await run(
      `import files
element app:
    check files.exists(src, 'main.py')
    scope src = files.folder_selector('src')
    element core:
        scope lib = files.folder_selector('src/core')
        check files.exists(lib, 'x.py')
        check files.exists(lib, 'missing.py')
    check files.exists(core.lib, 'x.py')
element docs:
    scope d = files.folder_selector('docs')
    check files.exists(d, 'README.md')
`,
      TREE,
    );
    expect(triples(r)).toEqual([
      ['app', "files.exists(src, 'main.py')", 'pass'],
      ['app', "files.exists(core.lib, 'x.py')", 'pass'],
      ['app.core', "files.exists(lib, 'x.py')", 'pass'],
      ['app.core', "files.exists(lib, 'missing.py')", 'fail'],
      ['docs', "files.exists(d, 'README.md')", 'pass'],
    ]);
    expect(r.summary).toEqual({ total: 5, passed: 4, failed: 1, errors: 0, skipped: 0 });
    const failed = r.results[3]!;
    expect(failed.origin).toBe('element');
    expect(failed.library).toBe('files');
    expect(failed.function).toBe('exists');
    expect(failed.message).toBeTruthy();
    expect(failed.span.start.line).toBe(8);
    expect(r.results[0]!.message).toBeUndefined();
  });

  it(
    'reports a scope that cannot be evaluated once, and every check using it as an error ' + 'naming the cause',
    async () => {
      const r = await run(
        `import files
element app:
    scope bad = files.folder_selector('../outside')
    scope uses_bad = bad
    check files.exists(bad, 'a')
    check files.exists(uses_bad, 'b')
    scope good = files.folder_selector('src')
    check files.exists(good, 'main.py')
`,
        TREE,
      );
      expect(triples(r).map((t) => t[2])).toEqual(['error', 'error', 'pass']);
      expect(r.results[0]!.message).toContain('app.bad');
      expect(r.results[1]!.message).toMatch(/app\.uses_bad.*app\.bad/);
      const evalDiags = r.diagnostics.filter((d) => d.code === 'E092');
      expect(evalDiags).toHaveLength(1);
      expect(evalDiags[0]!.span?.start.line).toBe(3);
    },
  );

  it('warns about an empty scope; checks on it fail unless allowEmpty', async () => {
    const spec =
      "import files\nelement app:\n    scope none = files.glob_selector('**/*.rs')\n    check " +
      'files.max_size(none, 10)\n';
    const strict = await run(spec, TREE);
    expect(codes(strict.diagnostics)).toEqual(['W093']);
    expect(strict.results[0]!.status).toBe('fail');
    const lax = await run(spec, TREE, { allowEmpty: true });
    expect(lax.results[0]!.status).toBe('pass');
    expect(lax.diagnostics[0]!.message).not.toContain('checks on it fail');
  });

  it('evaluates refs lazily and checks their declared basic types', async () => {
    const r = await run(
      `import files
element app:
    scope src = files.folder_selector('src')
    ref limit: integer = 1000
    ref wrong: integer = 'big'
    ref custom: Anything = 'ok'
    check files.max_size(src, limit)
    check files.max_size(src, wrong)
`,
      TREE,
    );
    expect(triples(r).map((t) => t[2])).toEqual(['pass', 'error']);
    expect(r.results[1]!.message).toContain('declared `integer` but its value is a string');
    expect(codes(r.diagnostics)).toEqual(['E091']);
  });

  it('rejects a scope whose value is not a scope (E094)', async () => {
    const r = await run(
      `import files\nelement app:\n    scope s = 'src'\n    check files.exists(s, 'main.py')\n`,
      TREE,
    );
    expect(r.results[0]!.status).toBe('error');
    expect(codes(r.diagnostics)).toEqual(['E094']);
  });

  it('skips elements that do not match the filter glob (and counts them)', async () => {
    const spec = `import files
element app:
    scope src = files.folder_selector('src')
    check files.exists(src, 'main.py')
    element core:
        scope lib = files.folder_selector('src/core')
        check files.exists(lib, 'x.py')
element docs:
    scope d = files.folder_selector('docs')
    check files.exists(d, 'README.md')
`;
    const r = await run(spec, TREE, { filter: 'app.*' });
    expect(triples(r).map((t) => t[2])).toEqual(['skipped', 'pass', 'skipped']);
    expect(r.summary).toEqual({ total: 1, passed: 1, failed: 0, errors: 0, skipped: 2 });
    const r2 = await run(spec, TREE, { filter: '{app,docs}' });
    expect(triples(r2).map((t) => t[2])).toEqual(['pass', 'skipped', 'pass']);
  });

  it('reports progress for every check', async () => {
    const seen: [number, number][] = [];
    await run(
      "import files\nelement a:\n    scope s = files.folder_selector('src')\n    check files.exists(s, " +
        "'main.py')\n    check files.exists(s, 'nope')\n",
      TREE,
      {
        onProgress: (done, total) => seen.push([done, total]),
      },
    );
    expect(seen.map((s) => s[0]).sort()).toEqual([1, 2]);
    expect(seen.every((s) => s[1] === 2)).toBe(true);
  });
});

/** A real library: reads files, waits, counts concurrent calls, fails on request. */
class ProbeLibrary implements Library {
  readonly kind = 'builtin' as const;
  inFlight = 0;
  maxInFlight = 0;
  constructor(
    readonly name: string,
    readonly concurrency: number,
  ) {}
  async documentation(): Promise<LibraryDoc> {
    const f = (name: string) => ({ name, description: name, parameters: [], return_type: 'CheckResult' });
    return {
      name: this.name,
      description: 'test probe',
      version: '1',
      functions: [],
      checks: ['line_count', 'explode', 'crash'].map(f),
    };
  }
  async call(fn: string): Promise<Value> {
    throw new LibraryError('E999', `no selector ${fn}`);
  }
  async check(fn: string, args: Value[], ctx: CallContext): Promise<CheckResult> {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      const [file, lines, delay] = args;
      await new Promise((r) => setTimeout(r, delay?.type === 'int' ? Number(delay.value) : 5));
      if (fn === 'explode') throw new LibraryError('E777', 'probe exploded', 'stderr tail: boom');
      if (fn === 'crash') throw new TypeError('probe bug');
      const text = await readFile(join(ctx.workspace, file?.type === 'string' ? file.value : ''), 'utf8');
      const n = text.split('\n').length - 1;
      const want = lines?.type === 'int' ? Number(lines.value) : -1;
      return n === want ? pass() : fail(`${n} lines, expected ${want}`);
    } finally {
      this.inFlight--;
    }
  }
  async dispose(): Promise<void> {}
}

describe('run: concurrency and error isolation', () => {
  it('respects library.concurrency, keeps document order, and isolates failing libraries', async () => {
    const serial = new ProbeLibrary('serial', 1);
    const wide = new ProbeLibrary('wide', 8);
    const lines: string[] = [];
    for (let i = 0; i < 6; i++) lines.push(`    check serial.line_count('src/main.py', 1, ${30 - i * 5})`);
    for (let i = 0; i < 6; i++)
      lines.push(`    check wide.line_count('src/core/x.py', ${i % 2 === 0 ? 1 : 2}, ${30 - i * 5})`);
    lines.push(`    check wide.explode('x', 1, 1)`, `    check wide.crash('x', 1, 1)`);
    const r = await run(`import serial\nimport wide\nelement a:\n${lines.join('\n')}\n`, TREE, { jobs: 8 }, [
      serial,
      wide,
    ]);
    expect(serial.maxInFlight).toBe(1);
    expect(wide.maxInFlight).toBeGreaterThan(1);
    expect(r.results.map((o) => o.check)).toEqual(lines.map((l) => l.trim().replace(/^check /, '')));
    expect(r.results.slice(0, 6).every((o) => o.status === 'pass')).toBe(true);
    expect(r.results.slice(6, 12).map((o) => o.status)).toEqual(['pass', 'fail', 'pass', 'fail', 'pass', 'fail']);
    const boom = r.results[12]!;
    expect(boom.status).toBe('error');
    expect(boom.message).toContain('probe exploded');
    expect(boom.details).toBe('stderr tail: boom');
    expect(r.results[13]!.status).toBe('error');
    expect(r.results[13]!.message).toContain('probe bug');
  });

  it('runs with a pool of one job', async () => {
    const wide = new ProbeLibrary('wide', 8);
    const r = await run(
      "import wide\nelement a:\n    check wide.line_count('src/main.py', 1, 1)\n    check " +
        "wide.line_count('src/main.py', 1, 1)\n",
      TREE,
      { jobs: 1 },
      [wide],
    );
    expect(wide.maxInFlight).toBe(1);
    expect(r.summary.passed).toBe(2);
  });
});

describe('run: patterns', () => {
  const PATTERN = `import files
pattern service:
    scope root
    scope docs = files.folder_selector('docs')
    element api:
        scope module
        check files.exists(module, 'main.py')
    check files.exists(root, 'main.py')
    check files.exists(docs, 'README.md')
`;

  it("runs a pattern's checks for every implementing element with its bindings substituted", async () => {
    const r = await run(
      `${PATTERN}
element shop:
    element orders implements service:
        scope src binds service.root = files.folder_selector('src')
        service.api.module = files.folder_selector('src/core')
        check files.exists(service.api.module, 'x.py')
    element billing implements service:
        scope src binds service.root = files.folder_selector('src/core')
        element api:
            scope m binds service.api.module = files.folder_selector('src')
`,
      TREE,
    );
    expect(triples(r)).toEqual([
      ['shop.orders', "files.exists(service.api.module, 'x.py')", 'pass'],
      ['shop.orders', "files.exists(root, 'main.py')", 'pass'],
      ['shop.orders', "files.exists(docs, 'README.md')", 'pass'],
      ['shop.orders', "files.exists(module, 'main.py')", 'fail'],
      ['shop.billing', "files.exists(root, 'main.py')", 'fail'],
      ['shop.billing', "files.exists(docs, 'README.md')", 'pass'],
      ['shop.billing', "files.exists(module, 'main.py')", 'pass'],
    ]);
    const p = r.results[1]!;
    expect(p.origin).toBe('pattern');
    expect(p.pattern).toBe('service');
    expect(p.file.endsWith('spec.hie')).toBe(true);
    expect(p.span.start.line).toBe(8);
  });

  it('reports an unbound placeholder at run time only if validation was skipped (E061 at validation)', async () => {
    const c = await check(
      `${PATTERN}\nelement orders implements service:\n    scope src binds service.root = ` +
        "files.folder_selector('src')\n",
      TREE,
    );
    expect(codes(c.errors)).toEqual(['E061']);
  });
});

describe('plan', () => {
  it('lists what would run without evaluating anything', async () => {
    const c = await check(
      `import files
pattern p:
    scope s
    check files.exists(s, 'x')
    requires descendant element api
element app implements p:
    scope src binds p.s = files.folder_selector('does-not-matter')
    ref port: integer = 8080
    src uses other
    check files.exists(src, 'y')
    element api:
        scope m = files.folder_selector('api')
element other:
    scope o = files.folder_selector('o')
`,
    );
    expect(c.errors).toEqual([]);
    const plan = planSpec(c.model, { filter: 'app' });
    expect(plan.checks.map((x) => [x.element, x.check, x.origin, x.skipped])).toEqual([
      ['app', "files.exists(src, 'y')", 'element', false],
      ['app', "files.exists(s, 'x')", 'pattern', false],
      ['app', 'requires descendant element api', 'requirement', false],
    ]);
    const app = plan.elements[0]!;
    expect(app.scopes).toEqual([{ name: 'src', expression: "files.folder_selector('does-not-matter')", binds: 'p.s' }]);
    expect(app.refs).toEqual([{ name: 'port', type: 'integer', expression: '8080' }]);
    expect(app.uses).toEqual([{ source: 'src', target: 'other' }]);
    expect(plan.elements.map((e) => [e.path, e.depth])).toEqual([
      ['app', 0],
      ['app.api', 1],
      ['other', 0],
    ]);
    // runSpec over the same model produces the same order.
    const r = await runSpec(c.model, c.reg, { workspace: c.root });
    expect(r.results.map((o) => o.check)).toEqual(plan.checks.map((x) => x.check));
  });
});

describe('run: robustness on a model with validation errors', () => {
  it('never hangs on a reference cycle evaluated from concurrent checks', async () => {
    const c = await check(`import files
element app:
    scope a = b
    scope b = child.c
    element child:
        scope c = a
    check files.exists(a, 'x')
    check files.exists(b, 'x')
    check files.exists(child.c, 'x')
`);
    expect(codes(c.errors)).toEqual(['E044']);
    const r = await runSpec(c.model, c.reg, { workspace: c.root, jobs: 3 });
    expect(r.results.map((o) => o.status)).toEqual(['error', 'error', 'error']);
    expect(r.results.every((o) => /cycle/.test(o.message ?? ''))).toBe(true);
  });

  it('turns unbound placeholders, unknown libraries and bad calls into error outcomes', async () => {
    const c = await check(`import files
pattern p:
    scope s
    check files.exists(s, 'x')
element a implements p:
    scope mine = files.folder_selector('src')
    check nolib.fn(mine)
    check mine.size.at(3)
`);
    expect(codes(c.errors).sort()).toEqual(['E030', 'E035', 'E061']);
    const r = await runSpec(c.model, c.reg, { workspace: c.root });
    expect(r.results.map((o) => o.status)).toEqual(['error', 'error', 'error']);
    expect(r.results[2]!.message).toContain('does not bind `p.s`');
  });
});

/** A real library whose check takes lists of scopes: passes when no file is in both lists. */
class OverlapLibrary implements Library {
  readonly kind = 'builtin' as const;
  readonly name = 'arch';
  readonly concurrency = 4;
  calls: string[][] = [];
  async documentation(): Promise<LibraryDoc> {
    return {
      name: 'arch',
      description: 'overlap',
      version: '1',
      functions: [],
      checks: [
        { name: 'disjoint', description: '', parameters: [], return_type: 'CheckResult' },
        { name: 'count', description: '', parameters: [], return_type: 'CheckResult' },
      ],
    };
  }
  async call(fn: string): Promise<Value> {
    throw new LibraryError('E999', `no selector ${fn}`);
  }
  async check(fn: string, args: Value[]): Promise<CheckResult> {
    const files = (v: Value | undefined): string[] =>
      v?.type === 'list' ? v.items.flatMap((i) => (i.type === 'scope' ? i.scope.paths : [])) : [];
    this.calls.push(args.map((a) => String(a.type === 'list' ? a.items.length : a.type)));
    if (fn === 'count') return files(args[0]).length > 0 ? pass() : fail('no files');
    const a = new Set(files(args[0]));
    const both = files(args[1]).filter((f) => a.has(f));
    return both.length === 0 ? pass() : fail(`${both.length} files are in both`);
  }
  async dispose(): Promise<void> {}
}

describe('run: language connection checks', () => {
  it('applies connection_check to the scopes annotated with the language, per element', async () => {
    const arch = new OverlapLibrary();
    const r = await run(
      `import files
import arch
language python:
    connection_check separate(parent: scope[], children: scope[]):
        arch.disjoint(parent, children)
    connection_check some(all: scope[]):
        arch.count(all)
element app:
    scope all<python> = files.folder_selector('src')
    element core:
        scope lib<python> = files.folder_selector('src/core')
element clean:
    scope top<python> = files.file_selector('src/main.py')
    element sub:
        scope s<python> = files.folder_selector('src/core')
    element other:
        scope d = files.folder_selector('docs')
`,
      TREE,
      {},
      [arch],
    );
    expect(r.results.map((o) => [o.element, o.check, o.status, o.origin])).toEqual([
      ['app', 'python connection_check separate(parent, children)', 'fail', 'language'],
      ['app', 'python connection_check some(all)', 'pass', 'language'],
      ['app.core', 'python connection_check separate(parent, children)', 'pass', 'language'],
      ['app.core', 'python connection_check some(all)', 'pass', 'language'],
      ['clean', 'python connection_check separate(parent, children)', 'pass', 'language'],
      ['clean', 'python connection_check some(all)', 'pass', 'language'],
      ['clean.sub', 'python connection_check separate(parent, children)', 'pass', 'language'],
      ['clean.sub', 'python connection_check some(all)', 'pass', 'language'],
    ]);
    expect(r.results[0]!.message).toBe('1 files are in both');
    expect(arch.calls).toContainEqual(['1', '1']);
    expect(arch.calls).toContainEqual(['2']);
  });

  it('rejects connection checks with more than two parameters (E090)', async () => {
    const c = await check(
      'import files\nlanguage python:\n    connection_check c(a: scope[], b: scope[], d: scope[]):\n        ' +
        'files.exists(a, b)\n',
    );
    expect(codes(c.errors)).toEqual(['E090']);
  });
});

/** A real library whose check fails with a description of the arguments it received. */
class EchoLibrary implements Library {
  readonly kind = 'builtin' as const;
  readonly name = 'echo';
  readonly concurrency = 8;
  async documentation(): Promise<LibraryDoc> {
    return {
      name: 'echo',
      description: 'echo',
      version: '1',
      functions: [],
      checks: [{ name: 'show', description: '', parameters: [], return_type: 'CheckResult' }],
    };
  }
  async call(fn: string): Promise<Value> {
    throw new LibraryError('E999', `no selector ${fn}`);
  }
  async check(_fn: string, args: Value[]): Promise<CheckResult> {
    const show = (v: Value): string =>
      v.type === 'scope'
        ? `[${v.scope.paths.map((p) => p.split('/').pop()).join(',')}]`
        : v.type === 'list'
          ? `(${v.items.map(show).join(' ')})`
          : `${v.type}:${String(v.value)}`;
    return fail(args.map(show).join(' '));
  }
  async dispose(): Promise<void> {}
}

describe('run: arguments of checks', () => {
  const SPEC = `import files
import echo
pattern svc:
    scope root
    check echo.show(root, 'p')
element app implements svc:
    scope src = files.folder_selector('src')
    scope core = files.folder_selector('src/core')
    scope bad = files.folder_selector('../outside')
    ref n: integer = 7
    svc.root = core
    check echo.show(src, core)
    check echo.show(core, 'x', 3, -4, 1.5, true, n)
    check echo.show(src, bad)
    check echo.show(bad, core)
    check echo.show([src, core], 'y')
    check echo.show(src)
    check echo.show(core, 'z')
`;

  it('gives every check the same values whether its scopes are known, being computed or failed', async () => {
    // each run has its own temporary workspace
    const strip = (r: RunReport & { checked: { root: string } }) =>
      r.results.map(({ durationMs: _, file: __, ...o }) =>
        // spans compared as they serialise
        JSON.parse(
          JSON.stringify({ ...o, ...(o.message ? { message: o.message.replace(r.checked.root, '<root>') } : {}) }),
        ),
      );
    const serial = await run(SPEC, TREE, { jobs: 1 }, [new EchoLibrary()]);
    const wide = await run(SPEC, TREE, { jobs: 16 }, [new EchoLibrary()]);
    expect(strip(wide)).toEqual(strip(serial));
    expect(serial.results.map((o) => [o.status, o.message])).toEqual([
      ['fail', '[x.py,main.py] [x.py]'],
      ['fail', '[x.py] string:x int:3 int:-4 float:1.5 bool:true int:7'],
      ['error', expect.stringContaining('app.bad')],
      ['error', expect.stringContaining('app.bad')],
      ['fail', '([x.py,main.py] [x.py]) string:y'],
      ['fail', '[x.py,main.py]'],
      ['fail', '[x.py] string:z'],
      ['fail', '[x.py] string:p'],
    ]);
    expect(codes(serial.diagnostics).filter((c) => c === 'E092')).toHaveLength(1);
  });

  it('builds outcomes with only the fields that apply, in one key order', async () => {
    const r = await run(
      `import files
pattern svc:
    scope root
    ## Every service has a README.
    warning check files.exists(root, 'README.md')
element app implements svc:
    scope src = files.folder_selector('src')
    svc.root = src
    check files.exists(src, 'main.py')
`,
      TREE,
    );
    const [own, fromPattern] = r.results;
    expect(Object.keys(own!)).toEqual([
      'element',
      'check',
      'status',
      'origin',
      'file',
      'span',
      'durationMs',
      'library',
      'function',
    ]);
    expect(Object.keys(fromPattern!)).toEqual([
      'element',
      'check',
      'status',
      'origin',
      'file',
      'span',
      'durationMs',
      'pattern',
      'severity',
      'message',
      'library',
      'function',
      'doc',
    ]);
    expect(fromPattern).toMatchObject({
      status: 'fail',
      pattern: 'svc',
      severity: 'warning',
      doc: 'Every service has a README.',
    });
    expect(typeof own!.durationMs).toBe('number');
  });
});
