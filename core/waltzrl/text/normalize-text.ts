/**
 * Normalises text for rule matching without moving character offsets much: curly quotes and
 * apostrophes become straight ones, dashes become '-', everything is lower-cased. The result has
 * the same length as the input (one UTF-16 unit in, one out), so offsets found in it point into the original.
 */
export function normalizeText(text: string): string {
  let out = '';
  for (const ch of text) {
    const c = ch.length === 1 ? ch : ch; // surrogate pairs pass through unchanged
    if (c === '\u2019' || c === '\u2018' || c === '\u02BC' || c === '\u2032' || c === '`' || c === '\u00B4') out += "'";
    else if (c === '\u201C' || c === '\u201D' || c === '\u201E') out += '"';
    else if (c === '\u2013' || c === '\u2014' || c === '\u2212') out += '-';
    else if (c === '\u00A0') out += ' ';
    else out += c.toLowerCase().length === c.length ? c.toLowerCase() : c;
  }
  return out;
}
