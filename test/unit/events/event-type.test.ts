import { describe, expect, it } from 'vitest';
import { eventOf, eventTypeOf } from '../../../src/features/events/events-service';

describe('eventTypeOf: which audit rows are events of GET /v1/events', () => {
  it.each([
    ['rollback', { previous: 'base', rollback_id: 'rb-1' }, 'rollback'],
    ['default_set', { previous: null }, 'default_changed'],
    ['rollout_default', { previous: 'v1', rollout_id: 'ro-1' }, 'default_changed'],
    ['waltzrl_stage_return', { previous: 'stage2-guard' }, 'default_changed'],
    ['waltzrl_stage_return', { from_percent: 25, to_percent: 0 }, 'rollout_abort'],
    ['rollout_abort', { rollout_id: 'ro-1' }, 'rollout_abort'],
    ['rollout_start', { rollout_id: 'ro-1' }, 'rollout_step'],
    ['rollout_advance', {}, 'rollout_step'],
    ['rollout_await_approval', {}, 'rollout_step'],
    ['rollout_complete', {}, 'rollout_step'],
    ['waltzrl_stage_promote', {}, 'rollout_step'],
    ['waltzrl_stage_gate_failed', {}, null],
    ['variant_added', { params: {} }, null],
    ['variant_retired', {}, null],
    ['token_created', { name: 'x', scope: 'read' }, null],
    ['proposal_approved', {}, null],
  ])('%s %j → %s', (action, details, type) => {
    expect(eventTypeOf(action, details)).toBe(type);
  });

  it('an event carries its audit row with the details parsed; a row with broken details still maps', () => {
    const row = { id: 7, ts: 't', actor: 'a', action: 'default_set', agent_name: 'bot', task_type: '*', variant_id: 'v2', reason: null, details: '{"previous":"v1"}' };
    expect(eventOf(row)).toEqual({ ...row, type: 'default_changed', details: { previous: 'v1' } });
    expect(eventOf({ ...row, action: 'rollout_start', details: '{oops' })).toMatchObject({ type: 'rollout_step', details: {} });
  });
});
