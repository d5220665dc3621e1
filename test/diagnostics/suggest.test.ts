import { describe, expect, it } from 'vitest';
import { closestName, didYouMean, editDistance } from '../../src/diagnostics/suggest.js';

describe('did-you-mean suggestions', () => {
  it('measures edits, counting a transposition as one', () => {
    expect(editDistance('exists', 'exists')).toBe(0);
    expect(editDistance('exsits', 'exists')).toBe(1);
    expect(editDistance('folder', 'fodler')).toBe(1);
    expect(editDistance('abc', '')).toBe(3);
  });

  it('suggests the closest name within a third of its length', () => {
    expect(closestName('exsits', ['exists', 'contains', 'max_size'])).toBe('exists');
    expect(closestName('folder_selectr', ['file_selector', 'folder_selector'])).toBe('folder_selector');
    expect(closestName('zzz', ['exists', 'contains'])).toBeUndefined();
    expect(didYouMean('pyhton', ['python', 'rust'])).toBe('did you mean `python`? ');
    expect(didYouMean('completely_else', ['python'])).toBe('');
  });
});
