import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { FIXTURES, open } from './helpers.js';

const ws = join(FIXTURES, 'rust-ws');
const t = open(ws);
afterAll(() => t.dispose());

describe('rust selectors on a Cargo workspace', () => {
  it(
    'crate_selector finds crates by exact package name, also outside crates/ (no target/, no ' + 'nested crates)',
    async () => {
      const core = await t.select('rust', 'crate_selector', 'my-core');
      expect(t.rel(core.paths)).toEqual([
        'crates/core/src/lexer.rs',
        'crates/core/src/lib.rs',
        'crates/core/src/parser/expr.rs',
        'crates/core/src/parser/mod.rs',
        'crates/core/tests/integration.rs',
      ]);
      expect(core.kind).toEqual({ Folder: 'my-core' });
      const cli = await t.select('rust', 'crate_selector', 'my-cli');
      expect(t.rel(cli.paths)).toEqual(['tools/cli/src/library.rs', 'tools/cli/src/main.rs']);
      // `[[bin]] name = "my-core-tool"` is not a package name
      expect((await t.select('rust', 'crate_selector', 'my-core-tool')).paths).toEqual([]);
    },
  );

  it('module_selector follows the module tree; a module includes its sub-modules', async () => {
    const parser = await t.select('rust', 'module_selector', 'parser');
    expect(t.rel(parser.paths)).toEqual(['crates/core/src/parser/expr.rs', 'crates/core/src/parser/mod.rs']);
    const expr = await t.select('rust', 'module_selector', 'parser::expr');
    expect(t.rel(expr.paths)).toEqual(['crates/core/src/parser/expr.rs']);
    const qualified = await t.select('rust', 'module_selector', 'my_core::parser::expr');
    expect(qualified.paths).toEqual(expr.paths);
    // earlier segments matter: there is no `lexer::expr`
    expect((await t.select('rust', 'module_selector', 'lexer::expr')).paths).toEqual([]);
  });

  it('module_selector sees inline modules', async () => {
    const util = await t.select('rust', 'module_selector', 'util');
    expect(t.rel(util.paths)).toEqual(['crates/core/src/lib.rs']);
    expect(util.symbols?.[0]).toMatchObject({ symbolKind: 'module', line: 5 });
    expect(t.rel((await t.select('rust', 'module_selector', 'crate::util::deep')).paths)).toEqual([
      'crates/core/src/lib.rs',
    ]);
  });

  it('item selectors match exact names, never prefixes or comments', async () => {
    expect(t.rel((await t.select('rust', 'struct_selector', 'Token')).paths)).toEqual(['crates/core/src/lexer.rs']);
    expect((await t.select('rust', 'struct_selector', 'Phantom')).paths).toEqual([]);
    const kinds = await t.select('rust', 'enum_selector', 'Token');
    expect(kinds.paths).toEqual([]);
    expect((await t.select('rust', 'enum_selector', 'TokenKindX')).paths).toEqual([]);
    const parse = await t.select('rust', 'function_selector', 'parse');
    expect(parse.paths).toEqual([]);
    const parseExpr = await t.select('rust', 'function_selector', 'parse_expr');
    expect(parseExpr.symbols?.[0]).toMatchObject({ symbolKind: 'method', line: 12 });
    expect(t.rel((await t.select('rust', 'trait_selector', 'Library')).paths)).toEqual(['tools/cli/src/library.rs']);
    const impls = await t.select('rust', 'impl_selector', 'Parser');
    expect(impls.kind).toEqual({ File: 'impl:Parser' });
    expect(t.rel(impls.paths)).toEqual(['crates/core/src/parser/mod.rs']);
  });

  it('public_functions lists pub free functions', async () => {
    const lib = await t.select('rust', 'module_selector', 'crate');
    const pub = await t.select(
      'rust',
      'public_functions',
      await t.select('files', 'file_selector', 'crates/core/src/lib.rs'),
    );
    expect(pub.symbols?.map((s) => s.name)).toEqual(['version']);
    expect(lib.paths.length).toBeGreaterThan(1);
  });
});

describe('rust checks', () => {
  it('existence checks accept a name, or a scope and a name', async () => {
    expect((await t.check('rust', 'struct_exists', 'Token')).status).toBe('pass');
    expect((await t.check('rust', 'enum_exists', 'Token')).status).toBe('fail');
    expect((await t.check('rust', 'function_exists', 'main')).status).toBe('pass');
    const core = await t.select('rust', 'crate_selector', 'my-core');
    const r = await t.check('rust', 'function_exists', core, 'main');
    expect(r).toMatchObject({
      status: 'fail',
      message: "Function 'main' not found in rust.crate_selector('my-core')",
    });
    expect((await t.check('rust', 'trait_exists', 'LibraryExt')).status).toBe('pass');
    expect((await t.check('rust', 'impl_exists', 'ParserState')).status).toBe('pass');
  });

  it('implements: path-qualified traits and line breaks work; prefixes do not', async () => {
    expect((await t.check('rust', 'implements', 'FilesLibrary', 'Library')).status).toBe('pass');
    expect((await t.check('rust', 'implements', 'Files', 'Library')).status).toBe('fail');
    expect((await t.check('rust', 'implements', 'Token', 'Clone')).status).toBe('pass');
    expect((await t.check('rust', 'implements', 'Token', 'Serialize')).status).toBe('pass');
  });

  it('uses compares whole segments and expands grouped imports', async () => {
    const parser = await t.select('rust', 'module_selector', 'parser');
    expect((await t.check('rust', 'uses', parser, 'crate::lexer')).status).toBe('pass');
    expect((await t.check('rust', 'uses', parser, 'crate::lex')).status).toBe('fail');
    expect((await t.check('rust', 'uses', parser, 'crate::util::helper')).status).toBe('pass');
  });

  it('has_derive, has_docs, has_tests read attributes and real doc comments', async () => {
    const lexer = await t.select('rust', 'module_selector', 'lexer');
    expect((await t.check('rust', 'has_derive', lexer, 'Debug')).status).toBe('pass');
    expect((await t.check('rust', 'has_derive', lexer, 'Ident')).status).toBe('fail');
    expect((await t.check('rust', 'has_docs', lexer)).status).toBe('pass');
    const cli = await t.select('rust', 'crate_selector', 'my-cli');
    // `////` separators and `file:///` are not docs (there are none in the cli crate anyway)
    expect((await t.check('rust', 'has_docs', cli)).status).toBe('fail');
    const parser = await t.select('rust', 'module_selector', 'parser');
    expect((await t.check('rust', 'has_tests', parser)).status).toBe('pass');
    expect((await t.check('rust', 'has_tests', lexer)).status).toBe('fail');
  });

  it('pipeline_connects and type_compatible use real type references', async () => {
    const token = await t.select('rust', 'struct_selector', 'Token');
    const parser = await t.select('rust', 'module_selector', 'parser');
    const cli = await t.select('rust', 'crate_selector', 'my-cli');
    expect((await t.check('rust', 'pipeline_connects', token, parser)).status).toBe('pass');
    expect((await t.check('rust', 'pipeline_connects', token, cli)).status).toBe('fail');
    expect((await t.check('rust', 'type_compatible', token, parser)).status).toBe('pass');
  });

  it('uses_crate reads Cargo.toml dependencies', async () => {
    const core = await t.select('rust', 'crate_selector', 'my-core');
    const cli = await t.select('rust', 'crate_selector', 'my-cli');
    expect((await t.check('rust', 'uses_crate', core, 'serde')).status).toBe('pass');
    expect((await t.check('rust', 'uses_crate', cli, 'my-core')).status).toBe('pass');
    expect((await t.check('rust', 'uses_crate', cli, 'my_core')).status).toBe('pass');
    const r = await t.check('rust', 'uses_crate', cli, 'serde');
    expect(r.status).toBe('fail');
    if (r.status === 'fail') expect(r.locations?.[0]?.file).toBe(join(ws, 'tools/cli/Cargo.toml'));
  });
});

describe('rust dependencies', () => {
  it('resolves use trees, super::, crate::, mod declarations and other workspace crates', async () => {
    const p = t.provider('rust');
    const edges = await p.dependencies(
      [
        join(ws, 'crates/core/src/parser/mod.rs'),
        join(ws, 'crates/core/src/parser/expr.rs'),
        join(ws, 'tools/cli/src/main.rs'),
      ],
      t.ctx,
    );
    const view = edges.map(
      (e) => `${t.rel([e.from])[0]}:${e.line} ${e.specifier} -> ` + `${e.to ? t.rel([e.to])[0] : '-'}`,
    );
    expect(view).toEqual([
      'crates/core/src/parser/mod.rs:1 crate::lexer -> crates/core/src/lexer.rs',
      'crates/core/src/parser/mod.rs:1 crate::util::helper -> crates/core/src/lib.rs',
      'crates/core/src/parser/mod.rs:2 std::collections::HashMap -> -',
      'crates/core/src/parser/mod.rs:4 expr -> crates/core/src/parser/expr.rs',
      'crates/core/src/parser/mod.rs:7 lexer::Token -> crates/core/src/lexer.rs',
      'crates/core/src/parser/expr.rs:1 super::Parser -> crates/core/src/parser/mod.rs',
      'crates/core/src/parser/expr.rs:3 crate::lexer::TokenKind -> crates/core/src/lexer.rs',
      'crates/core/src/parser/expr.rs:5 crate::lexer::TokenKind::Ident -> crates/core/src/lexer.rs',
      'tools/cli/src/main.rs:1 my_core::parser::Parser -> crates/core/src/parser/mod.rs',
      'tools/cli/src/main.rs:3 library -> tools/cli/src/library.rs',
      'tools/cli/src/main.rs:5 library::FilesLibrary -> tools/cli/src/library.rs',
      'tools/cli/src/main.rs:5 library::Library -> tools/cli/src/library.rs',
    ]);
  });

  it(
    'depends_on / no_dependency between modules and crates (grouped imports count, ' + '`std::error` does not)',
    async () => {
      const parser = await t.select('rust', 'module_selector', 'parser');
      const lexer = await t.select('rust', 'module_selector', 'lexer');
      const cli = await t.select('rust', 'crate_selector', 'my-cli');
      const core = await t.select('rust', 'crate_selector', 'my-core');
      expect((await t.check('rust', 'depends_on', parser, lexer)).status).toBe('pass');
      expect((await t.check('rust', 'depends_on', lexer, parser)).status).toBe('fail');
      expect((await t.check('rust', 'depends_on', cli, core)).status).toBe('pass');
      const r = await t.check('rust', 'no_dependency', core, cli);
      expect(r.status).toBe('pass');
      const bad = await t.check('rust', 'no_dependency', cli, core);
      expect(bad.status).toBe('fail');
      if (bad.status === 'fail')
        expect(bad.locations?.[0]).toMatchObject({ file: join(ws, 'tools/cli/src/main.rs'), line: 1 });
    },
  );

  it('no_circular_dependencies: parser ↔ expr form a cycle (mod + super::)', async () => {
    const parser = await t.select('rust', 'module_selector', 'parser');
    const r = await t.check('rust', 'no_circular_dependencies', parser);
    expect(r.status).toBe('fail');
    const lexer = await t.select('rust', 'module_selector', 'lexer');
    expect((await t.check('rust', 'no_circular_dependencies', lexer)).status).toBe('pass');
  });
});
