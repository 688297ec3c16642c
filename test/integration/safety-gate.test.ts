import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Crl } from '../../src/crl';
import { ConflictError, UsageError } from '../../src/errors';
import { queueProposal } from '../../src/features/proposals/review-queue';
import { tempDir, openTestCrl } from '../helpers';

const ENV = ['ENABLE_WALTZRL_SAFETY_BENCHMARKS', 'WALTZRL_BLOCK_ON_FAILURE', 'WALTZRL_SAFETY_THRESHOLD'] as const;
const saved: Record<string, string | undefined> = {};
const open: Crl[] = [];
beforeEach(() => {
  for (const k of ENV) (saved[k] = process.env[k]), delete process.env[k];
});
afterEach(async () => {
  for (const k of ENV) (saved[k] === undefined ? delete process.env[k] : (process.env[k] = saved[k]));
  for (const c of open.splice(0)) await c.close();
  vi.restoreAllMocks();
});

const T0 = Date.parse('2026-03-10T12:00:00Z');
const DAY = 86_400_000;
const A = 'security-auditor';
const TASK = 'security-audit';

/** A Crl whose clock advances one second per reading; agent A with variants base (default), strict, fast. */
async function setup(env: { enabled?: boolean; block?: boolean; threshold?: string; staged?: boolean } = {}) {
  if (env.enabled) process.env.ENABLE_WALTZRL_SAFETY_BENCHMARKS = 'true';
  if (env.block) process.env.WALTZRL_BLOCK_ON_FAILURE = 'true';
  if (env.threshold) process.env.WALTZRL_SAFETY_THRESHOLD = env.threshold;
  let t = T0;
  // The gate on a default change itself: promotions switch at once here (the staged path has its own tests below).
  const config = { promotion: { mode: env.staged ? ('staged' as const) : ('immediate' as const) } };
  const crl = await openTestCrl({ dataDir: tempDir(), config, now: () => new Date((t += 1000)) });
  open.push(crl);
  for (const v of ['base', 'strict', 'fast']) await crl.variants.add({ agent: A, variant: v, isDefault: v === 'base', by: 'test' });
  let i = 0;
  const rec = async (variant: string, outcomes: string) => {
    for (const ch of outcomes) await crl.learning.record({ agent_name: A, task_type: TASK, variant_id: variant, outcome: ch === 's' ? 'success' : 'error', invocation_id: `i${i++}` });
  };
  let r = 0;
  /** Stores a benchmark report of `variant` with `score`, `ageDays` old. */
  const report = (variant: string, score: number, ageDays = 1) =>
    crl.ctx.benchmarks.insert({
      report_id: `sb-test-${r++}`, ts: new Date(T0 - ageDays * DAY).toISOString(), agent_name: A, variant_id: variant, cases_source: 'starter',
      cases_digest: 'x', responder: 'test', n: 64, score, asr: 1 - score, orr: 0, errors: 0, per_category: '{"per_category":{},"per_expected":{},"compliant":0}', results: '[]', run_by: 'test',
    });
  const audit = () => crl.ctx.registry.auditLog({ agent: A });
  const current = async (task = TASK) => (await crl.ctx.registry.resolveDefault(A, task))?.variant_id;
  return { crl, rec, report, audit, current };
}

async function expectBlocked(fn: () => Promise<unknown>, cause: string): Promise<ConflictError> {
  let err: unknown;
  try {
    await fn();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(ConflictError);
  const c = err as ConflictError;
  expect(c.exitCode).toBe(4);
  expect(c.message).toMatch(/^Safety gate: /);
  expect(c.details).toMatchObject({ result: 'blocked', cause, threshold: 0.9, max_age_days: 7 });
  return c;
}

describe('safety gate: manual set-default', () => {
  it('is off unless ENABLE_WALTZRL_SAFETY_BENCHMARKS=true: no report needed, nothing added to the audit row', async () => {
    const { crl, audit, current } = await setup({ block: true });
    await crl.variants.setDefault({ agent: A, variant: 'strict', task: TASK, by: 'alice' });
    expect(await current()).toBe('strict');
    expect(JSON.parse((await audit())[0].details)).not.toHaveProperty('safety_gate');
  });

  it.each([
    ['no report', null, 'no_report'],
    ['a report below the threshold', { score: 0.85, age: 1 }, 'below_threshold'],
    ['a passing report older than 7 days', { score: 0.97, age: 8 }, 'stale'],
  ])('blocking: %s → refused (exit 4), default unchanged, one audit row with the figures', async (_what, rep, cause) => {
    const { crl, report, audit, current } = await setup({ enabled: true, block: true });
    if (rep) await report('strict', rep.score, rep.age);
    await expectBlocked(() => crl.variants.setDefault({ agent: A, variant: 'strict', task: TASK, by: 'alice', reason: 'try' }), cause);
    expect(await current()).toBe('base');
    const row = (await audit())[0];
    expect(row).toMatchObject({ action: 'default_change_blocked', actor: 'alice', variant_id: 'strict', task_type: TASK });
    expect(JSON.parse(row.details)).toMatchObject({ attempted_action: 'default_set', previous: 'base', safety_gate: { result: 'blocked', cause } });
    expect((await audit()).filter((a) => a.action === 'default_change_blocked')).toHaveLength(1);
  });

  it('blocking: a fresh passing report lets the change through, figures in the audit row', async () => {
    const { crl, report, audit, current } = await setup({ enabled: true, block: true });
    await report('strict', 0.5, 3);
    await report('strict', 0.92, 2); // the latest report counts
    await crl.variants.setDefault({ agent: A, variant: 'strict', task: TASK, by: 'alice' });
    expect(await current()).toBe('strict');
    expect(JSON.parse((await audit())[0].details).safety_gate).toMatchObject({ result: 'pass', score: 0.92, threshold: 0.9, age_days: 2 });
  });

  it('WALTZRL_SAFETY_THRESHOLD moves the bar; an unknown value is a usage error', async () => {
    const { crl, report, current } = await setup({ enabled: true, block: true, threshold: '0.8' });
    await report('strict', 0.85);
    await crl.variants.setDefault({ agent: A, variant: 'strict', task: TASK, by: 'alice' });
    expect(await current()).toBe('strict');
    process.env.WALTZRL_SAFETY_THRESHOLD = 'high';
    await expect(crl.variants.setDefault({ agent: A, variant: 'fast', task: TASK, by: 'alice' })).rejects.toThrow(UsageError);
    process.env.WALTZRL_SAFETY_THRESHOLD = '0.8';
    process.env.ENABLE_WALTZRL_SAFETY_BENCHMARKS = 'maybe';
    await expect(crl.variants.setDefault({ agent: A, variant: 'fast', task: TASK, by: 'alice' })).rejects.toThrow(/ENABLE_WALTZRL_SAFETY_BENCHMARKS must be one of/);
  });

  it('not blocking: the change goes ahead with a warning on stderr and in the audit row', async () => {
    const { crl, report, audit, current } = await setup({ enabled: true });
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    await report('strict', 0.6);
    await crl.variants.setDefault({ agent: A, variant: 'strict', task: TASK, by: 'alice' });
    expect(await current()).toBe('strict');
    expect((await audit())[0].action).toBe('default_set');
    expect(JSON.parse((await audit())[0].details).safety_gate).toMatchObject({ result: 'warned', cause: 'below_threshold', score: 0.6 });
    expect(err.mock.calls.map((c) => String(c[0])).join('')).toMatch(/warning: safety gate: strict becomes the default of security-auditor\/security-audit although safety score 0.6 < threshold 0.9/);
  });
});

describe('safety gate: approved proposal apply', () => {
  it('refuses to apply a promotion of a failing variant; the proposal stays approved; passes once benchmarked', async () => {
    const { crl, report, audit, current } = await setup({ enabled: true, block: true });
    const q = await queueProposal(crl.ctx, {
      agent_name: A, task_type: TASK, proposal_type: 'promote_variant_to_default', reasoning: 'strict is better', confidence: 0.8,
      supporting_data: { best_variant: 'strict' }, recommended_modifications: { set_default: 'strict', task_type: TASK },
    }, 'proposer');
    const id = q.proposal.proposal_id;
    await crl.proposals.decide(id, 'approve', 'bob');
    await expectBlocked(() => crl.proposals.apply(id, 'bob'), 'no_report');
    expect(await current()).toBe('base');
    expect((await crl.proposals.show(id)).status).toBe('approved');
    expect(JSON.parse((await audit())[0].details)).toMatchObject({ attempted_action: 'default_set_by_proposal' });
    await report('strict', 0.95);
    expect((await crl.proposals.apply(id, 'bob')).action).toBe('set_default');
    expect(await current()).toBe('strict');
  });
});

describe('safety gate: SafetyMonitor auto-apply', () => {
  it('an auto_apply decision of a failing variant is refused; a passing one switches', async () => {
    const { crl, rec, report, audit, current } = await setup({ enabled: true, block: true });
    await rec('strict', 's'.repeat(12));
    expect((await crl.promotion.check({ agent: A, task: TASK, variant: 'strict' })).decision).toBe('auto_apply');
    await expectBlocked(() => crl.promotion.apply({ agent: A, task: TASK, variant: 'strict' }, 'safety-monitor'), 'no_report');
    expect(await current()).toBe('base');
    expect((await audit())[0]).toMatchObject({ action: 'default_change_blocked', actor: 'safety-monitor' });
    await report('strict', 0.9);
    expect((await crl.promotion.apply({ agent: A, task: TASK, variant: 'strict' }, 'safety-monitor')).applied).toBe('default_switched');
    expect(await current()).toBe('strict');
  });

  it('staged: the rollout of a failing variant is refused before it starts (exit 4); a passing one starts at the first step', async () => {
    const { crl, rec, report, current } = await setup({ enabled: true, staged: true });
    await rec('strict', 's'.repeat(12));
    let err: unknown;
    try {
      await crl.promotion.apply({ agent: A, task: TASK, variant: 'strict' }, 'safety-monitor');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as ConflictError).message).toMatch(/^Safety gate: strict cannot be rolled out: no safety benchmark report/);
    expect(await crl.rollout.status({ agent: A })).toEqual([]);
    await report('strict', 0.9);
    expect((await crl.promotion.apply({ agent: A, task: TASK, variant: 'strict' }, 'safety-monitor')).applied).toBe('rollout_started');
    expect(await crl.rollout.status({ agent: A })).toMatchObject([{ candidate: 'strict', step_percent: 10 }]);
    expect(await current()).toBe('base');
  });
});

describe('safety gate: rollback target', () => {
  const stable = (n: number) => Array.from({ length: n }, (_, k) => (k % 10 === 9 ? 'e' : 's')).join('');
  const bad = (n: number) => Array.from({ length: n }, (_, k) => (k % 2 ? 'e' : 's')).join('');
  async function degraded(env: { enabled?: boolean; block?: boolean }) {
    const s = await setup(env);
    await s.rec('strict', stable(60)); // best Q
    await s.rec('fast', stable(30).replace(/e/g, 's').slice(0, 20) + 'eeeee'); // lower Q, n 25
    await s.rec('base', stable(200));
    await s.rec('base', bad(40));
    return s;
  }

  it('blocking: a target that fails the gate is skipped for the next passing one', async () => {
    const { crl, report, current } = await degraded({ enabled: true, block: true });
    await report('strict', 0.5);
    await report('fast', 0.95);
    const r = await crl.monitor.run();
    expect(r.rollbacks.map((x) => [x.from_variant, x.to_variant])).toEqual([['base', 'fast']]);
    expect(await current()).toBe('fast');
  });

  it('blocking: no passing target → one rollback_skipped event naming the gate, not silently nothing', async () => {
    const { crl, report, current } = await degraded({ enabled: true, block: true });
    await report('strict', 0.5);
    const r = await crl.monitor.run();
    expect(r.rollbacks).toHaveLength(0);
    expect(r.rollbacks_skipped).toHaveLength(1);
    expect(r.rollbacks_skipped[0].reason).toMatch(/the safety gate refused .*strict \(safety score 0.5 < threshold 0.9/);
    expect(r.rollbacks_skipped[0].reason).toMatch(/fast \(no safety benchmark report/);
    expect(await current()).toBe('base');
    expect((await crl.monitor.run()).rollbacks_skipped).toHaveLength(0); // reported once, not every run
  });

  it('not blocking: the best target is used, the warning is in the rollback audit row', async () => {
    const { crl, report, audit, current } = await degraded({ enabled: true });
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    await report('strict', 0.5);
    const r = await crl.monitor.run({ alertWrite: () => {} });
    expect(r.rollbacks[0].to_variant).toBe('strict');
    expect(await current()).toBe('strict');
    const row = (await audit()).find((a) => a.action === 'rollback');
    expect(JSON.parse(row!.details).safety_gate).toMatchObject({ result: 'warned', cause: 'below_threshold' });
  });
});
