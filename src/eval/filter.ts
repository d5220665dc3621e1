/**
 * `run --filter GLOB`: which elements run (a glob over dotted element paths), and the error for a
 * filter that matches no element at all — a typo would otherwise give a green run that checked nothing.
 */
import picomatch from 'picomatch';
import { makeDiagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { C } from '../diagnostics/registry.js';
import { closestName } from '../model/suggest.js';
import type { SpecModel } from '../model/types.js';

/** Compiles a `--filter` glob into a predicate over dotted element paths. */
export function elementFilter(filter: string | undefined): (path: string) => boolean {
  if (!filter) return () => true;
  const isMatch = picomatch(filter, { dot: true });
  return (p) => isMatch(p);
}

/** How many element paths the error lists before it says how many more there are. */
const LISTED = 20;

/** E875 when `filter` matches none of the model's element paths. */
export function unmatchedFilter(model: SpecModel, filter: string): Diagnostic | undefined {
  const matches = elementFilter(filter);
  const paths = model.elements.map((e) => e.path);
  if (paths.some(matches)) return undefined;
  const close = closestName(filter, paths);
  const listed = paths.slice(0, LISTED).join(', ');
  const more = paths.length > LISTED ? ` and ${paths.length - LISTED} more` : '';
  const help =
    paths.length === 0
      ? 'the spec declares no element'
      : `${close ? `did you mean \`${close}\`? ` : ''}the elements are: ${listed}${more} ` +
        "(a glob over dotted paths: `shop.*` for an element's children, `shop.**` for all below it)";
  return makeDiagnostic('error', C.E875, `--filter \`${filter}\` matches no element of the spec`, '', undefined, {
    help,
  });
}
