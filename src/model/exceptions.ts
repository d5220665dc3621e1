/**
 * Exceptions (`except SOURCE to TARGET because 'reason'`): the element paths they name must denote
 * elements (E873), and an element inside a pattern cannot hold one (E874): an exception is about one
 * element's real code. The binder resolves those paths once (`Bindings.exceptionElement`); this
 * module reports from its answers and the run reads them.
 */
import { didYouMean } from '../diagnostics/suggest.js';
import { visibleNames } from './resolve.js';
import { makeDiagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { ExceptionDecl, ExceptionSide } from '../syntax/ast.js';
import type { Node, SpecModel } from './types.js';
import { C } from '../diagnostics/registry.js';

export const ExceptionCodes = {
  /** An element path in `except … to …` that names no element. */
  UNKNOWN_ELEMENT: C.E873,
  /** `except` written in an element of a pattern. */
  IN_PATTERN: C.E874,
  /** An exception that accepted no dependency in the run (reported by the run). */
  UNUSED: C.W871,
} as const;

/** The element an `element` side names, as the binder resolved it from the element the exception is in. */
export function exceptionElement(model: SpecModel, side: ExceptionSide): Node | undefined {
  const b = side.kind === 'element' ? model.bindings.exceptionElement(side) : undefined;
  return b?.ok ? b.node : undefined;
}

/** Every exception with the element it is written in, in document order. */
export function exceptionsOf(model: SpecModel): { decl: ExceptionDecl; at: Node }[] {
  // a plain loop: most elements have none, and no list is made for each of them
  const out: { decl: ExceptionDecl; at: Node }[] = [];
  for (const n of model.elements) {
    if (n.decl.kind !== 'Element' || !n.decl.exceptions) continue;
    for (const decl of n.decl.exceptions) out.push({ decl, at: n });
  }
  return out;
}

export function checkExceptions(model: SpecModel): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const { decl, at } of exceptionsOf(model)) {
    for (const side of [decl.source, decl.target]) {
      if (side.kind !== 'element' || exceptionElement(model, side)) continue;
      const name = side.path.map((i) => i.name).join('.');
      out.push(
        makeDiagnostic(
          'error',
          ExceptionCodes.UNKNOWN_ELEMENT,
          `\`${name}\` in this exception names no element visible from \`${at.path}\``,
          at.file,
          side.span,
          {
            help:
              didYouMean(name, [...visibleNames(at, at.unit), ...model.elements.map((e) => e.path)]) +
              "name an element (`except db to api because '…'`) or quote a file glob or import (`except " +
              "'src/db/*.py' to '..api.app' because '…'`)",
          },
        ),
      );
    }
  }
  for (const p of model.patterns) {
    const visit = (d: { exceptions?: ExceptionDecl[]; children?: unknown[] }) => {
      for (const e of d.exceptions ?? [])
        out.push(
          makeDiagnostic(
            'error',
            ExceptionCodes.IN_PATTERN,
            'an exception belongs in the element whose dependency it accepts, not in a pattern',
            p.file,
            e.span,
          ),
        );
    };
    if (p.decl.kind === 'Pattern') for (const el of p.decl.elements) walk(el, visit);
  }
  return out;
}

function walk(
  el: { exceptions?: ExceptionDecl[]; children: { exceptions?: ExceptionDecl[]; children: unknown[] }[] },
  f: (d: { exceptions?: ExceptionDecl[] }) => void,
): void {
  f(el);
  for (const c of el.children) walk(c as typeof el, f);
}
