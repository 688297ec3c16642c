import { StringDecoder } from 'node:string_decoder';
import { MAX_LINE_CHARS, type RawLine } from './jsonl';

/** How much of an over-long line is kept (its first characters, the same for any chunking of the input). */
const PREVIEW_CHARS = 200;

/**
 * Splits a byte stream into lines, one array of lines per input chunk — the same lines as `readLines`
 * (UTF-8 BOM on line 1 and a CR before the newline removed, a missing final newline tolerated, lines
 * longer than `maxChars` reported as too long with their first 200 characters) but without one
 * promise per line, so a caller can process a whole chunk in a synchronous loop. Memory stays bounded
 * by one chunk plus one line of at most `maxChars` characters.
 */
export async function* readLineBatches(source: AsyncIterable<Buffer | string>, maxChars = MAX_LINE_CHARS): AsyncGenerator<RawLine[]> {
  const splitter = new LineSplitter(maxChars);
  for await (const chunk of source) {
    const lines = splitter.push(chunk);
    if (lines.length > 0) yield lines;
  }
  const rest = splitter.end();
  if (rest.length > 0) yield rest;
}

/** The synchronous core of `readLineBatches`: feed chunks, take the complete lines of each. */
export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private pending = '';
  private skipping = false;
  private lineNo = 0;
  constructor(private readonly maxChars = MAX_LINE_CHARS) {}

  private emit(out: RawLine[], text: string, tooLong: boolean): void {
    this.lineNo += 1;
    if (this.lineNo === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (text.charCodeAt(text.length - 1) === 13) text = text.slice(0, -1);
    out.push({ line: this.lineNo, text, tooLong });
  }

  /** The lines completed by this chunk. */
  push(chunk: Buffer | string): RawLine[] {
    const out: RawLine[] = [];
    const s = typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    const max = this.maxChars;
    let start = 0;
    for (;;) {
      const nl = s.indexOf('\n', start);
      if (nl === -1) break;
      if (this.skipping) {
        this.skipping = false;
        const head = (this.pending + s.slice(start, Math.min(nl, start + PREVIEW_CHARS))).slice(0, PREVIEW_CHARS);
        this.pending = '';
        this.emit(out, head, true);
      } else if (this.pending) {
        const text = this.pending + s.slice(start, nl);
        this.pending = '';
        if (text.length > max) this.emit(out, text.slice(0, PREVIEW_CHARS), true);
        else this.emit(out, text, false);
      } else if (nl - start > max) this.emit(out, s.slice(start, Math.min(nl, start + PREVIEW_CHARS)), true);
      else this.emit(out, s.slice(start, nl), false);
      start = nl + 1;
    }
    if (!this.skipping) {
      this.pending += s.slice(start);
      if (this.pending.length > max) {
        this.skipping = true;
        this.pending = this.pending.slice(0, PREVIEW_CHARS);
      }
    } else if (this.pending.length < PREVIEW_CHARS) this.pending = (this.pending + s.slice(start)).slice(0, PREVIEW_CHARS);
    return out;
  }

  /** The last line (one without a final newline), if any. */
  end(): RawLine[] {
    const out: RawLine[] = [];
    const rest = this.pending + this.decoder.end();
    this.pending = '';
    if (this.skipping || rest.length > this.maxChars) this.emit(out, rest.slice(0, PREVIEW_CHARS), true);
    else if (rest.length > 0) this.emit(out, rest, false);
    this.skipping = false;
    return out;
  }
}
