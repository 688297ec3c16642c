import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Crl } from '../../src/crl';
import { transaction } from '../../src/context';
import { ConflictError, NotFoundError } from '../../src/errors';
import { queueProposal } from '../../src/features/proposals/review-queue';
import { tempDir, openTestCrl } from '../helpers';

const AGENT = 'backend-architect';
const TASK = 'api-design';
let crl: Crl;
let seq = 0;

afterEach(async () => {
  await crl?.close();
});

async function open(): Promise<Crl> {
  crl = await openTestCrl({ dataDir: tempDir(), now: () => new Date('2025-01-06T09:00:00.000Z') });
  return crl;
}

/**
 * Records `n` invocations with the constant reward `q` (so Q is exactly q); outcomes interleave success
 * and `miss` so that the success share is about q.
 */
async function feed(c: Crl, variant: string, n: number, q: number, task = TASK, miss: 'failure' | 'error' = 'failure'): Promise<void> {
  for (let i = 0; i < n; i++) {
    const success = Math.floor((i + 1) * q) > Math.floor(i * q);
    await c.learning.record({ agent_name: AGENT, task_type: task, variant_id: variant, outcome: success ? 'success' : miss, reward: q, invocation_id: `i-${seq++}` });
  }
}

function jsonl(c: Crl): Record<string, unknown>[] {
  return readFileSync(join(c.dataDir, 'variant_proposals.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** Latest line per id wins (as readers of the Python tooling's file do). */
function latest(c: Crl): Map<string, Record<string, unknown>> {
  const m = new Map<string, Record<string, unknown>>();
  for (const l of jsonl(c)) m.set(l.proposal_id as string, l);
  return m;
}

/** A promote situation: default v1 at 0.5 (n 40), v2 at 1.0 (n 40): gap 0.5. */
async function promoteSetup(): Promise<Crl> {
  const c = await open();
  await c.variants.add({ agent: AGENT, variant: 'v1', isDefault: true, params: { model: 'mid', temperature: 0.7 } });
  await c.variants.add({ agent: AGENT, variant: 'v2', params: { model: 'mid', temperature: 0.3 } });
  await feed(c, 'v1', 40, 0.5);
  await feed(c, 'v2', 40, 1);
  return c;
}

describe('runPropose', () => {
  it('queues one pending proposal per agent/task with the guide fields, and a rerun adds nothing', async () => {
    const c = await promoteSetup();
    const r = await c.proposals.propose();
    expect(r.checked).toBe(1);
    expect(r.created).toHaveLength(1);
    const p = r.created[0];
    expect(p).toMatchObject({ agent_name: AGENT, task_type: TASK, proposal_type: 'promote_variant_to_default', status: 'pending', confidence: 0.65 });
    expect(p.proposal_id).toMatch(/^prop-20250106-[0-9a-f]{8}$/);
    expect(p.supporting_data).toMatchObject({ variant_id: 'v2', default_variant: 'v1', gap: 0.5 });
    expect(p.recommended_modifications).toEqual({ action: 'set_default', variant_id: 'v2', task_type: TASK });
    const lines = jsonl(c);
    expect(lines).toHaveLength(1);
    expect(Object.keys(lines[0])).toEqual(expect.arrayContaining(['proposal_id', 'timestamp', 'agent_name', 'task_type', 'proposal_type', 'reasoning', 'confidence', 'supporting_data', 'recommended_modifications', 'status']));

    const again = await c.proposals.propose();
    expect(again.created).toEqual([]);
    expect(again.duplicates.map((x) => x.proposal_id)).toEqual([p.proposal_id]);
    expect(await c.proposals.list()).toHaveLength(1);
    expect(jsonl(c)).toHaveLength(1);
  });

  it('a deferred proposal still blocks a duplicate; an approved one too; a rejected one does not', async () => {
    const c = await promoteSetup();
    const id = (await c.proposals.propose()).created[0].proposal_id;
    await c.proposals.decide(id, 'defer', 'alice');
    expect((await c.proposals.propose()).created).toHaveLength(0);
    await c.proposals.decide(id, 'approve', 'alice');
    expect((await c.proposals.propose()).created).toHaveLength(0);
    const other = await open();
    await other.variants.add({ agent: AGENT, variant: 'v1', isDefault: true });
    await other.variants.add({ agent: AGENT, variant: 'v2' });
    await feed(other, 'v1', 40, 0.5);
    await feed(other, 'v2', 40, 1);
    const first = (await other.proposals.propose()).created[0].proposal_id;
    await other.proposals.decide(first, 'reject', 'bob', 'not now');
    const second = (await other.proposals.propose()).created;
    expect(second).toHaveLength(1);
    expect(second[0].proposal_id).not.toBe(first);
  });

  it('nothing below the minimum; --min-invocations lowers it', async () => {
    const c = await open();
    await c.variants.add({ agent: AGENT, variant: 'v1', isDefault: true });
    await feed(c, 'v1', 30, 0.4);
    expect((await c.proposals.propose()).created).toHaveLength(0);
    const r = await c.proposals.propose({ minInvocations: 20 });
    expect(r.created.map((p) => p.proposal_type)).toEqual(['create_specialized_variant']);
    expect(r.created[0].confidence).toBe(0.5);
  });

  it('modify proposals carry concrete modifications from the task type and figures', async () => {
    const c = await open();
    await c.variants.add({ agent: 'security-auditor', variant: 'base', isDefault: true, params: { model: 'large', temperature: 0.3 } });
    await c.variants.add({ agent: 'security-auditor', variant: 'alt', params: { model: 'large', temperature: 0.2 } });
    for (let i = 0; i < 60; i++) await c.learning.record({ agent_name: 'security-auditor', task_type: 'security-audit', variant_id: 'base', outcome: i % 2 ? 'success' : 'error', reward: 0.5, invocation_id: `s-${i}` });
    for (let i = 0; i < 10; i++) await c.learning.record({ agent_name: 'security-auditor', task_type: 'security-audit', variant_id: 'alt', outcome: i < 6 ? 'success' : 'failure', reward: 0.6, invocation_id: `a-${i}` });
    const [p] = (await c.proposals.propose()).created;
    expect(p.proposal_type).toBe('modify_variant_parameters');
    expect(p.recommended_modifications).toMatchObject({
      action: 'modify_variant',
      base_variant: 'base',
      task_profile: 'security',
      diagnosis: 'high_error_rate',
      params: { model: 'large', temperature: 0.1 },
      prompt_changes: [{ section: 'constraints_and_tool_use' }],
    });
  });
});

describe('review transitions', () => {
  it.each([
    // start path, decision, allowed?
    [[], 'approve', true],
    [[], 'reject', true],
    [[], 'defer', true],
    [[], 'reopen', false],
    [['defer'], 'reopen', true],
    [['defer'], 'approve', true],
    [['defer'], 'reject', true],
    [['defer'], 'defer', false],
    [['approve'], 'approve', false],
    [['approve'], 'reject', false],
    [['approve'], 'defer', false],
    [['reject'], 'approve', false],
    [['reject'], 'reject', false],
    [['reject'], 'reopen', false],
    [['approve', 'apply'], 'approve', false],
    [['approve', 'apply'], 'reject', false],
  ] as const)('after %j, %s allowed: %s', async (path, decision, allowed) => {
    const c = await promoteSetup();
    const id = (await c.proposals.propose()).created[0].proposal_id;
    for (const step of path) {
      if (step === 'apply') await c.proposals.apply(id, 'alice');
      else await c.proposals.decide(id, step, 'alice');
    }
    const before = await c.proposals.show(id);
    const linesBefore = jsonl(c).length;
    if (allowed) {
      const r = await c.proposals.decide(id, decision, 'bob', 'because');
      const to = { approve: 'approved', reject: 'rejected', defer: 'deferred', reopen: 'pending' }[decision];
      expect(r.proposal.status).toBe(to);
      const after = await c.proposals.show(id);
      expect(after.history).toHaveLength(before.history.length + 1);
      expect(after.history.at(-1)).toMatchObject({ actor: 'bob', from_status: before.status, to_status: to, note: 'because' });
      expect(jsonl(c)).toHaveLength(linesBefore + 1);
      expect(latest(c).get(id)).toMatchObject({ status: to, proposal_type: 'promote_variant_to_default', confidence: before.confidence });
    } else {
      await expect(c.proposals.decide(id, decision, 'bob')).rejects.toThrow(ConflictError);
      expect((await c.proposals.show(id)).history).toHaveLength(before.history.length);
      expect((await c.proposals.show(id)).status).toBe(before.status);
      expect(jsonl(c)).toHaveLength(linesBefore);
    }
  });

  it('a second decision names the first one', async () => {
    const c = await promoteSetup();
    const id = (await c.proposals.propose()).created[0].proposal_id;
    await c.proposals.decide(id, 'reject', 'alice');
    await expect(c.proposals.decide(id, 'approve', 'bob')).rejects.toThrow(/is rejected \(by alice at 2025-01-06T09:00:00.000Z\)/);
  });

  it('apply needs an approval first; unknown ids are not found', async () => {
    const c = await promoteSetup();
    const id = (await c.proposals.propose()).created[0].proposal_id;
    await expect(c.proposals.apply(id, 'alice')).rejects.toThrow(ConflictError);
    await expect(c.proposals.apply('prop-20250101-00000000', 'alice')).rejects.toThrow(NotFoundError);
    await expect(c.proposals.decide('prop-20250101-00000000', 'approve', 'alice')).rejects.toThrow(NotFoundError);
    await expect(c.proposals.show('nope')).rejects.toThrow(NotFoundError);
  });

  it('approve returns current figures next to the proposal and warns when the premise moved', async () => {
    const c = await promoteSetup();
    const id = (await c.proposals.propose()).created[0].proposal_id;
    const ok = await c.proposals.decide(id, 'approve', 'alice');
    expect(ok.evidence).toMatchObject({ premise: 'holds', warning: null, current_figures: { variant_id: 'v2', variant_q: 1, default_q: 0.5 } });

    const c2 = await promoteSetup();
    const id2 = (await c2.proposals.propose()).created[0].proposal_id;
    await feed(c2, 'v2', 40, 0); // v2 collapses: Q → 0
    const warned = await c2.proposals.decide(id2, 'approve', 'alice');
    expect(warned.proposal.status).toBe('approved');
    expect(warned.evidence?.premise).toBe('changed');
    expect(warned.evidence?.warning).toMatch(/no longer holds/);
    expect(warned.evidence?.proposal_figures).toMatchObject({ gap: 0.5 });
  });
});

describe('apply', () => {
  it('promote: applying starts a staged rollout of the variant (promotion.mode staged, the default)', async () => {
    const c = await promoteSetup();
    const id = (await c.proposals.propose()).created[0].proposal_id;
    await c.proposals.decide(id, 'approve', 'alice');
    const r = await c.proposals.apply(id, 'alice');
    expect(r).toMatchObject({ action: 'start_rollout', variant_id: 'v2', previous_default: 'v1', proposal: { status: 'applied' } });
    expect((await c.ctx.registry.resolveDefault(AGENT, TASK))?.variant_id).toBe('v1');
    expect(await c.rollout.status({ agent: AGENT })).toMatchObject([{ rollout_id: r.rollout_id, candidate: 'v2', baseline: 'v1', step_percent: 10 }]);
    expect(jsonl(c).map((l) => l.status)).toEqual(['pending', 'approved', 'applied']);
  });

  it('promote --immediate: the variant becomes the default (audited), JSONL latest line is applied', async () => {
    const c = await promoteSetup();
    const id = (await c.proposals.propose()).created[0].proposal_id;
    await c.proposals.decide(id, 'approve', 'alice');
    const r = await c.proposals.apply(id, 'alice', { immediate: true });
    expect(r).toMatchObject({ action: 'set_default', variant_id: 'v2', previous_default: 'v1', proposal: { status: 'applied' } });
    expect((await c.ctx.registry.resolveDefault(AGENT, TASK))?.variant_id).toBe('v2');
    const audit = await c.ctx.registry.auditLog({ agent: AGENT, task: TASK });
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['default_set_by_proposal', 'proposal_applied', 'proposal_approved']));
    expect(latest(c).get(id)?.status).toBe('applied');
    expect(jsonl(c).map((l) => l.status)).toEqual(['pending', 'approved', 'applied']);
    await expect(c.proposals.apply(id, 'alice')).rejects.toThrow(ConflictError);
  });

  it('retire: the variant is retired and never selected again', async () => {
    const c = await open();
    await c.variants.add({ agent: AGENT, variant: 'v1', isDefault: true });
    await c.variants.add({ agent: AGENT, variant: 'bad' });
    await feed(c, 'v1', 100, 0.9);
    await feed(c, 'bad', 60, 0.4);
    const [p] = (await c.proposals.propose()).created;
    expect(p.proposal_type).toBe('retire_underperforming_variant');
    await c.proposals.decide(p.proposal_id, 'approve', 'alice');
    await c.proposals.apply(p.proposal_id, 'alice');
    expect((await c.variants.list(AGENT)).find((v) => v.variant_id === 'bad')?.status).toBe('retired');
    for (let i = 0; i < 200; i++) expect(await c.serving.select({ agent: AGENT, task: TASK, policy: 'ucb1', subject: `s${i}` })).toMatchObject({ variant_id: 'v1' });
  });

  it('create / modify: a new candidate variant with the recommended params', async () => {
    const c = await open();
    await c.variants.add({ agent: AGENT, variant: 'v1', isDefault: true, params: { model: 'mid', temperature: 0.7 } });
    await feed(c, 'v1', 60, 0.4);
    const [p] = (await c.proposals.propose()).created;
    expect(p.proposal_type).toBe('create_specialized_variant');
    await c.proposals.decide(p.proposal_id, 'approve', 'alice');
    const r = await c.proposals.apply(p.proposal_id, 'alice');
    expect(r.variant_id).toBe('v1-spec-20250106');
    const v = (await c.variants.list(AGENT)).find((x) => x.variant_id === 'v1-spec-20250106');
    expect(v).toMatchObject({ status: 'active', default_for: [], params: { temperature: 0.3, based_on: 'v1', proposal_id: p.proposal_id } });
    expect((v?.params.prompt_changes as { section: string }[])[0].section).toBe('task_context');
    expect((await c.ctx.registry.resolveDefault(AGENT, TASK))?.variant_id).toBe('v1');
  });

  it('a SafetyMonitor approval item in the same queue is listed, approved and applied', async () => {
    const c = await promoteSetup();
    await transaction(c.ctx, (tx) =>
      queueProposal(tx, {
        agent_name: AGENT, task_type: TASK, proposal_type: 'crl_promote_variant_to_default', reasoning: 'Q 1.0 ≥ 0.7 with n 40: human approval',
        confidence: 0.8, supporting_data: { q_value: 1, n_visits: 40, default_variant: 'v1', default_q: 0.5 }, recommended_modifications: { set_default: 'v2', task_type: TASK },
      }, 'safety-monitor'),
    );
    await c.flushOutbox();
    const [item] = await c.proposals.list({ status: 'pending' });
    expect(item.proposal_type).toBe('crl_promote_variant_to_default');
    expect((await c.proposals.decide(item.proposal_id, 'approve', 'alice')).evidence?.premise).toBe('holds');
    expect(await c.proposals.apply(item.proposal_id, 'alice')).toMatchObject({ action: 'start_rollout', variant_id: 'v2' });
    expect(await c.rollout.status({ agent: AGENT, task: TASK })).toMatchObject([{ candidate: 'v2', step_percent: 10 }]);
  });

  it('review summary: top pending by confidence', async () => {
    const c = await promoteSetup();
    await feed(c, 'v1', 60, 0.5, 'db-schema');
    await c.proposals.propose();
    const s = await c.proposals.summary(1);
    expect(s.counts.pending).toBe(2);
    expect(s.top).toHaveLength(1);
    expect(s.top[0].confidence).toBe(0.7);
    expect(s.top[0].task_type).toBe('db-schema');
  });
});
