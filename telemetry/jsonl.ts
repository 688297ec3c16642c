import { closeSync, existsSync, fsyncSync, openSync, readSync, statSync, writeSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

/** A line longer than this (in characters) is reported as too long instead of parsed. */
export const MAX_LINE_CHARS = 1_000_000;
/** How much of an over-long line is kept (its first characters, the same for any chunking of the input). */
const PREVIEW_CHARS = 200;

export interface RawLine {
  /** 1-based line number in the input. */
  line: number;
  /** The text without its line terminator (CR removed, BOM removed on line 1). */
  text: string;
  /** True when the line exceeded MAX_LINE_CHARS; `text` is then truncated. */
  tooLong: boolean;
}

/**
 * Splits a byte stream into lines with constant memory (one line at a time, bounded by MAX_LINE_CHARS).
 * Handles a UTF-8 BOM, CRLF and a missing final newline.
 */
export async function* readLines(source: AsyncIterable<Buffer | string>, maxChars = MAX_LINE_CHARS): AsyncGenerator<RawLine> {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let skipping = false;
  let lineNo = 0;
  const emit = (text: string, tooLong: boolean): RawLine => {
    lineNo += 1;
    if (lineNo === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (text.endsWith('\r')) text = text.slice(0, -1);
    return { line: lineNo, text, tooLong };
  };
  for await (const chunk of source) {
    const s = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    let start = 0;
    for (;;) {
      const nl = s.indexOf('\n', start);
      if (nl === -1) break;
      const piece = s.slice(start, nl);
      start = nl + 1;
      if (skipping) {
        skipping = false;
        const head = (pending + piece).slice(0, PREVIEW_CHARS);
        pending = '';
        yield emit(head, true);
        continue;
      }
      const text = pending ? pending + piece : piece;
      pending = '';
      if (text.length > maxChars) yield emit(text.slice(0, PREVIEW_CHARS), true);
      else yield emit(text, false);
    }
    if (!skipping) {
      pending += s.slice(start);
      if (pending.length > maxChars) {
        skipping = true;
        pending = pending.slice(0, PREVIEW_CHARS);
      }
    } else if (pending.length < PREVIEW_CHARS) pending = (pending + s.slice(start)).slice(0, PREVIEW_CHARS);
  }
  const rest = pending + decoder.end();
  if (skipping || rest.length > maxChars) yield emit(rest.slice(0, PREVIEW_CHARS), true);
  else if (rest.length > 0) yield emit(rest, false);
}

/**
 * Appends lines to a JSONL file and fsyncs it. Each line must be a single JSON document.
 * Creates the file with owner-only permissions.
 */
export function appendLines(file: string, lines: string[]): void {
  if (lines.length === 0) return;
  const fd = openSync(file, 'a', 0o600);
  try {
    // A file cut off mid-line (crash during a previous append) gets its missing newline first.
    const size = fstatSize(file);
    if (size > 0 && lastByte(file, size) !== 0x0a) writeSync(fd, '\n');
    writeSync(fd, lines.map((l) => `${l}\n`).join(''));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function fstatSize(file: string): number {
  return existsSync(file) ? statSync(file).size : 0;
}

function lastByte(file: string, size: number): number {
  const fd = openSync(file, 'r');
  try {
    const b = Buffer.alloc(1);
    readSync(fd, b, 0, 1, size - 1);
    return b[0];
  } finally {
    closeSync(fd);
  }
}

/** The last `bytes` of a file as text (whole file if smaller); '' when it does not exist. */
export function readTail(file: string, bytes: number): string {
  if (!existsSync(file)) return '';
  const size = statSync(file).size;
  const len = Math.min(size, bytes);
  const fd = openSync(file, 'r');
  try {
    const b = Buffer.alloc(len);
    readSync(fd, b, 0, len, size - len);
    return b.toString('utf8');
  } finally {
    closeSync(fd);
  }
}
