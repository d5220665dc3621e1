/** Facts of a TypeScript / JavaScript file, from its tree-sitter syntax tree. */
import type { Language, Node, Tree } from 'web-tree-sitter';
import type { FileFacts, Grammar, SymbolFact } from './types.js';
import { emptyFacts } from './types.js';
import { firstLine, pos, queryFor, stringLiteralValue } from './util.js';

const COMMON = `
(import_statement source: (string) @src) @import
(export_statement source: (string) @src) @reexport
(call_expression function: (import) arguments: (arguments . (string) @src)) @dynamic
(call_expression function: (identifier) @fn arguments: (arguments . (string) @src)) @require
(class_declaration name: (_) @name) @class
(function_declaration name: (identifier) @name) @function
(generator_function_declaration name: (identifier) @name) @function
(variable_declarator name: (identifier) @name value: [(arrow_function) (function_expression)]) @varfn
(method_definition name: (_) @name) @method
(export_specifier) @exported
(expression_statement (call_expression function: (identifier) @testfn)) @testcall
`;
const TS_ONLY = `
(import_require_clause source: (string) @src) @importreq
(abstract_class_declaration name: (_) @name) @class
(interface_declaration name: (_) @name) @interface
(type_alias_declaration name: (_) @name) @type
(enum_declaration name: (_) @name) @enum
`;
const TS_TYPE_REFS = `
(type_identifier) @typeref
`;

const TEST_FNS = new Set(['describe', 'it', 'test', 'suite']);

/** The statement a declaration sits in (`export …` wrapper, `const` declaration). */
function statementOf(node: Node): Node {
  let n = node;
  if (n.type === 'variable_declarator' && n.parent) n = n.parent;
  if (n.parent?.type === 'export_statement') n = n.parent;
  return n;
}

/**
 * Only types come through this statement: `import type …`, `export type … from`, or every named
 * specifier is `type`-qualified (`import { type A, type B } from`), with no default or namespace
 * import beside them.
 */
function typeOnlyStatement(stmt: Node): boolean {
  if (stmt.children.some((c) => c?.type === 'type')) return true;
  // `export type * from './x'` (TypeScript 5) is not in the grammar yet: the words are an error node
  if (stmt.type === 'export_statement' && /^export\s+type\s*[*{]/.test(stmt.text)) return true;
  const clause = stmt.namedChildren.find((c) => c?.type === 'import_clause' || c?.type === 'export_clause');
  if (!clause) return false;
  const list =
    clause.type === 'export_clause' ? clause : clause.namedChildren.length === 1 ? clause.namedChildren[0] : undefined;
  if (!list || (list.type !== 'named_imports' && list.type !== 'export_clause')) return false;
  const specs = list.namedChildren.filter((c) => c?.type === 'import_specifier' || c?.type === 'export_specifier');
  return specs.length > 0 && specs.every((c) => c!.children.some((k) => k?.type === 'type'));
}

function hasJsDoc(stmt: Node): boolean {
  const prev = stmt.previousSibling;
  return (
    !!prev &&
    prev.type === 'comment' &&
    prev.text.startsWith('/**') &&
    prev.endPosition.row >= stmt.startPosition.row - 1
  );
}

/**
 * Facts of a parsed TypeScript / JavaScript file. `withTypeRefs: false` (the outline the import
 * graph and symbol questions use) skips the type references — the one capture that visits every
 * type in the file — and marks the facts `typeRefsOmitted` (and `callsOmitted`: calls are not
 * extracted for these languages).
 */
export function typescriptFacts(
  tree: Tree,
  language: Language,
  grammar: Grammar,
  withTypeRefs = true,
  /** Asked while the query runs: true cancels it (the caller then discards the facts). */
  cancel?: () => boolean,
): FileFacts {
  const facts = emptyFacts(grammar);
  const root = tree.rootNode;
  const first = root.firstChild;
  if (first?.type === 'comment' && first.text.startsWith('/**')) facts.moduleDoc = true;
  const exportedNames = new Set<string>();
  /** Local names exported through `export { local as name }`. */
  const localExports = new Set<string>();
  const typeRefs = new Set<string>();
  /** Declarations enclosing later captures (captures arrive in document order). */
  const open: { kind: 'class' | 'other'; name: string; end: number }[] = [];
  const source = grammar === 'javascript' ? COMMON : withTypeRefs ? COMMON + TS_ONLY + TS_TYPE_REFS : COMMON + TS_ONLY;
  const addSymbol = (kind: SymbolFact['kind'], decl: Node, nameNode: Node) => {
    const stmt = statementOf(decl);
    const exported = stmt.type === 'export_statement';
    if (exported && !stmt.children.some((c) => c?.type === 'default')) exportedNames.add(nameNode.text);
    while (open.length > 0 && open[open.length - 1]!.end <= decl.startIndex) open.pop();
    const topLevel = open.length === 0;
    let container: string | undefined;
    for (let i = open.length - 1; i >= 0 && container === undefined; i--)
      if (open[i]!.kind === 'class') container = open[i]!.name;
    open.push({ kind: kind === 'class' ? 'class' : 'other', name: nameNode.text, end: decl.endIndex });
    const s: SymbolFact = {
      kind,
      name: nameNode.text,
      ...pos(nameNode),
      exported,
      documented: hasJsDoc(stmt),
      topLevel,
    };
    if (container !== undefined) s.container = container;
    const fn = decl.type === 'variable_declarator' ? decl.childForFieldName('value') : decl;
    const rt = fn?.childForFieldName('return_type');
    if (rt) {
      s.returnText = rt.text.replace(/^:\s*/, '');
      s.returnTypes = [...new Set(rt.descendantsOfType('type_identifier').map((n) => n?.text ?? ''))].filter(Boolean);
    }
    if (s.documented) facts.anyDoc = true;
    facts.symbols.push(s);
  };
  for (const cap of queryFor(language, source).captures(root, cancel ? { progressCallback: cancel } : undefined)) {
    const node = cap.node;
    switch (cap.name) {
      case 'import': {
        const src = node.childForFieldName('source');
        if (!src) break;
        const typeOnly = typeOnlyStatement(node);
        facts.imports.push({
          specifier: stringLiteralValue(src.text),
          form: 'import',
          ...pos(node),
          text: firstLine(node.text),
          ...(typeOnly ? { typeOnly } : {}),
        });
        break;
      }
      case 'importreq': {
        const src = node.childForFieldName('source');
        const stmt = node.parent ?? node;
        const typeOnly = stmt.children.some((c) => c?.type === 'type');
        if (src)
          facts.imports.push({
            specifier: stringLiteralValue(src.text),
            form: 'require',
            ...pos(stmt),
            text: firstLine(stmt.text),
            ...(typeOnly ? { typeOnly } : {}),
          });
        break;
      }
      case 'reexport': {
        const src = node.childForFieldName('source');
        if (!src) break;
        const typeOnly = typeOnlyStatement(node);
        facts.imports.push({
          specifier: stringLiteralValue(src.text),
          form: 'export-from',
          ...pos(node),
          text: firstLine(node.text),
          ...(typeOnly ? { typeOnly } : {}),
        });
        break;
      }
      case 'dynamic':
      case 'require': {
        if (cap.name === 'require') {
          const fn = node.childForFieldName('function');
          if (fn?.text !== 'require') break;
        }
        const src = node.childForFieldName('arguments')?.namedChildren[0];
        if (src?.type !== 'string') break;
        facts.imports.push({
          specifier: stringLiteralValue(src.text),
          form: cap.name,
          ...pos(node),
          text: firstLine(node.text),
        });
        break;
      }
      case 'class':
      case 'function':
      case 'interface':
      case 'type':
      case 'enum':
      case 'varfn':
      case 'method': {
        const nameNode = node.childForFieldName('name');
        if (!nameNode) break;
        const kind: SymbolFact['kind'] =
          cap.name === 'varfn' ? 'function' : cap.name === 'method' ? 'method' : cap.name;
        addSymbol(kind, node, nameNode);
        break;
      }
      case 'exported': {
        const local = node.childForFieldName('name')?.text;
        const alias = node.childForFieldName('alias')?.text;
        if (local) localExports.add(local);
        if (alias ?? local) exportedNames.add((alias ?? local)!);
        break;
      }
      case 'testcall': {
        const fn = node.firstNamedChild?.childForFieldName('function');
        if (fn && TEST_FNS.has(fn.text)) facts.hasTests = true;
        break;
      }
      case 'typeref':
        typeRefs.add(node.text);
        break;
    }
  }
  // `export { a, b }` and `export default name` mark local declarations as exported
  for (const stmt of root.namedChildren) {
    if (stmt?.type !== 'export_statement' || stmt.childForFieldName('declaration')) continue;
    const v = stmt.childForFieldName('value');
    if (v?.type === 'identifier') localExports.add(v.text);
  }
  for (const s of facts.symbols) {
    if (!s.exported && s.topLevel && localExports.has(s.name)) s.exported = true;
  }
  for (const stmt of root.namedChildren)
    if (stmt?.type === 'export_statement' && stmt.children.some((c) => c?.type === 'default'))
      exportedNames.add('default');
  facts.exports = [...exportedNames];
  if (facts.moduleDoc) facts.anyDoc = true;
  if (root.hasError) facts.syntaxErrors = root.descendantsOfType('ERROR').length || 1;
  facts.typeRefs = [...typeRefs];
  if (!withTypeRefs) {
    facts.callsOmitted = true;
    facts.typeRefsOmitted = true;
  }
  return facts;
}
