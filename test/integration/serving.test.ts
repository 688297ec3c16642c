import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConfigInput } from '../../src/config/config';
import { type Crl } from '../../src/crl';
import { tempDir, openTestCrl } from '../helpers';

const AGENT = 'support-bot';
const TASK = 'faq';
const open: Crl[] = [];
const GATE_ENV = ['ENABLE_WALTZRL_SAFETY_BENCHMARKS', 'WALTZRL_BLOCK_ON_FAILURE'] as const;
let savedEnv: Record<string, string | undefined> = {};

beforeEach(() => {
  savedEnv = Object.fromEntries(GATE_ENV.map((k) => [k, process.env[k]]));
  for (const k of GATE_ENV) delete process.env[k];
});
afterEach(async () => {
  for (const c of open.splice(0)) await c.close();
  for (const k of GATE_ENV) {
    if (savedEnv[k] === undefined) delete process.env[k];
    else process.env[k] = savedEnv[k];
  }
});

/** A Crl on a real SQLite file whose clock advances one second per reading (and jumps with `later`). */
async function setup(config: ConfigInput = {}) {
  let t = Date.parse('2026-03-01T00:00:00Z');
  const dataDir = tempDir();
  const crl = await openTestCrl({ dataDir, config, now: () => new Date((t += 1000)) });
  open.push(crl);
  let i = 0;
  const rec = async (variant: string, outcomes: string) => {
    for (const ch of outcomes) {
      await crl.learning.record({ agent_name: AGENT, task_type: TASK, variant_id: variant, outcome: ch === 's' ? 'success' : 'failure', invocation_id: `i${i++}` });
    }
  };
  const later = (minutes: number) => void (t += minutes * 60_000);
  return { crl, rec, later, dataDir };
}

const subjects = (n: number) => Array.from({ length: n }, (_, k) => `user-${k}`);
/** Every answer of `selectMany` (an async generator). */
async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}
/** Success flags with `failEvery`-th outcome a failure ('s'/'f' letters). */
const outcomes = (n: number, failEvery: number) => Array.from({ length: n }, (_, k) => ((k + 1) % failEvery === 0 ? 'f' : 's')).join('');

async function shareOf(crl: Crl, kind: string, n = 20_000): Promise<number> {
  let k = 0;
  for await (const a of crl.serving.selectMany({ agent: AGENT, task: TASK, seed: 1 }, subjects(n))) if (a.kind === kind) k++;
  return k / n;
}

describe('serving decision: eligibility', () => {
  it.each([
    ['retired', (s: Awaited<ReturnType<typeof setup>>) => s.crl.variants.retire({ agent: AGENT, variant: 'v2', by: 't' }), /retired/],
    ['safety gate on, no benchmark report', () => void (process.env.ENABLE_WALTZRL_SAFETY_BENCHMARKS = 'true'), /safety benchmark/],
  ] as const)('a variant excluded as %s is never returned', async (_name, exclude, why) => {
    const s = await setup({ selection: { explore_share: 1 } });
    await s.crl.variants.add({ agent: AGENT, variant: 'v1', isDefault: true, by: 't' });
    await s.crl.variants.add({ agent: AGENT, variant: 'v2', by: 't' });
    if (_name.startsWith('safety')) {
      // the default passes the gate; v2 has no report
      await s.crl.ctx.benchmarks.insert({
        report_id: 'sb-test-1', ts: s.crl.ctx.now().toISOString(), agent_name: AGENT, variant_id: 'v1', cases_source: 'starter',
        cases_digest: 'x', responder: 'echo', n: 64, score: 0.95, asr: 0, orr: 0.05, errors: 0, per_category: '{}', results: '[]', run_by: 't',
      });
    }
    const before = await collect(s.crl.serving.selectMany({ agent: AGENT, task: TASK, seed: 2 }, subjects(200)));
    expect(before.some((a) => a.variant_id === 'v2')).toBe(true); // everyone explores: v2 is served before
    await exclude(s);
    const after = await collect(s.crl.serving.selectMany({ agent: AGENT, task: TASK, seed: 2 }, subjects(2000)));
    expect(after.every((a) => a.variant_id === 'v1')).toBe(true);
    const v2 = after[0].explain.find((e) => e.variant_id === 'v2');
    expect(v2?.eligible).toBe(false);
    expect(v2?.reasons.join(' ')).toMatch(why);
  });

  it('no eligible variant: NotFoundError naming why each was excluded', async () => {
    const s = await setup();
    await s.crl.variants.add({ agent: AGENT, variant: 'v1', by: 't' });
    process.env.ENABLE_WALTZRL_SAFETY_BENCHMARKS = 'true';
    await expect(s.crl.serving.select({ agent: AGENT, task: TASK, subject: 'u' })).rejects.toThrow(/No eligible variant.*v1.*safety benchmark/s);
  });

  it('a rolled-back variant is never returned during its cool-down, and is again after it', async () => {
    const s = await setup({ selection: { explore_share: 1 }, rollback: { min_target_n: 5 } });
    await s.crl.variants.add({ agent: AGENT, variant: 'base', isDefault: true, by: 't' });
    await s.crl.variants.add({ agent: AGENT, variant: 'strict', by: 't' });
    await s.rec('strict', outcomes(60, 10));
    await s.rec('base', outcomes(200, 10));
    await s.rec('base', outcomes(40, 2));
    const m = await s.crl.monitor.run();
    expect(m.rollbacks).toHaveLength(1);
    const served = await collect(s.crl.serving.selectMany({ agent: AGENT, task: TASK, seed: 3 }, subjects(5000)));
    expect(served.every((a) => a.variant_id === 'strict')).toBe(true);
    expect(served[0].explain.find((e) => e.variant_id === 'base')?.reasons.join(' ')).toMatch(/cool-down after rollback rb-/);
    await s.rec('strict', outcomes(20, 10)); // a full window of the new default's own invocations
    const afterwards = await collect(s.crl.serving.selectMany({ agent: AGENT, task: TASK, seed: 3 }, subjects(500)));
    expect(afterwards.some((a) => a.variant_id === 'base')).toBe(true);
  });
});

describe('serving decision: shares and stickiness', () => {
  it.each([0.1, 0.3])('explore_share %s: the exploring share over 20,000 subjects is within ±1.5 points', async (share) => {
    const s = await setup({ selection: { explore_share: share } });
    await s.crl.variants.add({ agent: AGENT, variant: 'v1', isDefault: true, by: 't' });
    await s.crl.variants.add({ agent: AGENT, variant: 'v2', by: 't' });
    await s.crl.variants.add({ agent: AGENT, variant: 'v3', by: 't' });
    expect(Math.abs((await shareOf(s.crl, 'explore')) - share)).toBeLessThanOrEqual(0.015);
  });

  it('each rollout step serves its share within ±1.5 points, raising a step never moves a subject out, no exploration meanwhile', async () => {
    const s = await setup({ rollout: { min_dwell_minutes: 0, min_samples_per_step: 1 } });
    await s.crl.variants.add({ agent: AGENT, variant: 'v1', isDefault: true, by: 't' });
    await s.crl.variants.add({ agent: AGENT, variant: 'v2', by: 't' });
    await s.crl.variants.add({ agent: AGENT, variant: 'v3', by: 't' });
    await s.crl.rollout.start({ agent: AGENT, variant: 'v2', task: TASK, by: 'alice' });
    let previous = new Set<string>();
    for (const step of [10, 25, 50, 100]) {
      const answers = await collect(s.crl.serving.selectMany({ agent: AGENT, task: TASK, seed: 4 }, subjects(20_000)));
      const inCandidate = new Set(answers.filter((a) => a.kind === 'rollout').map((a) => a.subject));
      expect(answers.every((a) => a.kind === 'rollout' || a.kind === 'default')).toBe(true);
      expect(Math.abs(inCandidate.size / 20_000 - step / 100)).toBeLessThanOrEqual(0.015);
      for (const subject of previous) expect(inCandidate.has(subject)).toBe(true);
      previous = inCandidate;
      if (step < 100) {
        await s.rec('v2', 's');
        await s.rec('v1', 's');
        expect(await s.crl.rollout.advance({ agent: AGENT, task: TASK, by: 'alice' })).toMatchObject({ action: 'advance' });
      }
    }
  });

  it('a subject gets the same answer from another process on the same data dir', async () => {
    const s = await setup();
    await s.crl.variants.add({ agent: AGENT, variant: 'v1', isDefault: true, by: 't' });
    await s.crl.variants.add({ agent: AGENT, variant: 'v2', by: 't' });
    const other = await openTestCrl({ dataDir: s.dataDir });
    open.push(other);
    for (const subject of subjects(300)) {
      const a = await s.crl.serving.select({ agent: AGENT, task: TASK, subject, seed: 9 });
      const b = await other.serving.select({ agent: AGENT, task: TASK, subject, seed: 11 });
      expect(b.kind).toBe(a.kind);
      if (a.kind === 'default') expect(b.variant_id).toBe(a.variant_id);
    }
  });
});

describe('staged rollouts', () => {
  const config: ConfigInput = { rollout: { min_dwell_minutes: 30, min_samples_per_step: 20 }, safety: { auto_apply_min_n: 10 } };

  it('auto_apply starts a rollout; the monitor steps it 10 → 25 → 50 → 100 and the candidate becomes the default (audited)', async () => {
    const s = await setup(config);
    await s.crl.variants.add({ agent: AGENT, variant: 'v1', isDefault: true, by: 't' });
    await s.crl.variants.add({ agent: AGENT, variant: 'v2', by: 't' });
    await s.rec('v1', outcomes(40, 5));
    await s.rec('v2', 'ssssssssssss');
    const applied = await s.crl.promotion.apply({ agent: AGENT, task: TASK, variant: 'v2' }, 'monitor');
    expect(applied).toMatchObject({ decision: 'auto_apply', applied: 'rollout_started' });
    expect((await s.crl.ctx.registry.resolveDefault(AGENT, TASK))?.variant_id).toBe('v1'); // not switched yet
    const steps: number[] = [];
    for (let pass = 0; pass < 12 && (await s.crl.rollout.status({ agent: AGENT })).length > 0; pass++) {
      await s.rec('v2', outcomes(25, 20));
      await s.rec('v1', outcomes(60, 5));
      s.later(31);
      const m = await s.crl.monitor.run();
      for (const a of m.rollouts) if (a.action === 'advance' || a.action === 'complete') steps.push(a.to_percent);
      expect(m.rollouts.every((a) => a.action !== 'abort')).toBe(true);
    }
    expect(steps).toEqual([25, 50, 100, 100]);
    expect((await s.crl.ctx.registry.resolveDefault(AGENT, TASK))?.variant_id).toBe('v2');
    const audit = (await s.crl.ctx.registry.auditLog({ agent: AGENT, task: TASK })).map((a) => a.action);
    expect(audit).toEqual(expect.arrayContaining(['rollout_start', 'rollout_advance', 'rollout_complete', 'rollout_default']));
    expect((await s.crl.rollout.history({ agent: AGENT })).map((e) => e.event_type).reverse()).toEqual(['start', 'advance', 'advance', 'advance', 'complete']);
  });

  it('a candidate that degrades mid-rollout is aborted once: traffic back to the default, a rollback event, cool-down', async () => {
    const s = await setup(config);
    await s.crl.variants.add({ agent: AGENT, variant: 'v1', isDefault: true, by: 't' });
    await s.crl.variants.add({ agent: AGENT, variant: 'v2', by: 't' });
    await s.crl.rollout.start({ agent: AGENT, variant: 'v2', task: TASK, by: 'alice' });
    await s.rec('v1', outcomes(300, 10));
    await s.rec('v2', outcomes(80, 2)); // half of its requests fail against the default's 90 %
    const first = await s.crl.monitor.run({ alertWrite: () => {} });
    expect(first.rollouts).toMatchObject([{ action: 'abort', candidate: 'v2', to_percent: 0 }]);
    const again = await s.crl.monitor.run({ alertWrite: () => {} });
    expect(again.rollouts).toEqual([]);
    const rb = await s.crl.monitor.rollbacks({ agent: AGENT });
    expect(rb).toHaveLength(1);
    expect(rb[0]).toMatchObject({ from_variant: 'v2', to_variant: 'v1', triggered_by: 'rollout' });
    const lines = readFileSync(join(s.dataDir, 'rollback_events.jsonl'), 'utf8').trim().split('\n');
    expect(lines.map((l) => JSON.parse(l).rollback_id)).toEqual([rb[0].rollback_id]);
    const served = await collect(s.crl.serving.selectMany({ agent: AGENT, task: TASK, seed: 5 }, subjects(3000)));
    expect(served.every((a) => a.variant_id === 'v1')).toBe(true);
    expect(served[0].explain.find((e) => e.variant_id === 'v2')?.reasons.join(' ')).toMatch(/aborted rollout/);
  });

  it('start refuses a second rollout, a retired variant, the default and a gate-failing variant (exit 4 conflicts)', async () => {
    const s = await setup(config);
    await s.crl.variants.add({ agent: AGENT, variant: 'v1', isDefault: true, by: 't' });
    await s.crl.variants.add({ agent: AGENT, variant: 'v2', by: 't' });
    await s.crl.variants.add({ agent: AGENT, variant: 'v3', by: 't' });
    await expect(s.crl.rollout.start({ agent: AGENT, variant: 'v1', task: TASK, by: 'a' })).rejects.toThrow(/already the default/);
    await s.crl.rollout.start({ agent: AGENT, variant: 'v2', task: TASK, by: 'a' });
    await expect(s.crl.rollout.start({ agent: AGENT, variant: 'v3', task: TASK, by: 'a' })).rejects.toThrow(/is running/);
    await s.crl.rollout.abort({ agent: AGENT, task: TASK, by: 'a', reason: 'test' });
    process.env.ENABLE_WALTZRL_SAFETY_BENCHMARKS = 'true';
    await expect(s.crl.rollout.start({ agent: AGENT, variant: 'v3', task: TASK, by: 'a' })).rejects.toThrow(/Safety gate/);
    delete process.env.ENABLE_WALTZRL_SAFETY_BENCHMARKS;
    await s.crl.variants.retire({ agent: AGENT, variant: 'v3', by: 'a' });
    await expect(s.crl.rollout.start({ agent: AGENT, variant: 'v3', task: TASK, by: 'a' })).rejects.toThrow(/retired/);
  });

  it('an approval step waits for an approved review-queue item', async () => {
    const s = await setup({ rollout: { min_dwell_minutes: 0, min_samples_per_step: 1, requires_approval_steps: [25] } });
    await s.crl.variants.add({ agent: AGENT, variant: 'v1', isDefault: true, by: 't' });
    await s.crl.variants.add({ agent: AGENT, variant: 'v2', by: 't' });
    await s.crl.rollout.start({ agent: AGENT, variant: 'v2', task: TASK, by: 'a' });
    await s.rec('v2', 'ss');
    await expect(s.crl.rollout.advance({ agent: AGENT, task: TASK, by: 'a' })).rejects.toThrow(/needs approval/);
    const item = (await s.crl.proposals.list({ status: 'pending' })).find((p) => p.proposal_type === 'crl_rollout_step');
    expect(item).toMatchObject({ agent_name: AGENT, task_type: TASK, status: 'pending', recommended_modifications: { to_percent: 25 } });
    await s.crl.proposals.decide(item!.proposal_id, 'approve', 'bob');
    expect(await s.crl.rollout.advance({ agent: AGENT, task: TASK, by: 'a' })).toMatchObject({ action: 'advance', to_percent: 25 });
  });
});
