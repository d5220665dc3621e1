import { describe, expect, it } from 'vitest';
import { run } from '../model/helpers.js';

const TREE = {
  'shop/__init__.py': '',
  'shop/api/__init__.py': '',
  'shop/api/views.py': 'import os\nfrom shop.db import models\n',
  'shop/db/__init__.py': '',
  'shop/db/models.py': 'X = 1\n',
  'shop/util/__init__.py': '',
  'shop/util/helpers.py': 'import shop.db.models\n',
  'shop/web/__init__.py': '',
  'shop/web/app.py': 'import json\nfrom shop.api import views\nimport shop\n',
};

const SPEC = `import files
import python
pattern no_db:
    forbids connection to db
pattern needs_db:
    requires connection to shop_sys.db
pattern api_client:
    allows connection to api
element shop_sys:
    scope root = files.folder_selector('shop')
    element api implements no_db:
        scope s = files.folder_selector('shop/api')
        s uses db
    element db:
        scope s = files.folder_selector('shop/db')
    element util implements needs_db, api_client:
        scope s = files.folder_selector('shop/util')
    element web implements no_db, needs_db, api_client:
        scope s = files.folder_selector('shop/web')
`;

const pick = (r: Awaited<ReturnType<typeof run>>, element: string, check: string) => {
  const o = r.results.find((x) => x.element === element && x.check === check);
  if (!o)
    throw new Error(
      `no outcome ${element} :: ${check}: ${r.results.map((x) => `${x.element} :: ${x.check}`).join(' | ')}`,
    );
  return o;
};

describe('connections (python dependency facts)', () => {
  it('forbids connection to: fails with the offending imports as locations', async () => {
    const r = await run(SPEC, TREE);
    const api = pick(r, 'shop_sys.api', 'forbids connection to db');
    expect(api.status).toBe('fail');
    expect(api.origin).toBe('connection');
    expect(api.pattern).toBe('no_db');
    expect(api.locations).toHaveLength(1);
    expect(api.locations![0]).toMatchObject({ line: 2, message: 'shop/api/views.py imports shop.db.models' });
    expect(api.locations![0]!.file.endsWith('shop/api/views.py')).toBe(true);
    expect(pick(r, 'shop_sys.web', 'forbids connection to db').status).toBe('pass');
  });

  it('requires connection to: at least one import into the target', async () => {
    const r = await run(SPEC, TREE);
    expect(pick(r, 'shop_sys.util', 'requires connection to shop_sys.db').status).toBe('pass');
    const web = pick(r, 'shop_sys.web', 'requires connection to shop_sys.db');
    expect(web.status).toBe('fail');
    expect(web.message).toContain('no file of `shop_sys.web` imports anything in `shop_sys.db`');
  });

  it(
    'allows connection to: other elements only through allowed targets; third-party and shared ' + 'code are free',
    async () => {
      const r = await run(SPEC, TREE);
      expect(pick(r, 'shop_sys.web', 'allows connection to api').status).toBe('pass');
      const util = pick(r, 'shop_sys.util', 'allows connection to api');
      expect(util.status).toBe('fail');
      expect(util.message).toContain('shop_sys.db');
      expect(util.locations![0]!.message).toContain('shop/util/helpers.py imports shop.db.models');
    },
  );

  it('wildcard targets include descendants', async () => {
    const r = await run(
      `import files
import python
pattern isolated:
    forbids connection to core.*
element core:
    element db:
        scope s = files.folder_selector('shop/db')
element app implements isolated:
    scope s = files.folder_selector('shop/util')
element app2 implements isolated:
    scope s = files.folder_selector('shop/web')
`,
      TREE,
    );
    expect(r.results.map((o) => [o.element, o.status])).toEqual([
      ['app', 'fail'],
      ['app2', 'pass'],
    ]);
  });

  it('strict uses: undeclared dependencies between elements fail, declared ones pass', async () => {
    const r = await run(SPEC, TREE, { strictUses: true });
    const uses = r.results.filter((o) => o.origin === 'uses').map((o) => [o.element, o.status]);
    expect(uses).toEqual([
      ['shop_sys', 'pass'],
      ['shop_sys.api', 'pass'],
      ['shop_sys.db', 'pass'],
      ['shop_sys.util', 'fail'],
      ['shop_sys.web', 'fail'],
    ]);
    const web = r.results.find((o) => o.origin === 'uses' && o.element === 'shop_sys.web')!;
    expect(web.message).toContain('`shop_sys.api` without a `uses` declaration');
    expect(web.locations![0]!.line).toBe(2);
  });

  it('strict uses: importing a file the element selects itself is not a dependency on its co-owner', async () => {
    const r = await run(
      `import files
import python
element api:
    scope s = files.folder_selector('shop/api')
    scope models = files.file_selector('shop/db/models.py')
element db:
    scope s = files.folder_selector('shop/db')
`,
      TREE,
      { strictUses: true },
    );
    expect(r.results.map((o) => [o.element, o.status])).toEqual([
      ['api', 'pass'],
      ['db', 'pass'],
    ]);
  });

  it('a connection rule on an element without files fails unless allowEmpty', async () => {
    const spec =
      'import files\nimport python\npattern p:\n    forbids connection to other\nelement other:\n    ' +
      "scope s = files.folder_selector('shop/db')\nelement a implements p:\n    scope s = " +
      "files.folder_selector('nothing')\n";
    const strict = await run(spec, TREE);
    expect(strict.results[0]!.status).toBe('fail');
    expect(strict.results[0]!.message).toContain('selects no file');
    const lax = await run(spec, TREE, { allowEmpty: true });
    expect(lax.results[0]!.status).toBe('pass');
  });
});
