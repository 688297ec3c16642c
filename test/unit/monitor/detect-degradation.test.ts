import { describe, expect, it } from 'vitest';
import type { Outcome } from '../../../core/learning/compute-reward';
import { detectDegradation, type DegradationParams } from '../../../core/monitor/detect-degradation';
import { sequentialTest } from '../../../core/monitor/sequential-test';
import { defaultConfig } from '../../../src/config/config';

const P: DegradationParams = defaultConfig().degradation;
const TH: DegradationParams = { ...P, method: 'threshold' };

/** Newest first: the window (`e` errors, `pa` partials, `s` successes; reward 0/0.5/1), then `older`; totals add the baseline. */
function input(win: { s: number; e: number; pa?: number }, base: { n: number; s: number; e: number }, older: Outcome[] = []) {
  const rows: { outcome: Outcome; reward: number }[] = [
    ...Array.from({ length: win.e }, () => ({ outcome: 'error' as Outcome, reward: 0 })),
    ...Array.from({ length: win.pa ?? 0 }, () => ({ outcome: 'partial' as Outcome, reward: 0.5 })),
    ...Array.from({ length: win.s }, () => ({ outcome: 'success' as Outcome, reward: 1 })),
    ...older.map((o) => ({ outcome: o, reward: o === 'success' ? 1 : 0 })),
  ];
  const wn = win.s + win.e + (win.pa ?? 0);
  const oldS = older.filter((o) => o === 'success').length;
  const oldE = older.filter((o) => o === 'error' || o === 'failure').length;
  return {
    totals: {
      n: base.n + wn + older.length, success: base.s + win.s + oldS, errors: base.e + win.e + oldE,
      rewardSum: base.s + win.s + 0.5 * (win.pa ?? 0) + oldS,
    },
    recent: rows,
  };
}

describe('detectDegradation — threshold (the guide’s rule, exact counts)', () => {
  it.each([
    // name, window successes/errors, baseline n/successes/errors, thresholds crossed
    ['no change', { s: 18, e: 2 }, { n: 100, s: 90, e: 10 }, []],
    // success 0.8 vs 0.9: 11.1% > 10%; reward 11.1% < 15%; errors 0.2 vs 0.1
    ['success drop just over 10%', { s: 16, e: 4 }, { n: 100, s: 90, e: 10 }, ['success_rate', 'error_rate']],
    // success 0.9 vs 1.0 is exactly 10% (not more); baseline without errors: 2 errors do not count
    ['exactly 10% and 2 errors on a clean baseline', { s: 18, e: 2 }, { n: 40, s: 40, e: 0 }, []],
    // 0.85 vs 1.0: success 15% > 10%, reward exactly 15% (not more), 3 errors > 2
    ['3 errors on a clean baseline', { s: 17, e: 3 }, { n: 40, s: 40, e: 0 }, ['success_rate', 'error_rate']],
    // partials keep the success rate; error rate 0.15 vs 0.1 is a 50% rise
    ['error rise only', { s: 17, e: 3 }, { n: 100, s: 85, e: 10 }, ['error_rate']],
    ['everything', { s: 5, e: 15 }, { n: 100, s: 90, e: 10 }, ['success_rate', 'reward', 'error_rate']],
  ] as [string, { s: number; e: number }, { n: number; s: number; e: number }, string[]][])('%s', (_n, win, base, tripped) => {
    const v = detectDegradation(input(win, base), TH);
    expect(v.kind).toBe(tripped.length ? 'degraded' : 'healthy');
    expect((v.figures as { tripped: string[] }).tripped).toEqual(tripped);
  });

  it('a drop of exactly 10% is not a trip; one success less is', () => {
    const base = { n: 100, s: 100, e: 0 };
    const at = (s: number) => detectDegradation(input({ s, e: 0, pa: 20 - s }, base), { ...TH, reward_drop: 1 });
    expect((at(18).figures as { tripped: string[] }).tripped).toEqual([]);
    expect((at(17).figures as { tripped: string[] }).tripped).toEqual(['success_rate']);
  });

  // Baselines of tens of millions (products past 2^53): exactly on the boundary is not a trip, one past it is.
  it.each([
    // window 0.9 vs baseline 1.0 is exactly a 10% drop; 0.85 is more
    ['exactly 10% below a perfect baseline of 99,999,989', { s: 900, e: 0, pa: 100 }, { n: 99_999_989, s: 99_999_989, e: 0 }, [] as string[]],
    ['one success less', { s: 899, e: 0, pa: 101 }, { n: 99_999_989, s: 99_999_989, e: 0 }, ['success_rate']],
    // errors 0.11 · (1 + 0.2) = 0.132 exactly → 132 of 1,000 is not a rise; 133 of 1,000 is
    ['error rate exactly 20% up', { s: 868, e: 132 }, { n: 77_000_000, s: 68_530_000, e: 8_470_000 }, []],
    ['error rate just over 20% up', { s: 867, e: 133 }, { n: 77_000_000, s: 68_530_000, e: 8_470_000 }, ['error_rate']],
  ] as [string, { s: number; e: number; pa?: number }, { n: number; s: number; e: number }, string[]][])('%s', (_n, win, base, tripped) => {
    const v = detectDegradation(input(win, base), { ...TH, window: win.s + win.e + (win.pa ?? 0), reward_drop: 1 });
    expect((v.figures as { tripped: string[] }).tripped).toEqual(tripped);
  });

  it('a drop a hair over the threshold, where the products are too close for floating point, still trips', () => {
    // 871/997 < (1 − 0.123457) · 455,000,531/456,522,443 holds by a margin below the doubles' rounding.
    const v = detectDegradation(input({ s: 871, e: 0, pa: 126 }, { n: 456_522_443, s: 455_000_531, e: 0 }), { ...TH, window: 997, success_rate_drop: 0.123457, reward_drop: 1 });
    expect((v.figures as { tripped: string[] }).tripped).toEqual(['success_rate']);
  });

  it.each([
    [19, 20, 'insufficient_data'],
    [20, 19, 'insufficient_data'],
    [20, 20, 'healthy'],
  ])('window %i, baseline %i → %s', (w, b, kind) => {
    const rows = Array.from({ length: w }, () => ({ outcome: 'success' as Outcome, reward: 1 }));
    const v = detectDegradation({ totals: { n: w + b, success: w + b, errors: 0, rewardSum: w + b }, recent: rows }, TH);
    expect(v.kind).toBe(kind);
  });
});

describe('detectDegradation — sequential (threshold AND Bernoulli CUSUM)', () => {
  const base = { n: 1000, s: 900, e: 100 };
  it.each([
    // a noisy window that trips the guide's rule but is plausible for a 0.9 variant: not confirmed
    ['3 errors in 20 after 80 good ones', { s: 17, e: 3 }, Array<Outcome>(80).fill('success'), 'degraded', 'healthy'],
    ['a real drop to 0.5', { s: 10, e: 10 }, [], 'degraded', 'degraded'],
    ['healthy', { s: 19, e: 1 }, [], 'healthy', 'healthy'],
  ] as [string, { s: number; e: number }, Outcome[], string, string][])('%s: threshold %s, sequential %s', (_n, win, older, th, sq) => {
    const i = input(win, base, older);
    expect(detectDegradation(i, TH).kind).toBe(th);
    const v = detectDegradation(i, P);
    expect(v.kind).toBe(sq);
    if (v.kind !== 'insufficient_data' && v.figures.tripped.length) expect(v.figures.sequential?.bound).toBeCloseTo(Math.log(1 / P.sequential_alpha), 3);
  });
});

describe('sequentialTest', () => {
  it.each([
    [[], 0, 'no_drop'],
    [Array(20).fill(false), 0, 'drop'],
    [[...Array(8).fill(false), ...Array(92).fill(true)], 8, 'drop'],
    [[true, ...Array(2).fill(false), ...Array(97).fill(true)], 3, 'no_drop'],
  ] as [boolean[], number, string][])('%#: statistic spans the suffix with the evidence', (recent, since, kind) => {
    const r = sequentialTest({ recent, baselineN: 900, baselineSuccess: 810 }, { alpha: 0.003, shift: 0.35 });
    expect(r.kind).toBe(kind);
    if (kind === 'drop') expect(r.figures.since).toBe(since || 20);
  });
});
