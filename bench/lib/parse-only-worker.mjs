// Parse-only worker for imports.bench.mjs: loads the grammar, says it is ready, and on "go" takes
// the next text from a shared counter (as the analysis' workers do) and parses it with
// web-tree-sitter (tree freed, nothing extracted). The time this takes in parallel is the floor
// any analysis built on these parsers has on this machine.
import { parentPort, workerData } from 'node:worker_threads';
import { Language, Parser } from 'web-tree-sitter';

const { texts, grammar, next } = workerData;
await Parser.init();
const parser = new Parser();
parser.setLanguage(await Language.load(grammar));
const counter = new Int32Array(next);
parentPort.on('message', () => {
  const t0 = performance.now();
  for (let i = Atomics.add(counter, 0, 1); i < texts.length; i = Atomics.add(counter, 0, 1))
    parser.parse(texts[i])?.delete();
  parentPort.postMessage(performance.now() - t0);
});
parentPort.postMessage('ready');
