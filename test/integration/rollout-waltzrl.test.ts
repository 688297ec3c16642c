import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigInput } from '../../src/config/config';
import { type Crl } from '../../src/crl';
import { ConflictError, NotFoundError, UsageError } from '../../src/errors';
import { startRollout } from '../../src/features/rollout/rollout-service';
import { parseLabelledJsonl } from '../../src/features/waltzrl/eval-service';
import { stageEvents } from '../../src/features/waltzrl/stage-service';
import { serveLabelled } from '../../src/testing/canary-traffic';
import { type FakeModelServer, labelledOracle, startFakeModelServer } from '../../src/testing/fake-model-server';
import { ROOT, tempDir, openTestCrl } from '../helpers';

const EVAL = join(ROOT, 'test', 'fixtures', 'waltzrl-stage', 'eval.jsonl');
const LINES = parseLabelledJsonl(readFileSync(EVAL, 'utf8'));
const T0 = Date.parse('2026-03-02T09:00:00.000Z');
const STAGE = { agent: 'waltzrl', task: 'safety-review' } as const;

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

/** A data dir with a controllable clock and short dwell and samples (as in waltzrl-stage.test.ts). */
async function setup() {
  let t = T0;
  const clock = { tick: (ms: number) => void (t += ms), now: () => new Date(t) };
  const config: ConfigInput = {
    waltzrl: {
      stage2: { url: server.url, model: server.model, retries: 0, timeout_ms: 5000 },
      eval_dataset: EVAL, min_dwell_minutes: 10, min_samples_per_step: 30, rollback_min_samples: 30,
    },
  };
  const crl = await openTestCrl({ dataDir: tempDir(), config, now: clock.now });
  opened.push(crl);
  let i = 0;
  const serve = async (n: number) => {
    for (let k = 0; k < n; k++, i++) {
      clock.tick(1000);
      await serveLabelled(crl.ctx, `user-${i}`, LINES[i % LINES.length], { at: clock.now().toISOString() });
    }
  };
  return { crl, clock, serve };
}

/** `crl.rollout.advance` on the stage: the action, or the kind of the ConflictError's action when it stays. */
async function advance(crl: Crl, by = 'scheduler'): Promise<{ action: string; to_percent: number; rollback_id: string | null; reason: string }> {
  try {
    return await crl.rollout.advance({ ...STAGE, by });
  } catch (e) {
    if (!(e instanceof ConflictError)) throw e;
    return e.details as { action: string; to_percent: number; rollback_id: string | null; reason: string };
  }
}

describe('the WaltzRL Stage 2 promotion through the generic rollout interface', () => {
  it('crl.rollout.status() shows the stage rollout after a promote; advance steps it; history has its events', async () => {
    const { crl, clock, serve } = await setup();
    expect(await crl.rollout.status()).toEqual([]);
    await crl.waltzrl.stage.promote({ variant: 'stage2-guard', by: 'alice' });
    const [r, ...rest] = await crl.rollout.status();
    expect(rest).toEqual([]);
    expect(r).toMatchObject({
      rollout_id: 'waltzrl-stage', agent_name: 'waltzrl', task_type: 'safety-review', candidate: 'stage2-guard', baseline: 'stage1-rules',
      status: 'running', step_index: 0, step_percent: 10, steps: [10, 25, 50, 100], started_by: 'alice',
      next: { kind: 'wait', figures: { candidate_n: 0, default_n: 0, watch_n: 0, step_percent: 10 } },
    });
    expect(r.next?.reason).toMatch(/^waiting for dwell 0\/10 min, samples 0\/30 at 10%/);
    expect(r.next?.reason).toBe((await crl.waltzrl.stage.status()).next_action.reason);
    expect(await crl.rollout.status({ agent: 'waltzrl', task: 'safety-review' })).toHaveLength(1);
    expect(await crl.rollout.status({ agent: 'support-bot' })).toEqual([]);
    expect((await crl.dashboard.build()).rollouts).toMatchObject({ available: true, items: [{ agent_name: 'waltzrl', candidate: 'stage2-guard' }] });

    await serve(400);
    expect((await advance(crl)).action).toBe('wait');
    clock.tick(10 * 60_000);
    expect(await advance(crl, 'bob')).toMatchObject({ action: 'advance', to_percent: 25 });
    expect(await crl.waltzrl.stage.status()).toMatchObject({ status: 'canary', traffic_percent: 25 });
    expect((await crl.rollout.status())[0]).toMatchObject({ step_index: 1, step_percent: 25 });
    const n = (await crl.rollout.status())[0].next?.figures;
    expect(n?.candidate_n).toBeGreaterThan(20);
    expect((n?.candidate_n ?? 0) + (n?.default_n ?? 0)).toBe(400);

    const h = await crl.rollout.history({ agent: 'waltzrl' });
    expect(h.map((e) => [e.event_type, e.from_percent, e.to_percent, e.actor])).toEqual([['advance', 10, 25, 'bob'], ['start', 0, 10, 'alice']]);
    expect(h.map((e) => e.reason)).toEqual((await stageEvents(crl.ctx)).map((e) => e.reason)); // the same events as `crl waltzrl stage history`
  });

  it('crl.rollout.start promotes through the benchmark gate, and crl.rollout.abort returns to Stage 1', async () => {
    const { crl } = await setup();
    const started = await crl.rollout.start({ ...STAGE, variant: 'stage2-guard', by: 'alice', reason: 'quarterly guard update' });
    expect(started).toMatchObject({ kind: 'started', rollout: { agent_name: 'waltzrl', step_percent: 10 }, gate: { result: 'pass', variant_id: 'stage2-guard' } });
    expect(await crl.waltzrl.stage.status()).toMatchObject({ status: 'canary', candidate_variant: 'stage2-guard', traffic_percent: 10 });
    await expect(crl.rollout.start({ ...STAGE, variant: 'stage2-other', by: 'alice' })).rejects.toThrow(/already under way/);

    const a = await crl.rollout.abort({ ...STAGE, by: 'carol', reason: 'drill' });
    expect(a).toMatchObject({ action: 'abort', agent_name: 'waltzrl', task_type: 'safety-review', candidate: 'stage2-guard', from_percent: 10, to_percent: 0 });
    expect(a.rollback_id).toMatch(/^rb-\d{8}-[0-9a-f]{8}$/);
    expect(a.reason).toBe('manual return to Stage 1: drill');
    expect(await crl.waltzrl.stage.status()).toMatchObject({ status: 'stage1', active_stage: 1, candidate_variant: null, traffic_percent: 0 });
    expect((await crl.ctx.registry.resolveDefault('waltzrl', 'safety-review'))?.variant_id).toBe('stage1-rules');
    expect((await crl.monitor.rollbacks({ agent: 'waltzrl' }))[0]).toMatchObject({ rollback_id: a.rollback_id, from_variant: 'stage2-guard', to_variant: 'stage1-rules' });
    expect(await crl.rollout.status()).toEqual([]);
    expect((await crl.rollout.history({ agent: 'waltzrl', task: 'safety-review' })).map((e) => e.event_type)).toEqual(['abort', 'start']);
    expect((await crl.rollout.history({ agent: 'waltzrl' }))[1].reason).toMatch(/candidate serves 10% \(quarterly guard update\)$/);
    await expect(crl.rollout.abort({ ...STAGE, by: 'carol' })).rejects.toThrow(NotFoundError);
    await expect(crl.rollout.advance({ ...STAGE, by: 'carol' })).rejects.toThrow(NotFoundError);
  });

  it('a live breach of the stage still returns to Stage 1 (an abort through crl.rollout.advance)', async () => {
    const { crl, clock, serve } = await setup();
    await crl.rollout.start({ ...STAGE, variant: 'stage2-guard', by: 'alice' });
    await serve(400);
    clock.tick(10 * 60_000);
    expect((await advance(crl)).action).toBe('advance');
    server.setMode('unsafe');
    let last = await advance(crl);
    for (let round = 0; round < 20 && last.action !== 'abort'; round++) {
      await serve(100);
      last = await advance(crl);
    }
    expect(last).toMatchObject({ action: 'abort', to_percent: 0 });
    expect(last.reason).toMatch(/^automatic return to Stage 1: live window over budget: ASR/);
    expect(last.rollback_id).toMatch(/^rb-/);
    expect(await crl.waltzrl.stage.status()).toMatchObject({ status: 'stage1', traffic_percent: 0 });
    expect((await crl.rollout.history({ agent: 'waltzrl' }))[0]).toMatchObject({ event_type: 'abort', from_percent: 25, to_percent: 0, actor: 'scheduler' });
    const rb = readFileSync(join(crl.dataDir, 'rollback_events.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rb).toMatchObject([{ rollback_id: last.rollback_id, agent_name: 'waltzrl', task_type: 'safety-review', from_variant: 'stage2-guard' }]);
  });

  it('the stage owns waltzrl/safety-review: no generic rollout there, no agent-wide one, no immediate switch', async () => {
    const { crl } = await setup();
    await crl.variants.add({ agent: 'waltzrl', variant: 'stage1-rules', isDefault: true, task: 'safety-review' });
    await crl.variants.add({ agent: 'waltzrl', variant: 'other' });
    await expect(startRollout(crl.ctx, { ...STAGE, variant: 'other', by: 'a' })).rejects.toThrow(ConflictError);
    await expect(crl.rollout.start({ agent: 'waltzrl', variant: 'other', by: 'a' })).rejects.toThrow(UsageError);
    await expect(crl.rollout.start({ ...STAGE, variant: 'other', by: 'a', immediate: true })).rejects.toThrow(/no immediate switch/);
    expect(await crl.rollout.status({ all: true })).toEqual([]);
  });
});
