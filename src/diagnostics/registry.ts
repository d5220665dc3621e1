/**
 * The one registry of diagnostic codes: every code Hielements emits, with its severity, a title,
 * the documentation page that describes it, an explanation and, where it helps, an example.
 * Emitting code refers to codes through `C` (`C.E030` is the string `'E030'`, checked at compile
 * time), never through string literals (test/diagnostics/registry.test.ts scans src/ for them).
 * `hielements explain E030` prints an entry; docs/diagnostics-codes.md is generated from here by
 * `node scripts/diagnostics-codes.mjs`, and a test fails when it is out of date.
 *
 * Adding a code is one line: `E801: { severity: 'error', title: '…', page: '….md', explanation: '…' },`.
 * Codes never change meaning; a code that is no longer emitted stays here.
 */

export interface CodeInfo {
  severity: 'error' | 'warning';
  /** Short name of the problem, lower case, no final period. */
  title: string;
  /** The page of docs/ that documents it. */
  page: string;
  /** What it means and how to fix it. */
  explanation: string;
  /** A spec (or output) that shows it. */
  example?: string;
}

const REGISTRY = {
  E001: {
    severity: 'error',
    title: 'something other than a declaration at the top level',
    page: 'diagnostics-syntax.md',
    explanation:
      'Only `import`, `element`, `pattern`/`template` and `language` may start a top-level line. Also reported for ' +
      'an `import` after the first declaration, a `}` without `{`, and an indented line at the top level. A ' +
      'misspelt keyword gets a suggestion. `expected `element`, `pattern`, `language` or `import` at the top ' +
      'level, found the name `elment`` — help: did you mean `element`?',
    example: `elment shop:
    scope src = files.folder_selector('shop')`,
  },
  E002: {
    severity: 'error',
    title: 'something that cannot start a statement in a body',
    page: 'diagnostics-syntax.md',
    explanation:
      'In an element: `scope`, `ref`, `uses`, `check`, `element`, a binding or a requirement. In a pattern: ' +
      '`scope`, `ref`, `check`, `element` or a requirement. Also: a nested `pattern`/`language`/`import`, a line ' +
      'indented deeper than its neighbours ("unexpected indentation"), a `}` without `{` inside a body.',
    example: `element shop:
    scope src = files.folder_selector('shop')
        scope extra = files.folder_selector('extra')`,
  },
  E003: {
    severity: 'error',
    title: 'an expression was expected',
    page: 'diagnostics-syntax.md',
    explanation:
      'Also reported for a dotted name alone on a line (a binding needs `= expression`). `expected an expression, ' +
      'found the reserved word `to``.',
    example: `element shop:
    check files.exists(scope, 'README.md')`,
  },
  E004: {
    severity: 'error',
    title: 'a name was expected',
    page: 'diagnostics-syntax.md',
    explanation: '`expected an element name, found `{``.',
    example: `element {
    scope src = files.folder_selector('src')
}`,
  },
  E007: {
    severity: 'error',
    title: 'a specific token was expected',
    page: 'diagnostics-syntax.md',
    explanation:
      'A missing `:` or `{` after a header, a missing `>`, `)`, `]`, `:` before a ref type, a missing indented ' +
      'block after `:`, a bracket that is never closed, a malformed `connection_check` parameter (`name: ' +
      'scope[]`). `expected `:` and a type after `ref url`, found `=`` — help: every ref has a type.',
    example: `element broken = files.folder_selector('x')`,
  },
  E008: {
    severity: 'error',
    title: 'the statement should end here',
    page: 'diagnostics-syntax.md',
    explanation:
      'A statement ends at the end of the line, at `;` or before `}`. Also: `return` in a connection check body, a ' +
      '`*` that is not the last segment of a connection path.',
    example: `element shop:
    scope src = files.folder_selector('shop') extra`,
  },
  E011: {
    severity: 'error',
    title: 'not a requirement component',
    page: 'diagnostics-syntax.md',
    explanation:
      'After `requires`/`allows`/`forbids` [`descendant`] must come `scope`, `check`, `element`, `connection`, ' +
      '`ref`, `implements` or `language`.',
    example: `pattern service:
    requires uses logging`,
  },
  E012: {
    severity: 'error',
    title: 'requirement outside a pattern (validator)',
    page: 'diagnostics-syntax.md',
    explanation:
      'The parser keeps `requires`/`allows`/`forbids` written in an element body; the validator reports them. This ' +
      'parses without syntax errors:',
    example: `element shop:
    requires connection to logging.*`,
  },
  E013: {
    severity: 'error',
    title: 'something other than `connection_check` in a language body',
    page: 'diagnostics-syntax.md',
    explanation: 'Also: a second expression in a connection check body.',
    example: `language python:
    scope src = files.folder_selector('src')`,
  },
  E014: {
    severity: 'error',
    title: 'unbounded scope / ref outside a pattern (validator)',
    page: 'diagnostics-syntax.md',
    explanation: 'Parsed everywhere; reported by the validator. This parses without syntax errors:',
    example: `element shop:
    scope src<python>
    ref port: integer`,
  },
  E015: {
    severity: 'error',
    title: 'unbounded scope / ref outside a pattern (validator)',
    page: 'diagnostics-syntax.md',
    explanation: 'Parsed everywhere; reported by the validator. This parses without syntax errors:',
    example: `element shop:
    scope src<python>
    ref port: integer`,
  },
  E016: {
    severity: 'error',
    title: '`uses` without its source',
    page: 'diagnostics-syntax.md',
    explanation: 'A `uses` statement starts with the scope that has the dependency: `module uses core.lexer`.',
    example: `element parser:
    uses lexer`,
  },
  E017: {
    severity: 'error',
    title: 'unexpected character',
    page: 'diagnostics-syntax.md',
    explanation:
      'A character that starts no token, outside strings and comments. Consecutive ones are reported together. The ' +
      'help line explains the usual causes (`-` in names, operators, non-ASCII letters, a lone carriage return).',
    example: `element my-service {}`,
  },
  E018: {
    severity: 'error',
    title: 'unterminated string',
    page: 'diagnostics-syntax.md',
    explanation:
      'Reported at the opening quote; the string is taken to end at the end of its line so the rest of the file is ' +
      'still checked. Strings may span lines, so a missing quote can surface at a later quote; the help line then ' +
      'points at the string that ran over several lines.',
    example: `element shop:
    check files.exists(src, 'README.md)`,
  },
  E019: {
    severity: 'error',
    title: 'a line indented with tabs in a file indented with spaces (or the reverse)',
    page: 'diagnostics-syntax.md',
    explanation:
      'A file indents its code lines with one character: the one most of its lines use (spaces on a tie). A line ' +
      'indented otherwise is one error that names it and says how many columns it was read as (a tab as 4, 8 or 2, ' +
      'whichever lines it up with the block it opens or continues); it causes no further errors.',
    example: `element shop:
	scope src = files.folder_selector('shop')
    scope docs = files.folder_selector('docs')`,
  },
  E020: {
    severity: 'error',
    title: 'indentation matches no enclosing block',
    page: 'diagnostics-syntax.md',
    explanation:
      'A line dedented to a column where no block started. The line is kept in the block it was dedented from.',
    example: `element shop:
        scope src = files.folder_selector('shop')
    scope docs = files.folder_selector('docs')`,
  },
  E021: {
    severity: 'error',
    title: '`{` never closed',
    page: 'diagnostics-syntax.md',
    explanation: 'Reported at the `{`. (The original silently nested everything after it inside the block.)',
    example: `element shop {
    scope src = files.folder_selector('shop')
element cart {
    scope src = files.folder_selector('cart')
}`,
  },
  E022: {
    severity: 'error',
    title: 'reserved word used as a name',
    page: 'diagnostics-syntax.md',
    explanation:
      'Parsing goes on as if it were a name. Reserved words are allowed after a `.`, as ref types and at the start ' +
      'of a `binds` path.',
    example: `element scope:
    scope to = files.folder_selector('x')`,
  },
  E023: {
    severity: 'error',
    title: 'nested too deeply',
    page: 'diagnostics-syntax.md',
    explanation:
      'Elements (or requirement bodies) nested more than 200 levels deep, lists or calls nested more than 200 ' +
      'levels deep, or a chain of more than 200 `.member`/`(…)` steps. Such input is almost certainly generated or ' +
      'broken; the limit keeps the tools from running out of stack. The statement or element is skipped and the ' +
      'rest of the file is still checked. Example: `check f.g([[[[ … ]]]])` with 201 `[`.',
  },
  E029: {
    severity: 'error',
    title: 'too many errors',
    page: 'diagnostics-syntax.md',
    explanation: 'After 50 errors the rest of the file is not checked; fix the first ones and run again.',
  },
  E030: {
    severity: 'error',
    title: 'unknown library',
    page: 'diagnostics-semantic.md',
    explanation:
      'The help lists the registered libraries. External and WebAssembly libraries are declared in ' +
      '`hielements.toml`.',
    example: `element app:
    scope image = docker.file_selector('Dockerfile')   # E030 at \`docker.file_selector\``,
  },
  E031: {
    severity: 'error',
    title: 'unknown selector',
    page: 'diagnostics-semantic.md',
    explanation:
      'The help lists what the library offers, with the closest name. Checked for built-in and WebAssembly ' +
      'libraries; for an external library whose plugin answers `library.doc`, a function it does not list is only ' +
      'a warning (W842).',
    example: `import files
element app:
    scope s = files.nope('x')          # E031: library \`files\` has no selector \`nope\`
    check files.also_nope(s)           # E032: library \`files\` has no check \`also_nope\``,
  },
  E032: {
    severity: 'error',
    title: 'unknown check',
    page: 'diagnostics-semantic.md',
    explanation:
      'The help lists what the library offers, with the closest name. Checked for built-in and WebAssembly ' +
      'libraries; for an external library whose plugin answers `library.doc`, a function it does not list is only ' +
      'a warning (W842).',
    example: `import files
element app:
    scope s = files.nope('x')          # E031: library \`files\` has no selector \`nope\`
    check files.also_nope(s)           # E032: library \`files\` has no check \`also_nope\``,
  },
  E033: {
    severity: 'error',
    title: 'a check used as a value',
    page: 'diagnostics-semantic.md',
    explanation:
      'The position decides: the top-level call of `check` is a check; scope/ref values and every call nested in ' +
      'arguments are selectors.',
    example: `import files
element app:
    scope s = files.exists('x')            # E033: \`files.exists\` is a check
    check files.folder_selector('src')     # E034: \`files.folder_selector\` is a selector, not a check`,
  },
  E034: {
    severity: 'error',
    title: 'a selector used as a check',
    page: 'diagnostics-semantic.md',
    explanation:
      'The position decides: the top-level call of `check` is a check; scope/ref values and every call nested in ' +
      'arguments are selectors.',
    example: `import files
element app:
    scope s = files.exists('x')            # E033: \`files.exists\` is a check
    check files.folder_selector('src')     # E034: \`files.folder_selector\` is a selector, not a check`,
  },
  E035: {
    severity: 'error',
    title: 'not a `library.function` call',
    page: 'diagnostics-semantic.md',
    explanation:
      'Only library functions can be called: a call must be written `library.function(arguments)`. Operators and ' +
      'methods on values do not exist in the language; use a library check instead.',
    example: `element app:
    check src.size.at_most(3)     # E035: only library functions can be called`,
  },
  E036: {
    severity: 'error',
    title: '`check` without a call',
    page: 'diagnostics-semantic.md',
    explanation:
      "`check` must be followed by a library call, e.g. `check files.exists(src, 'README.md')`; a name or a " +
      'literal alone cannot be checked.',
    example: `element app:
    scope src = files.folder_selector('src')
    check src                     # E036`,
  },
  E040: {
    severity: 'error',
    title: 'undefined name',
    page: 'diagnostics-semantic.md',
    explanation:
      'Names resolve in the element, then outward, then at the file top level, then in imported files ' +
      '(semantics.md §3). There is no suffix matching.',
    example: `import files
element app:
    scope src = files.folder_selector('src')
    check files.exists(source, 'main.py')   # E040 at \`source\``,
  },
  E041: {
    severity: 'error',
    title: 'ambiguous name',
    page: 'diagnostics-semantic.md',
    explanation: 'Import the files `as` aliases and write `one.shared.src`.',
    example: `import './one.hie'     # declares element \`shared\`
import './two.hie'     # declares element \`shared\` too
element app:
    check files.exists(shared.src, 'x')    # E041, related: both declarations`,
  },
  E042: {
    severity: 'error',
    title: 'no such member',
    page: 'diagnostics-semantic.md',
    explanation:
      'A dotted name descends into something that has no member of that name (an element without that child, scope ' +
      'or ref, or a scope or ref, which has no members). The help lists the members that exist.',
    example: `element app:
    element api:
        scope src = files.folder_selector('api')
    check files.exists(api.source, 'x')    # E042: \`api\` has no member \`source\` (help: its members are: src)`,
  },
  E043: {
    severity: 'error',
    title: 'not a value',
    page: 'diagnostics-semantic.md',
    explanation:
      'A name that denotes an element, a pattern or an imported spec file is used where a value (a scope or ref) ' +
      'is needed. Refer to one of its scopes or refs instead, e.g. `name.src`.',
    example: `element app:
    element api:
        scope src = files.folder_selector('api')
    check files.exists(api, 'x')           # E043: \`api\` is element \`app.api\`, not a value`,
  },
  E044: {
    severity: 'error',
    title: 'reference cycle',
    page: 'diagnostics-semantic.md',
    explanation: 'Also reported at run time (as E044 on the member) if it was not caught by validation.',
    example: `element app:
    scope a = b
    scope b = child.c
    element child:
        scope c = a      # E044: reference cycle: app.a → app.b → app.child.c → app.a`,
  },
  E045: {
    severity: 'error',
    title: 'pattern placeholder outside an implementing element',
    page: 'diagnostics-semantic.md',
    explanation:
      'A pattern placeholder `p.e.s` is used in an element that neither implements `p` nor is inside one that ' +
      'does, so there is no binding to give it a value. Use it in an element that implements the pattern (or in ' +
      'one of its children).',
    example: `pattern service:
    scope root
element other:
    check files.exists(service.root, 'x')   # E045: no enclosing element implements \`service\``,
  },
  E050: {
    severity: 'error',
    title: 'duplicate name in one element',
    page: 'diagnostics-semantic.md',
    explanation:
      'The children, scopes and refs of one element share one namespace: two of them with the same name are an ' +
      'error. The first declaration is given as the related location; rename one of them.',
    example: `element app:
    scope src = files.folder_selector('src')
    scope src = files.folder_selector('lib')      # E050, related: first declaration
    element src:                                   # E050 (children share the namespace)
        scope x = files.folder_selector('x')`,
  },
  W051: {
    severity: 'warning',
    title: 'shadowed name',
    page: 'diagnostics-semantic.md',
    explanation:
      'A member hides a name of an enclosing element (lexical scoping). Inside the inner element the name now ' +
      "means the inner declaration; write the outer element's path (`outer.name`) to reach the hidden one. " +
      'A member named like its own element (`element patterns { scope patterns = … }`) is not warned: it hides ' +
      'only that element.',
    example: `element app:
    scope src = files.folder_selector('src')
    element api:
        scope src = files.folder_selector('api')   # W051: hides \`src\` of element \`app\``,
  },
  E052: {
    severity: 'error',
    title: 'duplicate top-level name',
    page: 'diagnostics-semantic.md',
    explanation:
      'The top-level elements and patterns of one file share one namespace: two with the same name are an error. ' +
      'Rename one of them.',
    example: `element a:
    scope s = files.folder_selector('x')
pattern a:          # E052
    scope q`,
  },
  E060: {
    severity: 'error',
    title: 'unknown pattern',
    page: 'diagnostics-semantic.md',
    explanation: 'Also for `requires element x implements Q` when `Q` is not a pattern.',
    example: `element billing implements missing_pattern:   # E060 (help: known patterns)
    scope src = files.folder_selector('billing')`,
  },
  E061: {
    severity: 'error',
    title: 'missing binding',
    page: 'diagnostics-semantic.md',
    explanation:
      'Every placeholder without a default must be bound (`binds` or a V1 binding `service.api.module = …`).',
    example: `pattern service:
    scope root
    element api:
        scope module
element orders implements service:     # E061: does not bind scope \`service.api.module\`
    scope src binds service.root = files.folder_selector('orders')`,
  },
  E062: {
    severity: 'error',
    title: '`binds` target does not exist',
    page: 'diagnostics-semantic.md',
    explanation:
      'A `binds` path (or a binding `p.e.s = …`) must name a placeholder of a pattern the element or an enclosing ' +
      'element implements, as `pattern.element.member`. The help lists the placeholders that exist.',
    example: `element orders implements service:
    scope extra binds service.nothing = files.folder_selector('x')   # E062 (help: its placeholders)`,
  },
  E063: {
    severity: 'error',
    title: 'binding a pattern the element does not implement',
    page: 'diagnostics-semantic.md',
    explanation:
      'A binding names a placeholder of a pattern that neither the element nor any enclosing element implements. ' +
      'Add `implements pattern` to the element.',
    example: `element b:
    scope s binds service.root = files.folder_selector('x')   # E063: add \`implements service\``,
  },
  E064: {
    severity: 'error',
    title: 'placeholder bound twice',
    page: 'diagnostics-semantic.md',
    explanation:
      'One placeholder of a pattern is bound twice for the same implementing element; the first binding is given ' +
      'as the related location. Keep one of them.',
    example: `element a implements service:
    scope s1 binds service.root = files.folder_selector('x')
    scope s2 binds service.root = files.folder_selector('y')   # E064, related: first binding`,
  },
  E065: {
    severity: 'error',
    title: 'binding of the wrong kind',
    page: 'diagnostics-semantic.md',
    explanation: 'Also when the path names a pattern element instead of one of its scopes/refs.',
    example: `element a implements service:
    scope s binds service.api.port = files.folder_selector('y')   # E065: \`port\` is a ref`,
  },
  E066: {
    severity: 'error',
    title: 'ref binding of another type',
    page: 'diagnostics-semantic.md',
    explanation:
      "A ref that binds a placeholder must have the placeholder's declared type. Declare the ref with that type " +
      "(or change the placeholder's type).",
    example: `pattern service:
    element api:
        ref port: integer
element a implements service:
    ref port: string binds service.api.port = '8080'   # E066: the placeholder is declared \`integer\``,
  },
  E070: {
    severity: 'error',
    title: '`uses` source is not a member of the element',
    page: 'diagnostics-semantic.md',
    explanation:
      "The left side of `uses` names one of the element's own scopes or refs, e.g. `module uses core.lexer`.",
    example: `element parser:
    scope module = files.folder_selector('parser')
    nothing uses lexer       # E070`,
  },
  E071: {
    severity: 'error',
    title: '`uses` target names nothing',
    page: 'diagnostics-semantic.md',
    explanation:
      'The target of `uses` must name an element, or a scope of an element, resolved like any other name from the ' +
      'element outward.',
    example: `element app:
    scope src = files.folder_selector('app')
    src uses nowhere         # E071`,
  },
  E072: {
    severity: 'error',
    title: 'connection target names no element',
    page: 'diagnostics-semantic.md',
    explanation:
      'The target of `forbids/requires/allows connection to …` must name an element, resolved from each ' +
      'implementing element outward, then inside the pattern. It is reported once per implementing element where ' +
      'it names nothing.',
    example: `pattern layered:
    forbids connection to storage.*    # E072 for each implementing element where \`storage\` is unknown
element app implements layered:
    scope src = files.folder_selector('app')`,
  },
  E080: {
    severity: 'error',
    title: 'imported spec file not found',
    page: 'diagnostics-semantic.md',
    explanation:
      "An `import './file.hie'` names a file that does not exist. Paths are relative to the importing file; the " +
      'help shows the import chain.',
    example: `import './missing.hie'     # E080 (help: the import chain)
import './b.hie'           # E081 when b.hie imports this file: a.hie → b.hie → a.hie`,
  },
  E081: {
    severity: 'error',
    title: 'import cycle',
    page: 'diagnostics-semantic.md',
    explanation:
      'Spec files import each other in a cycle; the message names the chain (`a.hie → b.hie → a.hie`). Move the ' +
      'shared declarations into a file both can import.',
    example: `import './missing.hie'     # E080 (help: the import chain)
import './b.hie'           # E081 when b.hie imports this file: a.hie → b.hie → a.hie`,
  },
  W082: {
    severity: 'warning',
    title: 'library used but not imported',
    page: 'diagnostics-semantic.md',
    explanation:
      'A library is called in a file that does not import it. The call still works (the library is registered), ' +
      'but the file should say `import library` at the top.',
    example: `element app:
    scope src = files.folder_selector('src')   # W082 (once per library and file): add \`import files\``,
  },
  W083: {
    severity: 'warning',
    title: 'import of an unknown library',
    page: 'diagnostics-semantic.md',
    explanation:
      'An `import` names no registered library. Built-in libraries need no configuration; external and WebAssembly ' +
      'libraries are declared in hielements.toml.',
    example: `import kubernetes     # W083: not registered (it may be configured on another machine)`,
  },
  E084: {
    severity: 'error',
    title: 'import name used twice',
    page: 'diagnostics-semantic.md',
    explanation:
      'Two imports of one file use the same local name (an alias or a library name). Give one of them another ' +
      'alias with `as`.',
    example: `import files as x
import python as x    # E084`,
  },
  E090: {
    severity: 'error',
    title: 'invalid `connection_check`',
    page: 'diagnostics-semantic.md',
    explanation:
      "A language's `connection_check` takes one parameter (all scopes) or two (the element's scopes, its " +
      "children's scopes), each named once, and its body must be a library check call that uses only its parameters.",
    example: `language python:
    connection_check can_import(source: scope[], source: scope[]):   # E090: duplicate parameter
        python.imports(source, other)                               # E090: \`other\` is not a parameter
    connection_check wide(a: scope[], b: scope[], c: scope[]):       # E090: at most two parameters
        python.imports(a, b)`,
  },
  E091: {
    severity: 'error',
    title: 'ref value does not match its type',
    page: 'diagnostics-semantic.md',
    explanation:
      "At run time, a ref's value does not have the type the ref declares (e.g. `ref port: integer` evaluating to " +
      'a string). The ref and everything depending on it is not evaluated.',
    example: `element app:
    ref limit: integer = 'big'     # E091; checks using \`limit\` report ERROR`,
  },
  E092: {
    severity: 'error',
    title: 'scope or ref could not be evaluated',
    page: 'diagnostics-semantic.md',
    explanation: 'Reported once, at the member that failed; members depending on it are not reported again.',
    example: `element app:
    scope bad = files.folder_selector(42)   # E092 (the library's message); every check using \`bad\` is ERROR`,
  },
  W093: {
    severity: 'warning',
    title: 'empty scope',
    page: 'diagnostics-semantic.md',
    explanation:
      'A scope selects no file. Checks on an empty scope fail, unless `--allow-empty` is given (then this warning ' +
      'is all). A renamed folder is the usual cause.',
    example: `element app:
    scope rs = files.glob_selector('**/*.rs')   # W093 when nothing matches; checks on it fail unless --allow-empty`,
  },
  E094: {
    severity: 'error',
    title: 'a scope that is not a scope',
    page: 'diagnostics-semantic.md',
    explanation:
      "A scope's expression evaluates to something that is not a scope (a string, a number…). Use a selector such " +
      'as `files.folder_selector` to give a scope its files.',
    example: `element app:
    scope s = 'src'       # E094: use a selector such as files.folder_selector('src')`,
  },
  W095: {
    severity: 'warning',
    title: 'a file the built-in libraries could not analyse',
    page: 'stdlib.md',
    explanation:
      'A file a check needed could not be analysed, so that check saw it as empty (no imports, definitions, calls ' +
      'or text): larger than 4 MiB (parsed for facts) or 64 MiB (read as text), unreadable (permissions, a FIFO or ' +
      'device), a parse that took longer than 10 s, or a parser failure. The warning names the file and why; the ' +
      'check itself is reported as it came out. One warning per file and run; after 20, one more counts the rest.',
    example: `warning[W095]: this file was not analysed: file is larger than 4194304 bytes; not parsed
 --> vendor/generated_tables.py
  = help: checks that read this file (imports, definitions, calls or text) saw it as empty; …`,
  },
  E099: {
    severity: 'error',
    title: 'unexpected library failure',
    page: 'diagnostics-semantic.md',
    explanation:
      'A library threw something other than a `LibraryError` (a bug in the library). The check reports ERROR with ' +
      'the message; the run goes on.',
  },
  E100: {
    severity: 'error',
    title: 'bad argument `path` of `files.file_selector`',
    page: 'stdlib.md',
    explanation:
      'The argument `path` (string) of `files.file_selector` is missing, has the wrong type or an invalid value ' +
      '(for a path: absolute, or leading outside the workspace). The check or selector is reported as an error; ' +
      'the run goes on.',
  },
  E101: {
    severity: 'error',
    title: 'bad argument `path` of `files.folder_selector`',
    page: 'stdlib.md',
    explanation:
      'The argument `path` (string) of `files.folder_selector` is missing, has the wrong type or an invalid value ' +
      '(for a path: absolute, or leading outside the workspace). The check or selector is reported as an error; ' +
      'the run goes on.',
  },
  E102: {
    severity: 'error',
    title: 'bad argument `pattern` of `files.glob_selector`',
    page: 'stdlib.md',
    explanation:
      'The argument `pattern` (string) of `files.glob_selector` is missing, has the wrong type or an invalid value ' +
      '(for a path: absolute, or leading outside the workspace). The check or selector is reported as an error; ' +
      'the run goes on.',
  },
  E110: {
    severity: 'error',
    title: 'bad argument `scope` of `files.exists`',
    page: 'stdlib.md',
    explanation:
      'The argument `scope` (scope) of `files.exists` is missing, has the wrong type or an invalid value (for a ' +
      'path: absolute, or leading outside the workspace). The check or selector is reported as an error; the ' +
      'run goes on.',
  },
  E111: {
    severity: 'error',
    title: 'bad argument `filename` of `files.exists`',
    page: 'stdlib.md',
    explanation:
      'The argument `filename` (string) of `files.exists` is missing, has the wrong type or an invalid value (for ' +
      'a path: absolute, or leading outside the workspace). The check or selector is reported as an error; the ' +
      'run goes on.',
  },
  E112: {
    severity: 'error',
    title: 'bad argument `scope` of `files.contains`',
    page: 'stdlib.md',
    explanation:
      'The argument `scope` (scope) of `files.contains` is missing, has the wrong type or an invalid value (for a ' +
      'path: absolute, or leading outside the workspace). The check or selector is reported as an error; the ' +
      'run goes on.',
  },
  E113: {
    severity: 'error',
    title: 'bad argument `filename` of `files.contains`',
    page: 'stdlib.md',
    explanation:
      'The argument `filename` (string) of `files.contains` is missing, has the wrong type or an invalid value ' +
      '(for a path: absolute, or leading outside the workspace). The check or selector is reported as an error; ' +
      'the run goes on.',
  },
  E114: {
    severity: 'error',
    title: 'bad argument `scope` of `files.no_files_matching`',
    page: 'stdlib.md',
    explanation:
      'The argument `scope` (scope) of `files.no_files_matching` is missing, has the wrong type or an invalid ' +
      'value (for a path: absolute, or leading outside the workspace). The check or selector is reported as an ' +
      'error; the run goes on.',
  },
  E115: {
    severity: 'error',
    title: 'bad argument `pattern` of `files.no_files_matching`',
    page: 'stdlib.md',
    explanation:
      'The argument `pattern` (string) of `files.no_files_matching` is missing, has the wrong type or an invalid ' +
      'value (for a path: absolute, or leading outside the workspace). The check or selector is reported as an ' +
      'error; the run goes on.',
  },
  E116: {
    severity: 'error',
    title: 'bad argument `scope` of `files.max_size`',
    page: 'stdlib.md',
    explanation:
      'The argument `scope` (scope) of `files.max_size` is missing, has the wrong type or an invalid value (for a ' +
      'path: absolute, or leading outside the workspace). The check or selector is reported as an error; the ' +
      'run goes on.',
  },
  E117: {
    severity: 'error',
    title: 'bad argument `max_bytes` of `files.max_size`',
    page: 'stdlib.md',
    explanation:
      'The argument `max_bytes` (integer) of `files.max_size` is missing, has the wrong type or an invalid value ' +
      '(for a path: absolute, or leading outside the workspace). The check or selector is reported as an error; ' +
      'the run goes on.',
  },
  E118: {
    severity: 'error',
    title: 'bad argument `scope` of `files.matches_pattern`',
    page: 'stdlib.md',
    explanation:
      'The argument `scope` (scope) of `files.matches_pattern` is missing, has the wrong type or an invalid value ' +
      '(for a path: absolute, or leading outside the workspace). The check or selector is reported as an error; ' +
      'the run goes on.',
  },
  E119: {
    severity: 'error',
    title: 'bad argument `pattern` of `files.matches_pattern`',
    page: 'stdlib.md',
    explanation:
      'The argument `pattern` (string) of `files.matches_pattern` is missing, has the wrong type or an invalid ' +
      'value (for a path: absolute, or leading outside the workspace). The check or selector is reported as an ' +
      'error; the run goes on.',
  },
  E120: {
    severity: 'error',
    title: 'bad argument `scope` of `files.file_count`',
    page: 'stdlib.md',
    explanation:
      'The argument `scope` (scope) of `files.file_count` is missing, has the wrong type or an invalid value (for ' +
      'a path: absolute, or leading outside the workspace). The check or selector is reported as an error; the ' +
      'run goes on.',
  },
  E121: {
    severity: 'error',
    title: 'bad argument `min` of `files.file_count`',
    page: 'stdlib.md',
    explanation:
      'The argument `min` (integer) of `files.file_count` is missing, has the wrong type or an invalid value (for ' +
      'a path: absolute, or leading outside the workspace). The check or selector is reported as an error; the ' +
      'run goes on.',
  },
  E122: {
    severity: 'error',
    title: 'bad argument `max` of `files.file_count`',
    page: 'stdlib.md',
    explanation:
      'The argument `max` (integer) of `files.file_count` is missing, has the wrong type or an invalid value (for ' +
      'a path: absolute, or leading outside the workspace). The check or selector is reported as an error; the ' +
      'run goes on.',
  },
  E123: {
    severity: 'error',
    title: 'bad argument `scope` of `files.max_files`',
    page: 'stdlib.md',
    explanation:
      'The argument `scope` (scope) of `files.max_files` is missing, has the wrong type or an invalid value (for a ' +
      'path: absolute, or leading outside the workspace). The check or selector is reported as an error; the ' +
      'run goes on.',
  },
  E124: {
    severity: 'error',
    title: 'bad argument `max` of `files.max_files`',
    page: 'stdlib.md',
    explanation:
      'The argument `max` (integer) of `files.max_files` is missing, has the wrong type or an invalid value (for a ' +
      'path: absolute, or leading outside the workspace). The check or selector is reported as an error; the ' +
      'run goes on.',
  },
  E125: {
    severity: 'error',
    title: 'bad argument `scope` of `files.contains_text`',
    page: 'stdlib.md',
    explanation:
      'The argument `scope` (scope) of `files.contains_text` is missing, has the wrong type or an invalid value ' +
      '(for a path: absolute, or leading outside the workspace). The check or selector is reported as an error; ' +
      'the run goes on.',
  },
  E126: {
    severity: 'error',
    title: 'bad argument `text` of `files.contains_text`',
    page: 'stdlib.md',
    explanation:
      'The argument `text` (string) of `files.contains_text` is missing, has the wrong type or an invalid value ' +
      '(for a path: absolute, or leading outside the workspace). The check or selector is reported as an error; ' +
      'the run goes on.',
  },
  E127: {
    severity: 'error',
    title: 'bad argument `scope` of `files.not_contains_text`',
    page: 'stdlib.md',
    explanation:
      'The argument `scope` (scope) of `files.not_contains_text` is missing, has the wrong type or an invalid ' +
      'value (for a path: absolute, or leading outside the workspace). The check or selector is reported as an ' +
      'error; the run goes on.',
  },
  E128: {
    severity: 'error',
    title: 'bad argument `text` of `files.not_contains_text`',
    page: 'stdlib.md',
    explanation:
      'The argument `text` (string) of `files.not_contains_text` is missing, has the wrong type or an invalid ' +
      'value (for a path: absolute, or leading outside the workspace). The check or selector is reported as an ' +
      'error; the run goes on.',
  },
  E198: {
    severity: 'error',
    title: 'too many arguments to a `files` function',
    page: 'stdlib.md',
    explanation:
      'A call of a `files` function passes more arguments than the function takes; the message names the expected ' +
      'signature.',
  },
  E199: {
    severity: 'error',
    title: 'unknown `files` function',
    page: 'stdlib.md',
    explanation:
      'The library `files` has no function of that name (or a check was called as a selector, or the reverse); the ' +
      'message suggests the closest name.',
  },
  E300: {
    severity: 'error',
    title: 'bad argument `crate_name` of `rust.crate_selector`',
    page: 'stdlib.md',
    explanation:
      'The argument `crate_name` (string) of `rust.crate_selector` is missing, has the wrong type or an invalid ' +
      'value (for a path: absolute, or leading outside the workspace). The check or selector is reported as an ' +
      'error; the run goes on.',
  },
  E301: {
    severity: 'error',
    title: 'bad argument `module_path` of `rust.module_selector`',
    page: 'stdlib.md',
    explanation:
      'The argument `module_path` (string) of `rust.module_selector` is missing, has the wrong type or an invalid ' +
      'value (for a path: absolute, or leading outside the workspace). The check or selector is reported as an ' +
      'error; the run goes on.',
  },
  E302: {
    severity: 'error',
    title: 'bad argument `struct_name` of `rust.struct_selector`',
    page: 'stdlib.md',
    explanation:
      'The argument `struct_name` (string) of `rust.struct_selector` is missing, has the wrong type or an invalid ' +
      'value (for a path: absolute, or leading outside the workspace). The check or selector is reported as an ' +
      'error; the run goes on.',
  },
  E303: {
    severity: 'error',
    title: 'bad argument `enum_name` of `rust.enum_selector`',
    page: 'stdlib.md',
    explanation:
      'The argument `enum_name` (string) of `rust.enum_selector` is missing, has the wrong type or an invalid ' +
      'value (for a path: absolute, or leading outside the workspace). The check or selector is reported as an ' +
      'error; the run goes on.',
  },
  E304: {
    severity: 'error',
    title: 'bad argument `func_name` of `rust.function_selector`',
    page: 'stdlib.md',
    explanation:
      'The argument `func_name` (string) of `rust.function_selector` is missing, has the wrong type or an invalid ' +
      'value (for a path: absolute, or leading outside the workspace). The check or selector is reported as an ' +
      'error; the run goes on.',
  },
  E305: {
    severity: 'error',
    title: 'bad argument `trait_name` of `rust.trait_selector`',
    page: 'stdlib.md',
    explanation:
      'The argument `trait_name` (string) of `rust.trait_selector` is missing, has the wrong type or an invalid ' +
      'value (for a path: absolute, or leading outside the workspace). The check or selector is reported as an ' +
      'error; the run goes on.',
  },
  E306: {
    severity: 'error',
    title: 'bad argument `type_name` of `rust.impl_selector`',
    page: 'stdlib.md',
    explanation:
      'The argument `type_name` (string) of `rust.impl_selector` is missing, has the wrong type or an invalid ' +
      'value (for a path: absolute, or leading outside the workspace). The check or selector is reported as an ' +
      'error; the run goes on.',
  },
  E310: {
    severity: 'error',
    title: 'bad argument `struct_name` of `rust.struct_exists`',
    page: 'stdlib.md',
    explanation:
      'The argument `struct_name` (string) of `rust.struct_exists` is missing, has the wrong type or an invalid ' +
      'value (for a path: absolute, or leading outside the workspace). The check or selector is reported as an ' +
      'error; the run goes on.',
  },
  E311: {
    severity: 'error',
    title: 'bad argument `enum_name` of `rust.enum_exists`',
    page: 'stdlib.md',
    explanation:
      'The argument `enum_name` (string) of `rust.enum_exists` is missing, has the wrong type or an invalid value ' +
      '(for a path: absolute, or leading outside the workspace). The check or selector is reported as an error; ' +
      'the run goes on.',
  },
  E312: {
    severity: 'error',
    title: 'bad argument `func_name` of `rust.function_exists`',
    page: 'stdlib.md',
    explanation:
      'The argument `func_name` (string) of `rust.function_exists` is missing, has the wrong type or an invalid ' +
      'value (for a path: absolute, or leading outside the workspace). The check or selector is reported as an ' +
      'error; the run goes on.',
  },
  E313: {
    severity: 'error',
    title: 'bad argument `trait_name` of `rust.trait_exists`',
    page: 'stdlib.md',
    explanation:
      'The argument `trait_name` (string) of `rust.trait_exists` is missing, has the wrong type or an invalid ' +
      'value (for a path: absolute, or leading outside the workspace). The check or selector is reported as an ' +
      'error; the run goes on.',
  },
  E314: {
    severity: 'error',
    title: 'bad argument `type_name` of `rust.impl_exists`',
    page: 'stdlib.md',
    explanation:
      'The argument `type_name` (string) of `rust.impl_exists` is missing, has the wrong type or an invalid value ' +
      '(for a path: absolute, or leading outside the workspace). The check or selector is reported as an error; ' +
      'the run goes on.',
  },
  E315: {
    severity: 'error',
    title: 'bad argument `type_name` of `rust.implements`',
    page: 'stdlib.md',
    explanation:
      'The argument `type_name` (string) of `rust.implements` is missing, has the wrong type or an invalid value ' +
      '(for a path: absolute, or leading outside the workspace). The check or selector is reported as an error; ' +
      'the run goes on.',
  },
  E316: {
    severity: 'error',
    title: 'bad argument `trait_name` of `rust.implements`',
    page: 'stdlib.md',
    explanation:
      'The argument `trait_name` (string) of `rust.implements` is missing, has the wrong type or an invalid value ' +
      '(for a path: absolute, or leading outside the workspace). The check or selector is reported as an error; ' +
      'the run goes on.',
  },
  E317: {
    severity: 'error',
    title: 'bad argument `scope` of `rust.uses`',
    page: 'stdlib.md',
    explanation:
      'The argument `scope` (scope) of `rust.uses` is missing, has the wrong type or an invalid value (for a path: ' +
      'absolute, or leading outside the workspace). The check or selector is reported as an error; the run goes on.',
  },
  E318: {
    severity: 'error',
    title: 'bad argument `module_path` of `rust.uses`',
    page: 'stdlib.md',
    explanation:
      'The argument `module_path` (string) of `rust.uses` is missing, has the wrong type or an invalid value (for ' +
      'a path: absolute, or leading outside the workspace). The check or selector is reported as an error; the ' +
      'run goes on.',
  },
  E319: {
    severity: 'error',
    title: 'bad argument `scope` of `rust.has_derive`',
    page: 'stdlib.md',
    explanation:
      'The argument `scope` (scope) of `rust.has_derive` is missing, has the wrong type or an invalid value (for a ' +
      'path: absolute, or leading outside the workspace). The check or selector is reported as an error; the ' +
      'run goes on.',
  },
  E320: {
    severity: 'error',
    title: 'bad argument `derive_name` of `rust.has_derive`',
    page: 'stdlib.md',
    explanation:
      'The argument `derive_name` (string) of `rust.has_derive` is missing, has the wrong type or an invalid value ' +
      '(for a path: absolute, or leading outside the workspace). The check or selector is reported as an error; ' +
      'the run goes on.',
  },
  E321: {
    severity: 'error',
    title: 'bad argument `scope` of `rust.has_docs`',
    page: 'stdlib.md',
    explanation:
      'The argument `scope` (scope) of `rust.has_docs` is missing, has the wrong type or an invalid value (for a ' +
      'path: absolute, or leading outside the workspace). The check or selector is reported as an error; the ' +
      'run goes on.',
  },
  E322: {
    severity: 'error',
    title: 'bad argument `scope` of `rust.has_tests`',
    page: 'stdlib.md',
    explanation:
      'The argument `scope` (scope) of `rust.has_tests` is missing, has the wrong type or an invalid value (for a ' +
      'path: absolute, or leading outside the workspace). The check or selector is reported as an error; the ' +
      'run goes on.',
  },
  E323: {
    severity: 'error',
    title: 'bad argument `scope_a` of `rust.depends_on`',
    page: 'stdlib.md',
    explanation:
      'The argument `scope_a` (scope) of `rust.depends_on` is missing, has the wrong type or an invalid value (for ' +
      'a path: absolute, or leading outside the workspace). The check or selector is reported as an error; the ' +
      'run goes on.',
  },
  E324: {
    severity: 'error',
    title: 'bad argument `scope_b` of `rust.depends_on`',
    page: 'stdlib.md',
    explanation:
      'The argument `scope_b` (scope) of `rust.depends_on` is missing, has the wrong type or an invalid value (for ' +
      'a path: absolute, or leading outside the workspace). The check or selector is reported as an error; the ' +
      'run goes on.',
  },
  E325: {
    severity: 'error',
    title: 'bad argument `scope_a` of `rust.no_dependency`',
    page: 'stdlib.md',
    explanation:
      'The argument `scope_a` (scope) of `rust.no_dependency` is missing, has the wrong type or an invalid value ' +
      '(for a path: absolute, or leading outside the workspace). The check or selector is reported as an error; ' +
      'the run goes on.',
  },
  E326: {
    severity: 'error',
    title: 'bad argument `scope_b` of `rust.no_dependency`',
    page: 'stdlib.md',
    explanation:
      'The argument `scope_b` (scope) of `rust.no_dependency` is missing, has the wrong type or an invalid value ' +
      '(for a path: absolute, or leading outside the workspace). The check or selector is reported as an error; ' +
      'the run goes on.',
  },
  E327: {
    severity: 'error',
    title: 'bad argument `output_scope` of `rust.pipeline_connects`',
    page: 'stdlib.md',
    explanation:
      'The argument `output_scope` (scope) of `rust.pipeline_connects` is missing, has the wrong type or an ' +
      'invalid value (for a path: absolute, or leading outside the workspace). The check or selector is reported ' +
      'as an error; the run goes on.',
  },
  E328: {
    severity: 'error',
    title: 'bad argument `input_scope` of `rust.pipeline_connects`',
    page: 'stdlib.md',
    explanation:
      'The argument `input_scope` (scope) of `rust.pipeline_connects` is missing, has the wrong type or an invalid ' +
      'value (for a path: absolute, or leading outside the workspace). The check or selector is reported as an ' +
      'error; the run goes on.',
  },
  E329: {
    severity: 'error',
    title: 'bad argument `scope_a` of `rust.type_compatible`',
    page: 'stdlib.md',
    explanation:
      'The argument `scope_a` (scope) of `rust.type_compatible` is missing, has the wrong type or an invalid value ' +
      '(for a path: absolute, or leading outside the workspace). The check or selector is reported as an error; ' +
      'the run goes on.',
  },
  E330: {
    severity: 'error',
    title: 'bad argument `scope_b` of `rust.type_compatible`',
    page: 'stdlib.md',
    explanation:
      'The argument `scope_b` (scope) of `rust.type_compatible` is missing, has the wrong type or an invalid value ' +
      '(for a path: absolute, or leading outside the workspace). The check or selector is reported as an error; ' +
      'the run goes on.',
  },
  E340: {
    severity: 'error',
    title: 'bad argument `scope` of `rust.public_functions`',
    page: 'stdlib.md',
    explanation:
      'The argument `scope` (scope) of `rust.public_functions` is missing, has the wrong type or an invalid value ' +
      '(for a path: absolute, or leading outside the workspace). The check or selector is reported as an error; ' +
      'the run goes on.',
  },
  E341: {
    severity: 'error',
    title: 'bad argument `scope` of `rust.uses_crate`',
    page: 'stdlib.md',
    explanation:
      'The argument `scope` (scope) of `rust.uses_crate` is missing, has the wrong type or an invalid value (for a ' +
      'path: absolute, or leading outside the workspace). The check or selector is reported as an error; the ' +
      'run goes on.',
  },
  E342: {
    severity: 'error',
    title: 'bad argument `crate_name` of `rust.uses_crate`',
    page: 'stdlib.md',
    explanation:
      'The argument `crate_name` (string) of `rust.uses_crate` is missing, has the wrong type or an invalid value ' +
      '(for a path: absolute, or leading outside the workspace). The check or selector is reported as an error; ' +
      'the run goes on.',
  },
  E343: {
    severity: 'error',
    title: 'bad argument `scope` of `rust.no_circular_dependencies`',
    page: 'stdlib.md',
    explanation:
      'The argument `scope` (scope) of `rust.no_circular_dependencies` is missing, has the wrong type or an ' +
      'invalid value (for a path: absolute, or leading outside the workspace). The check or selector is reported ' +
      'as an error; the run goes on.',
  },
  E398: {
    severity: 'error',
    title: 'too many arguments to a `rust` function',
    page: 'stdlib.md',
    explanation:
      'A call of a `rust` function passes more arguments than the function takes; the message names the expected ' +
      'signature.',
  },
  E399: {
    severity: 'error',
    title: 'unknown `rust` function',
    page: 'stdlib.md',
    explanation:
      'The library `rust` has no function of that name (or a check was called as a selector, or the reverse); the ' +
      'message suggests the closest name.',
  },
  E400: {
    severity: 'error',
    title: 'bad argument `module_path` of `python.module_selector`',
    page: 'stdlib.md',
    explanation:
      'The argument `module_path` (string) of `python.module_selector` is missing, has the wrong type or an ' +
      'invalid value (for a path: absolute, or leading outside the workspace). The check or selector is reported ' +
      'as an error; the run goes on.',
  },
  E401: {
    severity: 'error',
    title: 'bad argument `func_name` of `python.function_selector`',
    page: 'stdlib.md',
    explanation:
      'The argument `func_name` (string) of `python.function_selector` is missing, has the wrong type or an ' +
      'invalid value (for a path: absolute, or leading outside the workspace). The check or selector is reported ' +
      'as an error; the run goes on.',
  },
  E402: {
    severity: 'error',
    title: 'bad argument `class_name` of `python.class_selector`',
    page: 'stdlib.md',
    explanation:
      'The argument `class_name` (string) of `python.class_selector` is missing, has the wrong type or an invalid ' +
      'value (for a path: absolute, or leading outside the workspace). The check or selector is reported as an ' +
      'error; the run goes on.',
  },
  E403: {
    severity: 'error',
    title: 'bad argument `package_name` of `python.package_selector`',
    page: 'stdlib.md',
    explanation:
      'The argument `package_name` (string) of `python.package_selector` is missing, has the wrong type or an ' +
      'invalid value (for a path: absolute, or leading outside the workspace). The check or selector is reported ' +
      'as an error; the run goes on.',
  },
  E404: {
    severity: 'error',
    title: 'bad argument `scope` of `python.public_functions`',
    page: 'stdlib.md',
    explanation:
      'The argument `scope` (scope) of `python.public_functions` is missing, has the wrong type or an invalid ' +
      'value (for a path: absolute, or leading outside the workspace). The check or selector is reported as an ' +
      'error; the run goes on.',
  },
  E410: {
    severity: 'error',
    title: 'bad argument `scope` of `python.imports`',
    page: 'stdlib.md',
    explanation:
      'The argument `scope` (scope) of `python.imports` is missing, has the wrong type or an invalid value (for a ' +
      'path: absolute, or leading outside the workspace). The check or selector is reported as an error; the ' +
      'run goes on.',
  },
  E411: {
    severity: 'error',
    title: 'bad argument `module_name` of `python.imports`',
    page: 'stdlib.md',
    explanation:
      'The argument `module_name` (string) of `python.imports` is missing, has the wrong type or an invalid value ' +
      '(for a path: absolute, or leading outside the workspace). The check or selector is reported as an error; ' +
      'the run goes on.',
  },
  E412: {
    severity: 'error',
    title: 'bad argument `scope` of `python.no_import`',
    page: 'stdlib.md',
    explanation:
      'The argument `scope` (scope) of `python.no_import` is missing, has the wrong type or an invalid value (for ' +
      'a path: absolute, or leading outside the workspace). The check or selector is reported as an error; the ' +
      'run goes on.',
  },
  E413: {
    severity: 'error',
    title: 'bad argument `module_name` of `python.no_import`',
    page: 'stdlib.md',
    explanation:
      'The argument `module_name` (string) of `python.no_import` is missing, has the wrong type or an invalid ' +
      'value (for a path: absolute, or leading outside the workspace). The check or selector is reported as an ' +
      'error; the run goes on.',
  },
  E414: {
    severity: 'error',
    title: 'bad argument `scope` of `python.returns_type`',
    page: 'stdlib.md',
    explanation:
      'The argument `scope` (scope) of `python.returns_type` is missing, has the wrong type or an invalid value ' +
      '(for a path: absolute, or leading outside the workspace). The check or selector is reported as an error; ' +
      'the run goes on.',
  },
  E415: {
    severity: 'error',
    title: 'bad argument `type_name` of `python.returns_type`',
    page: 'stdlib.md',
    explanation:
      'The argument `type_name` (string) of `python.returns_type` is missing, has the wrong type or an invalid ' +
      'value (for a path: absolute, or leading outside the workspace). The check or selector is reported as an ' +
      'error; the run goes on.',
  },
  E416: {
    severity: 'error',
    title: 'bad argument `scope` of `python.function_returns_type`',
    page: 'stdlib.md',
    explanation:
      'The argument `scope` (scope) of `python.function_returns_type` is missing, has the wrong type or an invalid ' +
      'value (for a path: absolute, or leading outside the workspace). The check or selector is reported as an ' +
      'error; the run goes on.',
  },
  E417: {
    severity: 'error',
    title: 'bad argument `func_name` of `python.function_returns_type`',
    page: 'stdlib.md',
    explanation:
      'The argument `func_name` (string) of `python.function_returns_type` is missing, has the wrong type or an ' +
      'invalid value (for a path: absolute, or leading outside the workspace). The check or selector is reported ' +
      'as an error; the run goes on.',
  },
  E418: {
    severity: 'error',
    title: 'bad argument `type_name` of `python.function_returns_type`',
    page: 'stdlib.md',
    explanation:
      'The argument `type_name` (string) of `python.function_returns_type` is missing, has the wrong type or an ' +
      'invalid value (for a path: absolute, or leading outside the workspace). The check or selector is reported ' +
      'as an error; the run goes on.',
  },
  E419: {
    severity: 'error',
    title: 'bad argument `scope` of `python.calls`',
    page: 'stdlib.md',
    explanation:
      'The argument `scope` (scope) of `python.calls` is missing, has the wrong type or an invalid value (for a ' +
      'path: absolute, or leading outside the workspace). The check or selector is reported as an error; the ' +
      'run goes on.',
  },
  E420: {
    severity: 'error',
    title: 'bad argument `target` of `python.calls`',
    page: 'stdlib.md',
    explanation:
      'The argument `target` (string) of `python.calls` is missing, has the wrong type or an invalid value (for a ' +
      'path: absolute, or leading outside the workspace). The check or selector is reported as an error; the ' +
      'run goes on.',
  },
  E421: {
    severity: 'error',
    title: 'bad argument `scope` of `python.calls_function`',
    page: 'stdlib.md',
    explanation:
      'The argument `scope` (scope) of `python.calls_function` is missing, has the wrong type or an invalid value ' +
      '(for a path: absolute, or leading outside the workspace). The check or selector is reported as an error; ' +
      'the run goes on.',
  },
  E422: {
    severity: 'error',
    title: 'bad argument `module_name` of `python.calls_function`',
    page: 'stdlib.md',
    explanation:
      'The argument `module_name` (string) of `python.calls_function` is missing, has the wrong type or an invalid ' +
      'value (for a path: absolute, or leading outside the workspace). The check or selector is reported as an ' +
      'error; the run goes on.',
  },
  E423: {
    severity: 'error',
    title: 'bad argument `func_name` of `python.calls_function`',
    page: 'stdlib.md',
    explanation:
      'The argument `func_name` (string) of `python.calls_function` is missing, has the wrong type or an invalid ' +
      'value (for a path: absolute, or leading outside the workspace). The check or selector is reported as an ' +
      'error; the run goes on.',
  },
  E424: {
    severity: 'error',
    title: 'bad argument `source_scope` of `python.calls_scope`',
    page: 'stdlib.md',
    explanation:
      'The argument `source_scope` (scope) of `python.calls_scope` is missing, has the wrong type or an invalid ' +
      'value (for a path: absolute, or leading outside the workspace). The check or selector is reported as an ' +
      'error; the run goes on.',
  },
  E425: {
    severity: 'error',
    title: 'bad argument `target_scope` of `python.calls_scope`',
    page: 'stdlib.md',
    explanation:
      'The argument `target_scope` (scope) of `python.calls_scope` is missing, has the wrong type or an invalid ' +
      'value (for a path: absolute, or leading outside the workspace). The check or selector is reported as an ' +
      'error; the run goes on.',
  },
  E430: {
    severity: 'error',
    title: 'bad argument `func_name` of `python.function_exists`',
    page: 'stdlib.md',
    explanation:
      'The argument `func_name` (string) of `python.function_exists` is missing, has the wrong type or an invalid ' +
      'value (for a path: absolute, or leading outside the workspace). The check or selector is reported as an ' +
      'error; the run goes on.',
  },
  E431: {
    severity: 'error',
    title: 'bad argument `class_name` of `python.class_exists`',
    page: 'stdlib.md',
    explanation:
      'The argument `class_name` (string) of `python.class_exists` is missing, has the wrong type or an invalid ' +
      'value (for a path: absolute, or leading outside the workspace). The check or selector is reported as an ' +
      'error; the run goes on.',
  },
  E432: {
    severity: 'error',
    title: 'bad argument `scope` of `python.has_tests`',
    page: 'stdlib.md',
    explanation:
      'The argument `scope` (scope) of `python.has_tests` is missing, has the wrong type or an invalid value (for ' +
      'a path: absolute, or leading outside the workspace). The check or selector is reported as an error; the ' +
      'run goes on.',
  },
  E433: {
    severity: 'error',
    title: 'bad argument `scope` of `python.has_docs`',
    page: 'stdlib.md',
    explanation:
      'The argument `scope` (scope) of `python.has_docs` is missing, has the wrong type or an invalid value (for a ' +
      'path: absolute, or leading outside the workspace). The check or selector is reported as an error; the ' +
      'run goes on.',
  },
  E434: {
    severity: 'error',
    title: 'bad argument `source` of `python.depends_on`',
    page: 'stdlib.md',
    explanation:
      'The argument `source` (scope) of `python.depends_on` is missing, has the wrong type or an invalid value ' +
      '(for a path: absolute, or leading outside the workspace). The check or selector is reported as an error; ' +
      'the run goes on.',
  },
  E435: {
    severity: 'error',
    title: 'bad argument `target` of `python.depends_on`',
    page: 'stdlib.md',
    explanation:
      'The argument `target` (scope) of `python.depends_on` is missing, has the wrong type or an invalid value ' +
      '(for a path: absolute, or leading outside the workspace). The check or selector is reported as an error; ' +
      'the run goes on.',
  },
  E436: {
    severity: 'error',
    title: 'bad argument `source` of `python.no_dependency`',
    page: 'stdlib.md',
    explanation:
      'The argument `source` (scope) of `python.no_dependency` is missing, has the wrong type or an invalid value ' +
      '(for a path: absolute, or leading outside the workspace). The check or selector is reported as an error; ' +
      'the run goes on.',
  },
  E437: {
    severity: 'error',
    title: 'bad argument `target` of `python.no_dependency`',
    page: 'stdlib.md',
    explanation:
      'The argument `target` (scope) of `python.no_dependency` is missing, has the wrong type or an invalid value ' +
      '(for a path: absolute, or leading outside the workspace). The check or selector is reported as an error; ' +
      'the run goes on.',
  },
  E438: {
    severity: 'error',
    title: 'bad argument `scope` of `python.no_circular_dependencies`',
    page: 'stdlib.md',
    explanation:
      'The argument `scope` (scope) of `python.no_circular_dependencies` is missing, has the wrong type or an ' +
      'invalid value (for a path: absolute, or leading outside the workspace). The check or selector is reported ' +
      'as an error; the run goes on.',
  },
  E498: {
    severity: 'error',
    title: 'too many arguments to a `python` function',
    page: 'stdlib.md',
    explanation:
      'A call of a `python` function passes more arguments than the function takes; the message names the expected ' +
      'signature.',
  },
  E499: {
    severity: 'error',
    title: 'unknown `python` function',
    page: 'stdlib.md',
    explanation:
      'The library `python` has no function of that name (or a check was called as a selector, or the reverse); ' +
      'the message suggests the closest name.',
  },
  E500: {
    severity: 'error',
    title: 'the program could not be started (not found on PATH / at the resolved path, not executable)',
    page: 'external_libraries.md',
    explanation:
      'The program could not be started (not found on PATH / at the resolved path, not executable). The library ' +
      'stays failed.',
  },
  E501: {
    severity: 'error',
    title: 'the process died again after its one restart',
    page: 'external_libraries.md',
    explanation: 'The process died again after its one restart: the library is disabled for this run.',
  },
  E502: {
    severity: 'error',
    title: 'the call did not answer within `timeout_ms`',
    page: 'external_libraries.md',
    explanation:
      'The call did not answer within `timeout_ms`; the process was killed (a fresh one starts on the next call).',
  },
  E503: {
    severity: 'error',
    title: 'the request could not be written (the process closed its stdin)',
    page: 'external_libraries.md',
    explanation: 'The request could not be written (the process closed its stdin).',
  },
  E504: {
    severity: 'error',
    title: 'the process exited, crashed or was killed while the call waited (message has the exit code or signal',
    page: 'external_libraries.md',
    explanation:
      'The process exited, crashed or was killed while the call waited (message has the exit code or signal; ' +
      'details have the stderr tail).',
  },
  E505: {
    severity: 'error',
    title: 'a response line exceeded 64 MiB',
    page: 'external_libraries.md',
    explanation: 'A response line exceeded 64 MiB; the process was killed.',
  },
  E506: {
    severity: 'error',
    title: 'malformed response',
    page: 'external_libraries.md',
    explanation:
      'Malformed response: an error object without a string `message`, or an `id: null` error for the only ' +
      'waiting call.',
  },
  E507: {
    severity: 'error',
    title: 'a response with neither `result` nor `error`',
    page: 'external_libraries.md',
    explanation: 'A response with neither `result` nor `error`.',
  },
  E508: {
    severity: 'error',
    title: '`result` of `library.call` is not a Value',
    page: 'external_libraries.md',
    explanation: '`result` of `library.call` is not a Value.',
  },
  E509: {
    severity: 'error',
    title: '`result` of `library.check` is not a CheckResult',
    page: 'external_libraries.md',
    explanation: '`result` of `library.check` is not a CheckResult.',
  },
  E510: {
    severity: 'error',
    title: 'the file cannot be read',
    page: 'configuration.md',
    explanation: 'The file cannot be read.',
  },
  W510: {
    severity: 'warning',
    title: 'unknown key in an entry, in `capabilities`, in `[workspace]` or in `[cache]` (ignored)',
    page: 'configuration.md',
    explanation: 'Unknown key in an entry, in `capabilities`, in `[workspace]` or in `[cache]` (ignored).',
  },
  E511: {
    severity: 'error',
    title: "tOML syntax error (with the parser's line and column)",
    page: 'configuration.md',
    explanation: "TOML syntax error (with the parser's line and column). No library from this file is loaded.",
  },
  W511: {
    severity: 'warning',
    title: 'unknown top-level key or table (ignored)',
    page: 'configuration.md',
    explanation: 'Unknown top-level key or table (ignored).',
  },
  E512: {
    severity: 'error',
    title: 'the library type cannot be inferred',
    page: 'configuration.md',
    explanation: 'The library type cannot be inferred.',
  },
  W512: {
    severity: 'warning',
    title: 'key that has no effect for this library type (ignored)',
    page: 'configuration.md',
    explanation: 'Key that has no effect for this library type (ignored).',
  },
  E513: {
    severity: 'error',
    title: 'an external library has no `executable` (or `path`)',
    page: 'configuration.md',
    explanation: 'An external library has no `executable` (or `path`).',
  },
  W513: {
    severity: 'warning',
    title: 'library name that `.hie` files cannot write (not an identifier)',
    page: 'configuration.md',
    explanation: 'Library name that `.hie` files cannot write (not an identifier); the entry is kept.',
  },
  E514: {
    severity: 'error',
    title: 'a wasm library has no `path` (or `package`)',
    page: 'configuration.md',
    explanation: 'A wasm library has no `path` (or `package`).',
  },
  E515: {
    severity: 'error',
    title: 'a key has the wrong type or an out-of-range value, an unknown `type`, an entry that is not a table',
    page: 'configuration.md',
    explanation:
      'A key has the wrong type or an out-of-range value, an unknown `type`, an entry that is ' + 'not a table.',
  },
  E516: {
    severity: 'error',
    title: '`capabilities.network = true`',
    page: 'configuration.md',
    explanation: '`capabilities.network = true`.',
  },
  E517: {
    severity: 'error',
    title: 'a named file, directory or package does not exist / cannot be resolved',
    page: 'configuration.md',
    explanation: 'A named file, directory or package does not exist / cannot be resolved.',
  },
  E518: {
    severity: 'error',
    title: '`path` and `package` both given',
    page: 'configuration.md',
    explanation: '`path` and `package` both given.',
  },
  E519: {
    severity: 'error',
    title: '`[libraries]`, `[workspace]` or `[cache]` (or one of their keys) has the wrong shape',
    page: 'configuration.md',
    explanation: '`[libraries]`, `[workspace]` or `[cache]` (or one of their keys) has the wrong shape.',
  },
  E520: {
    severity: 'error',
    title: 'an external library could not be created',
    page: 'output-formats.md',
    explanation:
      'The registry could not create the external library of a hielements.toml entry and the host gave no code of ' +
      'its own; the library is left out and only the checks that call it are affected.',
  },
  W520: {
    severity: 'warning',
    title: 'a configured library replaces a built-in',
    page: 'output-formats.md',
    explanation:
      'A hielements.toml entry has the name of a built-in library (`files`, `python`, …): the configured library ' +
      'is used in its place. Rename the entry to keep the built-in.',
  },
  E521: {
    severity: 'error',
    title: 'a WebAssembly library could not be created',
    page: 'output-formats.md',
    explanation:
      'The registry could not create the WebAssembly library of a hielements.toml entry and the host gave no code ' +
      'of its own; the library is left out and only the checks that call it are affected.',
  },
  E530: {
    severity: 'error',
    title: 'the plugin answered with a JSON-RPC error (its message is shown as is)',
    page: 'external_libraries.md',
    explanation: 'The plugin answered with a JSON-RPC error (its message is shown as is).',
  },
  W530: {
    severity: 'warning',
    title: 'the plugin printed a stdout line that is not a response (ignored)',
    page: 'external_libraries.md',
    explanation: 'The plugin printed a stdout line that is not a response (ignored).',
  },
  E531: {
    severity: 'error',
    title: 'the call was cancelled (the run was aborted)',
    page: 'external_libraries.md',
    explanation: 'The call was cancelled (the run was aborted).',
  },
  W531: {
    severity: 'warning',
    title: 'a response matched no waiting request (unknown id, or `id',
    page: 'external_libraries.md',
    explanation: 'A response matched no waiting request (unknown id, or `id: null`).',
  },
  W540: {
    severity: 'warning',
    title: 'unknown `--library` name',
    page: 'cli.md',
    explanation: '`hielements doc --library NAME` names no registered library; the catalogue lists the others.',
  },
  W541: {
    severity: 'warning',
    title: 'a library could not describe itself',
    page: 'cli.md',
    explanation:
      '`hielements doc` could not read the catalogue of a library (an external process that fails to start, for ' +
      'example); its entry says so.',
  },
  E600: {
    severity: 'error',
    title: 'the .wasm file cannot be read',
    page: 'wasm_library_guide.md',
    explanation: 'The .wasm file cannot be read.',
  },
  E601: {
    severity: 'error',
    title: 'the bytes are not a valid WebAssembly module',
    page: 'wasm_library_guide.md',
    explanation: 'The bytes are not a valid WebAssembly module.',
  },
  E602: {
    severity: 'error',
    title: 'the module imports something other than `env.memory` and `hielements.*` (e.g',
    page: 'wasm_library_guide.md',
    explanation: 'The module imports something other than `env.memory` and `hielements.*` (e.g. WASI).',
  },
  E603: {
    severity: 'error',
    title: 'the module defines its own memory, or does not import `env.memory`',
    page: 'wasm_library_guide.md',
    explanation: 'The module defines its own memory, or does not import `env.memory`.',
  },
  E604: {
    severity: 'error',
    title: 'a required export is missing or has the wrong kind',
    page: 'wasm_library_guide.md',
    explanation: 'A required export is missing or has the wrong kind.',
  },
  E605: {
    severity: 'error',
    title: '`hielements_abi_version()` returned a version this host does not speak',
    page: 'wasm_library_guide.md',
    explanation: '`hielements_abi_version()` returned a version this host does not speak.',
  },
  E606: {
    severity: 'error',
    title: 'the module bytes do not match the `sha256` pin of the configuration',
    page: 'wasm_library_guide.md',
    explanation: 'The module bytes do not match the `sha256` pin of the configuration.',
  },
  E607: {
    severity: 'error',
    title: 'instantiation or the start function failed, or the worker could not start',
    page: 'wasm_library_guide.md',
    explanation: 'Instantiation or the start function failed, or the worker could not start.',
  },
  E608: {
    severity: 'error',
    title: '`metadata()` returned something that is not valid library metadata',
    page: 'wasm_library_guide.md',
    explanation: '`metadata()` returned something that is not valid library metadata.',
  },
  E609: {
    severity: 'error',
    title: 'invalid WebAssembly library configuration',
    page: 'wasm_library_guide.md',
    explanation:
      'The configuration of a WebAssembly library is invalid (network capability requested, memory limit out of ' +
      'range…), or `new-library` was given a bad name or a non-empty directory.',
  },
  E610: {
    severity: 'error',
    title: 'the guest answered with an error object `{"error": {...}}`',
    page: 'wasm_library_guide.md',
    explanation: 'The guest answered with an error object `{"error": {...}}`.',
  },
  E611: {
    severity: 'error',
    title: 'the guest trapped (unreachable, out-of-bounds access, stack overflow, abort...)',
    page: 'wasm_library_guide.md',
    explanation: 'The guest trapped (unreachable, out-of-bounds access, stack overflow, abort...).',
  },
  E612: {
    severity: 'error',
    title: 'the call ran longer than the configured time limit',
    page: 'wasm_library_guide.md',
    explanation: 'The call ran longer than the configured time limit; the worker was terminated.',
  },
  E613: {
    severity: 'error',
    title: 'the response was malformed: pointer/length out of bounds, too large, invalid UTF-8 or JSON',
    page: 'wasm_library_guide.md',
    explanation: 'The response was malformed: pointer/length out of bounds, too large, invalid UTF-8 or JSON.',
  },
  E614: {
    severity: 'error',
    title: 'the worker died unexpectedly, or the library was disposed',
    page: 'wasm_library_guide.md',
    explanation: 'The worker died unexpectedly, or the library was disposed.',
  },
  E615: {
    severity: 'error',
    title: 'the request is too large for the channel',
    page: 'wasm_library_guide.md',
    explanation: 'The request is too large for the channel.',
  },
  E616: {
    severity: 'error',
    title: 'unknown function of a WebAssembly library',
    page: 'wasm_library_guide.md',
    explanation:
      "The function called is not in the module's metadata: the library has no selector or check of that name.",
  },
  E617: {
    severity: 'error',
    title: 'the metadata declares a capability the configuration does not grant',
    page: 'wasm_library_guide.md',
    explanation: 'The metadata declares a capability the configuration does not grant.',
  },
  E700: {
    severity: 'error',
    title: 'bad argument `module_path` of `javascript.module_selector`, `typescript.module_selector`',
    page: 'stdlib.md',
    explanation:
      'The argument `module_path` (string) of `javascript.module_selector`, `typescript.module_selector` is ' +
      'missing, has the wrong type or an invalid value (for a path: absolute, or leading outside the workspace). ' +
      'The check or selector is reported as an error; the run goes on.',
  },
  E701: {
    severity: 'error',
    title: 'bad argument `folder` of `javascript.package_selector`, `typescript.package_selector`',
    page: 'stdlib.md',
    explanation:
      'The argument `folder` (string) of `javascript.package_selector`, `typescript.package_selector` is missing, ' +
      'has the wrong type or an invalid value (for a path: absolute, or leading outside the workspace). The check ' +
      'or selector is reported as an error; the run goes on.',
  },
  E702: {
    severity: 'error',
    title: 'bad argument `class_name` of `javascript.class_selector`, `typescript.class_selector`',
    page: 'stdlib.md',
    explanation:
      'The argument `class_name` (string) of `javascript.class_selector`, `typescript.class_selector` is missing, ' +
      'has the wrong type or an invalid value (for a path: absolute, or leading outside the workspace). The check ' +
      'or selector is reported as an error; the run goes on.',
  },
  E703: {
    severity: 'error',
    title: 'bad argument `func_name` of `javascript.function_selector`, `typescript.function_selector`',
    page: 'stdlib.md',
    explanation:
      'The argument `func_name` (string) of `javascript.function_selector`, `typescript.function_selector` is ' +
      'missing, has the wrong type or an invalid value (for a path: absolute, or leading outside the workspace). ' +
      'The check or selector is reported as an error; the run goes on.',
  },
  E704: {
    severity: 'error',
    title: 'bad argument `interface_name` of `javascript.interface_selector`, `typescript.interface_selector`',
    page: 'stdlib.md',
    explanation:
      'The argument `interface_name` (string) of `javascript.interface_selector`, `typescript.interface_selector` ' +
      'is missing, has the wrong type or an invalid value (for a path: absolute, or leading outside the ' +
      'workspace). The check or selector is reported as an error; the run goes on.',
  },
  E705: {
    severity: 'error',
    title: 'bad argument `scope` of `javascript.public_functions`, `typescript.public_functions`',
    page: 'stdlib.md',
    explanation:
      'The argument `scope` (scope) of `javascript.public_functions`, `typescript.public_functions` is missing, ' +
      'has the wrong type or an invalid value (for a path: absolute, or leading outside the workspace). The check ' +
      'or selector is reported as an error; the run goes on.',
  },
  E710: {
    severity: 'error',
    title: 'bad argument `class_name` of `javascript.class_exists`, `typescript.class_exists`',
    page: 'stdlib.md',
    explanation:
      'The argument `class_name` (string) of `javascript.class_exists`, `typescript.class_exists` is missing, has ' +
      'the wrong type or an invalid value (for a path: absolute, or leading outside the workspace). The check or ' +
      'selector is reported as an error; the run goes on.',
  },
  E711: {
    severity: 'error',
    title: 'bad argument `func_name` of `javascript.function_exists`, `typescript.function_exists`',
    page: 'stdlib.md',
    explanation:
      'The argument `func_name` (string) of `javascript.function_exists`, `typescript.function_exists` is missing, ' +
      'has the wrong type or an invalid value (for a path: absolute, or leading outside the workspace). The check ' +
      'or selector is reported as an error; the run goes on.',
  },
  E712: {
    severity: 'error',
    title: 'bad argument `interface_name` of `javascript.interface_exists`, `typescript.interface_exists`',
    page: 'stdlib.md',
    explanation:
      'The argument `interface_name` (string) of `javascript.interface_exists`, `typescript.interface_exists` is ' +
      'missing, has the wrong type or an invalid value (for a path: absolute, or leading outside the workspace). ' +
      'The check or selector is reported as an error; the run goes on.',
  },
  E713: {
    severity: 'error',
    title: 'bad argument `scope` of `javascript.exports`, `typescript.exports`',
    page: 'stdlib.md',
    explanation:
      'The argument `scope` (scope) of `javascript.exports`, `typescript.exports` is missing, has the wrong type ' +
      'or an invalid value (for a path: absolute, or leading outside the workspace). The check or selector is ' +
      'reported as an error; the run goes on.',
  },
  E714: {
    severity: 'error',
    title: 'bad argument `name` of `javascript.exports`, `typescript.exports`',
    page: 'stdlib.md',
    explanation:
      'The argument `name` (string) of `javascript.exports`, `typescript.exports` is missing, has the wrong type ' +
      'or an invalid value (for a path: absolute, or leading outside the workspace). The check or selector is ' +
      'reported as an error; the run goes on.',
  },
  E715: {
    severity: 'error',
    title: 'bad argument `scope` of `javascript.imports`, `typescript.imports`',
    page: 'stdlib.md',
    explanation:
      'The argument `scope` (scope) of `javascript.imports`, `typescript.imports` is missing, has the wrong type ' +
      'or an invalid value (for a path: absolute, or leading outside the workspace). The check or selector is ' +
      'reported as an error; the run goes on.',
  },
  E716: {
    severity: 'error',
    title: 'bad argument `module` of `javascript.imports`, `typescript.imports`',
    page: 'stdlib.md',
    explanation:
      'The argument `module` (string) of `javascript.imports`, `typescript.imports` is missing, has the wrong type ' +
      'or an invalid value (for a path: absolute, or leading outside the workspace). The check or selector is ' +
      'reported as an error; the run goes on.',
  },
  E717: {
    severity: 'error',
    title: 'bad argument `scope` of `javascript.no_import`, `typescript.no_import`',
    page: 'stdlib.md',
    explanation:
      'The argument `scope` (scope) of `javascript.no_import`, `typescript.no_import` is missing, has the wrong ' +
      'type or an invalid value (for a path: absolute, or leading outside the workspace). The check or selector is ' +
      'reported as an error; the run goes on.',
  },
  E718: {
    severity: 'error',
    title: 'bad argument `module` of `javascript.no_import`, `typescript.no_import`',
    page: 'stdlib.md',
    explanation:
      'The argument `module` (string) of `javascript.no_import`, `typescript.no_import` is missing, has the wrong ' +
      'type or an invalid value (for a path: absolute, or leading outside the workspace). The check or selector is ' +
      'reported as an error; the run goes on.',
  },
  E719: {
    severity: 'error',
    title: 'bad argument `source` of `javascript.depends_on`, `typescript.depends_on`',
    page: 'stdlib.md',
    explanation:
      'The argument `source` (scope) of `javascript.depends_on`, `typescript.depends_on` is missing, has the wrong ' +
      'type or an invalid value (for a path: absolute, or leading outside the workspace). The check or selector is ' +
      'reported as an error; the run goes on.',
  },
  E720: {
    severity: 'error',
    title: 'bad argument `target` of `javascript.depends_on`, `typescript.depends_on`',
    page: 'stdlib.md',
    explanation:
      'The argument `target` (scope) of `javascript.depends_on`, `typescript.depends_on` is missing, has the wrong ' +
      'type or an invalid value (for a path: absolute, or leading outside the workspace). The check or selector is ' +
      'reported as an error; the run goes on.',
  },
  E721: {
    severity: 'error',
    title: 'bad argument `source` of `javascript.no_dependency`, `typescript.no_dependency`',
    page: 'stdlib.md',
    explanation:
      'The argument `source` (scope) of `javascript.no_dependency`, `typescript.no_dependency` is missing, has the ' +
      'wrong type or an invalid value (for a path: absolute, or leading outside the workspace). The check or ' +
      'selector is reported as an error; the run goes on.',
  },
  E722: {
    severity: 'error',
    title: 'bad argument `target` of `javascript.no_dependency`, `typescript.no_dependency`',
    page: 'stdlib.md',
    explanation:
      'The argument `target` (scope) of `javascript.no_dependency`, `typescript.no_dependency` is missing, has the ' +
      'wrong type or an invalid value (for a path: absolute, or leading outside the workspace). The check or ' +
      'selector is reported as an error; the run goes on.',
  },
  E723: {
    severity: 'error',
    title: 'bad argument `scope` of `javascript.no_circular_dependencies`, `typescript.no_circular_dependencies`',
    page: 'stdlib.md',
    explanation:
      'The argument `scope` (scope) of `javascript.no_circular_dependencies`, ' +
      '`typescript.no_circular_dependencies` is missing, has the wrong type or an invalid value (for a path: ' +
      'absolute, or leading outside the workspace). The check or selector is reported as an error; the run goes on.',
  },
  E724: {
    severity: 'error',
    title: 'bad argument `scope` of `javascript.has_tests`, `typescript.has_tests`',
    page: 'stdlib.md',
    explanation:
      'The argument `scope` (scope) of `javascript.has_tests`, `typescript.has_tests` is missing, has the wrong ' +
      'type or an invalid value (for a path: absolute, or leading outside the workspace). The check or selector is ' +
      'reported as an error; the run goes on.',
  },
  E725: {
    severity: 'error',
    title: 'bad argument `scope` of `javascript.has_docs`, `typescript.has_docs`',
    page: 'stdlib.md',
    explanation:
      'The argument `scope` (scope) of `javascript.has_docs`, `typescript.has_docs` is missing, has the wrong type ' +
      'or an invalid value (for a path: absolute, or leading outside the workspace). The check or selector is ' +
      'reported as an error; the run goes on.',
  },
  E798: {
    severity: 'error',
    title: 'too many arguments to a `javascript` function',
    page: 'stdlib.md',
    explanation:
      'A call of a `javascript` function passes more arguments than the function takes; the message names the ' +
      'expected signature.',
  },
  E799: {
    severity: 'error',
    title: 'unknown `javascript` function',
    page: 'stdlib.md',
    explanation:
      'The library `javascript` has no function of that name (or a check was called as a selector, or the ' +
      'reverse); the message suggests the closest name.',
  },
  E800: {
    severity: 'error',
    title: 'a `file_write` folder that cannot be granted',
    page: 'configuration.md',
    explanation:
      'A `file_write` folder that cannot be granted: absolute, leaving the workspace, or protected (`.git`, ' +
      '`node_modules`, …). The entry is left out.',
  },
  W840: {
    severity: 'warning',
    title: 'a relative path found in the workspace, not next to hielements.toml',
    page: 'configuration.md',
    explanation:
      'A relative path (`executable`, `args`, `cwd`, wasm `path`) that does not exist next to hielements.toml but ' +
      'does in the workspace, as tomls written for the original name them: it is used, and the message gives the ' +
      'spelling relative to the toml.',
  },
  W800: {
    severity: 'warning',
    title: '`file_write = true`',
    page: 'configuration.md',
    explanation:
      "`file_write = true`: grants only the library's own folder `.hielements-out/<name>/` (it used to mean the " +
      'whole workspace). Write the folders as a list to silence it.',
  },
  E801: {
    severity: 'error',
    title: 'a library returned a path outside the workspace',
    page: 'security.md',
    explanation:
      "A WebAssembly or external library returned a path (a scope path, a location's file) that lies outside the " +
      'workspace or cannot be confined to it; the call is an error (for a check, an ERROR outcome) naming the ' +
      'library, the function and the path.',
  },
  E802: {
    severity: 'error',
    title: 'a spec import outside the workspace',
    page: 'diagnostics-semantic.md',
    explanation:
      'An imported `.hie` file must lie inside the workspace (or, when the root spec is outside any workspace, ' +
      "below the root spec's folder).",
  },
  E803: {
    severity: 'error',
    title: 'a spec import that is not a regular file',
    page: 'diagnostics-semantic.md',
    explanation:
      'An imported spec must be a regular `.hie` file reached without a symbolic link: a directory, FIFO, device, ' +
      'socket or link is refused and never read.',
  },
  E804: {
    severity: 'error',
    title: 'a spec import that is too large',
    page: 'diagnostics-semantic.md',
    explanation: 'An imported spec is larger than the spec size limit (8 MiB); it is not read.',
  },
  E805: {
    severity: 'error',
    title: 'a spec import that is not a `.hie` file',
    page: 'diagnostics-semantic.md',
    explanation: "`import './x'` must name a `.hie` file.",
  },
  E820: {
    severity: 'error',
    title: 'a WebAssembly module exceeds a structure limit',
    page: 'security.md',
    explanation:
      "The module's file or structure exceeds a fixed limit (module size, functions, globals, tables, data or " +
      'element segments…), checked before it is compiled; it is refused at load and the checks that call it are ' +
      'errors. The limits are listed in security.md.',
  },
  W820: {
    severity: 'warning',
    title: 'a library produced more than 20 warnings in a run',
    page: 'external_libraries.md',
    explanation:
      'After 20 warnings from one library in a run, the rest are not reported one by one: this one note counts ' +
      'them, so a plugin flooding its output cannot flood the report.',
  },
  E821: {
    severity: 'error',
    title: "a `hielements.*` import with a signature other than the ABI's",
    page: 'wasm_abi.md',
    explanation:
      'The module imports a host function with another signature than the ABI defines (e.g. `i32` where the ABI ' +
      'has `i64`); it is refused at load, naming the import and the signature it should have.',
  },
  E822: {
    severity: 'error',
    title: "a required export with a signature other than the ABI's",
    page: 'wasm_abi.md',
    explanation:
      'One of the exports every module must provide (`alloc`, `call`, `check`, `metadata`, …) has another ' +
      'signature than the ABI defines; the module is refused at load.',
  },
  E823: {
    severity: 'error',
    title: 'a table without a declared maximum',
    page: 'wasm_abi.md',
    explanation:
      'Every table of a module must declare a maximum size, so that it cannot grow without bound; a module with a ' +
      'table without one is refused at load.',
  },
  E840: {
    severity: 'error',
    title: 'unknown `target` of `rust.module_selector`',
    page: 'stdlib.md',
    explanation:
      'rust — `module_selector`: unknown `target` (expected `lib`, `bin`, `test`, `example`, `bench`, `build`, ' +
      '`all`, or `kind:name`)',
  },
  E841: {
    severity: 'error',
    title: 'unknown option of `no_circular_dependencies`',
    page: 'stdlib.md',
    explanation:
      'rust, python, typescript, javascript — `no_circular_dependencies`: unknown option (the message lists the ' +
      'known ones)',
  },
  E842: {
    severity: 'error',
    title: 'a call without an argument its function requires',
    page: 'diagnostics-semantic.md',
    explanation:
      "Calls are checked against the called function's documented parameters before anything runs (built-in " +
      'libraries, WebAssembly libraries from their metadata, external libraries from `library.doc`). The message ' +
      'names the missing parameters and their types; the help gives the whole signature.',
    example: `import python
element app:
    scope pkg = python.package_selector('pkg')
    check python.class_exists(pkg)     # E842: \`python.class_exists\` is missing an argument: \`class_name\` (string)`,
  },
  E843: {
    severity: 'error',
    title: 'a call with more arguments than its function takes',
    page: 'diagnostics-semantic.md',
    explanation: 'Reported at the first argument too many, with the signature in the help. Checked like E842.',
    example: `import python
element app:
    check python.class_exists('A', 'B')     # E843 at 'B'`,
  },
  E844: {
    severity: 'error',
    title: 'an argument of the wrong type',
    page: 'diagnostics-semantic.md',
    explanation:
      'The type of an argument is known before the run when it is a literal (string, integer, float, boolean, ' +
      'list), a scope, a ref declared with a basic type, or a call whose documentation gives its return type; it ' +
      'must fit the parameter (an integer parameter also takes a float). Parameters documented with another type ' +
      "(`any`, a type of the library's own) take anything.",
    example: `import files
element app:
    scope src = files.folder_selector('src')
    check files.exists(src, 42)        # E844: argument 2 of \`files.exists\` (\`filename\`) must be a string`,
  },
  E845: {
    severity: 'error',
    title: 'two arguments in the wrong order',
    page: 'diagnostics-semantic.md',
    explanation:
      'Two arguments of known types whose exchange makes the call fit: one error for the pair instead of two ' +
      'type errors.',
    example: `import files
element app:
    scope src = files.folder_selector('src')
    check files.exists('README.md', src)   # E845: arguments 1 and 2 of \`files.exists\` are in the wrong order`,
  },
  E846: {
    severity: 'error',
    title: 'a misspelt language in a scope annotation',
    page: 'diagnostics-semantic.md',
    explanation:
      'The language of `scope name<language>` is close to a known language but is not one: the languages of the ' +
      'registered libraries (`python`, `rust`, `typescript`, `javascript`, and the names of configured libraries), ' +
      'those declared with `language name` and those named in `requires`/`allows`/`forbids language`. The help ' +
      'suggests the known one.',
    example: `import python
element app:
    scope code<pyhton> = python.package_selector('app')   # E846 — help: did you mean \`python\`?`,
  },
  W841: {
    severity: 'warning',
    title: 'a scope annotation naming no known language',
    page: 'diagnostics-semantic.md',
    explanation:
      'The language of `scope name<language>` is not a known language (see E846) and is not close to one. It is ' +
      'kept (language requirements compare it as written); declare it with `language name` to make it known.',
    example: `element app:
    scope schema<sql> = files.file_selector('schema.sql')   # W841 — declare \`language sql\``,
  },
  W843: {
    severity: 'warning',
    title: "a call that does not fit an external library's documented parameters",
    page: 'diagnostics-semantic.md',
    explanation:
      'What E842–E845 report for built-in and WebAssembly libraries, for a function an external plugin documents ' +
      'in its `library.doc` answer. A warning, not an error: the original never checked plugin documentation, so ' +
      'it may be imprecise (an optional parameter not marked `?` or `"optional": true`); the call still runs, and ' +
      'the plugin itself rejects arguments it cannot use.',
  },
  W842: {
    severity: 'warning',
    title: "a function an external library's documentation does not list",
    page: 'diagnostics-semantic.md',
    explanation:
      'The plugin answered `library.doc` (or `library.metadata`) but does not list the function called. It is ' +
      'still called at run time — plugins written for the original may answer functions they do not document — ' +
      'so this is a warning; the help suggests the closest documented name.',
  },
  E870: {
    severity: 'error',
    title:
      'the baseline file is not valid JSON, not an object with a `violations` array, or of an unsupported `version`',
    page: 'baseline.md',
    explanation:
      'the baseline file is not valid JSON, not an object with a `violations` array, or of an unsupported `version`',
  },
  W870: {
    severity: 'warning',
    title: 'a baseline entry matches no violation any more (fixed, or the rule is gone)',
    page: 'baseline.md',
    explanation: 'a baseline entry matches no violation any more (fixed, or the rule is gone)',
  },
  E871: {
    severity: 'error',
    title: 'one entry lacks `element`/`rule`, or a field has the wrong type (the entry is ignored)',
    page: 'baseline.md',
    explanation: 'one entry lacks `element`/`rule`, or a field has the wrong type (the entry is ignored)',
  },
  E872: {
    severity: 'error',
    title: '`except` without `to TARGET` or without a `because` reason',
    page: 'language.md',
    explanation:
      "An exception is written `except SOURCE to TARGET because 'reason'`: both the target and the reason are " +
      'required, so every accepted dependency says why it is accepted.',
  },
  E873: {
    severity: 'error',
    title: 'an exception names no element',
    page: 'language.md',
    explanation:
      'An element path in `except … to …` names no element (resolved from the element the exception is written in, ' +
      'outward). Name an element, or quote a file glob or an import.',
  },
  E874: {
    severity: 'error',
    title: 'an exception inside a pattern',
    page: 'language.md',
    explanation: "`except` is written in the elements that implement a pattern, not in the pattern's own elements.",
  },
  E875: {
    severity: 'error',
    title: '`--filter` matches no element',
    page: 'cli.md',
    explanation:
      '`run --filter GLOB` (also with `--dry-run` and `--watch`) runs only the elements whose dotted path matches ' +
      'the glob. A glob that matches no element would check nothing and pass, so it is an error instead; the help ' +
      'lists the element paths of the spec and the closest one.',
    example: `# hielements run spec.hie --filter 'shop.bakend'
error[E875]: --filter \`shop.bakend\` matches no element of the spec
  = help: did you mean \`shop.backend\`? the elements are: shop, shop.backend, shop.frontend …`,
  },
  W871: {
    severity: 'warning',
    title: 'an exception accepted no dependency',
    page: 'language.md',
    explanation:
      "No dependency rule at the exception's element or below found an import the exception matches during the " +
      'run: it is stale (the dependency was removed) or names the wrong source or target.',
  },
} as const satisfies Record<string, CodeInfo>;

export type DiagnosticCode = keyof typeof REGISTRY;

/** Every registered code, in code order. */
export const DIAGNOSTIC_CODES: Readonly<Record<DiagnosticCode, CodeInfo>> = REGISTRY;

/** `C.E030 === 'E030'`: the way emitting code names a code (a typo does not compile). */
export const C = Object.freeze(Object.fromEntries(Object.keys(REGISTRY).map((k) => [k, k]))) as {
  readonly [K in DiagnosticCode]: K;
};

export function isDiagnosticCode(code: string): code is DiagnosticCode {
  return Object.hasOwn(REGISTRY, code);
}

/** The entry of a code (case-insensitive), or undefined. */
export function codeInfo(code: string): CodeInfo | undefined {
  const c = code.trim().toUpperCase();
  return isDiagnosticCode(c) ? REGISTRY[c] : undefined;
}

/** The text `hielements explain CODE` prints. */
export function explainCode(code: string): string | undefined {
  const c = code.trim().toUpperCase();
  const info = codeInfo(c);
  if (!info) return undefined;
  const lines = [`${info.severity}[${c}]: ${info.title}`, '', info.explanation];
  if (info.example) lines.push('', 'Example:', '', ...info.example.split('\n').map((l) => `    ${l}`));
  lines.push('', `See docs/${info.page}.`);
  return `${lines.join('\n')}\n`;
}
