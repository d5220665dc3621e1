/**
 * Parsing a guest's response text. The shared codec's `parseJsonExact` keeps 64-bit integers
 * exact but is written in JavaScript; V8's native `JSON.parse` is several times faster and gives
 * the same result whenever no integer needs more than 15 digits and the nesting stays within the
 * codec's depth limit. Both conditions are checked cheaply on the text (any run of 16 digits, even
 * inside a string, or more than MAX_DEPTH brackets of any kind sends the text to the exact parser,
 * which also produces the error message for invalid JSON).
 */
import { parseJsonExact, type Json } from '../codec.js';

/** Same limit as parseJsonExact's default. */
const MAX_DEPTH = 256;
const LONG_NUMBER = /[0-9]{16}/;

/** Upper bound of the nesting depth: the number of opening brackets, stopping past the limit. */
function bracketsWithin(text: string, limit: number): boolean {
  let n = 0;
  for (let i = text.indexOf('{'); i !== -1; i = text.indexOf('{', i + 1)) if (++n > limit) return false;
  for (let i = text.indexOf('['); i !== -1; i = text.indexOf('[', i + 1)) if (++n > limit) return false;
  return true;
}

/** Parse response JSON exactly like parseJsonExact (same values, same errors). */
export function parseResponseJson(text: string): Json {
  if (!LONG_NUMBER.test(text) && bracketsWithin(text, MAX_DEPTH)) {
    try {
      return JSON.parse(text) as Json;
    } catch {
      // fall through: the exact parser reports the error with its position
    }
  }
  return parseJsonExact(text, MAX_DEPTH);
}
