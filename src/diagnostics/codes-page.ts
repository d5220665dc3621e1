/** docs/diagnostics-codes.md, generated from the registry (`node scripts/diagnostics-codes.mjs`). */
import { DIAGNOSTIC_CODES, type CodeInfo } from './registry.js';

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The whole page: one row per code, in code order, linking to the page that documents it. */
export function renderCodesPage(): string {
  const rows = (Object.entries(DIAGNOSTIC_CODES) as [string, CodeInfo][]).map(
    ([code, info]) => `| ${code} | ${info.severity} | ${cell(info.title)} | [${info.page}](${info.page}) |`,
  );
  return [
    '# Every diagnostic code',
    '',
    '<!-- Generated from src/diagnostics/registry.ts by `node scripts/diagnostics-codes.mjs`; do not edit ' +
      'by hand. -->',
    '',
    'Every code Hielements reports, from the one registry in the source. `hielements explain CODE`',
    'prints the full entry (explanation and example); the linked page documents it in context. The',
    'overview by area is [diagnostics.md](diagnostics.md).',
    '',
    '| code | severity | title | documented in |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
