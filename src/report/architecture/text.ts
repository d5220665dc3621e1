/**
 * The architecture as diagram text: Mermaid (renders on GitHub, GitLab and in most Markdown
 * viewers) and Graphviz DOT (`dot -Tsvg`). Elements with children are subgraphs/clusters; an edge
 * per actual dependency labelled with its import count; violations in red; declared `uses` without
 * an import behind them dashed.
 */
import type { ArchitectureData, ArchElement } from './model.js';

const RED = '#d32f2f';
const GREY = '#9e9e9e';

/** Mermaid ids: letters, digits and underscores only. */
const mermaidId = (path: string): string =>
  `e_${path.replace(/[^A-Za-z0-9_]/g, (c) => (c === '.' ? '__' : `_${c.charCodeAt(0).toString(16)}_`))}`;
/** Mermaid labels: inside `["…"]`, a double quote is written as `#quot;`. */
const mermaidText = (s: string): string =>
  s.replace(/"/g, '#quot;').replace(/[<>]/g, (c) => (c === '<' ? '#lt;' : '#gt;'));

function childrenOf(data: ArchitectureData): Map<string | null, ArchElement[]> {
  const map = new Map<string | null, ArchElement[]>();
  for (const e of data.elements) {
    const list = map.get(e.parent);
    if (list) list.push(e);
    else map.set(e.parent, [e]);
  }
  return map;
}

function edgeLabel(count: number, violations: number): string {
  const imports = `${count} import${count === 1 ? '' : 's'}`;
  return violations > 0 ? `${imports}, ${violations} violation${violations === 1 ? '' : 's'}` : imports;
}

export function renderMermaid(data: ArchitectureData): string {
  const kids = childrenOf(data);
  const lines = ['flowchart LR'];
  const failing = new Set(data.elements.filter((e) => e.checks.failed + e.checks.errors > 0).map((e) => e.path));
  const emit = (e: ArchElement, indent: string) => {
    const children = kids.get(e.path) ?? [];
    const label = mermaidText(failing.has(e.path) ? `${e.name} ✗` : e.name);
    if (children.length === 0) {
      lines.push(`${indent}${mermaidId(e.path)}["${label}"]`);
      return;
    }
    lines.push(`${indent}subgraph ${mermaidId(e.path)}["${label}"]`);
    for (const c of children) emit(c, `${indent}  `);
    lines.push(`${indent}end`);
  };
  for (const top of kids.get(null) ?? []) emit(top, '  ');
  const styles: string[] = [];
  let index = 0;
  for (const d of data.dependencies) {
    lines.push(`  ${mermaidId(d.from)} -->|${mermaidText(edgeLabel(d.count, d.violations))}| ${mermaidId(d.to)}`);
    if (d.violations > 0) styles.push(`  linkStyle ${index} stroke:${RED},stroke-width:3px,color:${RED}`);
    index++;
  }
  for (const u of data.unusedUses) {
    lines.push(`  ${mermaidId(u.from)} -.->|uses, no import| ${mermaidId(u.to)}`);
    styles.push(`  linkStyle ${index} stroke:${GREY}`);
    index++;
  }
  lines.push(...styles);
  if (failing.size > 0) {
    lines.push(`  classDef failing stroke:${RED},stroke-width:3px,color:${RED}`);
    lines.push(`  class ${[...failing].map(mermaidId).join(',')} failing`);
  }
  return `${lines.join('\n')}\n`;
}

/** DOT strings: double-quoted, with `"` and `\` escaped. */
const dotString = (s: string): string => `"${s.replace(/[\\"]/g, (c) => `\\${c}`).replace(/\n/g, '\\n')}"`;

export function renderDot(data: ArchitectureData): string {
  const kids = childrenOf(data);
  const failing = new Set(data.elements.filter((e) => e.checks.failed + e.checks.errors > 0).map((e) => e.path));
  const lines = [
    'digraph architecture {',
    '  rankdir=LR;',
    '  compound=true;',
    '  node [shape=box, style="rounded", fontname="Helvetica"];',
    '  edge [fontname="Helvetica", fontsize=10];',
  ];
  // An element with children is a cluster; its own files are the node of the same path inside it.
  const emit = (e: ArchElement, indent: string) => {
    const children = kids.get(e.path) ?? [];
    const color = failing.has(e.path) ? `, color=${dotString(RED)}, fontcolor=${dotString(RED)}, penwidth=2` : '';
    if (children.length === 0) {
      lines.push(`${indent}${dotString(e.path)} [label=${dotString(e.name)}${color}];`);
      return;
    }
    lines.push(`${indent}subgraph ${dotString(`cluster_${e.path}`)} {`);
    lines.push(`${indent}  label=${dotString(e.name)};`);
    if (color) lines.push(`${indent}  color=${dotString(RED)}; fontcolor=${dotString(RED)}; penwidth=2;`);
    lines.push(
      `${indent}  ${dotString(e.path)} [label=${dotString(`${e.name} (own files)`)}, ` + `shape=folder${color}];`,
    );
    for (const c of children) emit(c, `${indent}  `);
    lines.push(`${indent}}`);
  };
  for (const top of kids.get(null) ?? []) emit(top, '  ');
  for (const d of data.dependencies) {
    const attrs = [`label=${dotString(edgeLabel(d.count, d.violations))}`];
    if (d.violations > 0) attrs.push(`color=${dotString(RED)}`, `fontcolor=${dotString(RED)}`, 'penwidth=2.5');
    lines.push(`  ${dotString(d.from)} -> ${dotString(d.to)} [${attrs.join(', ')}];`);
  }
  for (const u of data.unusedUses) {
    lines.push(
      `  ${dotString(u.from)} -> ${dotString(u.to)} [label="uses, no import", style=dashed, ` +
        `color=${dotString(GREY)}, fontcolor=${dotString(GREY)}];`,
    );
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
