/** Facts of a Python file, from its tree-sitter syntax tree. */
import type { Language, Node, Tree } from 'web-tree-sitter';
import type { CallFact, FileFacts, ImportFact, SymbolFact } from './types.js';
import { emptyFacts } from './types.js';
import { firstLine, pos, queryFor, squash, stringLiteralValue } from './util.js';

const QUERY = `
(import_statement) @import
(import_from_statement) @from
(class_definition) @class
(function_definition) @function
(call function: [(identifier) (attribute)] @callee)
`;

function hasDocstring(block: Node | null): boolean {
  const first = block?.firstNamedChild;
  return !!first && first.type === 'expression_statement' && first.firstNamedChild?.type === 'string';
}

/** Dotted name of `import a.b as c` parts. */
function importParts(node: Node): { name: string; alias?: string } {
  if (node.type === 'aliased_import') {
    const name = squash(node.childForFieldName('name')?.text ?? '');
    const alias = node.childForFieldName('alias')?.text;
    return alias ? { name, alias } : { name };
  }
  return { name: squash(node.text) };
}

/** Open class/function definitions around the current capture (captures arrive in document order). */
interface Open {
  kind: 'class' | 'function';
  name: string;
  end: number;
}

export function pythonFacts(tree: Tree, language: Language): FileFacts {
  const facts = emptyFacts('python');
  const root = tree.rootNode;
  facts.moduleDoc = hasDocstring(root);
  const imports: ImportFact[] = facts.imports;
  const symbols: SymbolFact[] = facts.symbols;
  const calls: CallFact[] = facts.calls;
  const open: Open[] = [];
  for (const cap of queryFor(language, QUERY).captures(root)) {
    const node = cap.node;
    switch (cap.name) {
      case 'import': {
        for (const n of node.childrenForFieldName('name')) {
          const { name, alias } = importParts(n);
          const f: ImportFact = { specifier: name, form: 'import', ...pos(n), text: firstLine(node.text) };
          if (alias) f.alias = alias;
          imports.push(f);
        }
        break;
      }
      case 'from': {
        const mod = node.childForFieldName('module_name');
        if (!mod) break;
        const names: string[] = [];
        for (const n of node.childrenForFieldName('name')) names.push(importParts(n).name);
        if (node.namedChildren.some((c) => c?.type === 'wildcard_import')) names.push('*');
        imports.push({ specifier: squash(mod.text), names, form: 'from', ...pos(node), text: firstLine(node.text) });
        // aliases of `from m import a as b` are kept as separate facts so calls through `b` resolve
        for (const n of node.childrenForFieldName('name')) {
          if (n.type !== 'aliased_import') continue;
          const { name, alias } = importParts(n);
          if (alias) imports.push({ specifier: squash(mod.text), names: [name], alias, form: 'from', ...pos(n), text: firstLine(node.text) });
        }
        break;
      }
      case 'class':
      case 'function': {
        const nameNode = node.childForFieldName('name');
        if (!nameNode) break;
        const name = nameNode.text;
        while (open.length > 0 && open[open.length - 1]!.end <= node.startIndex) open.pop();
        const inner = open[open.length - 1];
        const where: { container?: string; inFunction: boolean } = inner ? { container: inner.name, inFunction: inner.kind === 'function' } : { inFunction: false };
        open.push({ kind: cap.name, name, end: node.endIndex });
        const isMethod = cap.name === 'function' && where.container !== undefined && !where.inFunction;
        const s: SymbolFact = {
          kind: cap.name === 'class' ? 'class' : isMethod ? 'method' : 'function',
          name,
          ...pos(nameNode),
          exported: !name.startsWith('_') && where.container === undefined,
          documented: hasDocstring(node.childForFieldName('body')),
          topLevel: where.container === undefined,
        };
        if (where.container !== undefined) s.container = where.container;
        const rt = node.childForFieldName('return_type');
        if (rt) {
          s.returnText = squash(rt.text);
          const ids = new Set<string>();
          if (rt.type === 'identifier') ids.add(rt.text);
          for (const id of rt.descendantsOfType('identifier')) if (id) ids.add(id.text);
          s.returnTypes = [...ids];
        }
        if ((cap.name === 'function' && /^test/.test(name)) || (cap.name === 'class' && /^Test/.test(name))) {
          s.test = true;
          facts.hasTests = true;
        }
        symbols.push(s);
        if (s.documented) facts.anyDoc = true;
        break;
      }
      case 'callee': {
        calls.push({ callee: squash(node.text), ...pos(node) });
        break;
      }
    }
  }
  if (facts.moduleDoc) facts.anyDoc = true;
  if (root.hasError) facts.syntaxErrors = root.descendantsOfType('ERROR').length || 1;
  // __all__ = [...] at module level
  for (const stmt of root.namedChildren) {
    if (stmt?.type !== 'expression_statement') continue;
    const a = stmt.firstNamedChild;
    if (a?.type !== 'assignment' || a.childForFieldName('left')?.text !== '__all__') continue;
    const right = a.childForFieldName('right');
    if (!right || (right.type !== 'list' && right.type !== 'tuple')) continue;
    facts.dunderAll = right.namedChildren.filter((c) => c?.type === 'string').map((c) => stringLiteralValue(c!.text));
  }
  return facts;
}
