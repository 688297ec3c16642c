import { describe, expect, it } from 'vitest';
import { decideHealth, type HealthFigures } from '../../../core/dashboard/decide-health';

const settings = { attention_hours: 24, stale_proposal_days: 7, recent_days: 30 };
const calm: HealthFigures = {
  q_entries: 10,
  degradation_alerts: 0,
  rollbacks_attention: 0,
  skipped_attention: 0,
  rollbacks_recent: 0,
  pending_proposals: 0,
  stale_proposals: 0,
};

describe('decideHealth', () => {
  it.each<[string, Partial<HealthFigures>, string, string]>([
    ['nothing going on', {}, 'HEALTHY', 'no alert, no recent rollback, nothing waiting for review'],
    ['a degradation alert', { degradation_alerts: 1 }, 'ATTENTION NEEDED', '1 degradation alert'],
    ['two alerts', { degradation_alerts: 2 }, 'ATTENTION NEEDED', '2 degradation alerts'],
    ['a rollback in 24 h', { rollbacks_attention: 1, rollbacks_recent: 1 }, 'ATTENTION NEEDED', '1 rollback in the last 24 h'],
    ['a skipped rollback in 24 h', { skipped_attention: 1 }, 'ATTENTION NEEDED', '1 skipped rollback in the last 24 h'],
    ['a stale proposal', { stale_proposals: 1, pending_proposals: 1 }, 'ATTENTION NEEDED', '1 proposal pending for more than 7 days'],
    [
      'several attention conditions, all named',
      { degradation_alerts: 1, rollbacks_attention: 2, stale_proposals: 3 },
      'ATTENTION NEEDED',
      '1 degradation alert; 2 rollbacks in the last 24 h; 3 proposals pending for more than 7 days',
    ],
    ['an older rollback within 30 days', { rollbacks_recent: 1 }, 'STABLE', '1 rollback in the last 30 days'],
    ['fresh proposals waiting', { pending_proposals: 2 }, 'STABLE', '2 proposals waiting for review'],
    ['an empty installation', { q_entries: 0 }, 'STABLE', 'no Q-values yet'],
    ['no degradation check', { degradation_alerts: null }, 'STABLE', 'degradation check not available'],
  ])('%s → %s', (_name, patch, kind, reason) => {
    const d = decideHealth({ ...calm, ...patch }, settings);
    expect(d.kind).toBe(kind);
    expect(d.reason).toBe(reason);
    expect(d.figures).toEqual({ ...calm, ...patch });
  });

  it('names the configured windows in the rule', () => {
    const d = decideHealth({ ...calm, rollbacks_attention: 1 }, { attention_hours: 6, stale_proposal_days: 3, recent_days: 14 });
    expect(d.rule).toContain('in the last 6 h');
    expect(d.rule).toContain('more than 3 days');
    expect(d.reason).toBe('1 rollback in the last 6 h');
  });
});
