import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { json, runCli, tempDir } from '../helpers';

const AGENT = 'support-bot';
const TASK = 'faq';

/** A data dir with a config whose rollout steps need no dwell and few samples (so a test can walk them). */
function dataDir(): { dir: string; run: (args: string[], input?: string) => ReturnType<typeof runCli> } {
  const dir = tempDir();
  const config = join(dir, 'crl.json');
  writeFileSync(config, JSON.stringify({ rollout: { min_dwell_minutes: 0, min_samples_per_step: 20 } }));
  return { dir, run: (args, input) => runCli(['--config', config, ...args], { dataDir: dir, input }) };
}

/** JSONL invocations of a variant: `n` lines, every `failEvery`-th a failure. */
function lines(variant: string, n: number, failEvery: number, from = 0): string {
  return Array.from({ length: n }, (_, k) => JSON.stringify({
    invocation_id: `${variant}-${from + k}`, agent_name: AGENT, task_type: TASK, variant_id: variant,
    outcome: (k + 1) % failEvery === 0 ? 'failure' : 'success',
  })).join('\n');
}

describe('staged rollouts through the built CLI', () => {
  it('auto_apply starts a rollout; monitor passes step it up; the candidate becomes the default', () => {
    const { run } = dataDir();
    expect(run(['variant', 'add', AGENT, 'v1', '--default']).code).toBe(0);
    expect(run(['variant', 'add', AGENT, 'v2']).code).toBe(0);
    expect(run(['ingest', '-'], `${lines('v1', 50, 5)}\n${lines('v2', 12, 100)}\n`).code).toBe(0);
    const applied = run(['safety', 'check', '--agent', AGENT, '--task', TASK, '--variant', 'v2', '--apply', '--by', 'ops', '--json']);
    expect(json<{ decision: string; applied: string }>(applied)).toMatchObject({ decision: 'auto_apply', applied: 'rollout_started' });
    const steps: number[] = [];
    for (let pass = 0; pass < 8; pass++) {
      run(['ingest', '-'], `${lines('v2', 25, 20, 100 + pass * 25)}\n${lines('v1', 60, 5, 100 + pass * 60)}\n`);
      const m = json<{ rollouts: { action: string; to_percent: number }[] }>(run(['monitor', '--once', '--json']));
      steps.push(...m.rollouts.filter((a) => a.action === 'advance' || a.action === 'complete').map((a) => a.to_percent));
      if (m.rollouts.some((a) => a.action === 'complete')) break;
    }
    expect(steps).toEqual([25, 50, 100, 100]);
    const variants = json<{ variant_id: string; default_for: string[] }[]>(run(['variant', 'list', '--agent', AGENT, '--json']));
    expect(variants.find((v) => v.variant_id === 'v2')?.default_for).toEqual([TASK]);
    const history = json<{ event_type: string }[]>(run(['rollout', 'history', '--json']));
    expect(history.map((e) => e.event_type).reverse()).toEqual(['start', 'advance', 'advance', 'advance', 'complete']);
  });

  it('a degrading candidate is aborted once by the monitor; select serves only the default afterwards', () => {
    const { dir, run } = dataDir();
    run(['variant', 'add', AGENT, 'v1', '--default']);
    run(['variant', 'add', AGENT, 'v2']);
    expect(run(['rollout', 'start', AGENT, 'v2', '--task', TASK, '--by', 'alice']).code).toBe(0);
    const subjects = Array.from({ length: 2000 }, (_, k) => `user-${k}`).join('\n');
    const during = run(['select', '--agent', AGENT, '--task', TASK, '--subjects', '-'], subjects).stdout.trim().split('\n').map((l) => JSON.parse(l));
    const share = during.filter((a: { kind: string }) => a.kind === 'rollout').length / during.length;
    expect(share).toBeGreaterThan(0.07);
    expect(share).toBeLessThan(0.13);
    run(['ingest', '-'], `${lines('v1', 300, 10)}\n${lines('v2', 80, 2)}\n`);
    const first = run(['monitor', '--once', '--json']);
    expect(json<{ rollouts: { action: string }[] }>(first).rollouts.map((a) => a.action)).toEqual(['abort']);
    expect(first.stderr).toMatch(/ALERT rollback rb-\d{8}-[0-9a-f]{8}: support-bot\/faq v2 → v1: Rollout aborted/);
    expect(json<{ rollouts: unknown[] }>(run(['monitor', '--once', '--json'])).rollouts).toEqual([]);
    const after = run(['select', '--agent', AGENT, '--task', TASK, '--subjects', '-'], subjects).stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(after.every((a: { variant_id: string }) => a.variant_id === 'v1')).toBe(true);
    const rb = json<{ from_variant: string; triggered_by: string }[]>(run(['rollback', 'history', '--json']));
    expect(rb).toMatchObject([{ from_variant: 'v2', triggered_by: 'rollout' }]);
    expect(runCli(['rollout', 'advance', AGENT, '--task', TASK, '--by', 'alice'], { dataDir: dir }).code).toBe(3); // none running
  });

  it('advance while the step waits is exit 4 with the reason; abort by hand; bad input is exit 2', () => {
    const { run } = dataDir();
    run(['variant', 'add', AGENT, 'v1', '--default']);
    run(['variant', 'add', AGENT, 'v2']);
    run(['rollout', 'start', AGENT, 'v2', '--task', TASK, '--by', 'alice']);
    const waiting = run(['rollout', 'advance', AGENT, '--task', TASK, '--by', 'alice']);
    expect(waiting.code).toBe(4);
    expect(waiting.stderr).toMatch(/stays at 10%: .*samples 0\/20/);
    expect(run(['rollout', 'start', AGENT, 'v2', '--task', TASK, '--by', 'alice']).code).toBe(4);
    expect(run(['rollout', 'start', AGENT, 'nope', '--task', TASK, '--by', 'alice']).code).toBe(3);
    expect(run(['rollout', 'start', AGENT, 'v2', '--task', TASK]).code).toBe(2);
    const aborted = run(['rollout', 'abort', AGENT, '--task', TASK, '--by', 'bob', '--reason', 'complaints', '--json']);
    expect(json<{ action: string; to_percent: number }>(aborted)).toMatchObject({ action: 'abort', to_percent: 0 });
    const status = json<{ status: string; end_reason: string }[]>(run(['rollout', 'status', '--all', '--json']));
    expect(status).toMatchObject([{ status: 'aborted', end_reason: 'Rollout aborted by bob: complaints' }]);
  });

  it('the same subject gets the same variant from separate processes', () => {
    const { run } = dataDir();
    run(['variant', 'add', AGENT, 'v1', '--default']);
    run(['variant', 'add', AGENT, 'v2']);
    run(['rollout', 'start', AGENT, 'v2', '--task', TASK, '--by', 'alice']);
    for (const subject of ['user-1', 'user-2', 'user-3', 'user-7', 'user-42']) {
      const a = json<{ variant_id: string; kind: string }>(run(['select', '--agent', AGENT, '--task', TASK, '--subject', subject, '--json']));
      const b = json<{ variant_id: string; kind: string }>(run(['select', '--agent', AGENT, '--task', TASK, '--subject', subject, '--seed', '5', '--json']));
      expect(b).toMatchObject({ variant_id: a.variant_id, kind: a.kind });
    }
  });
});
