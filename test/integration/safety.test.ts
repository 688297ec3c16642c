import type { ConfigInput } from '../../src/config/config';
import { afterEach, describe, expect, it } from 'vitest';
import { type Crl, openCrl } from '../../src/crl';
import { ConflictError, UsageError } from '../../src/errors';
import { tempDir } from '../helpers';

const open: Crl[] = [];
afterEach(() => {
  for (const c of open.splice(0)) c.close();
});

function setup(config: ConfigInput = {}) {
  let t = Date.parse('2026-03-01T00:00:00Z');
  const crl = openCrl({ dataDir: tempDir(), config, now: () => new Date((t += 1000)) });
  open.push(crl);
  crl.variants.add({ agent: 'backend-architect', variant: 'v1', isDefault: true, by: 'test' });
  crl.variants.add({ agent: 'backend-architect', variant: 'v2', by: 'test' });
  crl.variants.add({ agent: 'backend-architect', variant: 'v3', by: 'test' });
  let i = 0;
  const rec = (variant: string, successes: number, failures: number) => {
    for (let k = 0; k < successes + failures; k++) {
      crl.learning.record({ agent_name: 'backend-architect', task_type: 'api-design', variant_id: variant, outcome: k < successes ? 'success' : 'failure', invocation_id: `x${i++}` });
    }
  };
  rec('v1', 6, 4); // Q 0.6
  return { crl, rec };
}

const key = { agent: 'backend-architect', task: 'api-design' };

describe('safety check and apply', () => {
  it('from stored figures: 10 of 10 → auto_apply; applying starts a staged rollout (promotion.mode staged), the default stays', () => {
    const { crl, rec } = setup();
    rec('v2', 10, 0);
    const a = crl.promotion.apply({ ...key, variant: 'v2' }, 'alice');
    expect(a).toMatchObject({ decision: 'auto_apply', applied: 'rollout_started', rollout_id: expect.stringMatching(/^ro-2026030\d-[0-9a-f]{8}$/) });
    expect(crl.ctx.registry.resolveDefault('backend-architect', 'api-design')?.variant_id).toBe('v1');
    expect(crl.rollout.status({ agent: 'backend-architect' })).toMatchObject([{ rollout_id: a.rollout_id, candidate: 'v2', baseline: 'v1' }]);
    const audit = crl.ctx.registry.auditLog({ agent: 'backend-architect', task: 'api-design' })[0];
    expect(audit).toMatchObject({ actor: 'alice', action: 'rollout_start', variant_id: 'v2' });
    expect(audit.reason).toMatch(/^SafetyMonitor auto_apply: High confidence/);
  });

  it('immediate mode: 10 of 10 → auto_apply; applying switches the default with an audit row (who, what, when, why, figures)', () => {
    const { crl, rec } = setup({ promotion: { mode: 'immediate' } });
    rec('v2', 10, 0);
    const c = crl.promotion.check({ ...key, variant: 'v2' });
    expect(c).toMatchObject({ decision: 'auto_apply', figures: { q: 1, n: 10, source: 'stored', default_variant: 'v1' } });
    const a = crl.promotion.apply({ ...key, variant: 'v2' }, 'alice');
    expect(a.applied).toBe('default_switched');
    expect(crl.ctx.registry.resolveDefault('backend-architect', 'api-design')?.variant_id).toBe('v2');
    const audit = crl.ctx.registry.auditLog({ agent: 'backend-architect', task: 'api-design' })[0];
    expect(audit).toMatchObject({ actor: 'alice', action: 'safety_auto_apply', variant_id: 'v2', ts: expect.stringMatching(/^2026-03-01T/) });
    expect(audit.reason).toMatch(/^High confidence/);
    expect(JSON.parse(audit.details)).toMatchObject({ previous: 'v1', decision: 'auto_apply', q: 1, n: 10 });
    expect(crl.promotion.check({ ...key, variant: 'v2' })).toMatchObject({ decision: 'no_action', reason: 'Already the default' });
  });

  it('9 of 10 (Q 0.9 as a float mean) → auto_apply; given figures override the stored ones', () => {
    const { crl, rec } = setup();
    rec('v2', 9, 1);
    expect(crl.promotion.check({ ...key, variant: 'v2' }).decision).toBe('auto_apply');
    expect(crl.promotion.check({ ...key, variant: 'v2', q: 0.8999, n: 10 })).toMatchObject({ decision: 'human_approval', figures: { source: 'given' } });
    expect(crl.promotion.check({ ...key, variant: 'v2', q: 0.95, n: 4 }).reason).toMatch(/^Insufficient data/);
  });

  it('human_approval queues one crl_promote_variant_to_default review item (no duplicate)', () => {
    const { crl, rec } = setup();
    rec('v3', 8, 2); // Q 0.8, n 10
    const a = crl.promotion.apply({ ...key, variant: 'v3' }, 'bob');
    expect(a).toMatchObject({ decision: 'human_approval', applied: 'queued' });
    const p = crl.ctx.proposals.get(a.proposal_id as string);
    expect(p).toMatchObject({ proposal_type: 'crl_promote_variant_to_default', status: 'pending', agent_name: 'backend-architect', task_type: 'api-design' });
    expect(JSON.parse(p!.recommended_modifications)).toEqual({ set_default: 'v3', task_type: 'api-design' });
    expect(crl.promotion.apply({ ...key, variant: 'v3' }, 'bob')).toMatchObject({ applied: 'already_queued', proposal_id: a.proposal_id });
    expect(crl.ctx.registry.resolveDefault('backend-architect', 'api-design')?.variant_id).toBe('v1');
  });

  it('not better than the default → no_action', () => {
    const { crl, rec } = setup();
    rec('v2', 5, 5);
    expect(crl.promotion.check({ ...key, variant: 'v2' }).reason).toMatch(/^Not better than the default/);
  });

  it.each([
    [{ ...key, agent: 'nobody', variant: 'v1' }, UsageError, /unknown agent "nobody"/],
    [{ ...key, variant: 'v9' }, UsageError, /unknown variant backend-architect\/v9/],
    [{ ...key, variant: 'v2', q: 0.9 }, UsageError, /both --q and --n/],
  ] as [Parameters<Crl['promotion']['check']>[0], typeof ConflictError, RegExp][])('bad input %# → clear error', (input, type, msg) => {
    const { crl } = setup();
    expect(() => crl.promotion.check(input)).toThrow(type);
    expect(() => crl.promotion.check(input)).toThrow(msg);
  });

  it('applying from hypothetical figures is refused', () => {
    const { crl } = setup();
    expect(() => crl.promotion.apply({ ...key, variant: 'v2', q: 0.95, n: 100 }, 'alice')).toThrow(/stored figures only/);
  });
});
