#!/usr/bin/env node
// Hielements external library `packagejson` (Node.js, no dependencies).
// Checks on the package.json files of the workspace. Speaks newline-delimited JSON-RPC 2.0 on
// stdin/stdout; see docs/external_libraries.md for the protocol and the exact semantics.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';

const VERSION = '1.0.0';
const SKIP_DIRS = new Set(['.git', 'node_modules']);
const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'];

class RpcError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

// ---------------------------------------------------------------- arguments

/** Tagged ({"String": "x"}) or bare value. */
function unwrap(v) {
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    if ('String' in v) return v.String;
    if ('Int' in v) return v.Int;
    if ('Float' in v) return v.Float;
    if ('Bool' in v) return v.Bool;
  }
  return v;
}

const isScope = (v) => v && typeof v === 'object' && v.Scope && typeof v.Scope === 'object';

/** Splits the optional leading scope argument from the others. */
function splitArgs(args) {
  if (args.length > 0 && isScope(args[0])) {
    const paths = (args[0].Scope.paths ?? []).filter((p) => typeof p === 'string');
    return { files: paths.filter((p) => path.basename(p) === 'package.json'), rest: args.slice(1) };
  }
  return { files: undefined, rest: args };
}

function want(args, i, type, name) {
  const v = unwrap(args[i]);
  if (type === 'string' && typeof v === 'string' && v.length > 0) return v;
  if (type === 'int' && Number.isInteger(v)) return v;
  throw new RpcError(-32602, `argument ${i + 1} (${name}) must be a ${type === 'int' ? 'integer' : 'non-empty string'}, got ${JSON.stringify(args[i] ?? null)}`);
}

// ---------------------------------------------------------------- workspace

function findPackageJsons(root) {
  const out = [];
  const stack = [root];
  while (stack.length > 0) {
    const dir = stack.pop();
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      if (e.isSymbolicLink()) continue;
      const full = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) stack.push(full);
      } else if (e.isFile() && e.name === 'package.json') out.push(full);
    }
  }
  return out.sort();
}

const rel = (p, ws) => {
  const r = path.relative(ws, p);
  return r.startsWith('..') || path.isAbsolute(r) ? p : r.split(path.sep).join('/');
};

/** Reads and parses each manifest; an unreadable or invalid one makes the check an Error. */
function loadManifests(files, ws) {
  const out = [];
  for (const file of files) {
    let text;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      return { error: `cannot read ${rel(file, ws)}: ${e.code ?? e.message}` };
    }
    try {
      const json = JSON.parse(text);
      if (!json || typeof json !== 'object' || Array.isArray(json)) return { error: `${rel(file, ws)} is not a JSON object` };
      out.push({ file, text, json });
    } catch (e) {
      return { error: `${rel(file, ws)} is not valid JSON: ${e.message}` };
    }
  }
  return { manifests: out };
}

/** 1-based line of the first occurrence of `"key"` in the text, else 1. */
function lineOf(text, key) {
  const i = text.indexOf(JSON.stringify(key));
  return i < 0 ? 1 : text.slice(0, i).split('\n').length;
}

/** Lowest Node major a semver range admits: the smallest first number over its `||` alternatives. */
function lowestMajor(range) {
  let best;
  for (const alt of String(range).split('||')) {
    const m = /(\d+)/.exec(alt);
    const major = m ? Number(m[1]) : 0; // `*`, `x`, empty: any version
    best = best === undefined ? major : Math.min(best, major);
  }
  return best ?? 0;
}

// ---------------------------------------------------------------- checks

function runCheck(args, ws, name, evaluate) {
  const { files, rest } = splitArgs(args);
  const selected = files ?? findPackageJsons(ws);
  const loaded = loadManifests(selected, ws);
  if (loaded.error) return { Error: loaded.error };
  if (loaded.manifests.length === 0) return { Fail: 'no package.json files found' };
  const problems = [];
  const params = evaluate.prepare(rest);
  for (const m of loaded.manifests) {
    const p = evaluate.problem(m, params);
    if (p) problems.push({ file: m.file, line: lineOf(m.text, p.key), message: p.message, shown: `${rel(m.file, ws)} (${p.message})` });
  }
  if (problems.length === 0) return { Pass: null };
  return {
    Fail: `${name}: ${problems.length} of ${loaded.manifests.length} package.json file(s) fail: ${problems.map((p) => p.shown).join(', ')}`,
    locations: problems.map(({ file, line, message }) => ({ file, line, message })),
  };
}

const CHECKS = {
  has_script: {
    prepare: (a) => want(a, 0, 'string', 'name'),
    problem: ({ json }, name) =>
      json.scripts && typeof json.scripts[name] === 'string' ? undefined : { key: 'scripts', message: `no "${name}" script` },
  },
  no_dependency: {
    prepare: (a) => want(a, 0, 'string', 'name'),
    problem: ({ json }, name) => {
      const where = DEPENDENCY_FIELDS.filter((f) => json[f] && typeof json[f] === 'object' && Object.hasOwn(json[f], name));
      return where.length === 0 ? undefined : { key: where[0], message: `depends on "${name}" in ${where.join(', ')}` };
    },
  },
  license_is: {
    prepare: (a) => want(a, 0, 'string', 'spdx'),
    problem: ({ json }, spdx) =>
      json.license === spdx ? undefined : { key: 'license', message: json.license === undefined ? 'no license field' : `license is ${JSON.stringify(json.license)}` },
  },
  engines_node_at_least: {
    prepare: (a) => want(a, 0, 'int', 'major'),
    problem: ({ json }, major) => {
      const range = json.engines && typeof json.engines === 'object' ? json.engines.node : undefined;
      if (typeof range !== 'string') return { key: 'engines', message: 'no engines.node field' };
      const low = lowestMajor(range);
      return low >= major ? undefined : { key: 'engines', message: `engines.node "${range}" admits Node ${low}` };
    },
  },
};

function packages(_args, ws) {
  return { Scope: { kind: { Glob: '**/package.json' }, paths: findPackageJsons(ws), resolved: true } };
}

const SELECTORS = { packages };

// ---------------------------------------------------------------- documentation

const p = (name, type, description) => ({ name, type, description });
const scopeParam = p('scope', 'Scope?', 'only the package.json files of this scope (default: all of the workspace)');
const DOC = {
  name: 'packagejson',
  description: 'Checks on the package.json files of the workspace (skips node_modules and .git).',
  version: VERSION,
  functions: [
    { name: 'packages', description: 'Every package.json of the workspace.', parameters: [], return_type: 'Scope', example: 'scope pkgs = packagejson.packages()' },
  ],
  checks: [
    { name: 'has_script', description: 'Every package.json defines the script.', parameters: [scopeParam, p('name', 'string', 'script name')], return_type: 'CheckResult', example: "check packagejson.has_script('test')" },
    { name: 'no_dependency', description: 'No package.json depends on the package (any dependency field).', parameters: [scopeParam, p('name', 'string', 'package name')], return_type: 'CheckResult', example: "check packagejson.no_dependency('left-pad')" },
    { name: 'license_is', description: 'Every package.json has exactly this license.', parameters: [scopeParam, p('spdx', 'string', 'SPDX identifier')], return_type: 'CheckResult', example: "check packagejson.license_is('MIT')" },
    { name: 'engines_node_at_least', description: 'engines.node admits no Node major below the given one.', parameters: [scopeParam, p('major', 'integer', 'lowest acceptable major')], return_type: 'CheckResult', example: 'check packagejson.engines_node_at_least(20)' },
  ],
};

// ---------------------------------------------------------------- JSON-RPC loop

function handle(req) {
  const params = req.params ?? {};
  switch (req.method) {
    case 'library.doc':
      return DOC;
    case 'library.metadata':
      return { name: DOC.name, version: VERSION, functions: Object.keys(SELECTORS), checks: Object.keys(CHECKS) };
    case 'library.call': {
      const f = Object.hasOwn(SELECTORS, params.function) ? SELECTORS[params.function] : undefined;
      if (!f) throw new RpcError(-32601, `Unknown selector: packagejson.${params.function}`);
      return f(params.args ?? [], path.resolve(params.workspace ?? '.'));
    }
    case 'library.check': {
      const c = Object.hasOwn(CHECKS, params.function) ? CHECKS[params.function] : undefined;
      if (!c) throw new RpcError(-32601, `Unknown check: packagejson.${params.function}`);
      return runCheck(params.args ?? [], path.resolve(params.workspace ?? '.'), params.function, c);
    }
    default:
      throw new RpcError(-32601, `Unknown method: ${req.method}`);
  }
}

const send = (obj) => process.stdout.write(`${JSON.stringify(obj)}\n`);

const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
rl.on('line', (line) => {
  if (line.trim() === '') return;
  let req;
  try {
    req = JSON.parse(line);
  } catch (e) {
    send({ jsonrpc: '2.0', error: { code: -32700, message: `Parse error: ${e.message}` }, id: null });
    return;
  }
  if (!req || typeof req !== 'object') {
    send({ jsonrpc: '2.0', error: { code: -32600, message: 'Invalid request' }, id: null });
    return;
  }
  try {
    send({ jsonrpc: '2.0', result: handle(req), id: req.id ?? null });
  } catch (e) {
    const code = e instanceof RpcError ? e.code : -32000;
    send({ jsonrpc: '2.0', error: { code, message: e instanceof Error ? e.message : String(e) }, id: req.id ?? null });
  }
});
