import type { ConfigInput } from '../../src/config/config';
import { afterEach, describe, expect, it } from 'vitest';
import { type Crl } from '../../src/crl';
import { ConflictError, UsageError } from '../../src/errors';
import { tempDir, openTestCrl } from '../helpers';

const open: Crl[] = [];
afterEach(async () => {
  for (const c of open.splice(0)) await c.close();
});

async function setup(config: ConfigInput = {}) {
  let t = Date.parse('2026-03-01T00:00:00Z');
  const crl = await openTestCrl({ dataDir: tempDir(), config, now: () => new Date((t += 1000)) });
  open.push(crl);
  await crl.variants.add({ agent: 'backend-architect', variant: 'v1', isDefault: true, by: 'test' });
  await crl.variants.add({ agent: 'backend-architect', variant: 'v2', by: 'test' });
  await crl.variants.add({ agent: 'backend-architect', variant: 'v3', by: 'test' });
  let i = 0;
  const rec = async (variant: string, successes: number, failures: number) => {
    for (let k = 0; k < successes + failures; k++) {
      await crl.learning.record({ agent_name: 'backend-architect', task_type: 'api-design', variant_id: variant, outcome: k < successes ? 'success' : 'failure', invocation_id: `x${i++}` });
    }
  };
  await rec('v1', 6, 4); // Q 0.6
  return { crl, rec };
}

const key = { agent: 'backend-architect', task: 'api-design' };

describe('safety check and apply', () => {
  it('from stored figures: 10 of 10 → auto_apply; applying starts a staged rollout (promotion.mode staged), the default stays', async () => {
    const { crl, rec } = await setup();
    await rec('v2', 10, 0);
    const a = await crl.promotion.apply({ ...key, variant: 'v2' }, 'alice');
    expect(a).toMatchObject({ decision: 'auto_apply', applied: 'rollout_started', rollout_id: expect.stringMatching(/^ro-2026030\d-[0-9a-f]{8}$/) });
    expect((await crl.ctx.registry.resolveDefault('backend-architect', 'api-design'))?.variant_id).toBe('v1');
    expect(await crl.rollout.status({ agent: 'backend-architect' })).toMatchObject([{ rollout_id: a.rollout_id, candidate: 'v2', baseline: 'v1' }]);
    const audit = (await crl.ctx.registry.auditLog({ agent: 'backend-architect', task: 'api-design' }))[0];
    expect(audit).toMatchObject({ actor: 'alice', action: 'rollout_start', variant_id: 'v2' });
    expect(audit.reason).toMatch(/^SafetyMonitor auto_apply: High confidence/);
  });

  it('immediate mode: 10 of 10 → auto_apply; applying switches the default with an audit row (who, what, when, why, figures)', async () => {
    const { crl, rec } = await setup({ promotion: { mode: 'immediate' } });
    await rec('v2', 10, 0);
    const c = await crl.promotion.check({ ...key, variant: 'v2' });
    expect(c).toMatchObject({ decision: 'auto_apply', figures: { q: 1, n: 10, source: 'stored', default_variant: 'v1' } });
    const a = await crl.promotion.apply({ ...key, variant: 'v2' }, 'alice');
    expect(a.applied).toBe('default_switched');
    expect((await crl.ctx.registry.resolveDefault('backend-architect', 'api-design'))?.variant_id).toBe('v2');
    const audit = (await crl.ctx.registry.auditLog({ agent: 'backend-architect', task: 'api-design' }))[0];
    expect(audit).toMatchObject({ actor: 'alice', action: 'safety_auto_apply', variant_id: 'v2', ts: expect.stringMatching(/^2026-03-01T/) });
    expect(audit.reason).toMatch(/^High confidence/);
    expect(JSON.parse(audit.details)).toMatchObject({ previous: 'v1', decision: 'auto_apply', q: 1, n: 10 });
    expect(await crl.promotion.check({ ...key, variant: 'v2' })).toMatchObject({ decision: 'no_action', reason: 'Already the default' });
  });

  it('9 of 10 (Q 0.9 as a float mean) → auto_apply; given figures override the stored ones', async () => {
    const { crl, rec } = await setup();
    await rec('v2', 9, 1);
    expect((await crl.promotion.check({ ...key, variant: 'v2' })).decision).toBe('auto_apply');
    expect(await crl.promotion.check({ ...key, variant: 'v2', q: 0.8999, n: 10 })).toMatchObject({ decision: 'human_approval', figures: { source: 'given' } });
    expect((await crl.promotion.check({ ...key, variant: 'v2', q: 0.95, n: 4 })).reason).toMatch(/^Insufficient data/);
  });

  it('human_approval queues one crl_promote_variant_to_default review item (no duplicate)', async () => {
    const { crl, rec } = await setup();
    await rec('v3', 8, 2); // Q 0.8, n 10
    const a = await crl.promotion.apply({ ...key, variant: 'v3' }, 'bob');
    expect(a).toMatchObject({ decision: 'human_approval', applied: 'queued' });
    const p = await crl.ctx.proposals.get(a.proposal_id as string);
    expect(p).toMatchObject({ proposal_type: 'crl_promote_variant_to_default', status: 'pending', agent_name: 'backend-architect', task_type: 'api-design' });
    expect(JSON.parse(p!.recommended_modifications)).toEqual({ set_default: 'v3', task_type: 'api-design' });
    expect(await crl.promotion.apply({ ...key, variant: 'v3' }, 'bob')).toMatchObject({ applied: 'already_queued', proposal_id: a.proposal_id });
    expect((await crl.ctx.registry.resolveDefault('backend-architect', 'api-design'))?.variant_id).toBe('v1');
  });

  it('not better than the default → no_action', async () => {
    const { crl, rec } = await setup();
    await rec('v2', 5, 5);
    expect((await crl.promotion.check({ ...key, variant: 'v2' })).reason).toMatch(/^Not better than the default/);
  });

  it.each([
    [{ ...key, agent: 'nobody', variant: 'v1' }, UsageError, /unknown agent "nobody"/],
    [{ ...key, variant: 'v9' }, UsageError, /unknown variant backend-architect\/v9/],
    [{ ...key, variant: 'v2', q: 0.9 }, UsageError, /both --q and --n/],
  ] as [Parameters<Crl['promotion']['check']>[0], typeof ConflictError, RegExp][])('bad input %# → clear error', async (input, type, msg) => {
    const { crl } = await setup();
    await expect(crl.promotion.check(input)).rejects.toThrow(type);
    await expect(crl.promotion.check(input)).rejects.toThrow(msg);
  });

  it('applying from hypothetical figures is refused', async () => {
    const { crl } = await setup();
    await expect(crl.promotion.apply({ ...key, variant: 'v2', q: 0.95, n: 100 }, 'alice')).rejects.toThrow(/stored figures only/);
  });
});
