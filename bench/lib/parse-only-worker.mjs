// Parse-only worker for imports.bench.mjs: reads its share of the files, says it is ready, and on
// "go" parses every text with web-tree-sitter (trees freed, nothing extracted). The time this takes
// in parallel is the floor any analysis built on these parsers has on this machine.
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { Language, Parser } from 'web-tree-sitter';

const { files, grammar } = workerData;
await Parser.init();
const parser = new Parser();
parser.setLanguage(await Language.load(grammar));
const texts = files.map((f) => readFileSync(f, 'utf8'));
parentPort.on('message', () => {
  const t0 = performance.now();
  for (const t of texts) parser.parse(t)?.delete();
  parentPort.postMessage(performance.now() - t0);
});
parentPort.postMessage('ready');
