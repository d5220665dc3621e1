/** The check phase on real specs and the built-in libraries: signatures of calls, scope languages. */
import { describe, expect, it } from 'vitest';
import { check, codes } from './helpers.js';

const at = (d: { span?: { start: { line: number; column: number } } }): string =>
  `${d.span?.start.line}:${d.span?.start.column}`;

describe('check: calls against signatures', () => {
  it('knows the types of literals, scopes, refs of basic types and nested selector calls', async () => {
    const r = await check(`import files
import python
element app:
    scope src = files.folder_selector('src')
    ref name: string = 'main.py'
    ref port: integer = 8080
    ref handler: HttpHandler = python.function_selector('handle')
    check files.exists(src, name)
    check files.exists(src, port)
    check files.exists(files.folder_selector('src'), 'x')
    check files.exists(src, handler)
    check files.max_size(src, 1.5)
    check files.exists(src, ['a', 'b'])
    check files.exists(src, true)
`);
    expect(r.errors.map((d) => `${d.code} ${at(d)}`)).toEqual(['E844 9:29', 'E844 13:29', 'E844 14:29']);
    expect(r.errors[0]!.message).toBe(
      'argument 2 of `files.exists` (`filename`) must be a string, but an integer is given',
    );
    expect(r.errors[1]!.message).toContain('but a list is given');
    expect(r.errors[2]!.message).toContain('but a boolean is given');
  });

  it('checks selectors used as values and calls nested in arguments', async () => {
    const r = await check(`import files
element app:
    scope a = files.folder_selector()
    scope b = files.folder_selector('x', 'y')
    check files.exists(files.file_selector(3), 'x')
`);
    expect(r.errors.map((d) => `${d.code} ${at(d)}`)).toEqual(['E842 3:15', 'E843 4:42', 'E844 5:44']);
  });

  it('checks calls in patterns; names bound only per implementing element are not typed', async () => {
    const r = await check(`import files
pattern service:
    scope code
    check files.exists(code, 1)
    requires check files.exists(code, 'x', 'y')
    requires scope docs = files.folder_selector(7)
element shop implements service:
    scope code binds service.code = files.folder_selector('shop')
`);
    expect(r.errors.map((d) => `${d.code} ${at(d)}`)).toEqual(['E844 4:30', 'E843 5:44', 'E844 6:49']);
  });

  it('reports swapped arguments once, also around the optional leading scope', async () => {
    const r = await check(`import files
import rust
element app:
    scope src = files.folder_selector('src')
    check files.contains_text('TODO', src)
    check rust.function_exists('main', src)
`);
    expect(r.errors.map((d) => `${d.code} ${at(d)}`)).toEqual(['E845 5:31', 'E845 6:32']);
  });
});

describe('check: scope languages', () => {
  it('suggests the known language for a misspelling (E846) and warns about an undeclared one (W841)', async () => {
    const r = await check(`import files
language go
pattern p:
    allows language markdown
    requires scope x<rsut> = files.folder_selector('x')
element app:
    scope a<pyhton> = files.folder_selector('a')
    scope b<python> = files.folder_selector('b')
    scope c<go> = files.folder_selector('c')
    scope d<markdown> = files.folder_selector('d')
    scope e<sql> = files.folder_selector('e')
    scope f : typscript = files.folder_selector('f')
`);
    expect(r.errors.map((d) => `${d.code} ${at(d)}`)).toEqual(['E846 7:13', 'E846 12:15', 'E846 5:22']);
    expect(r.errors[0]!.message).toBe('unknown language `pyhton`');
    expect(r.errors[0]!.help).toMatch(
      /^did you mean `python`\? known languages: go, javascript, markdown, python, rust, typescript$/,
    );
    expect(codes(r.warnings)).toEqual(['W841']);
    expect(r.warnings[0]!.help).toContain('declare `language sql`');
  });
});

describe('check: did you mean', () => {
  it(
    'suggests close names for undefined names, members, patterns, `uses`, connection targets and ' + 'exceptions',
    async () => {
      const r = await check(`import files
pattern layered:
    forbids connection to apii
element shop implements layerd:
    scope source = files.folder_selector('src')
    check files.exists(sorce, 'main.py')
    check files.exists(api.cod, 'x')
    sorce uses api
    source uses apii
    element api implements layered:
        scope code = files.folder_selector('api')
    except 'src/x.py' to apy because 'moving'
`);
      const help = (code: string) => r.errors.filter((d) => d.code === code).map((d) => d.help ?? '');
      expect(help('E060')[0]).toMatch(/^did you mean `layered`\? known patterns: layered/);
      expect(help('E040')[0]).toMatch(/^did you mean `source`\? names resolve in/);
      expect(help('E042')[0]).toMatch(/^did you mean `code`\? its members are: code/);
      expect(help('E070')[0]).toMatch(/^did you mean `source`\?/);
      expect(help('E072')[0]).toMatch(/^did you mean `api`\? connection targets are element paths/);
      expect(help('E071')[0]).toMatch(/^did you mean `api`\?/);
      expect(help('E873')[0]).toMatch(/^did you mean `api`\?/);
    },
  );

  it('says nothing when no name is close', async () => {
    const r = await check(`import files
element shop:
    check files.exists(completely_unrelated, 'x')
`);
    expect(r.errors[0]!.help).toMatch(/^names resolve in/);
  });
});
