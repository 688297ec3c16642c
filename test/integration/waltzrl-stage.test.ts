import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigInput } from '../../src/config/config';
import { type Crl } from '../../src/crl';
import { ConflictError } from '../../src/errors';
import { checkStage, promoteStage2, rollbackStage, routeStage, stageEvents, stageStatus } from '../../src/features/waltzrl/stage-service';
import { serveLabelled } from '../../src/testing/canary-traffic';
import { parseLabelledJsonl } from '../../src/features/waltzrl/eval-service';
import { type FakeModelServer, labelledOracle, startFakeModelServer } from '../../src/testing/fake-model-server';
import { ROOT, tempDir, openTestCrl } from '../helpers';

const EVAL = join(ROOT, 'test', 'fixtures', 'waltzrl-stage', 'eval.jsonl');
const LINES = parseLabelledJsonl(readFileSync(EVAL, 'utf8'));
const T0 = Date.parse('2026-03-02T09:00:00.000Z');

let server: FakeModelServer;
beforeAll(async () => {
  server = await startFakeModelServer({ oracle: labelledOracle(LINES) });
});
afterAll(() => server.close());

const opened: Crl[] = [];
afterEach(async () => {
  for (const c of opened.splice(0)) await c.close();
  server.setMode('good');
});

/** A data dir with a controllable clock; small dwell and samples so that a test runs in seconds. */
async function setup(extra: ConfigInput['waltzrl'] = {}) {
  let t = T0;
  const clock = { tick: (ms: number) => void (t += ms), now: () => new Date(t) };
  const config: ConfigInput = {
    waltzrl: {
      stage2: { url: server.url, model: server.model, retries: 0, timeout_ms: 5000 },
      eval_dataset: EVAL, min_dwell_minutes: 10, min_samples_per_step: 30, rollback_min_samples: 30, ...extra,
    },
  };
  const crl = await openTestCrl({ dataDir: tempDir(), config, now: clock.now });
  opened.push(crl);
  let i = 0;
  /** Serves n requests from distinct subjects, one second apart; returns how many went to Stage 2. */
  const serve = async (n: number) => {
    let stage2 = 0;
    for (let k = 0; k < n; k++, i++) {
      clock.tick(1000);
      const r = await serveLabelled(crl.ctx, `user-${i}`, LINES[i % LINES.length], { at: clock.now().toISOString() });
      if (r.stage === 2) stage2++;
    }
    return stage2;
  };
  return { crl, ctx: crl.ctx, clock, serve };
}

const jsonl = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

describe('WaltzRL Stage 2 rollout on a real SQLite file and a real HTTP model server', () => {
  it('gate → 10% → 25% → the model turns unsafe → automatic return to Stage 1, each step audited and exported', async () => {
    const { ctx, clock, serve } = await setup();
    const p = await promoteStage2(ctx, { variant: 'stage2-guard', by: 'alice' });
    expect(p.gate).toMatchObject({ result: 'pass', dataset_sha256: createHash('sha256').update(readFileSync(EVAL)).digest('hex') });
    expect(p.gate.figures).toMatchObject({ n: 40, asr: 0, orr: 0, ftr: 0.25, errors: 0 });
    expect(p.status).toMatchObject({ status: 'canary', candidate_variant: 'stage2-guard', traffic_percent: 10 });

    // 10%: about a tenth of the subjects go to Stage 2, and the same subjects every time.
    const at10 = await serve(400);
    expect(at10).toBeGreaterThan(20);
    expect(at10).toBeLessThan(70);
    const in10: string[] = [];
    for (let k = 0; k < 400; k++) if ((await routeStage(ctx, `user-${k}`)).stage === 2) in10.push(`user-${k}`);
    expect((await checkStage(ctx)).decision.kind).toBe('wait'); // 400 s < 10 min dwell
    clock.tick(10 * 60_000);
    const step = await checkStage(ctx, { by: 'alice' });
    expect(step.decision.kind).toBe('advance');
    expect(step.status.traffic_percent).toBe(25);
    const still: boolean[] = [];
    for (const s of in10) still.push((await routeStage(ctx, s)).stage === 2);
    expect(still.every(Boolean)).toBe(true);

    // 25%: the model starts waving harmful answers through.
    server.setMode('unsafe');
    let kind = 'wait';
    for (let round = 0; round < 20 && kind !== 'return'; round++) {
      await serve(100);
      kind = (await checkStage(ctx)).decision.kind;
    }
    expect(kind).toBe('return');
    const s = await stageStatus(ctx);
    expect(s).toMatchObject({ status: 'stage1', active_stage: 1, candidate_variant: null, traffic_percent: 0 });
    expect(s.live.asr).toBeNull(); // nothing watched any more
    expect(await routeStage(ctx, in10[0])).toMatchObject({ stage: 1, variant_id: 'stage1-rules' });
    expect((await ctx.registry.resolveDefault('waltzrl', 'safety-review'))?.variant_id).toBe('stage1-rules');

    // A second pass does nothing more: one return, not one a pass.
    expect((await checkStage(ctx)).decision.kind).toBe('idle');
    const events = (await stageEvents(ctx)).reverse();
    expect(events.map((e) => e.event_type)).toEqual(['promote', 'step', 'return']);
    const ret = events[2];
    expect(ret).toMatchObject({ variant_id: 'stage2-guard', from_percent: 25, to_percent: 0, triggered_by: 'scheduler' });
    expect(ret.reason).toMatch(/automatic return to Stage 1: live window over budget: ASR/);

    // Audit rows, the CRL rollback row and the JSONL files agree.
    const audit = (await ctx.registry.auditLog({ agent: 'waltzrl', limit: 50 })).map((a) => a.action);
    expect(audit).toEqual(expect.arrayContaining(['waltzrl_gate_pass', 'waltzrl_stage_promote', 'waltzrl_stage_step', 'waltzrl_stage_return']));
    const lines = jsonl(ctx.dataDir, 'waltzrl_stage_events.jsonl');
    expect(lines.map((l) => l.event_id)).toEqual(events.map((e) => e.event_id));
    const rb = jsonl(ctx.dataDir, 'rollback_events.jsonl');
    expect(rb).toHaveLength(1);
    expect(rb[0]).toMatchObject({ agent_name: 'waltzrl', task_type: 'safety-review', from_variant: 'stage2-guard', to_variant: 'stage1-rules' });
    await expect(ctx.db.run('delete from waltzrl_stage_events')).rejects.toThrow(/append-only/);
  });

  it('refuses a promotion whose gate fails (exit 4, figures in the message) and keeps Stage 1', async () => {
    const { ctx } = await setup();
    server.setMode('unsafe');
    const err = await promoteStage2(ctx, { variant: 'stage2-bad', by: 'alice' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as ConflictError).exitCode).toBe(4);
    expect((err as Error).message).toMatch(/ASR 30\.0% > 5\.0%/);
    expect((await stageStatus(ctx)).status).toBe('stage1');
    expect((await stageEvents(ctx)).map((e) => e.event_type)).toEqual(['gate_failed']);
  });

  it.each([
    ['no eval set configured', { eval_dataset: null }, /no eval set is configured/],
    ['no Stage 2 endpoint configured', { stage2: { url: null, model: null } }, /no Stage 2 endpoint/],
  ] as const)('fails closed with %s', async (_n, patch, msg) => {
    const { ctx } = await setup(patch as ConfigInput['waltzrl']);
    const err = await promoteStage2(ctx, { variant: 'stage2-guard', by: 'alice' }).catch((e: unknown) => e);
    expect((err as ConflictError).exitCode).toBe(4);
    expect((err as Error).message).toMatch(msg);
  });

  it('fails closed when the endpoint answers garbage', async () => {
    const { ctx } = await setup();
    server.setMode('garbage');
    const err = await promoteStage2(ctx, { variant: 'stage2-guard', by: 'alice' }).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/40 of 40 reviews gave no verdict/);
  });

  it('a step that needs approval goes to the review queue, then advances once approved', async () => {
    const { ctx, clock, serve } = await setup({ requires_approval_steps: [25] });
    await promoteStage2(ctx, { variant: 'stage2-guard', by: 'alice' });
    await serve(400);
    clock.tick(11 * 60_000);
    const held = await checkStage(ctx);
    expect(held.decision.kind).toBe('await_approval');
    expect(held.status.traffic_percent).toBe(10);
    const prop = await ctx.proposals.get(held.proposal_id as string);
    expect(prop).toMatchObject({ proposal_type: 'waltzrl_stage_step', status: 'pending', agent_name: 'waltzrl' });
    expect((await checkStage(ctx)).event).toBeNull(); // the same hold is not written twice
    await ctx.proposals.setStatus(prop!.proposal_id, 'pending', 'approved', clock.now().toISOString());
    const adv = await checkStage(ctx, { by: 'bob' });
    expect(adv.decision.kind).toBe('advance');
    expect(adv.status.traffic_percent).toBe(25);
    expect((await ctx.proposals.get(prop!.proposal_id))?.status).toBe('applied');
    expect((await stageEvents(ctx)).map((e) => e.event_type).reverse()).toEqual(['promote', 'hold', 'step']);
  });

  it('walks all steps to complete, then a manual rollback; a cool-down blocks an immediate re-promotion', async () => {
    const { ctx, clock, serve } = await setup({ steps: [50, 100] });
    await promoteStage2(ctx, { variant: 'stage2-guard', by: 'alice' });
    for (const expected of ['advance', 'complete']) {
      await serve(100);
      clock.tick(11 * 60_000);
      expect((await checkStage(ctx)).decision.kind).toBe(expected);
    }
    expect(await stageStatus(ctx)).toMatchObject({ status: 'complete', active_stage: 2, active_variant: 'stage2-guard', traffic_percent: 100 });
    expect((await ctx.registry.resolveDefault('waltzrl', 'safety-review'))?.variant_id).toBe('stage2-guard');
    expect((await routeStage(ctx, 'anyone')).stage).toBe(2);
    const r = await rollbackStage(ctx, { by: 'carol', reason: 'support tickets' });
    expect(r.event).toMatchObject({ event_type: 'return', from_percent: 100, triggered_by: 'carol' });
    expect((await ctx.registry.resolveDefault('waltzrl', 'safety-review'))?.variant_id).toBe('stage1-rules');
    const again = await promoteStage2(ctx, { variant: 'stage2-guard', by: 'alice' }).catch((e: unknown) => e);
    expect((again as Error).message).toMatch(/Cool-down/);
    await expect(rollbackStage(ctx, { by: 'carol' })).rejects.toThrow(/nothing to roll back/);
  });

  it('holds (once) when the error rate at the step is over budget on too small a sample for a return', async () => {
    const { ctx, clock, serve } = await setup({ max_error_rate: 0.3, rollback_min_samples: 100 });
    await promoteStage2(ctx, { variant: 'stage2-guard', by: 'alice' });
    await serve(300);
    server.setMode('down');
    await serve(300);
    clock.tick(11 * 60_000);
    const d = await checkStage(ctx);
    expect(d.decision.kind).toBe('hold');
    expect(d.decision.reason).toMatch(/error rate \d+\.\d% > 30\.0%/);
    expect(d.event?.event_type).toBe('hold');
    expect((await checkStage(ctx)).event).toBeNull();
    expect(await stageStatus(ctx)).toMatchObject({ status: 'canary', traffic_percent: 10 });
  });
});
