import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readLines, type RawLine } from '../../../telemetry/jsonl';
import { readLineBatches } from '../../../telemetry/line-batches';

/** Cuts `bytes` into chunks at the given offsets. */
function chunksOf(bytes: Buffer, cuts: number[]): Buffer[] {
  const offsets = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let prev = 0;
  for (const o of [...offsets, bytes.length]) {
    if (o > prev) chunks.push(bytes.subarray(prev, o));
    prev = Math.max(prev, o);
  }
  return chunks;
}

async function* source(chunks: Buffer[]) {
  for (const c of chunks) yield c;
}

async function viaBatches(chunks: Buffer[], maxChars?: number): Promise<RawLine[]> {
  const out: RawLine[] = [];
  for await (const batch of readLineBatches(source(chunks), maxChars)) out.push(...batch);
  return out;
}

async function viaLines(chunks: Buffer[], maxChars?: number): Promise<RawLine[]> {
  const out: RawLine[] = [];
  for await (const l of readLines(source(chunks), maxChars)) out.push(l);
  return out;
}

const text = fc
  .array(
    fc.oneof(
      fc.constantFrom('\n', '\r\n', '\r', '\ufeff', 'é', '€', '𝄞', '{"a":1}', ' ', 'x'.repeat(30)),
      fc.string({ maxLength: 12 }),
    ),
    { maxLength: 40 },
  )
  .map((parts) => parts.join(''));

describe('telemetry/line-batches readLineBatches', () => {
  it('gives exactly the lines of readLines, for any chunking and line limit', async () => {
    await fc.assert(
      fc.asyncProperty(text, fc.array(fc.nat(), { maxLength: 12 }), fc.constantFrom(undefined, 5, 25, 250), async (t, cuts, max) => {
        const bytes = Buffer.from(t, 'utf8');
        const expected = await viaLines([bytes], max);
        expect(await viaBatches(chunksOf(bytes, cuts), max)).toEqual(expected);
        expect(await viaLines(chunksOf(bytes, cuts), max)).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });

  it.each([
    ['BOM, CRLF and no final newline', '\ufeff{"a":1}\r\n\n{"b":2}', [{ line: 1, text: '{"a":1}', tooLong: false }, { line: 2, text: '', tooLong: false }, { line: 3, text: '{"b":2}', tooLong: false }]],
    ['a line over the limit keeps its first 200 characters', `${'y'.repeat(300)}\nok\n`, [{ line: 1, text: 'y'.repeat(200), tooLong: true }, { line: 2, text: 'ok', tooLong: false }]],
  ])('%s', async (_name, input, expected) => {
    const bytes = Buffer.from(input, 'utf8');
    expect(await viaBatches(chunksOf(bytes, [1, 7, 150, 299]), 250)).toEqual(expected);
  });

  it('yields one array per chunk, not one promise per line', async () => {
    const bytes = Buffer.from('{"a":1}\n'.repeat(1000), 'utf8');
    const sizes: number[] = [];
    for await (const batch of readLineBatches(source([bytes.subarray(0, 4000), bytes.subarray(4000)]))) sizes.push(batch.length);
    expect(sizes).toEqual([500, 500]);
  });
});
