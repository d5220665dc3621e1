/**
 * The 46 upstream parser tests (the original's own parser test suite). Every row is marked "keep" (same outcome as the
 * original) or "deliberately changed: why". Inputs are indented 4 spaces per level and end with a
 * newline, as upstream.
 */
import { describe, expect, it } from 'vitest';
import { parse } from '../../src/syntax/index.js';
import { el, errs, firstError, ok, pat, src } from './helpers.js';

describe('upstream parser tests', () => {
  it('P1 simple_element — keep', () => {
    const p = ok(
      src('element test:', "    scope src = files.folder_selector('src')", "    check files.exists(src, 'main.py')"),
    );
    expect(p.elements).toHaveLength(1);
    expect(el(p).name.name).toBe('test');
    expect(el(p).scopes).toHaveLength(1);
    expect(el(p).checks).toHaveLength(1);
  });

  it('P2 with_imports — keep', () => {
    const p = ok(
      src('import python', 'import docker as d', '', 'element service:', "    scope s = files.folder_selector('s')"),
    );
    expect(p.imports).toHaveLength(2);
    expect(p.imports[1]!.alias?.name).toBe('d');
    expect(p.elements).toHaveLength(1);
  });

  it('P3 nested_elements — keep', () => {
    const p = ok(src('element parent:', '    element child:', "        scope src = files.folder_selector('src')"));
    expect(el(p).children.map((c) => c.name.name)).toEqual(['child']);
  });

  it('P4 template_declaration — keep', () => {
    const p = ok(
      src(
        'template compiler:',
        '    element lexer:',
        "        connection_point tokens: TokenStream = rust.function_selector('tokenize')",
        '    element parser:',
        "        connection_point ast: AbstractSyntaxTree = rust.function_selector('parse')",
        '    check compiler.lexer.tokens.compatible_with(compiler.parser.input)',
      ),
    );
    expect(p.patterns).toHaveLength(1);
    expect(pat(p).keyword).toBe('template');
    expect(pat(p).name.name).toBe('compiler');
    expect(pat(p).elements.map((e) => e.name.name)).toEqual(['lexer', 'parser']);
    expect(pat(p).checks).toHaveLength(1);
  });

  it('P5 template_implementation (keyword `scope` as a later path segment) — keep', () => {
    const p = ok(
      src(
        'element my_compiler implements compiler:',
        "    scope src = files.folder_selector('src')",
        "    compiler.lexer.scope = rust.module_selector('lexer')",
        "    compiler.parser.scope = rust.module_selector('parser')",
      ),
    );
    expect(el(p).implements.map((i) => i.name)).toEqual(['compiler']);
    expect(el(p).bindings.map((b) => b.path.map((s) => s.name).join('.'))).toEqual([
      'compiler.lexer.scope',
      'compiler.parser.scope',
    ]);
  });

  it('P6 multiple_template_implementation — keep', () => {
    const p = ok(
      src(
        'element my_service implements microservice, observable:',
        "    scope src = files.folder_selector('src')",
        "    microservice.api.module = rust.module_selector('api')",
        "    observable.metrics.module = rust.module_selector('metrics')",
      ),
    );
    expect(el(p).implements.map((i) => i.name)).toEqual(['microservice', 'observable']);
    expect(el(p).bindings).toHaveLength(2);
  });

  it('P7 template_with_scopes_and_checks (whitespace-only lines) — keep', () => {
    const p = ok(
      src(
        'template microservice:',
        "    scope config = files.file_selector('config.yaml')",
        '    ',
        '    element api:',
        '        connection_point endpoint: HttpHandler = python.public_functions(config)',
        '    ',
        '    check microservice.api.endpoint.is_valid()',
      ),
    );
    expect(pat(p).scopes).toHaveLength(1);
    expect(pat(p).elements).toHaveLength(1);
    expect(pat(p).checks).toHaveLength(1);
  });

  it('P8 connection_point_with_type — keep', () => {
    const p = ok(
      src(
        'element api_service:',
        '    connection_point port: integer = docker.exposed_port(dockerfile)',
        '    connection_point url: string = config.get_api_url()',
        "    connection_point enabled: boolean = config.get_flag('api_enabled')",
      ),
    );
    expect(el(p).refs.map((r) => `${r.name.name}:${r.type.name}`)).toEqual([
      'port:integer',
      'url:string',
      'enabled:boolean',
    ]);
    expect(el(p).refs[0]!.keyword).toBe('connection_point');
  });

  it('P9 connection_point_without_type_fails — keep (E007, message for people)', () => {
    const e = firstError(
      src('element api_service:', '    connection_point endpoint = python.public_functions(module)'),
    );
    expect(e.code).toBe('E007');
    expect(e.message).toContain('`:` and a type');
  });

  it('P10 connection_point_with_custom_type — keep', () => {
    const p = ok(
      src(
        'template compiler:',
        '    element lexer:',
        "        connection_point tokens: TokenStream = rust.function_selector('tokenize')",
        '    element parser:',
        "        connection_point ast: AbstractSyntaxTree = rust.function_selector('parse')",
      ),
    );
    expect(pat(p).elements.map((e) => e.refs[0]!.type.name)).toEqual(['TokenStream', 'AbstractSyntaxTree']);
  });

  it('P11 requires_descendant_scope — keep', () => {
    const p = ok(
      src('template dockerized:', "    requires descendant scope dockerfile = docker.file_selector('Dockerfile')"),
    );
    const r = pat(p).requirements[0]!;
    expect([r.action, r.descendant, r.component.kind]).toEqual(['requires', true, 'scope']);
    expect(r.component.kind === 'scope' && r.component.scope.name.name).toBe('dockerfile');
  });

  it('P12 requires_descendant_element — keep', () => {
    const p = ok(
      src('template observable:', '    requires descendant element metrics_service implements metrics_provider'),
    );
    const c = pat(p).requirements[0]!.component;
    expect(c.kind).toBe('element');
    if (c.kind !== 'element') return;
    expect(c.name?.name).toBe('metrics_service');
    expect(c.implements?.name).toBe('metrics_provider');
  });

  it('P13 forbids_descendant_connection_point — keep', () => {
    const p = ok(src('template secure:', '    forbids descendant connection_point external_api: HttpHandler'));
    const r = pat(p).requirements[0]!;
    expect([r.action, r.descendant]).toEqual(['forbids', true]);
    expect(r.component.kind === 'ref' && `${r.component.name.name}:${r.component.type.name}`).toBe(
      'external_api:HttpHandler',
    );
  });

  it('P14 allows_connection — keep', () => {
    const p = ok(src('template gateway:', '    allows connection to api_gateway.public_api'));
    const r = pat(p).requirements[0]!;
    expect([r.action, r.descendant]).toEqual(['allows', false]);
    expect(r.component.kind === 'connection' && [r.component.path.map((s) => s.name), r.component.wildcard]).toEqual([
      ['api_gateway', 'public_api'],
      false,
    ]);
  });

  it('P15 forbids_connection_with_wildcard — keep', () => {
    const p = ok(src('template isolated:', '    forbids connection to external.*'));
    const c = pat(p).requirements[0]!.component;
    expect(c.kind === 'connection' && [c.path.map((s) => s.name), c.wildcard]).toEqual([['external'], true]);
  });

  it('P16 requires_element_immediate — keep', () => {
    const p = ok(src('template service:', '    requires element api implements api_handler'));
    const r = pat(p).requirements[0]!;
    expect(r.descendant).toBe(false);
    expect(r.component.kind === 'element' && [r.component.name?.name, r.component.implements?.name]).toEqual([
      'api',
      'api_handler',
    ]);
  });

  it(
    'P17 requires_descendant_implements_shorthand — deliberately changed: the anonymous element has no name (the ' +
      'original invents `_anonymous`)',
    () => {
      const p = ok(src('template platform:', '    requires descendant implements dockerized'));
      const r = pat(p).requirements[0]!;
      expect([r.action, r.descendant]).toEqual(['requires', true]);
      expect(r.component.kind === 'element' && [r.component.name, r.component.implements?.name]).toEqual([
        undefined,
        'dockerized',
      ]);
    },
  );

  it('P18 all_requirement_types — keep', () => {
    const p = ok(
      src(
        'template full:',
        "    requires descendant scope config = files.file_selector('config.yaml')",
        "    requires descendant check files.exists(config, 'required.txt')",
        '    allows connection to api.*',
        '    forbids connection to external.*',
        '    requires connection to logging.output',
      ),
    );
    expect(pat(p).requirements.map((r) => `${r.action}:${r.component.kind}`)).toEqual([
      'requires:scope',
      'requires:check',
      'allows:connection',
      'forbids:connection',
      'requires:connection',
    ]);
  });

  it('P19 element_with_body — keep', () => {
    const p = ok(
      src(
        'template observable:',
        '    requires descendant element metrics:',
        "        scope module = rust.module_selector('metrics')",
        "        connection_point handler: MetricsHandler = rust.function_selector(module, 'handler')",
      ),
    );
    const r = pat(p).requirements[0]!;
    expect(r.descendant).toBe(true);
    expect(r.component.kind).toBe('element');
    if (r.component.kind !== 'element') return;
    expect(r.component.name?.name).toBe('metrics');
    expect(r.component.body?.scopes).toHaveLength(1);
    expect(r.component.body?.refs).toHaveLength(1);
  });

  it('P20 requires_check — keep', () => {
    const p = ok(src('template documented:', "    requires descendant check files.exists(src, 'README.md')"));
    const r = pat(p).requirements[0]!;
    expect([r.action, r.descendant, r.component.kind]).toEqual(['requires', true, 'check']);
  });

  // P21–P23: the parser keeps requirements written in an element (ElementDecl.requirements) and the
  // validator reports E012 — deliberately changed: the element is never aborted
  // (docs/design-rulings.md#semantic-errors-come-after-parsing).
  it(
    'P21 requires_in_element_fails — deliberately changed: parsed into requirements, E012 comes from ' +
      'the validator',
    () => {
      const p = ok(
        src(
          'element test_element:',
          "    scope src = files.folder_selector('src')",
          '    requires connection to logging.*',
        ),
      );
      expect(el(p).requirements).toHaveLength(1);
      expect(el(p).scopes).toHaveLength(1);
    },
  );
  it('P22 allows_in_element_fails — deliberately changed (as P21)', () => {
    const p = ok(src('element test_element:', '    allows connection to api.*'));
    expect(el(p).requirements[0]!.action).toBe('allows');
  });
  it('P23 forbids_in_element_fails — deliberately changed (as P21)', () => {
    const p = ok(src('element test_element:', '    forbids connection to external.*'));
    expect(el(p).requirements[0]!.action).toBe('forbids');
  });

  it('P24 simple_language_declaration — keep', () => {
    const p = ok(src('language python'));
    expect(p.languages.map((l) => l.name.name)).toEqual(['python']);
    expect(p.languages[0]!.connectionChecks).toEqual([]);
  });

  it('P25 multiple_language_declarations — keep', () => {
    const p = ok(src('language python', 'language rust', 'language java'));
    expect(p.languages.map((l) => l.name.name)).toEqual(['python', 'rust', 'java']);
  });

  it('P26 language_with_connection_check — keep', () => {
    const p = ok(
      src(
        'language python:',
        '    connection_check can_import(source: scope[], target: scope[]):',
        '        python.imports_allowed(source, target)',
      ),
    );
    const cc = p.languages[0]!.connectionChecks[0]!;
    expect(cc.name.name).toBe('can_import');
    expect(cc.params.map((x) => x.name)).toEqual(['source', 'target']);
    expect(cc.body.kind).toBe('Call');
  });

  it('P27 scope_with_language (legacy colon form) — keep', () => {
    const p = ok(src('element test:', "    scope src : python = python.module_selector('test')"));
    expect(el(p).scopes[0]!.language?.name).toBe('python');
  });

  it('P28 scope_without_language — keep', () => {
    const p = ok(src('element test:', "    scope src = files.folder_selector('src')"));
    expect(el(p).scopes[0]!.language).toBeUndefined();
  });

  it('P29 requires_language — keep', () => {
    const p = ok(src('template python_only:', '    requires language python'));
    const r = pat(p).requirements[0]!;
    expect([r.action, r.descendant]).toEqual(['requires', false]);
    expect(r.component.kind === 'language' && r.component.name.name).toBe('python');
  });

  it('P30 forbids_language — keep', () => {
    const p = ok(src('template no_rust:', '    forbids language rust'));
    const r = pat(p).requirements[0]!;
    expect(r.action).toBe('forbids');
    expect(r.component.kind === 'language' && r.component.name.name).toBe('rust');
  });

  it('P31 allows_language — keep', () => {
    const p = ok(src('template poly:', '    allows language python', '    allows language rust'));
    expect(pat(p).requirements.map((r) => r.component.kind === 'language' && r.component.name.name)).toEqual([
      'python',
      'rust',
    ]);
  });

  it('P32 complete_language_example — keep', () => {
    const p = ok(
      src(
        'language python:',
        '    connection_check can_import(source: scope[], target: scope[]):',
        '        python.imports_allowed(source, target)',
        '    connection_check no_circular(scopes: scope[]):',
        '        python.no_circular_imports(scopes)',
        '',
        'template python_service:',
        '    requires language python',
        '    forbids language rust',
        '',
        'element my_api implements python_service:',
        "    scope src : python = python.module_selector('api')",
        '    check python.has_docstrings(src)',
      ),
    );
    expect(p.languages[0]!.connectionChecks).toHaveLength(2);
    expect(pat(p).requirements).toHaveLength(2);
    expect(el(p).scopes[0]!.language?.name).toBe('python');
  });

  it('P33 v2_angular_bracket_language — keep', () => {
    const p = ok(src('element test:', "    scope src<rust> = rust.module_selector('test')"));
    expect(el(p).scopes[0]!.language?.name).toBe('rust');
    expect(el(p).scopes[0]!.expression).toBeDefined();
  });

  it('P34 v2_unbounded_scope_in_template — keep', () => {
    const p = ok(
      src(
        'template observable:',
        '    element metrics:',
        '        scope module<rust>',
        '        connection_point prometheus: MetricsHandler',
      ),
    );
    const m = pat(p).elements[0]!;
    expect(m.inPattern).toBe(true);
    expect(m.scopes[0]!.language?.name).toBe('rust');
    expect(m.scopes[0]!.expression).toBeUndefined();
    expect(m.refs[0]!.type.name).toBe('MetricsHandler');
    expect(m.refs[0]!.expression).toBeUndefined();
  });

  it('P35 v2_scope_with_binds — keep', () => {
    const p = ok(
      src(
        'element component implements observable:',
        "    scope main_module<rust> binds observable.metrics.module = rust.module_selector('api')",
      ),
    );
    const s = el(p).scopes[0]!;
    expect(s.binds?.map((x) => x.name)).toEqual(['observable', 'metrics', 'module']);
    expect(s.expression).toBeDefined();
  });

  it('P36 v2_connection_point_with_binds — keep', () => {
    const p = ok(
      src(
        'element component implements observable:',
        '    connection_point handler: MetricsHandler binds observable.metrics.prometheus = ' +
          "rust.function_selector(module, 'handler')",
      ),
    );
    const r = el(p).refs[0]!;
    expect(r.binds?.map((x) => x.name)).toEqual(['observable', 'metrics', 'prometheus']);
    expect(r.expression).toBeDefined();
  });

  it('P37 v2_complete_template_and_implementation — keep', () => {
    const p = ok(
      src(
        'template observable:',
        '    allows language rust',
        '    element metrics:',
        '        scope module<rust>',
        '        connection_point prometheus: MetricsHandler',
        '',
        'element component implements observable:',
        "    scope main_module<rust> binds observable.metrics.module = rust.module_selector('api')",
        '    connection_point handler: MetricsHandler binds observable.metrics.prometheus = ' +
          "rust.function_selector(main_module, 'handler')",
      ),
    );
    expect(pat(p).elements).toHaveLength(1);
    expect(pat(p).requirements).toHaveLength(1);
    expect(pat(p).elements[0]!.scopes[0]!.expression).toBeUndefined();
    expect(el(p).implements[0]!.name).toBe('observable');
    expect(el(p).scopes[0]!.binds).toHaveLength(3);
    expect(el(p).refs[0]!.binds).toHaveLength(3);
  });

  it(
    'P38 v2_unbounded_scope_in_element_fails — deliberately changed: parsed; the validator reports E014 ' +
      '(docs/design-rulings.md#semantic-errors-come-after-parsing)',
    () => {
      const p = ok(src('element test:', '    scope src<rust>'));
      expect(el(p).inPattern).toBe(false);
      expect(el(p).scopes[0]!.expression).toBeUndefined();
    },
  );

  it(
    'P39 v2_unbounded_connection_point_in_element_fails — deliberately changed: parsed; the validator ' +
      'reports E015',
    () => {
      const p = ok(src('element test:', '    connection_point api: HttpHandler'));
      expect(el(p).refs[0]!.expression).toBeUndefined();
    },
  );

  it('P40 curly_brackets_element — keep', () => {
    const p = ok(
      src(
        'element test {',
        "    scope src = files.folder_selector('src')",
        "    check files.exists(src, 'main.py')",
        '}',
      ),
    );
    expect(el(p).blockStyle).toBe('brace');
    expect(el(p).scopes).toHaveLength(1);
    expect(el(p).checks).toHaveLength(1);
  });

  it('P41 curly_brackets_template — keep', () => {
    const p = ok(
      src(
        'template observable {',
        '    element metrics {',
        '        scope module<rust>',
        '        ref prometheus: MetricsHandler',
        '    }',
        '}',
      ),
    );
    expect(pat(p).blockStyle).toBe('brace');
    const m = pat(p).elements[0]!;
    expect(m.scopes).toHaveLength(1);
    expect(m.refs[0]!.name.name).toBe('prometheus');
    expect(m.refs[0]!.keyword).toBe('ref');
  });

  it('P42 ref_keyword — keep', () => {
    const p = ok(
      src(
        'element api_service {',
        '    ref port: integer = docker.exposed_port(dockerfile)',
        '    ref url: string = config.get_api_url()',
        '}',
      ),
    );
    expect(el(p).refs.map((r) => `${r.name.name}:${r.type.name}`)).toEqual(['port:integer', 'url:string']);
  });

  it('P43 uses_declaration — keep', () => {
    const p = ok(
      src(
        'element core {',
        '    element lexer {',
        "        scope module = rust.module_selector('lexer')",
        '    }',
        '    element parser {',
        "        scope module = rust.module_selector('parser')",
        "        scope lexer_module = rust.module_selector('lexer')",
        '        lexer_module uses lexer',
        '    }',
        '}',
      ),
    );
    expect(el(p).children).toHaveLength(2);
    const u = el(p).children[1]!.uses[0]!;
    expect(u.source.name).toBe('lexer_module');
    expect(u.target.map((t) => t.name)).toEqual(['lexer']);
  });

  it('P44 uses_qualified_target — keep', () => {
    const p = ok(
      src('element parser {', "    scope module = rust.module_selector('parser')", '    module uses core.lexer', '}'),
    );
    expect(el(p).uses[0]!.target.map((t) => t.name)).toEqual(['core', 'lexer']);
  });

  it('P45 mixed_syntax — keep', () => {
    const p = ok(
      src('element outer:', '    element inner {', "        scope src = files.folder_selector('src')", '    }'),
    );
    expect(el(p).blockStyle).toBe('indent');
    expect(el(p).children[0]!.name.name).toBe('inner');
    expect(el(p).children[0]!.blockStyle).toBe('brace');
  });

  it('P46 nested_curly_brackets — keep', () => {
    const p = ok(
      src(
        'element system {',
        '    element frontend {',
        "        scope src = files.folder_selector('frontend')",
        '    }',
        '    element backend {',
        "        scope src = files.folder_selector('backend')",
        '        element api {',
        "            scope src = files.folder_selector('backend/api')",
        '        }',
        '    }',
        '}',
      ),
    );
    expect(el(p).children.map((c) => c.name.name)).toEqual(['frontend', 'backend']);
    expect(el(p).children[1]!.children[0]!.name.name).toBe('api');
  });
});

describe('parse() contract', () => {
  it('always returns a program, even with errors', () => {
    const r = parse('element = \n', 'x.hie');
    expect(r.program.kind).toBe('Program');
    expect(r.program.file).toBe('x.hie');
    expect(errs('element = \n').length).toBeGreaterThan(0);
  });
});
