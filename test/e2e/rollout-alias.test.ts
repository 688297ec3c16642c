import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseLabelledJsonl } from '../../src/features/waltzrl/eval-service';
import { type FakeModelServer, labelledOracle, startFakeModelServer } from '../../src/testing/fake-model-server';
import { json, ROOT, runCli, runCliAsync, tempDir } from '../helpers';

const EVAL = join(ROOT, 'test', 'fixtures', 'waltzrl-stage', 'eval.jsonl');

const runAsync = (args: string[], dataDir: string) => runCliAsync(args, { dataDir });

interface StageStatusJson {
  status: string; active_stage: number; candidate_variant: string | null; traffic_percent: number; next_action: { kind: string; reason: string };
}
interface RolloutJson { rollout_id: string; agent_name: string; task_type: string; candidate: string; baseline: string; status: string; step_percent: number; next: { kind: string; reason: string } | null }

describe('crl waltzrl stage is an alias of crl rollout … waltzrl --task safety-review (built CLI, local fake model server)', () => {
  let server: FakeModelServer;
  beforeAll(async () => {
    server = await startFakeModelServer({ oracle: labelledOracle(parseLabelledJsonl(readFileSync(EVAL, 'utf8'))) });
  });
  afterAll(() => server.close());

  const setup = () => {
    const dataDir = tempDir();
    const cfg = join(dataDir, 'crl.json');
    writeFileSync(cfg, JSON.stringify({ waltzrl: { stage2: { url: server.url, model: server.model, retries: 0 }, eval_dataset: EVAL } }));
    const run = (args: string[]) => runCli(['--config', cfg, ...args], { dataDir });
    return { dataDir, cfg, run };
  };

  it('crl rollout start waltzrl … --task safety-review promotes; crl waltzrl stage status reads it back', async () => {
    const { dataDir, cfg, run } = setup();
    const p = await runAsync(['--config', cfg, 'rollout', 'start', 'waltzrl', 'stage2-guard', '--task', 'safety-review', '--by', 'alice'], dataDir);
    expect(p.code, p.stderr).toBe(0);
    expect(p.stdout).toMatch(/benchmark gate passed: ASR 0\.0%, ORR 0\.0%, FTR 25\.0% on 40 items/);
    expect(p.stdout).toMatch(/rollout waltzrl-stage started: stage2-guard serves 10% of waltzrl\/safety-review/);

    const st = json<StageStatusJson>(run(['waltzrl', 'stage', 'status', '--json']));
    expect(st).toMatchObject({ status: 'canary', active_stage: 1, candidate_variant: 'stage2-guard', traffic_percent: 10, next_action: { kind: 'wait' } });
    const [ro] = json<RolloutJson[]>(run(['rollout', 'status', '--json']));
    expect(ro).toMatchObject({ rollout_id: 'waltzrl-stage', agent_name: 'waltzrl', task_type: 'safety-review', candidate: 'stage2-guard', baseline: 'stage1-rules', step_percent: 10 });
    expect(ro.next).toEqual({ ...st.next_action, figures: expect.any(Object) });
    expect(run(['rollout', 'status']).stdout).toMatch(/waltzrl\/safety-review.*stage2-guard.*stage1-rules.*running.*10%/);

    const adv = run(['rollout', 'advance', 'waltzrl', '--task', 'safety-review', '--by', 'alice']);
    expect(adv.code).toBe(4); // the dwell is not over: the stage machine waits
    expect(adv.stderr).toMatch(/stays at 10%: waiting for dwell/);
    expect(run(['rollout', 'start', 'waltzrl', 'stage2-other', '--task', 'safety-review', '--by', 'alice']).code).toBe(4);

    const history = json<{ event_type: string }[]>(run(['waltzrl', 'stage', 'history', '--json']));
    expect(history.map((e) => e.event_type)).toEqual(['promote']);
  });

  it('crl waltzrl stage promote is read back by crl rollout status/history, and crl rollout abort returns to Stage 1', async () => {
    const { dataDir, cfg, run } = setup();
    const p = await runAsync(['--config', cfg, 'waltzrl', 'stage', 'promote', 'stage2-guard', '--by', 'alice', '--json'], dataDir);
    expect(p.code, p.stderr).toBe(0);
    const rs = json<RolloutJson[]>(run(['rollout', 'status', '--agent', 'waltzrl', '--task', 'safety-review', '--json']));
    expect(rs).toMatchObject([{ agent_name: 'waltzrl', task_type: 'safety-review', candidate: 'stage2-guard', status: 'running', step_percent: 10 }]);

    const ab = json<{ action: string; from_percent: number; to_percent: number; rollback_id: string }>(
      run(['rollout', 'abort', 'waltzrl', '--task', 'safety-review', '--by', 'bob', '--reason', 'drill', '--json']),
    );
    expect(ab).toMatchObject({ action: 'abort', from_percent: 10, to_percent: 0 });
    expect(ab.rollback_id).toMatch(/^rb-/);
    const st = json<StageStatusJson & { cooldown_until: string | null }>(run(['waltzrl', 'stage', 'status', '--json']));
    expect(st).toMatchObject({ status: 'stage1', active_stage: 1, candidate_variant: null, traffic_percent: 0 });
    expect(st.cooldown_until).toMatch(/^\d{4}-/);
    expect(json<{ event_type: string; reason: string }[]>(run(['waltzrl', 'stage', 'history', '--json'])).map((e) => e.event_type)).toEqual(['return', 'promote']);
    const h = json<{ event_type: string; actor: string }[]>(run(['rollout', 'history', '--agent', 'waltzrl', '--json']));
    expect(h.map((e) => [e.event_type, e.actor])).toEqual([['abort', 'bob'], ['start', 'alice']]);
    expect(json<unknown[]>(run(['rollout', 'status', '--json']))).toEqual([]);
    expect(run(['rollout', 'abort', 'waltzrl', '--task', 'safety-review', '--by', 'bob']).code).toBe(3);
    expect(run(['waltzrl', 'stage', 'rollback', '--by', 'bob']).code).toBe(4); // the alias keeps its own exit code
  });
});
