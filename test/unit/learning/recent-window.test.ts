import { describe, expect, it } from 'vitest';
import { seededRng } from '../../../core/learning/rng';
import { decodeWindow, encodeWindow, newestFirst, RecentWindow, type WindowEntry } from '../../../src/features/learning/recent-window';

const OUTCOMES = ['success', 'partial', 'failure', 'error'] as const;

function entries(n: number, seed: number, distinctTimes: number): WindowEntry[] {
  const rng = seededRng(seed);
  return Array.from({ length: n }, (_, i) => ({
    tsMs: Date.UTC(2026, 0, 1) + Math.floor(rng() * distinctTimes) * 1000,
    id: i + 1,
    outcome: OUTCOMES[Math.floor(rng() * 4)],
    reward: Math.round(rng() * 1000) / 1000,
  }));
}

describe('RecentWindow', () => {
  it.each([
    { n: 0, capacity: 5, times: 10 },
    { n: 3, capacity: 5, times: 10 },
    { n: 500, capacity: 20, times: 1_000_000 },
    { n: 500, capacity: 20, times: 7 },
    { n: 1_000, capacity: 100, times: 50 },
    { n: 1_000, capacity: 1, times: 3 },
  ])('keeps the newest $capacity of $n additions in any order ($times distinct timestamps)', ({ n, capacity, times }) => {
    const all = entries(n, n + capacity, times);
    const expected = [...all].sort(newestFirst).slice(0, capacity);
    // In id order, shuffled, and split between an earlier kept window and later additions.
    const rng = seededRng(7);
    const shuffled = [...all].sort(() => rng() - 0.5);
    for (const order of [all, shuffled]) {
      const w = new RecentWindow(capacity);
      for (const e of order) w.add(e);
      expect(w.entries()).toEqual(expected);
      const half = Math.floor(order.length / 2);
      const first = new RecentWindow(capacity);
      for (const e of order.slice(0, half)) first.add(e);
      const second = new RecentWindow(capacity, first.blob());
      for (const e of order.slice(half)) second.add(e);
      expect(second.entries()).toEqual(expected);
    }
  });

  it('says whether anything was added', () => {
    const w = new RecentWindow(3, encodeWindow(entries(3, 1, 5).sort(newestFirst)));
    expect(w.changed).toBe(false);
    w.add({ tsMs: 0, id: 99, outcome: 'success', reward: 1 });
    expect(w.changed).toBe(true);
    expect(w.entries().map((e) => e.id)).not.toContain(99); // older than a full window
  });

  it('round-trips through the stored blob, and decodes a prefix', () => {
    const es = entries(120, 3, 1_000).sort(newestFirst).slice(0, 100);
    const blob = encodeWindow(es);
    expect(blob.length).toBe(100 * 25);
    expect(decodeWindow(blob)).toEqual(es);
    expect(decodeWindow(blob, 20)).toEqual(es.slice(0, 20));
    expect(decodeWindow(encodeWindow([]))).toEqual([]);
  });
});
