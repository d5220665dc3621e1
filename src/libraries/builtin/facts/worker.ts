/** Worker thread: reads files and extracts their facts (see pool.ts). */
import { readFile } from 'node:fs/promises';
import { parentPort } from 'node:worker_threads';
import { extractFacts } from './extract.js';
import { emptyFacts, type Grammar } from './types.js';
import { MAX_PARSE_BYTES } from './limits.js';

interface Job {
  id: number;
  file: string;
  grammar: Grammar;
}

parentPort?.on('message', (job: Job) => {
  void (async () => {
    let text: string;
    try {
      const buf = await readFile(job.file);
      if (buf.length > MAX_PARSE_BYTES) {
        parentPort?.postMessage({ id: job.id, facts: emptyFacts(job.grammar, `file is larger than ${MAX_PARSE_BYTES} bytes; not parsed`) });
        return;
      }
      text = buf.toString('utf8');
    } catch (e) {
      parentPort?.postMessage({ id: job.id, facts: emptyFacts(job.grammar, `cannot read file: ${e instanceof Error ? e.message : String(e)}`) });
      return;
    }
    parentPort?.postMessage({ id: job.id, facts: await extractFacts(job.grammar, text) });
  })();
});
