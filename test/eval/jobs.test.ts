import { describe, expect, it } from 'vitest';
import { collectJobs, countJobs } from '../../src/eval/jobs.js';
import { check } from '../model/helpers.js';

const SPEC = `import files
import python
language python:
    connection_check some(all: scope[]):
        files.exists(all, 'x')
pattern layered:
    scope root
    check files.exists(root, 'a.py')
    element inner:
        scope s
        check files.exists(s, 'b.py')
    requires language python
    forbids language rust
    allows language python
    allows language markdown
    allows connection to shop.db
    allows connection to shop.api
    requires connection to shop.db
    forbids check files.exists(root, 'secret.txt')
pattern plain:
    requires check files.exists(root, 'c.py')
    scope root
element shop:
    scope top<python> = files.folder_selector('src')
    check files.exists(top, 'main.py')
    element api implements layered:
        scope r = files.folder_selector('src')
        layered.root = r
        layered.inner.s = r
    element db:
        scope d<python> = files.folder_selector('src/core')
        check files.exists(d, 'x.py')
element docs implements plain:
    scope d = files.folder_selector('docs')
    plain.root = d
`;

describe('countJobs', () => {
  it('counts the jobs collectJobs makes, and sees which read dependency facts', async () => {
    const c = await check(SPEC, { 'src/main.py': '', 'src/core/x.py': '', 'docs/a.md': '' });
    expect(c.errors).toEqual([]);
    for (const strictUses of [false, true]) {
      const jobs = collectJobs(c.model, { strictUses });
      const kinds = new Set(jobs.map((j) => j.kind));
      expect(kinds).toEqual(
        new Set([
          'check',
          'requirement',
          'allows-connection',
          'allows-language',
          'connection-check',
          ...(strictUses ? ['strict-uses'] : []),
        ]),
      );
      expect(countJobs(c.model, { strictUses })).toEqual({ total: jobs.length, dependencies: true });
    }
  });

  it('needs no dependency facts for checks and non-connection requirements only', async () => {
    const c = await check(
      `import files
pattern plain:
    scope root
    requires check files.exists(root, 'c.py')
element docs implements plain:
    scope d = files.folder_selector('docs')
    plain.root = d
    check files.exists(d, 'a.md')
`,
      { 'docs/a.md': '' },
    );
    expect(c.errors).toEqual([]);
    expect(countJobs(c.model)).toEqual({ total: collectJobs(c.model).length, dependencies: false });
    expect(countJobs(c.model).total).toBe(2);
    expect(countJobs(c.model, { strictUses: true })).toEqual({ total: 3, dependencies: true });
  });
});
