import { describe, expect, it } from 'vitest';
import { collapseSpaces, spanInOriginal } from '../../../core/waltzrl/text/collapse-spaces';

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

describe('spanInOriginal', () => {
  it.each([
    ['a span of words', 'Hello,   I  cannot help.', 'I cannot', 'I  cannot'],
    ['a span at the end', 'so  no', 'no', 'no'],
    ['an empty span', 'x  y', '', ''],
  ])('%s', (_n, input, inCollapsed, inOriginal) => {
    const c = collapseSpaces(input);
    const start = c.text.indexOf(inCollapsed);
    const s = spanInOriginal(c.offsets, start, start + inCollapsed.length);
    expect(input.slice(s.start, s.end)).toBe(inOriginal);
  });
});

describe('collapseSpaces keeping line breaks', () => {
  it('collapses spaces and tabs but keeps line breaks', () => {
    expect(collapseSpaces('a  \t b\n\n1.  c', true).text).toBe('a b\n\n1. c');
  });
});
