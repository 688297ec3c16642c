import { describe, expect, it } from 'vitest';
import { collapseSpaces } from '../../../core/waltzrl/collapse-spaces';

describe('collapseSpaces', () => {
  it.each([
    ['a  b', 'a b'],
    ['a\n\tb', 'a b'],
    ['  a b  ', ' a b '],
    ['ab', 'ab'],
  ])('%j → %j', (input, out) => {
    const r = collapseSpaces(input);
    expect(r.text).toBe(out);
    expect(r.offsets).toHaveLength(out.length + 1);
    for (let i = 0; i < out.length; i++) if (out[i] !== ' ') expect(input[r.offsets[i]]).toBe(out[i]);
  });
});

describe('collapseSpaces keeping line breaks', () => {
  it('collapses spaces and tabs but keeps line breaks', () => {
    expect(collapseSpaces('a  \t b\n\n1.  c', true).text).toBe('a b\n\n1. c');
  });
});
