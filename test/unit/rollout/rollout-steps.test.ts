import { describe, expect, it } from 'vitest';
import { seededRng } from '../../../core/learning/rng';
import { type RolloutState, rolloutSteps } from '../../../core/rollout/rollout-steps';
import { type RolloutArms, type RolloutPolicy, twoArmAnalysis } from '../../../core/rollout/two-arm-analysis';

const P: RolloutPolicy = {
  steps: [10, 25, 50, 100], min_dwell_minutes: 60, min_samples_per_step: 200, requires_approval_steps: [],
  sequential_alpha: 0.003, sequential_shift: 0.35,
};
const T0 = Date.parse('2026-01-01T00:00:00Z');
const MIN = 60_000;
const state = (o: Partial<RolloutState> = {}): RolloutState => ({ step_index: 0, step_started_at_ms: T0, approval: 'none', ...o });
/** The step machine over the two-arm analysis, as the rollout service calls it. */
const decide = (s: RolloutState, a: RolloutArms, nowMs: number, p: RolloutPolicy) => rolloutSteps(s, twoArmAnalysis(a, p), { step_n: a.candidate_step_n }, nowMs, p);

/** Arms with a healthy candidate (success every 10th invocation fails, like the default's 0.9) unless `recent` says otherwise. */
function arms(o: { stepN?: number; recent?: boolean[]; defaultN?: number; defaultSuccess?: number } = {}): RolloutArms {
  const recent = o.recent ?? Array.from({ length: 100 }, (_, i) => i % 10 !== 5);
  const success = recent.filter(Boolean).length;
  return {
    candidate: { n: recent.length + 200, success: success + 180, recent },
    default: { n: o.defaultN ?? 2000, success: o.defaultSuccess ?? 1800 },
    candidate_step_n: o.stepN ?? 300,
  };
}
/** Ten failures in a row, newest first, then healthy outcomes. */
const BAD = [...Array(10).fill(false), ...Array.from({ length: 90 }, (_, i) => i % 10 !== 5)];

describe('rolloutSteps: order of decisions', () => {
  it.each([
    // [case, state, arms, minutes since the step began, policy patch, expected kind, expected to_percent]
    ['degraded → abort, even before the dwell', state(), arms({ recent: BAD, stepN: 10 }), 5, {}, 'abort', undefined],
    ['degraded → abort, even when the next step needs approval', state(), arms({ recent: BAD }), 61, { requires_approval_steps: [25] }, 'abort', undefined],
    ['degraded at 100% → abort, not complete', state({ step_index: 3 }), arms({ recent: BAD }), 61, {}, 'abort', undefined],
    ['degraded but fewer invocations than min_samples_abort → no abort, wait', state(), arms({ recent: BAD, stepN: 10 }), 5, { min_samples_abort: 400 }, 'wait', undefined],
    ['dwell not reached → wait', state(), arms(), 30, {}, 'wait', undefined],
    ['samples not reached → wait', state(), arms({ stepN: 150 }), 90, {}, 'wait', undefined],
    ['dwell not reached before approval → wait', state(), arms(), 30, { requires_approval_steps: [25] }, 'wait', undefined],
    ['next step needs approval → await_approval', state(), arms(), 61, { requires_approval_steps: [25] }, 'await_approval', 25],
    ['approval pending → await_approval', state({ approval: 'pending' }), arms(), 61, { requires_approval_steps: [25] }, 'await_approval', 25],
    ['approved → advance', state({ approval: 'approved' }), arms(), 61, { requires_approval_steps: [25] }, 'advance', 25],
    ['rejected → hold', state({ approval: 'rejected' }), arms(), 61, { requires_approval_steps: [25] }, 'hold', undefined],
    ['approval for another step does not block this one', state(), arms(), 61, { requires_approval_steps: [100] }, 'advance', 25],
    ['10 → 25', state(), arms(), 61, {}, 'advance', 25],
    ['25 → 50', state({ step_index: 1 }), arms(), 61, {}, 'advance', 50],
    ['50 → 100 needing approval', state({ step_index: 2 }), arms(), 61, { requires_approval_steps: [100] }, 'await_approval', 100],
    ['50 → 100', state({ step_index: 2 }), arms(), 61, {}, 'advance', 100],
    ['100% held → complete', state({ step_index: 3 }), arms(), 61, {}, 'complete', 100],
    ['100% not yet held → wait', state({ step_index: 3 }), arms({ stepN: 20 }), 61, {}, 'wait', undefined],
    ['custom steps 5 → 20', state(), arms(), 61, { steps: [5, 20, 100] }, 'advance', 20],
  ] as const)('%s', (_name, s, a, minutes, patch, kind, to) => {
    const d = decide(s, a, T0 + minutes * MIN, { ...P, ...(patch as Partial<RolloutPolicy>) });
    expect(d.kind).toBe(kind);
    if (to !== undefined) expect((d as { to_percent: number }).to_percent).toBe(to);
    else expect(d).not.toHaveProperty('to_percent');
    expect(d.figures.step_index).toBe(s.step_index);
  });

  it('says what a wait is missing', () => {
    const d = decide(state(), arms({ stepN: 150 }), T0 + 30 * MIN, P);
    expect(d.kind).toBe('wait');
    expect(d.reason).toMatch(/waiting for dwell 30\/60 min, samples 150\/200/);
    expect(d.figures).toMatchObject({ dwell_minutes: 30, candidate_step_n: 150, step_percent: 10 });
  });

  it('an abort carries the test figures and both arms rates', () => {
    const d = decide(state(), arms({ recent: BAD }), T0, P);
    expect(d.kind).toBe('abort');
    expect(d.figures).toMatchObject({ candidate_n: 300, candidate_rate: 0.87, default_n: 2000, default_rate: 0.9 });
    expect(d.figures.sequential?.since).toBe(10);
    expect(d.figures.sequential?.statistic).toBeGreaterThanOrEqual(d.figures.sequential?.bound ?? Infinity);
    expect(d.reason).toMatch(/candidate 0\.87 \(261\/300\) vs default 0\.9 \(1800\/2000\)/);
  });
});

/** Candidate outcomes for `n` invocations at success probability p, newest first, and the default's counts. */
function simulate(seed: number, p: number, n: number, lookback = 100): RolloutArms {
  const rng = seededRng(seed);
  const flags = Array.from({ length: n }, () => rng() < p);
  let defaultSuccess = 0;
  const defaultN = 9 * n; // the 10% step: nine default invocations per candidate invocation
  for (let i = 0; i < defaultN; i++) if (rng() < 0.9) defaultSuccess++;
  return { candidate: { n, success: flags.filter(Boolean).length, recent: flags.slice(0, lookback) }, default: { n: defaultN, success: defaultSuccess }, candidate_step_n: n };
}
const abortShare = (p: number, n: number, trials: number) => {
  let aborts = 0;
  for (let t = 0; t < trials; t++) if (decide(state(), simulate(1000 + t, p, n), T0 + 61 * MIN, P).kind === 'abort') aborts++;
  return aborts / trials;
};

describe('rolloutSteps: the abort test', () => {
  it('aborts a truly worse candidate (0.5 against the default 0.9) on 100 invocations nearly always', () => {
    expect(abortShare(0.5, 100, 500)).toBeGreaterThan(0.98);
  });
  it('aborts a candidate at 0.6× the default on 100 invocations nearly always', () => {
    expect(abortShare(0.54, 100, 500)).toBeGreaterThan(0.95);
  });
  it('does not abort an equal candidate (0.9) on a modest sample of 200 invocations', () => {
    expect(abortShare(0.9, 200, 1000)).toBeLessThan(0.01);
  });
  it('advances an equal candidate that held its step', () => {
    const d = decide(state(), simulate(7, 0.9, 250), T0 + 61 * MIN, P);
    expect(d).toMatchObject({ kind: 'advance', to_index: 1, to_percent: 25 });
  });
});

describe('rolloutSteps: the analysis is an input', () => {
  const analysis = (kind: 'abort' | 'hold' | 'ok') => ({ kind, reason: `analysis says ${kind}`, figures: { mine: 1 } });
  it.each([
    // [case, analysis kind, minutes since the step began, step samples, approval steps, expected kind]
    ['abort before the dwell → abort', 'abort', 5, 10, [], 'abort'],
    ['hold before the dwell → wait (dwell first)', 'hold', 5, 300, [], 'wait'],
    ['hold after dwell and samples → hold', 'hold', 61, 300, [], 'hold'],
    ['hold wins over a pending approval', 'hold', 61, 300, [25], 'hold'],
    ['ok after dwell and samples → advance', 'ok', 61, 300, [], 'advance'],
    ['ok but too few samples → wait', 'ok', 61, 10, [], 'wait'],
  ] as const)('%s', (_name, kind, minutes, stepN, approval, expected) => {
    const d = rolloutSteps(state(), analysis(kind), { step_n: stepN }, T0 + minutes * MIN, { ...P, requires_approval_steps: [...approval] });
    expect(d.kind).toBe(expected);
    expect(d.figures).toMatchObject({ mine: 1, step_index: 0, step_percent: 10, dwell_minutes: minutes });
    if (expected === 'abort' || expected === 'hold') expect(d.reason).toBe(`analysis says ${kind}`);
    else expect(d.reason).toContain(`analysis says ${kind}`);
  });
});
