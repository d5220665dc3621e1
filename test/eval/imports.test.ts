import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { runSpec } from '../../src/eval/index.js';
import { loadSpec, validateProgram } from '../../src/model/index.js';
import { registry, tree } from '../model/helpers.js';

describe('spec imports at run time', () => {
  it('runs elements of imported files and lets patterns from them be implemented', async () => {
    const root = tree({
      'src/main.py': '',
      'specs/common.hie':
        'import files\npattern has_main:\n    scope code\n    check files.exists(code, ' +
        "'main.py')\nelement shared:\n    scope s = files.folder_selector('src')\n    check files.exists(s, " +
        "'main.py')\n",
      'specs/lib.hie': `import files\nelement lib:\n    scope s = files.folder_selector('src')\n`,
      'spec.hie':
        "import files\nimport './specs/common.hie'\nimport './specs/lib.hie' as l\nelement app " +
        "implements has_main:\n    scope c binds has_main.code = files.folder_selector('src')\n    check " +
        "files.exists(shared.s, 'main.py')\n    check files.exists(l.lib.s, 'main.py')\n",
    });
    const reg = registry(root);
    const loaded = await loadSpec(join(root, 'spec.hie'));
    const { model, diagnostics } = await validateProgram(loaded, reg);
    expect([...loaded.diagnostics, ...diagnostics].filter((d) => d.severity === 'error')).toEqual([]);
    const r = await runSpec(model, reg, { workspace: root });
    expect(r.results.map((o) => [o.element, o.check, o.status, o.file.split('/').pop()])).toEqual([
      ['app', "files.exists(shared.s, 'main.py')", 'pass', 'spec.hie'],
      ['app', "files.exists(l.lib.s, 'main.py')", 'pass', 'spec.hie'],
      ['app', "files.exists(code, 'main.py')", 'pass', 'common.hie'],
      ['shared', "files.exists(s, 'main.py')", 'pass', 'common.hie'],
    ]);
    await reg.dispose();
  });

  it('loads through a custom readFile (e.g. an editor buffer)', async () => {
    const files: Record<string, string> = {
      '/virtual/spec.hie': `import './other.hie'\nelement a {}\n`,
      '/virtual/other.hie': `element b {}\n`,
    };
    const loaded = await loadSpec('/virtual/spec.hie', {
      readFile: async (p) => {
        const t = files[p];
        if (t === undefined) throw new Error(`ENOENT ${p}`);
        return t;
      },
    });
    expect(loaded.programs.map((p) => p.file)).toEqual(['/virtual/spec.hie', '/virtual/other.hie']);
    expect(loaded.sources.get('/virtual/other.hie')).toBe(files['/virtual/other.hie']);
    expect(loaded.diagnostics).toEqual([]);
  });

  it('marks every check skipped when the run is cancelled, and traces evaluation when asked', async () => {
    const root = tree({
      'src/main.py': '',
      'spec.hie':
        "import files\nelement a:\n    scope s = files.folder_selector('src')\n    check " +
        'files.exists(s, ' +
        "'main.py')\n",
    });
    const reg = registry(root);
    const { model } = await validateProgram(await loadSpec(join(root, 'spec.hie')), reg);
    const ac = new AbortController();
    ac.abort();
    const cancelled = await runSpec(model, reg, { workspace: root, signal: ac.signal });
    expect(cancelled.results.map((o) => o.status)).toEqual(['skipped']);
    const lines: string[] = [];
    const traced = await runSpec(model, reg, { workspace: root, trace: (l) => lines.push(l) });
    expect(traced.results[0]!.status).toBe('pass');
    expect(lines.some((l) => l.includes('Evaluating scope: a.s'))).toBe(true);
    expect(lines.some((l) => l.includes('scope a.s resolved 1 path ('))).toBe(true);
    expect(lines).toContain('[verbose:files]      a.s: src/main.py');
    await reg.dispose();
  });
});

describe('hand-assembled specs', () => {
  it('validates a spec without the imports map by matching imported files by path', async () => {
    const root = tree({
      'src/main.py': '',
      'common.hie': `import files\nelement shared:\n    scope s = files.folder_selector('src')\n`,
      'spec.hie': `import files\nimport './common.hie'\nelement app:\n    check files.exists(shared.s, 'main.py')\n`,
    });
    const reg = registry(root);
    const full = await loadSpec(join(root, 'spec.hie'));
    const { programs, root: rootProgram, diagnostics, sources } = full;
    const { model, diagnostics: ds } = await validateProgram(
      { programs, root: rootProgram, diagnostics, sources },
      reg,
    );
    expect(ds.filter((d) => d.severity === 'error')).toEqual([]);
    const r = await runSpec(model, reg, { workspace: root });
    expect(r.results.map((o) => o.status)).toEqual(['pass']);
    await reg.dispose();
  });
});
