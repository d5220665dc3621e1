/** `--help` text of every command: each flag explained, with examples. */

export const COMMANDS = [
  'check',
  'run',
  'baseline',
  'report',
  'parse',
  'doc',
  'init',
  'new-library',
  'lsp',
  'explain',
  'help',
] as const;
export type CommandName = (typeof COMMANDS)[number];

const MAIN = `hielements — describe a software system's architecture and enforce it against the real code

Usage:
  hielements <command> [options]

Commands:
  check [FILE…]        validate spec files (syntax, names, libraries) without running checks
  run [FILE]           validate, evaluate scopes and run every check against the code
  baseline [FILE]      record today's violations as known; later runs fail only on new ones
  report [FILE]        draw the architecture: interactive HTML page, Mermaid, DOT or JSON
  parse FILE           print the syntax tree of a spec file as JSON
  doc                  print the catalogue of every available library (built-in and configured)
  init [NAME]          look at the project and write a starter spec with today's rules
  new-library NAME     scaffold a WebAssembly library project
  lsp                  start the language server (stdio) for editors
  explain CODE         explain a diagnostic code, with an example (hielements explain E072)
  help [COMMAND]       show help for a command

Options:
  -h, --help           show help (also after any command: hielements run --help)
  -V, --version        print the version

Exit codes:
  0   all checks passed / no error diagnostics
  1   a check failed or errored, or an error diagnostic was reported
  2   usage error or unreadable input
  70  internal error (set HIELEMENTS_DEBUG=1 for the stack trace)
  130 interrupted (Ctrl-C)

Examples:
  hielements init shop
  hielements check shop.hie
  hielements run shop.hie --format sarif --output hielements.sarif
  hielements doc --library files,typescript
  hielements explain E072

Documentation: docs/cli.md, docs/output-formats.md`;

const CHECK = `hielements check — validate spec files without running any check

Usage:
  hielements check [FILE…] [options]

Without FILE, uses the nearest hielements.hie in the current directory or one of its parents
(the chosen file is named on stderr). Parses each file (and the spec files it imports), resolves every name and checks every library call
against the library catalogue: the function exists, and its arguments fit its documented parameters
(how many, of which types, in which order). Scopes are not evaluated and checks are not run.

Plugins: the external libraries (hielements.toml) that the spec calls are started to answer
\`library.doc\`, each given 2 s; one that does not answer usably in time is not checked (a note
with --verbose). --no-plugins starts none (their calls are then not checked).

Options:
  -f, --format FMT     human (default), json (the original's diagnostics document) or sarif
  -w, --workspace DIR  workspace root (default: nearest ancestor of the spec holding hielements.toml,
                       else the enclosing git repository, else the current directory)
      --config FILE    hielements.toml to load (default: the one found with the workspace)
      --color          force coloured output
      --no-color       disable colours (NO_COLOR and FORCE_COLOR are honoured too)
  -q, --quiet          print only errors (not warnings) in human format
  -v, --verbose        notes on stderr (a plugin whose calls could not be checked, and why)
      --no-plugins     do not start external libraries; their calls are not checked
  -h, --help           show this help

Exit codes: 0 no error diagnostic (warnings allowed), 1 error diagnostics, 2 unreadable file or usage error.

Examples:
  hielements check
  hielements check hielements.hie
  hielements check specs/*.hie --format json
  hielements check hielements.hie -f sarif > check.sarif`;

const RUN = `hielements run — validate a spec, then run every check against the code

Usage:
  hielements run [FILE] [options]

Without FILE, uses the nearest hielements.hie in the current directory or one of its parents
(the chosen file is named on stderr unless --quiet).

Options:
  -w, --workspace DIR  workspace root: relative paths in selectors start here (default: nearest
                       ancestor of FILE holding hielements.toml, else the enclosing git
                       repository, else the current directory)
  -f, --format FMT     human (default), json, sarif (SARIF 2.1.0) or junit (JUnit XML)
  -o, --output FILE    write the report to FILE; a human summary is still printed on stdout
      --filter GLOB    only run checks of elements whose dotted path matches GLOB
                       (\`shop.*\`, \`*.api\`, \`shop.**\`); other checks are counted as skipped
      --dry-run        print what would run (elements, scopes, checks) without evaluating anything
      --watch          after the run, watch the spec files, hielements.toml, the .wasm modules
                       and the workspace; run again on each change (only the affected checks
                       when only workspace files changed); Ctrl-C stops
  -v, --verbose        trace scopes, library calls and check results on stderr
      --list-files     like --verbose, and list the files each scope selected
      --allow-empty    a scope that selects no file is a warning, not a failing check
      --strict-uses    report dependencies between elements not declared with \`uses\`
      --ignore-type-only
                       connection rules and --strict-uses leave out imports needed only for
                       type checking (TypeScript \`import type\`, Python \`if TYPE_CHECKING:\`)
      --jobs N         evaluate up to N checks concurrently (default: twice the number of CPUs)
      --config FILE    hielements.toml to load (default: the one found with the workspace)
      --no-cache       parse every file; do not read or write the facts cache
      --cache-dir DIR  keep the facts cache in DIR (default: [cache] dir of hielements.toml,
                       else <workspace>/.hielements-cache). Facts of files whose content did not
                       change since an earlier run are reused instead of parsing them again
      --baseline FILE  known violations to accept (default: hielements-baseline.json next to
                       the spec, when it exists). Only violations not in it fail the run;
                       entries that match nothing any more are reported as stale (W870)
      --no-baseline    ignore the baseline file: every violation fails
      --update-baseline  after the run, rewrite the baseline file with every current violation
                       (same as \`hielements baseline\`)
      --color          force coloured output
      --no-color       disable colours (NO_COLOR and FORCE_COLOR are honoured too)
  -q, --quiet          human format: only failures, errors and the summary; no progress line
  -h, --help           show this help

Exit codes: 0 every check passed, 1 a check failed or errored or an error diagnostic was
reported, 2 unreadable spec or usage error, 130 interrupted.

Examples:
  hielements run
  hielements run hielements.hie
  hielements run arch.hie --workspace ../service --filter 'orders.*'
  hielements run hielements.hie --format sarif --output hielements.sarif
  hielements run hielements.hie --format junit -o junit.xml --quiet
  hielements run hielements.hie --dry-run
  hielements run hielements.hie --watch
  hielements run --no-baseline`;

const BASELINE = `hielements baseline — record today's violations so that only new ones fail

Usage:
  hielements baseline [FILE] [options]

Runs every check of FILE (default: the nearest hielements.hie here or above) and writes each
current violation to the baseline file, hielements-baseline.json next to the spec (commit it).
From then on \`hielements run\` fails only on violations that are not in the file; violations are
matched by element, rule, source file and imported module, not by line number, so unrelated
edits do not break the baseline. Fixed violations show up as stale entries (W870) until the
next \`hielements baseline\`, which drops them: the file only shrinks unless you record more.

Options: every option of \`hielements run\` (--workspace, --config, --filter, --format, --output,
--baseline FILE, …). With --filter, entries of the elements that did not run are kept.

Exit codes: 0 the file was written and no check errored, 1 a check could not be evaluated or an
error diagnostic was reported (the file is still written), 2 usage error or unreadable spec.

Examples:
  hielements baseline
  hielements baseline arch.hie --baseline ci/known-violations.json
  git add hielements-baseline.json`;

const REPORT = `hielements report — draw the architecture and its violations

Usage:
  hielements report [FILE] [options]

Runs every check of FILE (default: the nearest hielements.hie here or above) and writes the
element tree with the declared \`uses\`, the actual dependencies between elements (with the number
of imports behind each) and the violations, highlighted in red.

  html     one self-contained page (default: hielements-report.html), works offline: click an
           element to expand or collapse it, click a dependency to list its imports, tick
           "Violations only" to keep the dependencies that break a rule
  mermaid  a \`flowchart\` for Markdown (GitHub and GitLab render it)
  dot      Graphviz (\`dot -Tsvg architecture.dot -o architecture.svg\`)
  json     the data the other formats draw

Options:
  -f, --format FMT     html (default), mermaid, dot or json
  -o, --output FILE    write to FILE (html default: hielements-report.html; the others print to
                       stdout unless -o is given)
  -w, --workspace DIR  workspace root (as for run)
      --config FILE    hielements.toml to load
      --baseline FILE  known violations (default: hielements-baseline.json next to the spec); shown
                       as known, not as violations
      --no-baseline    ignore the baseline file
      --no-cache       do not read or write the facts cache
  -q, --quiet          no summary line and no warnings on stderr
      --color          force coloured output
      --no-color       disable colours
  -h, --help           show this help

Exit codes: 0 the report was written (whether or not checks failed: use \`run\` to gate CI),
1 the spec has errors, 2 usage error or unreadable input.

Examples:
  hielements report && open hielements-report.html
  hielements report -f mermaid -o docs/architecture.mmd
  hielements report examples/shop/hielements.hie -f dot | dot -Tsvg > shop.svg`;

const PARSE = `hielements parse — print the syntax tree of a spec file as JSON

Usage:
  hielements parse FILE [options]

Prints the AST (the node types of src/syntax/ast.ts) as JSON on stdout. Syntax errors are
printed on stderr with code frames and the exit code is 1. Only the file itself is parsed
(imports are not followed).

Options:
      --color          force coloured diagnostics
      --no-color       disable colours
  -h, --help           show this help

Examples:
  hielements parse hielements.hie
  hielements parse shop.hie > shop.ast.json`;

const DOC = `hielements doc — catalogue of every available library

Usage:
  hielements doc [options]

Lists every library of the registry — built-ins and the external and WebAssembly libraries of
hielements.toml — with each selector and check, its signature and documentation.

Options:
  -w, --workspace DIR  where hielements.toml is looked up (default: nearest ancestor of the
                       current directory holding one, else the git root, else the current directory)
      --config FILE    hielements.toml to load
  -f, --format FMT     markdown (default; \`md\` accepted) or json
  -o, --output FILE    write to FILE (relative path without \`..\`) instead of stdout
  -l, --library LIST   comma-separated library names to include (default: all)
      --color          force coloured messages
      --no-color       disable colours
  -h, --help           show this help

Examples:
  hielements doc
  hielements doc --format json --library files,typescript
  hielements doc -o docs/libraries.md`;

const INIT = `hielements init — look at the project and propose an architecture spec

Usage:
  hielements init [NAME] [options]

Finds the project's languages and top-level units — Python packages (and their sub-packages),
Rust crates, TypeScript/JavaScript folders — measures the imports between them, and writes a spec
with one element per unit bound to its folder, a \`uses\` for every dependency that exists today
and \`forbids connection\` rules for the directions between siblings that nobody uses. It passes
\`hielements run --strict-uses\` on the code as it is; tighten it from there. Without any unit
(or with --blank), writes the generic starter spec.

Writes hielements.hie (NAME.hie when NAME is given; never overwritten: exit 2 if it exists),
hielements.toml (commented examples of external and WebAssembly libraries) and
HIELEMENTS_GUIDE.md (kept if they exist). NAME, the top-level element, must be an identifier:
letters, digits and \`_\`, not starting with a digit, not a keyword; default: the package.json
name or the folder's name.

Options:
  -d, --directory DIR  the project to look at and write into (default: the current directory;
                       created if missing)
      --blank          do not look at the project: write the generic starter spec
      --color          force coloured output
      --no-color       disable colours
  -h, --help           show this help

Examples:
  hielements init
  hielements init shop
  hielements init -d services/orders --blank`;

const NEW_LIBRARY = `hielements new-library — scaffold a WebAssembly library

Usage:
  hielements new-library NAME [options]

Creates a project for a sandboxed WebAssembly library named NAME (an identifier, used in
\`.hie\` files as \`import NAME\`), with its source, build script and a README explaining how to
build it and register it in hielements.toml.

Options:
  -d, --directory DIR  where to create the project (default: ./NAME)
      --color          force coloured output
      --no-color       disable colours
  -h, --help           show this help

Examples:
  hielements new-library naming
  hielements new-library naming -d libs/naming`;

const LSP = `hielements lsp — language server for editors (Language Server Protocol over stdio)

Usage:
  hielements lsp [--stdio]

Speaks LSP on stdin/stdout until the editor asks it to exit. It validates open .hie files as you
type (the same checks as \`hielements check\`, for the edited file and the open files that import it)
and answers hover, go to definition, find references, completion, document symbols, folding,
rename and quick fixes. Libraries are loaded once per workspace (its hielements.toml) and kept
between requests; external library processes and WebAssembly workers end on shutdown.
Nothing but protocol messages is written to stdout; logs go to the editor's log.

Options:
      --stdio          accepted for editors that pass it (stdio is the only transport)
  -h, --help           show this help

Examples:
  hielements lsp
  npx hielements lsp --stdio

Editor set-up (VS Code, Neovim, Helix, others): docs/editors.md`;

const EXPLAIN = `hielements explain — explain a diagnostic code

Usage:
  hielements explain CODE

Prints what the code means, how to fix it, an example where one helps, and the page of docs/ that
documents it. Every code Hielements reports (errors E…, warnings W…) has an entry; the full list is
docs/diagnostics-codes.md.

Options:
  -h, --help           show this help

Exit codes: 0 the code exists, 2 unknown code or usage error.

Examples:
  hielements explain E072
  hielements explain w093`;

const HELP = `hielements help — show help

Usage:
  hielements help [COMMAND]

Examples:
  hielements help run`;

export function helpText(command?: string): string {
  switch (command) {
    case 'check':
      return CHECK;
    case 'run':
      return RUN;
    case 'baseline':
      return BASELINE;
    case 'report':
      return REPORT;
    case 'parse':
      return PARSE;
    case 'doc':
      return DOC;
    case 'init':
      return INIT;
    case 'new-library':
      return NEW_LIBRARY;
    case 'lsp':
      return LSP;
    case 'explain':
      return EXPLAIN;
    case 'help':
      return HELP;
    default:
      return MAIN;
  }
}

export function isCommand(name: string): name is CommandName {
  return (COMMANDS as readonly string[]).includes(name);
}
