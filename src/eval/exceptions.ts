/**
 * Exceptions at run time: which import edges an `except SOURCE to TARGET because '…'` accepts for the
 * dependency rules evaluated at its element or one of its descendants (`forbids connection to`,
 * `allows connection to`, `--strict-uses`), and which exceptions accepted nothing (W871).
 */
import picomatch from 'picomatch';
import { makeDiagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { DependencyEdge } from '../libraries/types.js';
import { exceptionElement, exceptionsOf, ExceptionCodes } from '../model/exceptions.js';
import type { Node, SpecModel } from '../model/types.js';
import { relativeInside, toPosix } from '../diagnostics/paths.js';
import type { ExceptionDecl, ExceptionSide } from '../syntax/ast.js';
import type { DependencyFacts } from './facts.js';

export interface Excepted {
  edge: DependencyEdge;
  reason: string;
  /** Where the exception is written. */
  file: string;
  line: number;
}

interface Entry {
  decl: ExceptionDecl;
  at: Node;
  used: boolean;
}

export class ExceptionMatcher {
  private readonly entries: Entry[];
  private readonly model: SpecModel;
  private readonly globs = new Map<string, (s: string) => boolean>();

  constructor(
    model: SpecModel,
    private readonly facts: DependencyFacts,
    private readonly workspace: string,
  ) {
    this.model = model;
    this.entries = exceptionsOf(model).map((e) => ({ ...e, used: false }));
  }

  get size(): number {
    return this.entries.length;
  }

  /** Splits the violating edges of a rule evaluated at `x` into those still violating and those excepted. */
  async split(x: Node, edges: DependencyEdge[]): Promise<{ kept: DependencyEdge[]; excepted: Excepted[] }> {
    const applicable = this.entries.filter((e) => isSelfOrAncestor(e.at, x));
    if (applicable.length === 0 || edges.length === 0) return { kept: edges, excepted: [] };
    const kept: DependencyEdge[] = [];
    const excepted: Excepted[] = [];
    for (const edge of edges) {
      let hit: Entry | undefined;
      for (const e of applicable) {
        if (
          (await this.matches(e.decl.source, edge, 'source')) &&
          (await this.matches(e.decl.target, edge, 'target'))
        ) {
          hit = e;
          break;
        }
      }
      if (hit) {
        hit.used = true;
        excepted.push({ edge, reason: hit.decl.reason, file: hit.at.file, line: hit.decl.span.start.line });
      } else kept.push(edge);
    }
    return { kept, excepted };
  }

  private async matches(side: ExceptionSide, edge: DependencyEdge, which: 'source' | 'target'): Promise<boolean> {
    const file = which === 'source' ? edge.from : edge.to;
    if (side.kind === 'element') {
      const node = exceptionElement(this.model, side);
      if (!node || file === undefined) return false;
      return (await this.facts.filesOf(node, true)).files.has(file);
    }
    const glob = this.glob(side.text);
    if (which === 'target' && (edge.specifier === side.text || glob(edge.specifier))) return true;
    if (file === undefined) return false;
    const rel = relativeInside(file, this.workspace) ?? toPosix(file);
    return glob(rel);
  }

  private glob(text: string): (s: string) => boolean {
    let g = this.globs.get(text);
    if (!g) {
      g = picomatch(text, { dot: true });
      this.globs.set(text, g);
    }
    return g;
  }

  /** W871 for each exception that accepted nothing, unless `ran` says its element's rules did not all run. */
  unused(ran: (at: Node) => boolean): Diagnostic[] {
    return this.entries
      .filter((e) => !e.used && ran(e.at))
      .map((e) =>
        makeDiagnostic(
          'warning',
          ExceptionCodes.UNUSED,
          `this exception accepted no dependency: no dependency rule at \`${e.at.path}\` or below found an import ` +
            'it matches',
          e.at.file,
          e.decl.span,
          {
            help: 'the dependency is gone? remove the exception',
          },
        ),
      );
  }
}

function isSelfOrAncestor(a: Node, x: Node): boolean {
  for (let n: Node | undefined = x; n; n = n.parent) if (n === a) return true;
  return false;
}
