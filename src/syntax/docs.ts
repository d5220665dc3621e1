/** Doc comments (`##`) attached to AST nodes (docs/language.md §9). */

export interface Documented {
  doc?: string;
}

/** Appends a line (or block) of documentation to a node. */
export function appendDoc(node: Documented, text: string): void {
  node.doc = node.doc === undefined || node.doc === '' ? text : `${node.doc}\n${text}`;
}

/** Joins doc lines, dropping empty lines at both ends; undefined when there are none. */
export function joinDocs(docs: string[]): string | undefined {
  if (docs.length === 0) return undefined;
  const lines = [...docs];
  while (lines.length > 0 && lines[0] === '') lines.shift();
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.join('\n');
}

export function setDoc(node: Documented, docs: string[]): void {
  const d = joinDocs(docs);
  if (d !== undefined) node.doc = d;
}
