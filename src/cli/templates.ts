/** Files written by `hielements init`. */
import { isKeyword } from '../syntax/tokens.js';

/** Why `name` cannot be used as an element/library name, or undefined when it can. */
export function invalidIdentifierReason(name: string): string | undefined {
  if (name.length === 0) return 'the name is empty';
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    return /^[0-9]/.test(name)
      ? 'the name must not start with a digit'
      : 'the name must contain only ASCII letters, digits and underscores';
  }
  if (isKeyword(name)) return `\`${name}\` is a keyword of the language`;
  return undefined;
}

export function starterSpec(name: string, specFile = `${name}.hie`): string {
  return `# ${name} — architecture specification (Hielements)
#
# Validate it:   hielements check ${specFile}
# Enforce it:    hielements run ${specFile}
# Guide:         HIELEMENTS_GUIDE.md (and \`hielements doc\` for every library function)

import files

## The ${name} project.
element ${name} {
    ## Everything in the repository.
    scope root = files.folder_selector('.')

    ## Every project explains itself in a README.
    check files.exists(root, 'README.md')

    # Describe the parts of the system as nested elements, for example:
    #
    # element api {
    #     scope code = files.folder_selector('src/api')
    #     check files.no_files_matching(code, '**/*.bak')
    # }
}
`;
}

export const STARTER_CONFIG = `# Hielements configuration: libraries beyond the built-ins, and workspace settings.
# Library names (the keys below) are what \`.hie\` files import: \`import mylib\`.
# Relative paths resolve against the directory of this file.

[libraries]

# An external library: any program that speaks JSON-RPC 2.0 over stdin/stdout, one JSON
# object per line (see docs/external_libraries.md).
# mylib = { executable = "python3", args = ["scripts/mylib_plugin.py"] }
#
# With every option:
# [libraries.mylib]
# executable = "node"
# args = ["tools/mylib.mjs"]
# cwd = "."                 # working directory of the process
# env = { LOG_LEVEL = "warn" }
# timeout_ms = 30000        # per call
# max_in_flight = 4         # parallel requests to the process

# A sandboxed WebAssembly library (create one with \`hielements new-library NAME\`).
# naming = { path = "libs/naming/naming.wasm" }
#
# [libraries.naming]
# type = "wasm"
# path = "libs/naming/naming.wasm"   # or: package = "@acme/hielements-naming"
# capabilities = { file_read = true, file_write = false }
# max_memory_mib = 256
# timeout_ms = 10000
# sha256 = "…"                       # optional pin of the module bytes

# [workspace]
# ignore = ["build/**", "vendor/**"]   # extra globs the file walker skips
`;

export function starterGuide(name: string, specFile = `${name}.hie`): string {
  return `# Hielements quick guide

\`${specFile}\` describes the architecture of this project; \`hielements\` checks it against the code.

## Commands

| Command | What it does |
| --- | --- |
| \`hielements check ${specFile}\` | validate the spec (syntax, names, library calls) without running checks |
| \`hielements run ${specFile}\` | run every check; exit code 1 when one fails |
| \`hielements run ${specFile} --filter '${name}.*'\` | only the checks of matching elements |
| \`hielements run ${specFile} --dry-run\` | show what would run |
| \`hielements run ${specFile} -f sarif -o hielements.sarif\` | report for GitHub code scanning (also \`json\`, \`junit\`) |
| \`hielements doc\` | every available library function, with its signature and documentation |

## The language in one example

\`\`\`hielements
import files

## A reusable shape: every service has a source folder with an index.ts.
pattern service {
    scope src
    check files.exists(src, 'index.ts')
}

element ${name} {
    scope root = files.folder_selector('.')
    check files.exists(root, 'README.md')

    element orders implements service {
        scope src binds service.src = files.folder_selector('src/orders')
    }
}
\`\`\`

- **element**: a part of the system; elements nest.
- **scope**: the code an element is made of, chosen by a selector (\`files.folder_selector\`,
  \`files.glob_selector\`, \`typescript.module_selector\`, …).
- **check**: a rule that must hold (\`files.exists\`, \`files.no_files_matching\`, …).
- **pattern** / **implements**: a reusable shape; its checks run for every element that implements it.
- **uses** / **forbids connection to**: declared dependencies and boundaries between elements.

## More

- \`hielements doc\` lists every selector and check.
- \`hielements.toml\` adds external (JSON-RPC) and WebAssembly libraries.
- Full documentation: the \`docs/\` folder of the Hielements package (cli.md, output-formats.md).
`;
}
