import { describe, expect, it } from 'vitest';
import { mapPool } from '../../src/worker-pool';

const tick = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

describe('mapPool', () => {
  it.each([
    [0, 3],
    [1, 1],
    [5, 1],
    [5, 2],
    [5, 5],
    [5, 64],
  ])('%i items, concurrency %i: results in input order, never more in flight than allowed', async (count, concurrency) => {
    const items = Array.from({ length: count }, (_, i) => i);
    let inFlight = 0, peak = 0;
    const out = await mapPool(items, concurrency, async (x, i) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await tick((count - x) * 2); // later items finish first
      inFlight--;
      return `${x}:${i}`;
    });
    expect(out).toEqual(items.map((x) => `${x}:${x}`));
    expect(peak).toBe(Math.min(count, concurrency));
  });

  it('rejects with the first error, starts no further item and lets the calls in flight settle', async () => {
    const started: number[] = [];
    const settled: number[] = [];
    const run = mapPool([0, 1, 2, 3, 4, 5], 2, async (x) => {
      started.push(x);
      await tick(x === 1 ? 1 : 10);
      settled.push(x);
      if (x === 1) throw new Error('boom 1');
      return x;
    });
    await expect(run).rejects.toThrow('boom 1');
    expect(started).toEqual([0, 1]);
    expect(settled.sort()).toEqual([0, 1]);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses concurrency %s', async (c) => {
    await expect(mapPool([1], c, async (x) => x)).rejects.toThrow(RangeError);
  });
});
