// Independent ground truth for hielements' TypeScript/JavaScript imports, from the TypeScript
// compiler API (the `typescript` devDependency): every import/export-from/import-equals
// declaration, `import()` and `require()` with a string, whether it is type-only, and the file it
// resolves to (ts.resolveModuleName with the nearest tsconfig.json, node10 resolution) when that
// file is inside DIR and not in a node_modules folder below it (node_modules folders below DIR
// are not read).
//   node scripts/truth/ts-imports.mjs DIR  → JSON lines {from, line, specifier, to, typeOnly}
import { readdirSync, realpathSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import ts from 'typescript';

const dir = realpathSync(process.argv[2]);
const EXT = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;
const files = [];
const walk = (d) => {
  for (const e of readdirSync(d, { withFileTypes: true })) {
    if (e.name.startsWith('.') || e.name === 'node_modules') continue;
    const p = join(d, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.isFile() && EXT.test(e.name)) files.push(p);
  }
};
walk(dir);

const configs = new Map();
function optionsFor(file) {
  for (let d = dirname(file); d.length >= dir.length; d = dirname(d)) {
    if (configs.has(d)) return configs.get(d);
    const cfg = join(d, 'tsconfig.json');
    if (ts.sys.fileExists(cfg)) {
      const read = ts.readConfigFile(cfg, ts.sys.readFile);
      const parsed = ts.parseJsonConfigFileContent(read.config ?? {}, ts.sys, d);
      const o = {
        ...parsed.options,
        moduleResolution: ts.ModuleResolutionKind.Node10,
        allowJs: true,
        resolveJsonModule: false,
      };
      configs.set(d, o);
      return o;
    }
    if (d === dirname(d)) break;
  }
  return { moduleResolution: ts.ModuleResolutionKind.Node10, allowJs: true };
}

const inside = (f) => f.startsWith(dir + sep) && !f.slice(dir.length).includes(`${sep}node_modules${sep}`);

for (const file of files) {
  const text = ts.sys.readFile(file) ?? '';
  const kind = file.endsWith('x') ? ts.ScriptKind.TSX : /\.[cm]?js$/.test(file) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
  const out = (node, spec, typeOnly) => {
    const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
    let to = null;
    const r = ts.resolveModuleName(spec, file, optionsFor(file), ts.sys).resolvedModule;
    // a package's own relative imports count even when the corpus itself sits in node_modules
    if (r && (!r.isExternalLibraryImport || spec.startsWith('.'))) {
      const real = realpathSync(r.resolvedFileName);
      if (inside(real)) to = real;
    }
    console.log(JSON.stringify({ from: file, line, specifier: spec, to, typeOnly }));
  };
  const allTypeElements = (els) => !!els && els.length > 0 && els.every((e) => e.isTypeOnly);
  const visit = (node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const c = node.importClause;
      const typeOnly =
        !!c &&
        (c.isTypeOnly ||
          (!c.name &&
            !!c.namedBindings &&
            ts.isNamedImports(c.namedBindings) &&
            allTypeElements(c.namedBindings.elements)));
      out(node, node.moduleSpecifier.text, typeOnly);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const typeOnly =
        node.isTypeOnly ||
        (!!node.exportClause && ts.isNamedExports(node.exportClause) && allTypeElements(node.exportClause.elements));
      out(node, node.moduleSpecifier.text, typeOnly);
    } else if (
      ts.isImportEqualsDeclaration(node) &&
      ts.isExternalModuleReference(node.moduleReference) &&
      ts.isStringLiteral(node.moduleReference.expression)
    ) {
      out(node, node.moduleReference.expression.text, node.isTypeOnly);
    } else if (ts.isCallExpression(node) && node.arguments.length > 0 && ts.isStringLiteralLike(node.arguments[0])) {
      const callee = node.expression;
      if (callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === 'require'))
        out(node, node.arguments[0].text, false);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
}
