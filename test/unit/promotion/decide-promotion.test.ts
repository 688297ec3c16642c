import { describe, expect, it } from 'vitest';
import { decidePromotion, type PromotionInput } from '../../../core/promotion/decide-promotion';
import { defaultConfig } from '../../../src/config/config';

const t = defaultConfig().safety;
const base: PromotionInput = { q: 0.5, n: 0, isDefault: false, betterThanDefault: true, inCooldown: false, degradedRecently: false, defaultQ: 0.6 };

describe('decidePromotion — decision matrix (comparisons ≥)', () => {
  it.each([
    // q, n, kind, reason starts with
    [0.9, 10, 'auto_apply', 'High confidence'],
    [0.95, 200, 'auto_apply', 'High confidence'],
    [0.8999999999999999, 10, 'auto_apply', 'High confidence'], // 9 of 10 as a float mean
    [0.8999, 10, 'human_approval', 'Medium confidence'],
    [0.9, 9, 'human_approval', 'Medium confidence'],
    [0.7, 5, 'human_approval', 'Medium confidence'],
    [0.6999, 5, 'no_action', 'Low confidence'],
    [0.99, 4, 'no_action', 'Insufficient data'],
    [0.9, 4, 'no_action', 'Insufficient data'],
    [0.2, 0, 'no_action', 'Insufficient data'],
    [0.5, 50, 'no_action', 'Low confidence'],
  ])('Q=%s n=%s → %s (%s)', (q, n, kind, reason) => {
    const d = decidePromotion({ ...base, q, n }, t);
    expect(d.kind).toBe(kind);
    expect(d.reason.startsWith(reason)).toBe(true);
    expect(d.figures).toMatchObject({ q, n, thresholds: t });
  });

  it.each([
    [{ isDefault: true }, 'Already the default'],
    [{ inCooldown: true }, 'In cool-down'],
    [{ degradedRecently: true }, 'Degraded recently'],
    [{ betterThanDefault: false, defaultQ: 0.97 }, 'Not better than the default'],
  ] as [Partial<PromotionInput>, string][])('a strong variant with %o → no_action (%s)', (patch, reason) => {
    const d = decidePromotion({ ...base, q: 0.95, n: 100, ...patch }, t);
    expect(d.kind).toBe('no_action');
    expect(d.reason.startsWith(reason)).toBe(true);
  });

  it('uses the configured thresholds', () => {
    const strict = { ...t, auto_apply_min_q: 0.95, auto_apply_min_n: 50 };
    expect(decidePromotion({ ...base, q: 0.94, n: 100 }, strict).kind).toBe('human_approval');
    expect(decidePromotion({ ...base, q: 0.95, n: 50 }, strict).kind).toBe('auto_apply');
  });
});
