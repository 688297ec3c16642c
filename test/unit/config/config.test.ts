import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/config';
import { UsageError } from '../../../src/errors';

describe('config', () => {
  it('has the documented defaults', () => {
    const c = parseConfig({});
    expect(c.learning.alpha).toBe(0.1);
    expect(c.reward.weights).toEqual({ success: 0.5, quality: 0.3, speed: 0.2 });
    expect(c.reward.error_penalty).toBe(0.1);
    expect(c.safety).toEqual({ auto_apply_min_q: 0.9, auto_apply_min_n: 10, human_approval_min_q: 0.7, human_approval_min_n: 5 });
    expect(c.degradation.window).toBe(20);
    expect(c.degradation.method).toBe('sequential');
    expect([c.degradation.success_rate_drop, c.degradation.reward_drop, c.degradation.error_rate_rise]).toEqual([0.1, 0.15, 0.2]);
    expect(c.proposals.min_invocations).toBe(50);
    expect(c.rollback.min_target_n).toBe(5);
    expect(c.waltzrl.steps).toEqual([10, 25, 50, 100]);
  });

  it('keeps given values and fills the rest', () => {
    const c = parseConfig({ safety: { auto_apply_min_q: 0.95 } });
    expect(c.safety.auto_apply_min_q).toBe(0.95);
    expect(c.safety.auto_apply_min_n).toBe(10);
  });

  it.each([
    [{ safety: { auto_apply_min_qq: 0.9 } }, /safety.*auto_apply_min_qq/],
    [{ safety: { auto_apply_min_q: 1.5 } }, /safety\.auto_apply_min_q/],
    [{ learning: { alpha: 0 } }, /learning\.alpha/],
    [{ degradation: { method: 'magic' } }, /degradation\.method/],
    [{ unknown_section: {} }, /unknown_section/],
    [{ reward: { weights: { success: '0.5' } } }, /reward\.weights\.success/],
  ])('rejects %j naming the key', (input, pattern) => {
    expect(() => parseConfig(input)).toThrow(UsageError);
    expect(() => parseConfig(input)).toThrow(pattern);
  });
});
