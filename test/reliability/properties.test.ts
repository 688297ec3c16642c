import fc from 'fast-check';
import { StringDecoder } from 'node:string_decoder';
import { describe, expect, it } from 'vitest';
import { computeReward, type RewardRule } from '../../core/learning/compute-reward';
import { updateQ } from '../../core/learning/update-q';
import { readLines, type RawLine } from '../../telemetry/jsonl';

/** Feeds `bytes` to readLines cut at the given offsets. */
async function linesOf(bytes: Buffer, cuts: number[], maxChars?: number): Promise<RawLine[]> {
  const offsets = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let prev = 0;
  for (const o of [...offsets, bytes.length]) {
    if (o > prev) chunks.push(bytes.subarray(prev, o));
    prev = Math.max(prev, o);
  }
  async function* source() {
    for (const c of chunks) yield c;
  }
  const out: RawLine[] = [];
  for await (const l of readLines(source(), maxChars)) out.push(l);
  return out;
}

/** What the lines of a whole input are, computed the simple way (no chunking). */
function referenceLines(bytes: Buffer): string[] {
  const d = new StringDecoder('utf8');
  const parts = (d.write(bytes) + d.end()).split('\n');
  if (parts[parts.length - 1] === '') parts.pop();
  if (parts.length > 0 && parts[0].charCodeAt(0) === 0xfeff) parts[0] = parts[0].slice(1);
  return parts.map((p) => (p.endsWith('\r') ? p.slice(0, -1) : p));
}

/** Text made of pieces that stress a line splitter: newlines, CRLF, multi-byte characters, a BOM. */
const jsonlText = fc
  .array(
    fc.oneof(
      fc.constantFrom('\n', '\r\n', '\r', '\ufeff', 'é', '€', '𝄞', '{"a":1}', ' ', '"'),
      fc.string({ maxLength: 12 }),
    ),
    { maxLength: 40 },
  )
  .map((parts) => parts.join(''));

const cuts = fc.array(fc.nat(), { maxLength: 12 });

describe('telemetry/jsonl readLines', () => {
  it('gives the same lines for any split of the byte stream into chunks', async () => {
    await fc.assert(
      fc.asyncProperty(jsonlText, cuts, async (text, cs) => {
        const bytes = Buffer.from(text, 'utf8');
        const whole = await linesOf(bytes, []);
        const split = await linesOf(bytes, cs);
        expect(split).toEqual(whole);
        expect(whole.map((l) => l.text)).toEqual(referenceLines(bytes));
        expect(whole.map((l) => l.line)).toEqual(whole.map((_, i) => i + 1));
      }),
      { numRuns: 500 },
    );
  });

  it('gives the same lines for any split of arbitrary bytes (invalid UTF-8 included)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 80 }), cuts, async (arr, cs) => {
        const bytes = Buffer.from(arr);
        expect(await linesOf(bytes, cs)).toEqual(await linesOf(bytes, []));
      }),
      { numRuns: 500 },
    );
  });

  it('flags over-long lines the same way for any split, and keeps counting lines after them', async () => {
    await fc.assert(
      fc.asyncProperty(jsonlText, cuts, fc.integer({ min: 1, max: 8 }), async (text, cs, max) => {
        const bytes = Buffer.from(text, 'utf8');
        const whole = await linesOf(bytes, [], max);
        expect(await linesOf(bytes, cs, max)).toEqual(whole);
        const ref = referenceLines(bytes);
        expect(whole.length).toBe(ref.length);
        whole.forEach((l, i) => {
          if (!l.tooLong) expect(l.text).toBe(ref[i]);
        });
      }),
      { numRuns: 500 },
    );
  });
});

const rule: RewardRule = { weights: { success: 0.5, quality: 0.3, speed: 0.2 }, error_penalty: 0.1, expected_duration_ms: 60_000 };
const outcome = fc.constantFrom('success' as const, 'failure' as const, 'error' as const, 'partial' as const);
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });

describe('core/compute-reward', () => {
  it('always lies in [0, 1], for any signals including out-of-range ones', () => {
    fc.assert(
      fc.property(
        outcome,
        maybe(fc.double({ noNaN: true, min: -10, max: 10 })),
        maybe(fc.double({ noNaN: true, min: -10, max: 10 })),
        maybe(fc.double({ noNaN: true, min: 0, max: 1e9 })),
        maybe(fc.nat({ max: 1000 })),
        (o, reward, quality, durationMs, errorCount) => {
          const r = computeReward({ outcome: o, reward, quality, durationMs, errorCount }, rule);
          expect(r).toBeGreaterThanOrEqual(0);
          expect(r).toBeLessThanOrEqual(1);
        },
      ),
    );
  });

  it('with only an outcome equals its score (success 1, partial 0.5, failure/error 0)', () => {
    fc.assert(
      fc.property(outcome, (o) => {
        expect(computeReward({ outcome: o }, rule)).toBe({ success: 1, partial: 0.5, failure: 0, error: 0 }[o]);
      }),
    );
  });
});

const rewards = fc.array(fc.double({ noNaN: true, min: 0, max: 1 }), { minLength: 1, maxLength: 200 });
const alpha = fc.double({ noNaN: true, min: 0.01, max: 1 });

describe('core/update-q', () => {
  it('keeps Q in [0, 1] and counts n exactly', () => {
    fc.assert(
      fc.property(rewards, alpha, (rs, a) => {
        let s = { q: 0, n: 0 };
        rs.forEach((r, i) => {
          s = updateQ(s, r, a);
          expect(s.q).toBeGreaterThanOrEqual(0);
          expect(s.q).toBeLessThanOrEqual(1);
          expect(s.n).toBe(i + 1);
        });
      }),
    );
  });

  it('keeps Q in [0, 1] from any imported starting state', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, min: 0, max: 1 }), fc.nat({ max: 1e6 }), rewards, alpha, (q0, n0, rs, a) => {
        let s = { q: q0, n: n0 };
        for (const r of rs) s = updateQ(s, r, a);
        expect(s.q).toBeGreaterThanOrEqual(0);
        expect(s.q).toBeLessThanOrEqual(1);
        expect(s.n).toBe(n0 + rs.length);
      }),
    );
  });

  it('is the plain mean of the first 1/α visits (first 10 with α = 0.1)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true, min: 0, max: 1 }), { minLength: 1, maxLength: 10 }), (rs) => {
        let s = { q: 0, n: 0 };
        for (const r of rs) s = updateQ(s, r, 0.1);
        const mean = rs.reduce((x, y) => x + y, 0) / rs.length;
        expect(s.q).toBeCloseTo(mean, 12);
      }),
    );
  });

  it('stays between the smallest and the largest reward seen', () => {
    fc.assert(
      fc.property(rewards, alpha, (rs, a) => {
        let s = { q: 0, n: 0 };
        for (const r of rs) s = updateQ(s, r, a);
        expect(s.q).toBeGreaterThanOrEqual(Math.min(...rs) - 1e-12);
        expect(s.q).toBeLessThanOrEqual(Math.max(...rs) + 1e-12);
      }),
    );
  });
});
