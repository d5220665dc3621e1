import { describe, expect, it } from 'vitest';
import { run } from '../model/helpers.js';

const TREE = {
  'svc/api/main.py': 'print(1)\n',
  'svc/db/x.py': 'x = 1\n',
  'svc/Dockerfile': 'FROM python\n',
  'README.md': '# hi\n',
};

/** Statuses of the requirement outcomes, by label. */
async function statuses(
  pattern: string,
  elements: string,
): Promise<Record<string, { status: string; message?: string; element: string }[]>> {
  const r = await run(`import files\n${pattern}\n${elements}`, TREE);
  const out: Record<string, { status: string; message?: string; element: string }[]> = {};
  for (const o of r.results) {
    if (o.origin !== 'requirement') continue;
    (out[o.check] ??= []).push({ status: o.status, element: o.element, ...(o.message ? { message: o.message } : {}) });
    expect(o.pattern).toBeTruthy();
  }
  return out;
}

describe('requirements', () => {
  it('requires [descendant] scope, with and without an expression', async () => {
    const s = await statuses(
      `pattern dockerized:
    requires scope src
    requires descendant scope dockerfile = files.file_selector('svc/Dockerfile')
    requires descendant scope missing = files.file_selector('nope')`,
      `element ok implements dockerized:
    scope src = files.folder_selector('svc')
    element deep:
        element deeper:
            scope dockerfile = files.file_selector('svc/Dockerfile')
            scope missing = files.folder_selector('svc')
element bad implements dockerized:
    scope other = files.folder_selector('svc')
`,
    );
    expect(s['requires scope src']!.map((x) => x.status)).toEqual(['pass', 'fail']);
    expect(s['requires scope src']![1]!.message).toContain('`bad` declares scope `src`');
    expect(
      s["requires descendant scope dockerfile = files.file_selector('svc/Dockerfile')"]!.map((x) => x.status),
    ).toEqual(['pass', 'fail']);
    // The required expression selects nothing, so even the descendant that declares it does not satisfy it.
    const miss = s["requires descendant scope missing = files.file_selector('nope')"]!;
    expect(miss[0]!.status).toBe('fail');
    expect(miss[0]!.message).toContain('selects no file');
  });

  it('requires [descendant] element / implements, and forbids element', async () => {
    const s = await statuses(
      `pattern leaf:
    scope s = files.folder_selector('svc')
pattern app:
    requires element api
    requires descendant element db implements leaf
    requires descendant implements leaf
    forbids descendant element legacy`,
      `element good implements app:
    element api:
        element db implements leaf:
            scope x = files.folder_selector('svc/db')
element bad implements app:
    element nested:
        element api:
            scope x = files.folder_selector('svc/api')
        element db:
            scope x = files.folder_selector('svc/db')
        element legacy:
            scope x = files.folder_selector('svc')
`,
    );
    expect(s['requires element api']!.map((x) => x.status)).toEqual(['pass', 'fail']);
    expect(s['requires descendant element db implements leaf']!.map((x) => x.status)).toEqual(['pass', 'fail']);
    expect(s['requires descendant element db implements leaf']![1]!.message).toContain('does not implement `leaf`');
    expect(s['requires descendant implements leaf']!.map((x) => x.status)).toEqual(['pass', 'fail']);
    expect(s['forbids descendant element legacy']!.map((x) => x.status)).toEqual(['pass', 'fail']);
    expect(s['forbids descendant element legacy']![1]!.message).toContain('bad.nested.legacy');
  });

  it('requires an element with a body: its scopes must exist and its checks pass there', async () => {
    const s = await statuses(
      `pattern p:
    requires descendant element api:
        scope main = files.folder_selector('x')
        check files.exists(main, 'main.py')`,
      `element good implements p:
    element api:
        scope main = files.folder_selector('svc/api')
element bad implements p:
    element api:
        scope main = files.folder_selector('svc/db')
element worse implements p:
    element api:
        scope other = files.folder_selector('svc/api')
`,
    );
    const st = s['requires descendant element api']!;
    expect(st.map((x) => x.status)).toEqual(['pass', 'fail', 'fail']);
    expect(st[1]!.message).toContain("files.exists(main, 'main.py')");
    expect(st[2]!.message).toContain('lacks `main`');
  });

  it('requires ref n: T (type must match) and forbids ref', async () => {
    const s = await statuses(
      `pattern p:
    requires ref port: integer
    forbids descendant ref secret: string`,
      `element good implements p:
    ref port: integer = 8080
element wrongtype implements p:
    ref port: string = '8080'
    element c:
        ref secret: string = 'x'
`,
    );
    expect(s['requires ref port: integer']!.map((x) => x.status)).toEqual(['pass', 'fail']);
    expect(s['requires ref port: integer']![1]!.message).toContain('of type `string`');
    expect(s['forbids descendant ref secret: string']!.map((x) => x.status)).toEqual(['pass', 'fail']);
  });

  it(
    'requires [descendant] check: in the pattern (with bindings) or in some descendant whose ' + 'names resolve',
    async () => {
      const s = await statuses(
        `pattern p:
    scope root
    requires check files.exists(root, 'Dockerfile')
    requires descendant check files.exists(code, 'main.py')
    forbids check files.exists(root, 'secrets.txt')`,
        `element good implements p:
    scope r binds p.root = files.folder_selector('svc')
    element a:
        scope code = files.folder_selector('svc/db')
    element b:
        scope code = files.folder_selector('svc/api')
element bad implements p:
    scope r binds p.root = files.folder_selector('svc/api')
    element a:
        scope nothing_here = files.folder_selector('svc/db')
`,
      );
      expect(s["requires check files.exists(root, 'Dockerfile')"]!.map((x) => x.status)).toEqual(['pass', 'fail']);
      const d = s["requires descendant check files.exists(code, 'main.py')"]!;
      expect(d.map((x) => x.status)).toEqual(['pass', 'fail']);
      expect(d[0]!.message).toBeUndefined();
      expect(d[1]!.message).toContain('no descendant of `bad` declares the names');
      expect(s["forbids check files.exists(root, 'secrets.txt')"]!.map((x) => x.status)).toEqual(['pass', 'pass']);
    },
  );

  it('requires / forbids / allows language, by annotation or by the scope language', async () => {
    const r = await run(
      `import files
pattern py_only:
    requires language python
    forbids language rust
    allows language python
    allows language markdown
element good implements py_only:
    scope src<python> = files.folder_selector('svc/api')
    element docs:
        scope d<markdown> = files.file_selector('README.md')
element bad implements py_only:
    scope src<rust> = files.folder_selector('svc/api')
    element x:
        scope y<go> = files.folder_selector('svc/db')
`,
      TREE,
    );
    const byLabel = (label: string) => r.results.filter((o) => o.check === label).map((o) => o.status);
    expect(byLabel('requires language python')).toEqual(['pass', 'fail']);
    expect(byLabel('forbids language rust')).toEqual(['pass', 'fail']);
    expect(byLabel('allows language python; allows language markdown')).toEqual(['pass', 'fail']);
    const allows = r.results.find((o) => o.element === 'bad' && o.check.startsWith('allows'))!;
    expect(allows.message).toContain('go (bad.x.y)');
    expect(allows.message).toContain('rust');
  });

  it('treats allows of scopes/elements as informational (no outcome)', async () => {
    const r = await run(
      `import files
pattern p:
    allows element anything
    allows scope whatever
element a implements p:
    scope s = files.folder_selector('svc')
`,
      TREE,
    );
    expect(r.results).toEqual([]);
  });
});
