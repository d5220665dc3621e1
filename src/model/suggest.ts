/**
 * "Did you mean …?" for the model's names. The primitives live in src/diagnostics/suggest.ts, where
 * the libraries and the command line (which must not depend on the model) use them too.
 */
export { closestName, didYouMean, editDistance } from '../diagnostics/suggest.js';
