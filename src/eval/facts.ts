/**
 * File ownership and dependency facts for connection rules and `--strict-uses`: which files an
 * element's scopes select, which element owns a file, and the import edges of files (from the
 * language libraries that implement DependencyProvider), cached for the whole run.
 */
import type { CallContext, DependencyEdge, DependencyProvider } from '../libraries/types.js';
import { descendants, slotKey } from '../model/build.js';
import type { Instance } from '../model/resolve.js';
import type { Member, Node } from '../model/types.js';
import { toEvalError, type Evaluator } from './evaluator.js';

export interface FileSet {
  files: Set<string>;
  /** Scopes that could not be evaluated (their messages). */
  errors: string[];
}

export class DependencyFacts {
  private readonly edgeCache = new Map<string, Promise<DependencyEdge[]>>();
  private ownersPromise: Promise<Map<string, Node[]>> | undefined;

  constructor(
    private readonly evaluator: Evaluator,
    private readonly providers: readonly DependencyProvider[],
    private readonly ctx: CallContext,
    private readonly allElements: readonly Node[],
  ) {}

  /** Files selected by the scopes of `node` (and of its descendants when `deep`). */
  async filesOf(node: Node, deep: boolean, implementer?: Node): Promise<FileSet> {
    const nodes = deep ? [node, ...descendants(node)] : [node];
    const instances: Instance[] = [];
    for (const n of nodes) {
      if (n.kind === 'element') {
        for (const m of n.scopes) instances.push({ key: m.key, member: m });
      } else if (implementer) {
        // A pattern element: the scopes the implementer bound to its placeholders.
        for (const m of n.scopes) instances.push({ key: `${implementer.id}|${slotKey(m)}`, member: m, implementer });
      }
    }
    return this.collect(instances);
  }

  /** Files of one element scope (empty when it cannot be evaluated). */
  async filesOfMember(m: Member): Promise<Set<string>> {
    return (await this.collect([{ key: m.key, member: m }])).files;
  }

  private async collect(instances: Instance[]): Promise<FileSet> {
    const files = new Set<string>();
    const errors: string[] = [];
    const values = await Promise.all(
      instances.map((i) =>
        this.evaluator.valueOf(i).then(
          (v) => ({ ok: true as const, v }),
          (e: unknown) => ({ ok: false as const, e: toEvalError(e) }),
        ),
      ),
    );
    for (const r of values) {
      if (!r.ok) errors.push(r.e.message);
      else if (r.v.type === 'scope') r.v.scope.paths.forEach((p) => files.add(p));
    }
    return { files, errors };
  }

  /** Elements whose own scopes select each file (memoised for the run). */
  owners(): Promise<Map<string, Node[]>> {
    this.ownersPromise ??= (async () => {
      const map = new Map<string, Node[]>();
      const sets = await Promise.all(this.allElements.map((e) => this.filesOf(e, false)));
      this.allElements.forEach((e, i) => {
        for (const f of (sets[i] as FileSet).files) {
          const list = map.get(f);
          if (list) list.push(e);
          else map.set(f, [e]);
        }
      });
      return map;
    })();
    return this.ownersPromise;
  }

  /** Import edges whose source is one of `files` (each file is analysed once per run). */
  async edges(files: Iterable<string>): Promise<DependencyEdge[]> {
    const unanalysed = new Map<DependencyProvider, string[]>();
    const wanted: string[] = [];
    for (const f of files) {
      wanted.push(f);
      if (this.edgeCache.has(f)) continue;
      const provider = this.providers.find((p) => p.handles(f));
      if (!provider) {
        this.edgeCache.set(f, Promise.resolve([]));
        continue;
      }
      const list = unanalysed.get(provider);
      if (list) list.push(f);
      else unanalysed.set(provider, [f]);
    }
    for (const [provider, batch] of unanalysed) {
      // One request per provider; its edges are grouped by source file once.
      const bySource = provider.dependencies(batch, this.ctx).then((edges) => {
        const grouped = new Map<string, DependencyEdge[]>();
        for (const e of edges) {
          const list = grouped.get(e.from);
          if (list) list.push(e);
          else grouped.set(e.from, [e]);
        }
        return grouped;
      });
      for (const f of batch)
        this.edgeCache.set(
          f,
          bySource.then((grouped) => grouped.get(f) ?? []),
        );
    }
    const per = await Promise.all(wanted.map((f) => this.edgeCache.get(f) as Promise<DependencyEdge[]>));
    return per.flat();
  }
}
