/**
 * Collapses every run of whitespace to one space, so that word patterns written with single spaces read
 * "How  do I" like "How do I". With `keepLineBreaks`, only runs of spaces and tabs are collapsed and line
 * breaks stay (list items are read from them). Returns the collapsed text and, for each of its characters,
 * the offset of that character in the input (plus one entry for the end), so that spans found in the
 * collapsed text can be mapped back. Pure.
 */
export function collapseSpaces(text: string, keepLineBreaks = false): { text: string; offsets: number[] } {
  const ws = keepLineBreaks ? /[^\S\n\r]/ : /\s/;
  let out = '';
  const offsets: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (ws.test(c)) {
      if (out.endsWith(' ')) continue;
      out += ' ';
    } else out += c;
    offsets.push(i);
  }
  offsets.push(text.length);
  return { text: out, offsets };
}

/** A span [start, end) of the collapsed text, as offsets into the text it was collapsed from. */
export function spanInOriginal(offsets: readonly number[], start: number, end: number): { start: number; end: number } {
  return { start: offsets[start], end: end > start ? offsets[end - 1] + 1 : offsets[start] };
}
