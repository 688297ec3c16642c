import { describe, expect, it } from 'vitest';
import { computeReward, type RewardRule, type RewardSignals } from '../../../core/learning/compute-reward';
import { updateQ } from '../../../core/learning/update-q';

const rule: RewardRule = { weights: { success: 0.5, quality: 0.3, speed: 0.2 }, error_penalty: 0.1, expected_duration_ms: 60_000 };

describe('computeReward', () => {
  it.each<[string, RewardSignals, number]>([
    ['success only', { outcome: 'success' }, 1],
    ['partial only', { outcome: 'partial' }, 0.5],
    ['failure only', { outcome: 'failure' }, 0],
    ['error only', { outcome: 'error' }, 0],
    ['given reward wins', { outcome: 'failure', reward: 0.7, quality: 1 }, 0.7],
    ['given reward is clamped', { outcome: 'success', reward: 1.5 }, 1],
    ['success + quality renormalised over 0.8', { outcome: 'success', quality: 0.5 }, (0.5 * 1 + 0.3 * 0.5) / 0.8],
    ['all three signals', { outcome: 'success', quality: 0.8, durationMs: 30_000 }, 0.5 + 0.3 * 0.8 + 0.2 * 0.5],
    ['slower than expected clamps speed to 0', { outcome: 'success', durationMs: 120_000 }, 0.5 / 0.7],
    ['instant gives speed 1', { outcome: 'partial', durationMs: 0 }, (0.25 + 0.2) / 0.7],
    ['errors subtract 0.1 each', { outcome: 'success', errorCount: 2 }, 0.8],
    ['never below 0', { outcome: 'failure', errorCount: 5 }, 0],
  ])('%s', (_name, signals, expected) => {
    expect(computeReward(signals, rule)).toBeCloseTo(expected, 12);
  });
});

describe('updateQ', () => {
  it('equals the success rate over the first 10 visits when only success/failure is recorded', () => {
    const outcomes = [1, 0, 1, 1, 0, 1, 1, 1, 0, 1];
    let s = { q: 0, n: 0 };
    outcomes.forEach((r, i) => {
      s = updateQ(s, r, 0.1);
      const mean = outcomes.slice(0, i + 1).reduce((a, b) => a + b, 0) / (i + 1);
      expect(s.q).toBeCloseTo(mean, 12);
      expect(s.n).toBe(i + 1);
    });
  });

  it.each([
    // [q before, n before, reward, alpha, q after]
    [0, 0, 1, 0.1, 1],
    [0.5, 1, 1, 0.1, 0.75],
    [0.5, 9, 0, 0.1, 0.45], // step 1/10
    [0.5, 10, 0, 0.1, 0.45], // step max(1/11, 0.1) = 0.1
    [0.5, 99, 1, 0.1, 0.55],
    [0.5, 3, 1, 0.5, 0.75], // step max(1/4, 0.5)
  ])('Q=%d n=%d r=%d α=%d → %d', (q, n, r, alpha, expected) => {
    const next = updateQ({ q, n }, r, alpha);
    expect(next.q).toBeCloseTo(expected, 12);
    expect(next.n).toBe(n + 1);
  });

  it('follows drift after the first 10 visits (recency weighting)', () => {
    let s = { q: 0, n: 0 };
    for (let i = 0; i < 100; i++) s = updateQ(s, 1, 0.1);
    for (let i = 0; i < 30; i++) s = updateQ(s, 0, 0.1);
    // A plain mean would still be 100/130 ≈ 0.77; recency weighting gives 0.9^30 ≈ 0.04.
    expect(s.q).toBeCloseTo(Math.pow(0.9, 30), 6);
  });
});
