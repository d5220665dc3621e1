/**
 * Persistent facts store (facts/store.ts) through the per-run cache: what is reused, what is parsed
 * again, and that reused facts are exactly the facts a parse gives.
 */
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { WorkspaceCache } from '../../../src/libraries/builtin/cache.js';
import { FactsStore } from '../../../src/libraries/builtin/facts/store.js';
import type { FileFacts } from '../../../src/libraries/builtin/facts/types.js';
import { FIXTURES } from './helpers.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A private copy of a fixture tree (tests edit files) and a cache directory inside it. */
function workspace(fixture = 'python-shop'): { root: string; cacheDir: string } {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'hie-store-')));
  dirs.push(root);
  cpSync(join(FIXTURES, fixture), root, { recursive: true });
  return { root, cacheDir: join(root, '.hielements-cache') };
}

function pyFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile() && e.name.endsWith('.py')) out.push(join(e.parentPath, e.name));
  }
  return out.sort();
}

/** One "run": a fresh cache over the same store directory, facts of `files`, then saved. */
async function run(root: string, cacheDir: string | undefined, files: readonly string[], calls = false) {
  const store = cacheDir ? new FactsStore(root, cacheDir) : undefined;
  const cache = new WorkspaceCache(root, [], store);
  await cache.walk();
  const facts = await cache.factsMany(files, 'python', { calls });
  await cache.dispose();
  return { facts, stats: store?.stats };
}

/** Sets a file's modification time into the past (as if it had been there for a while). */
function age(file: string, secondsAgo = 60): void {
  const t = new Date(Date.now() - secondsAgo * 1000);
  utimesSync(file, t, t);
}

describe('persistent facts store', () => {
  it('a second run reuses every file without parsing, with the same facts a parse gives', async () => {
    const { root, cacheDir } = workspace();
    const files = pyFiles(root);
    files.forEach((f) => age(f));
    const first = await run(root, cacheDir, files);
    expect(first.stats).toMatchObject({ unchanged: 0, sameContent: 0, parsed: files.length });
    expect(existsSync(join(cacheDir, 'facts.json'))).toBe(true);
    // marked as a cache: git ignores the folder's content, backup tools may skip it
    expect(readFileSync(join(cacheDir, '.gitignore'), 'utf8')).toMatch(/^\*$/m);
    expect(readFileSync(join(cacheDir, 'CACHEDIR.TAG'), 'utf8')).toMatch(
      /^Signature: 8a477f597d28d172789f06886806bc55/,
    );

    const second = await run(root, cacheDir, files);
    expect(second.stats).toMatchObject({ unchanged: files.length, sameContent: 0, parsed: 0 });
    expect(second.stats?.savedBytes).toBeUndefined(); // nothing changed: not rewritten
    const parsed = await run(root, undefined, files);
    for (const f of files) expect(second.facts.get(f), f).toEqual(parsed.facts.get(f));
  });

  it('an edited file is parsed again, even a same-size edit right after the previous run', async () => {
    const { root, cacheDir } = workspace();
    const files = pyFiles(root);
    const target = join(root, 'src/shop/orders/api.py');
    writeFileSync(target, 'import os\n');
    await run(root, cacheDir, files);
    // same size, and (on a coarse clock) possibly the same modification time: caught by the hash
    writeFileSync(target, 'import io\n');
    const after = await run(root, cacheDir, files);
    expect(after.stats!.parsed).toBe(1);
    expect(after.facts.get(target)!.imports.map((i) => i.specifier)).toEqual(['io']);
  });

  it('a file whose time changed but not its content (a fresh checkout) is re-read, not parsed', async () => {
    const { root, cacheDir } = workspace();
    const files = pyFiles(root);
    files.forEach((f) => age(f, 120));
    await run(root, cacheDir, files);
    files.forEach((f) => age(f, 30));
    const after = await run(root, cacheDir, files);
    expect(after.stats).toMatchObject({ unchanged: 0, sameContent: files.length, parsed: 0 });
    // the new times were recorded: the next run needs no reading at all
    expect((await run(root, cacheDir, files)).stats).toMatchObject({ unchanged: files.length, parsed: 0 });
  });

  it('facts stored without calls do not answer a calls question; facts with calls answer both', async () => {
    const { root, cacheDir } = workspace();
    const files = pyFiles(root);
    files.forEach((f) => age(f));
    await run(root, cacheDir, files, false);
    const withCalls = await run(root, cacheDir, files, true);
    expect(withCalls.stats!.parsed).toBe(files.length);
    expect([...withCalls.facts.values()].every((f) => f.callsOmitted === undefined)).toBe(true);
    const outline = await run(root, cacheDir, files, false);
    expect(outline.stats).toMatchObject({ unchanged: files.length, parsed: 0 });
  });

  it('a file asked for again in the same run is answered once more, counted once, never re-read', async () => {
    const { root, cacheDir } = workspace();
    const files = pyFiles(root);
    files.forEach((f) => age(f));
    const fresh = join(root, 'src/shop/orders/api.py');
    writeFileSync(fresh, 'import os\n'); // just written: recorded to be verified by content next run
    const plain = [(await run(root, undefined, files, false)).facts, (await run(root, undefined, files, true)).facts];
    for (const round of ['parse', 'from the store'])
      for (const calls of [false, true]) {
        const store = new FactsStore(root, cacheDir);
        const cache = new WorkspaceCache(root, [], store);
        await cache.walk();
        // (the stored facts with calls answer a question without them too)
        const first = await cache.factsMany(files, 'python', { calls });
        const again = await cache.factsMany(files, 'python', { calls });
        const third = await cache.factsMany(files, 'python', { calls });
        for (const f of files) {
          expect(again.get(f), `${round} ${f}`).toEqual(first.get(f));
          expect(third.get(f), `${round} ${f}`).toEqual(first.get(f));
          expect(first.get(f), `${round} ${f}`).toEqual(plain[calls || round !== 'parse' ? 1 : 0]!.get(f));
        }
        await cache.dispose();
        const answered = store.stats.unchanged + store.stats.sameContent + store.stats.parsed;
        // each file answered once: asking again neither parses, re-reads nor counts it again
        expect(answered, round).toBe(files.length);
      }
  });

  it(
    'entries are read from the store file as the run asks for them: a store rewritten in place ' +
      'never hands one file the entry of another; one replaced by another run is read as it was opened',
    async () => {
      const { root, cacheDir } = workspace();
      const files = pyFiles(root);
      files.forEach((f) => age(f));
      await run(root, cacheDir, files);
      const file = join(cacheDir, 'facts.json');
      const text = readFileSync(file, 'utf8');
      const plain = (await run(root, undefined, files)).facts;

      // rewritten in place after the run opened it: every line moved (one entry dropped)
      const store = new FactsStore(root, cacheDir);
      const cache = new WorkspaceCache(root, [], store);
      await cache.walk();
      await store.load();
      const lines = text.split('\n');
      const body = lines.slice(1, -1).map((l) => l.replace(/,$/, ''));
      const shifted = [
        lines[0],
        ...body
          .slice(1)
          .reverse()
          .map((l, k, all) => (k < all.length - 1 ? `${l},` : l)),
      ];
      writeFileSync(file, `${shifted.join('\n')}\n}}`);
      const facts = await cache.factsMany(files, 'python');
      for (const f of files) expect(facts.get(f), f).toEqual(plain.get(f));
      await cache.dispose();
      // whatever its line no longer held was parsed again: no entry was taken for another file
      expect(store.stats.unchanged + store.stats.parsed).toBe(files.length);
      expect(store.stats.parsed).toBeGreaterThan(0);

      // replaced by rename (as a concurrent run saves) after this run opened it: read as opened
      writeFileSync(file, text);
      const second = new FactsStore(root, cacheDir);
      const cache2 = new WorkspaceCache(root, [], second);
      await cache2.walk();
      await second.load();
      writeFileSync(join(cacheDir, 'other.tmp'), '{"format":2,"tool":"another","files":{}}');
      renameSync(join(cacheDir, 'other.tmp'), file);
      const again = await cache2.factsMany(files, 'python');
      for (const f of files) expect(again.get(f), f).toEqual(plain.get(f));
      await cache2.dispose();
      expect(second.stats).toMatchObject({ unchanged: files.length, parsed: 0 });
    },
  );

  it('writes and reads back paths and facts beyond ASCII, and a store larger than the one it read', async () => {
    const { root, cacheDir } = workspace();
    const extra: string[] = [];
    for (const name of ['ünïcödé.py', '日本語.py', 'emoji_😀.py', 'quote"mark.py']) {
      const f = join(root, 'src', name);
      writeFileSync(f, `"""Dökümentation — ${name}"""\nimport os\n\ndef f_${extra.length}():\n    return "✓"\n`);
      extra.push(f);
    }
    const files = pyFiles(root);
    files.forEach((f) => age(f));
    // first a store of a few files, then one of all of them (it grows past what was read)
    await run(root, cacheDir, files.slice(0, 2));
    const first = await run(root, cacheDir, files);
    expect(first.stats?.parsed).toBe(files.length - 2);
    const again = await run(root, cacheDir, files);
    expect(again.stats).toMatchObject({ unchanged: files.length, parsed: 0 });
    const plain = await run(root, undefined, files);
    for (const f of files) expect(again.facts.get(f), f).toEqual(plain.facts.get(f));
    const doc = JSON.parse(readFileSync(join(cacheDir, 'facts.json'), 'utf8')) as { files: Record<string, unknown> };
    for (const f of extra) expect(Object.keys(doc.files)).toContain(f.slice(root.length + 1));
    expect(first.stats?.savedBytes).toBe(statSync(join(cacheDir, 'facts.json')).size);
  });

  it('facts asked for again soon after are answered without reading the store again', async () => {
    const { root, cacheDir } = workspace();
    const files = pyFiles(root);
    files.forEach((f) => age(f));
    await run(root, cacheDir, files);
    const store = new FactsStore(root, cacheDir);
    const cache = new WorkspaceCache(root, [], store);
    await cache.walk();
    const first = await cache.factsMany(files, 'python');
    // the store's lines are gone now: a second question must not need them
    writeFileSync(join(cacheDir, 'facts.json'), 'x'.repeat(statSync(join(cacheDir, 'facts.json')).size));
    const again = await cache.factsMany(files, 'python');
    for (const f of files) expect(again.get(f), f).toEqual(first.get(f));
    expect(store.stats).toMatchObject({ unchanged: files.length, sameContent: 0, parsed: 0 });
    await cache.dispose();
  });

  it.skipIf(process.platform !== 'linux')('the store file is open from load to save, then closed', async () => {
    const { root, cacheDir } = workspace();
    const files = pyFiles(root);
    await run(root, cacheDir, files);
    const file = join(cacheDir, 'facts.json');
    const openOnStore = () =>
      readdirSync('/proc/self/fd').filter((fd) => {
        try {
          return readlinkSync(`/proc/self/fd/${fd}`) === file;
        } catch {
          return false;
        }
      }).length;
    const store = new FactsStore(root, cacheDir);
    const cache = new WorkspaceCache(root, [], store);
    await cache.factsMany(files.slice(0, 1), 'python');
    expect(openOnStore()).toBe(1);
    await cache.dispose();
    expect(openOnStore()).toBe(0);
  });

  it('entries of deleted files are dropped when the store is saved', async () => {
    const { root, cacheDir } = workspace();
    const files = pyFiles(root);
    await run(root, cacheDir, files);
    const gone = join(root, 'src/shop/payments/gateway.py');
    rmSync(gone);
    await run(
      root,
      cacheDir,
      files.filter((f) => f !== gone),
    );
    const doc = JSON.parse(readFileSync(join(cacheDir, 'facts.json'), 'utf8')) as { files: Record<string, unknown> };
    expect(Object.keys(doc.files)).not.toContain('src/shop/payments/gateway.py');
    expect(Object.keys(doc.files)).toContain('src/shop/orders/api.py');
  });

  it('a corrupt store is discarded with a reason, results stay right, and it is rewritten', async () => {
    const { root, cacheDir } = workspace();
    const files = pyFiles(root);
    await run(root, cacheDir, files);
    writeFileSync(join(cacheDir, 'facts.json'), '{"format":1,"tool":');
    const after = await run(root, cacheDir, files);
    expect(after.stats!.problem).toMatch(/unreadable facts cache .*facts\.json discarded/);
    expect(after.stats!.parsed).toBe(files.length);
    expect(() => JSON.parse(readFileSync(join(cacheDir, 'facts.json'), 'utf8'))).not.toThrow();
  });

  it('a store written by another version (tool key) or with malformed entries is not trusted', async () => {
    const { root, cacheDir } = workspace();
    const files = pyFiles(root);
    files.forEach((f) => age(f));
    await run(root, cacheDir, files);
    const file = join(cacheDir, 'facts.json');
    const doc = JSON.parse(readFileSync(file, 'utf8')) as { tool: string; files: Record<string, unknown[]> };
    // a forged entry whose facts lie about the file: ignored because its shape is wrong
    doc.files['src/shop/orders/api.py'] = [1, 2, 'x', { imports: 'nope' }];
    writeFileSync(file, JSON.stringify(doc));
    const forged = await run(root, cacheDir, files);
    expect(forged.stats).toMatchObject({ unchanged: files.length - 1, parsed: 1 });
    writeFileSync(file, JSON.stringify({ ...doc, tool: 'another-version' }));
    expect((await run(root, cacheDir, files)).stats).toMatchObject({ unchanged: 0, parsed: files.length });
  });

  it(
    'is written one entry per line; a run parses only the entries it asks for and writes the others back ' +
      'as they were',
    async () => {
      const { root, cacheDir } = workspace();
      const files = pyFiles(root);
      files.forEach((f) => age(f));
      await run(root, cacheDir, files);
      const file = join(cacheDir, 'facts.json');
      const lines = readFileSync(file, 'utf8').split('\n');
      expect(lines).toHaveLength(files.length + 2); // header, one line per file, closing line
      expect(lines[0]).toMatch(/^\{"format":\d+,"tool":"[0-9a-f]+","files":\{$/);
      expect(lines.at(-1)).toBe('}}');

      // damage two entries: the one a run asks for is dropped and parsed again; the other is not
      // even read, so it comes back byte for byte
      const asked = files.indexOf(join(root, 'src/shop/orders/api.py'));
      const notAsked = files.findIndex((_f, k) => k !== asked);
      const damaged = [...lines];
      damaged[asked + 1] = damaged[asked + 1]!.replace(/:\[.*$/, ':[1,2,"x",{"imports":"nope"}],');
      damaged[notAsked + 1] = damaged[notAsked + 1]!.replace(/:\[.*$/, ':[0,0,"y",{"imports":"never looked at"}],');
      writeFileSync(file, damaged.join('\n'));
      const after = await run(root, cacheDir, [files[asked]!]);
      expect(after.stats).toMatchObject({ unchanged: 0, parsed: 1 });
      const plain = await run(root, undefined, [files[asked]!]);
      expect(after.facts.get(files[asked]!)).toEqual(plain.facts.get(files[asked]!));
      const rewritten = readFileSync(file, 'utf8').split('\n');
      expect(rewritten[notAsked + 1]).toBe(damaged[notAsked + 1]);
      expect(rewritten[asked + 1]).not.toBe(damaged[asked + 1]);
      expect(() => JSON.parse(rewritten.join('\n'))).not.toThrow();
    },
  );

  it('a cache directory that cannot be created leaves the results untouched and says why', async () => {
    const { root } = workspace();
    const blocker = join(root, 'not-a-dir');
    writeFileSync(blocker, 'a file where the cache directory should be');
    const files = pyFiles(root);
    const r = await run(root, join(blocker, 'cache'), files);
    expect(r.stats!.problem).toMatch(/facts cache not saved to .*not-a-dir/);
    const plain = await run(root, undefined, files);
    for (const f of files) expect(r.facts.get(f)).toEqual(plain.facts.get(f));
  });

  it('a directory outside the workspace names the store after the workspace, so several can share it', () => {
    const { root, cacheDir } = workspace();
    expect(new FactsStore(root, cacheDir).file).toBe(join(cacheDir, 'facts.json'));
    const shared = join(tmpdir(), 'hie-shared-cache');
    expect(new FactsStore(root, shared).file).toMatch(/facts-[0-9a-f]{16}\.json$/);
    expect(new FactsStore(`${root}-other`, shared).file).not.toBe(new FactsStore(root, shared).file);
  });

  it('the walk never lists the cache directory', async () => {
    const { root, cacheDir } = workspace();
    await run(root, cacheDir, pyFiles(root));
    const cache = new WorkspaceCache(root);
    const w = await cache.walk();
    expect(w.files.some((f) => f.startsWith(cacheDir))).toBe(false);
    expect(w.dirs).not.toContain(cacheDir);
    await cache.dispose();
  });
});

describe('persistent facts store with parse workers (compiled build)', () => {
  const distCache = join(FIXTURES, '..', '..', '..', 'dist', 'libraries', 'builtin', 'cache.js');
  const distStore = join(FIXTURES, '..', '..', '..', 'dist', 'libraries', 'builtin', 'facts', 'store.js');
  for (const scanner of [false, true]) {
    it.skipIf(!existsSync(distCache))(
      scanner
        ? 'with the Python scanner (in this thread, no workers): content hashes compared, unchanged files not ' +
            'scanned again'
        : 'workers compare content hashes and skip the parse of unchanged files; edited ones are parsed',
      async () => {
        const { WorkspaceCache: DistCache } = (await import(
          pathToFileURL(distCache).href
        )) as typeof import('../../../src/libraries/builtin/cache.js');
        const { FactsStore: DistStore } = (await import(
          pathToFileURL(distStore).href
        )) as typeof import('../../../src/libraries/builtin/facts/store.js');
        const root = realpathSync(mkdtempSync(join(tmpdir(), 'hie-store-pool-')));
        dirs.push(root);
        // enough files for the worker pool (WORKER_THRESHOLD)
        const files = Array.from({ length: 180 }, (_, i) => join(root, `m${i}.py`));
        files.forEach((f, i) => writeFileSync(f, `import m${(i + 1) % 180}\n\ndef f${i}():\n    return ${i}\n`));
        files.forEach((f) => age(f, 120));
        const cacheDir = join(root, '.hielements-cache');
        const once = async () => {
          const store = new DistStore(root, cacheDir);
          const cache = new DistCache(root, [], store);
          const facts: Map<string, FileFacts> = await cache.factsMany(files, 'python');
          const workers = cache.parseWorkers;
          await cache.dispose();
          return { facts, stats: store.stats, workers };
        };
        // the workers parse only what the Python scanner does not answer: switched off for them
        const saved = process.env.HIELEMENTS_SCANNER;
        if (scanner) delete process.env.HIELEMENTS_SCANNER;
        else process.env.HIELEMENTS_SCANNER = 'off';
        onTestFinished(() => {
          if (saved === undefined) delete process.env.HIELEMENTS_SCANNER;
          else process.env.HIELEMENTS_SCANNER = saved;
        });
        const first = await once();
        if (scanner) expect(first.workers).toBe(0);
        else expect(first.workers).toBeGreaterThan(0);
        expect(first.stats.parsed).toBe(180);
        files.forEach((f) => age(f, 30)); // a checkout: new times, same content
        writeFileSync(files[7]!, 'import os\n'); // and one real edit
        const second = await once();
        expect(second.stats).toMatchObject({ sameContent: 179, parsed: 1, unchanged: 0 });
        expect(second.facts.get(files[7]!)!.imports.map((i) => i.specifier)).toEqual(['os']);
        for (const f of files.filter((_, i) => i !== 7)) expect(second.facts.get(f)).toEqual(first.facts.get(f));
        expect(statSync(join(cacheDir, 'facts.json')).size).toBeGreaterThan(0);
      },
    );
  }
});
