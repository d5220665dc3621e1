/**
 * Half-typed input never breaks the language service: every prefix of a real spec (each one is
 * what the buffer holds while the file is typed from the top) is validated and asked for symbols,
 * folding, completion, hover, definition and rename at the cursor.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LanguageService } from '../../src/lsp/service.js';
import { ROOT } from '../cli/helpers.js';

const SHOP = path.join(ROOT, 'examples', 'shop', 'hielements.hie');

describe('every prefix of a real spec', () => {
  const service = new LanguageService();
  afterAll(() => service.dispose());

  it('is analysed and answered without an exception, with ranges inside the text', async () => {
    const text = await readFile(SHOP, 'utf8');
    const uri = pathToFileURL(SHOP).href;
    let withErrors = 0;
    for (let end = 0; end <= text.length; end++) {
      const doc = TextDocument.create(uri, 'hielements', end + 1, text.slice(0, end));
      service.openDocument(doc);
      const cursor = doc.positionAt(end);
      const inside = doc.positionAt(Math.max(0, end - 1));
      const byUri = await service.diagnostics(uri);
      const own = byUri.get(uri) ?? [];
      for (const d of own) {
        expect(doc.offsetAt(d.range.start)).toBeLessThanOrEqual(doc.offsetAt(d.range.end));
        expect(d.range.end.line).toBeLessThanOrEqual(doc.lineCount);
        expect(d.message.length).toBeGreaterThan(0);
      }
      if (own.some((d) => d.severity === 1)) withErrors++;
      expect(Array.isArray(await service.documentSymbols(uri))).toBe(true);
      expect(Array.isArray(await service.foldingRanges(uri))).toBe(true);
      expect(Array.isArray(await service.completion(uri, cursor))).toBe(true);
      await service.hover(uri, inside);
      expect(Array.isArray(await service.definition(uri, inside))).toBe(true);
      await service.prepareRename(uri, inside);
    }
    // Most prefixes end mid-statement; the complete text is clean.
    expect(withErrors).toBeGreaterThan(text.length / 4);
    expect((await service.diagnostics(uri)).get(uri)).toEqual([]);
  });
});
