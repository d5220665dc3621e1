/**
 * Code actions: the "did you mean" fixes the diagnostics propose (`help: did you mean \`x\`?`),
 * offered as a quick fix that replaces the misspelt name inside the diagnostic's range.
 */
import { CodeActionKind, type CodeAction, type Diagnostic as LspDiagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { editDistance } from '../diagnostics/suggest.js';

const SUGGESTION = /did you mean `([^`]+)`\?/;

export function quickFixes(doc: TextDocument, diagnostics: readonly LspDiagnostic[]): CodeAction[] {
  const out: CodeAction[] = [];
  for (const d of diagnostics) {
    const data = d.data as { help?: unknown } | undefined;
    const help =
      typeof data?.help === 'string' ? data.help : typeof d.message === 'string' ? d.message : d.message.value;
    const wanted = SUGGESTION.exec(help)?.[1];
    if (!wanted) continue;
    const start = doc.offsetAt(d.range.start);
    const text = doc.getText(d.range);
    // The misspelt word is the name in the range closest to the suggestion.
    let best: { index: number; word: string; dist: number } | undefined;
    for (const m of text.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)) {
      if (m[0] === wanted) continue;
      const dist = editDistance(m[0].toLowerCase(), wanted.toLowerCase());
      if (!best || dist < best.dist) best = { index: m.index, word: m[0], dist };
    }
    if (!best) continue;
    const range = {
      start: doc.positionAt(start + best.index),
      end: doc.positionAt(start + best.index + best.word.length),
    };
    out.push({
      title: `Change \`${best.word}\` to \`${wanted}\``,
      kind: CodeActionKind.QuickFix,
      diagnostics: [d],
      isPreferred: true,
      edit: { changes: { [doc.uri]: [{ range, newText: wanted }] } },
    });
  }
  return out;
}
