/** Calls against documented parameters (src/model/signatures.ts), on the real built-in catalogues. */
import { describe, expect, it } from 'vitest';
import type { Span } from '../../src/diagnostics/diagnostic.js';
import { createBuiltinLibraries } from '../../src/libraries/builtin/index.js';
import type { FunctionDoc, LibraryDoc } from '../../src/libraries/types.js';
import { checkArguments, staticTypeOf, type StaticType } from '../../src/model/signatures.js';

const docs = new Map<string, LibraryDoc>();
for (const lib of createBuiltinLibraries({ workspace: '/nonexistent' })) docs.set(lib.name, await lib.documentation());

function fn(qualified: string): FunctionDoc {
  const [lib, name] = qualified.split('.') as [string, string];
  const d = docs.get(lib)!;
  return [...d.functions, ...d.checks].find((f) => f.name === name)!;
}

const span = (col: number): Span => ({
  start: { line: 1, column: col, offset: col - 1 },
  end: { line: 1, column: col + 1, offset: col },
});
const args = (...types: (StaticType | undefined)[]) => types.map((type, i) => ({ type, span: span(10 * (i + 1)) }));
const call = span(1);
const problems = (q: string, ...types: (StaticType | undefined)[]) => checkArguments(q, fn(q), args(...types), call);

describe('checkArguments', () => {
  it('accepts calls that fit, with or without the optional leading scope', () => {
    expect(problems('python.class_exists', 'scope', 'string')).toEqual([]);
    expect(problems('python.class_exists', 'string')).toEqual([]);
    expect(problems('files.exists', 'scope', 'string')).toEqual([]);
    // types not known before the run fit everything
    expect(problems('files.exists', undefined, undefined)).toEqual([]);
    // an integer parameter takes a float (the libraries truncate it)
    expect(problems('files.max_size', 'scope', 'float')).toEqual([]);
  });

  it('reports a missing argument once, naming the parameter and the signature', () => {
    const p = problems('python.class_exists', 'scope');
    expect(p).toHaveLength(1);
    expect(p[0]).toMatchObject({ code: 'E842', span: call });
    expect(p[0]!.message).toBe('`python.class_exists` is missing an argument: `class_name` (string)');
    expect(p[0]!.help).toBe('expected `python.class_exists(within?: scope, class_name: string)`');
  });

  it('reports extra arguments at the first extra one', () => {
    const p = problems('python.class_exists', 'scope', 'string', 'string');
    expect(p.map((x) => x.code)).toEqual(['E843']);
    expect(p[0]!.message).toBe('`python.class_exists` takes at most 2 arguments, but 3 are given');
    expect(p[0]!.span.start.column).toBe(30);
  });

  it('reports a wrongly typed argument at that argument', () => {
    const p = problems('files.exists', 'scope', 'integer');
    expect(p.map((x) => x.code)).toEqual(['E844']);
    expect(p[0]!.message).toBe('argument 2 of `files.exists` (`filename`) must be a string, but an integer is given');
    expect(p[0]!.span.start.column).toBe(20);
  });

  it('reports swapped arguments as one problem', () => {
    const p = problems('files.exists', 'string', 'scope');
    expect(p.map((x) => x.code)).toEqual(['E845']);
    expect(p[0]!.message).toContain('arguments 1 and 2 of `files.exists` are in the wrong order');
    expect(p[0]!.span.start.column).toBe(10);
    expect(p[0]!.span.end.column).toBe(21);
    // the optional leading scope: ('main', module) is (module, 'main') swapped
    expect(problems('rust.function_exists', 'string', 'scope').map((x) => x.code)).toEqual(['E845']);
  });

  it('does not check functions whose parameters are not documented', () => {
    const bare: FunctionDoc = { name: 'f', description: '', parameters: [], return_type: '', parametersUnknown: true };
    expect(checkArguments('x.f', bare, args('string', 'integer'), call)).toEqual([]);
    // an empty list too: libraries written for the original often leave it empty
    const none: FunctionDoc = { name: 'f', description: '', parameters: [], return_type: '' };
    expect(checkArguments('x.f', none, args('string'), call)).toEqual([]);
    const one: FunctionDoc = {
      name: 'f',
      description: '',
      parameters: [{ name: 'a', type: 'any', description: '' }],
      return_type: '',
    };
    expect(checkArguments('x.f', one, args('string', 'string'), call)[0]!.message).toBe(
      '`x.f` takes 1 argument, but 2 are given',
    );
  });

  it('reads optional markers and type words of any library', () => {
    const doc: FunctionDoc = {
      name: 'g',
      description: '',
      return_type: 'CheckResult',
      parameters: [
        { name: 'scope', type: 'Scope', description: '' },
        { name: 'n', type: 'int', description: '' },
        { name: 'tag', type: 'HttpHandler', description: '' },
        { name: 'max', type: 'integer?', description: '' },
      ],
    };
    expect(checkArguments('x.g', doc, args('scope', 'integer', 'boolean'), call)).toEqual([]);
    expect(checkArguments('x.g', doc, args('scope', 'integer', 'boolean', 'integer'), call)).toEqual([]);
    expect(checkArguments('x.g', doc, args('scope', 'string', 'boolean'), call).map((p) => p.code)).toEqual(['E844']);
    expect(staticTypeOf('scope[]')).toBe('list');
    expect(staticTypeOf('number')).toBe('float');
    expect(staticTypeOf('any')).toBeUndefined();
  });
});
