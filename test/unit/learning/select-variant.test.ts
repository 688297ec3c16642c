import { describe, expect, it } from 'vitest';
import { seededRng } from '../../../core/learning/rng';
import { type Candidate, sampleBeta, selectVariant } from '../../../core/learning/select-variant';

const settings = { epsilon: 0.1, ucb_c: Math.SQRT2 };
const cands: Candidate[] = [
  { variant_id: 'b', q: 0.8, n: 50 },
  { variant_id: 'a', q: 0.6, n: 50 },
  { variant_id: 'c', q: 0.8, n: 5 },
];

describe('selectVariant', () => {
  it('greedy takes the highest Q, ties alphabetical', () => {
    const s = selectVariant(cands, 'greedy', settings, seededRng(1));
    expect(s.kind === 'selected' && s.variant_id).toBe('b');
  });

  it('returns none without candidates', () => {
    expect(selectVariant([], 'thompson', settings, seededRng(1)).kind).toBe('none');
  });

  it('ucb1 tries an unvisited variant first, then favours the less visited of equal Q', () => {
    const withNew = [...cands, { variant_id: 'z', q: 0, n: 0 }];
    const s1 = selectVariant(withNew, 'ucb1', settings, seededRng(1));
    expect(s1.kind === 'selected' && s1.variant_id).toBe('z');
    const s2 = selectVariant(cands, 'ucb1', settings, seededRng(1));
    expect(s2.kind === 'selected' && s2.variant_id).toBe('c');
  });

  it.each(['epsilon-greedy', 'ucb1', 'thompson'] as const)('%s is deterministic under a seed', (policy) => {
    const run = () => Array.from({ length: 20 }, (_, i) => selectVariant(cands, policy, settings, seededRng(i)));
    expect(run()).toEqual(run());
  });

  it('epsilon-greedy explores about ε of the time', () => {
    const rng = seededRng(7);
    let explored = 0;
    for (let i = 0; i < 20_000; i++) {
      const s = selectVariant(cands, 'epsilon-greedy', settings, rng);
      if (s.kind === 'selected' && s.reason.startsWith('Exploring')) explored++;
    }
    expect(explored / 20_000).toBeGreaterThan(0.09);
    expect(explored / 20_000).toBeLessThan(0.11);
  });

  it('thompson picks the clearly better arm most of the time and still explores', () => {
    const rng = seededRng(3);
    const two = [
      { variant_id: 'good', q: 0.9, n: 20 },
      { variant_id: 'poor', q: 0.5, n: 20 },
    ];
    let good = 0;
    for (let i = 0; i < 5000; i++) {
      const s = selectVariant(two, 'thompson', settings, rng);
      if (s.kind === 'selected' && s.variant_id === 'good') good++;
    }
    expect(good / 5000).toBeGreaterThan(0.95);
    expect(good).toBeLessThan(5000);
  });

  it('Beta samples have the right mean', () => {
    const rng = seededRng(11);
    let sum = 0;
    for (let i = 0; i < 20_000; i++) sum += sampleBeta(3, 7, rng);
    expect(sum / 20_000).toBeCloseTo(0.3, 2);
  });
});
