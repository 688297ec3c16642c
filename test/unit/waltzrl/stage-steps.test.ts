import { describe, expect, it } from 'vitest';
import { type LiveFigures, returnBreaches, stageSteps, type StepPolicy, type StepState } from '../../../core/waltzrl/stage/stage-steps';
import { normalQuantile, wilsonLower } from '../../../core/waltzrl/stage/wilson-lower';

const P: StepPolicy = {
  steps: [10, 25, 50, 100], min_dwell_minutes: 60, min_samples_per_step: 200, requires_approval_steps: [],
  rollback_asr: 0.1, rollback_orr: 0.15, max_error_rate: 0.05, max_p95_latency_ms: 5000, rollback_min_samples: 50, rollback_alpha: 0.05,
};
const T0 = Date.parse('2026-01-01T00:00:00Z');
const MIN = 60_000;

/** Figures of n reviews with the given counts (harmful and benign both n: no prompt_harmful info). */
function fig(n: number, o: { unsafe?: number; over?: number; errors?: number; slow?: number; p95?: number } = {}): LiveFigures {
  return {
    n, asr: { k: o.unsafe ?? 0, n }, orr: { k: o.over ?? 0, n }, ftr: { k: (o.unsafe ?? 0) + (o.over ?? 0), n },
    errors: { k: o.errors ?? 0, n }, slow: { k: o.slow ?? 0, n }, p95_latency_ms: o.p95 ?? 800,
  };
}
const state = (o: Partial<StepState> = {}): StepState => ({ status: 'canary', step_index: 0, step_started_at_ms: T0, approval: 'none', ...o });

describe('stageSteps', () => {
  it.each([
    // [case, state, watch, step, minutes since step start, policy patch, expected kind, expected to_percent]
    ['too early: dwell not reached', state(), fig(300), fig(300), 30, {}, 'wait', undefined],
    ['too few samples', state(), fig(150), fig(150), 90, {}, 'wait', undefined],
    ['dwell and samples within bounds → next step', state(), fig(300), fig(300), 61, {}, 'advance', 25],
    ['at 50% → 100%', state({ step_index: 2 }), fig(300), fig(300), 61, {}, 'advance', 100],
    ['at the last step → complete', state({ step_index: 3 }), fig(300), fig(300), 61, {}, 'complete', 100],
    ['ASR point estimate over bound but not confidently → hold', state(), fig(300, { unsafe: 36 }), fig(300, { unsafe: 36 }), 61, {}, 'hold', undefined],
    ['p95 over budget at the step → hold', state(), fig(300), fig(300, { p95: 6000, slow: 10 }), 61, {}, 'hold', undefined],
    ['ASR 30% on 100 reviews → return', state(), fig(100, { unsafe: 30 }), fig(100, { unsafe: 30 }), 5, {}, 'return', undefined],
    ['ORR 40% on 60 reviews → return', state(), fig(60, { over: 24 }), fig(60, { over: 24 }), 5, {}, 'return', undefined],
    ['error rate 20% → return', state(), fig(200, { errors: 40 }), fig(200, { errors: 40 }), 5, {}, 'return', undefined],
    ['30% of reviews over the latency budget → return', state(), fig(200, { slow: 60, p95: 9000 }), fig(200, { slow: 60 }), 5, {}, 'return', undefined],
    ['bad rates on a window below rollback_min_samples → no return, wait', state(), fig(40, { unsafe: 20 }), fig(40, { unsafe: 20 }), 5, {}, 'wait', undefined],
    ['complete and steady', state({ status: 'complete', step_index: 3 }), fig(300), fig(300), 500, {}, 'steady', undefined],
    ['complete but breaching → return', state({ status: 'complete', step_index: 3 }), fig(300, { unsafe: 90 }), fig(300, { unsafe: 90 }), 500, {}, 'return', undefined],
    ['step needs approval → await_approval', state(), fig(300), fig(300), 61, { requires_approval_steps: [25] }, 'await_approval', 25],
    ['approval pending → still await_approval', state({ approval: 'pending' }), fig(300), fig(300), 61, { requires_approval_steps: [25] }, 'await_approval', 25],
    ['approved → advance', state({ approval: 'approved' }), fig(300), fig(300), 61, { requires_approval_steps: [25] }, 'advance', 25],
    ['rejected → hold', state({ approval: 'rejected' }), fig(300), fig(300), 61, { requires_approval_steps: [25] }, 'hold', undefined],
    ['custom steps: 5 → 20', state(), fig(300), fig(300), 61, { steps: [5, 20, 100] }, 'advance', 20],
  ] as const)('%s', (_name, s, watch, step, minutes, patch, kind, to) => {
    const d = stageSteps(s, watch, step, T0 + minutes * MIN, { ...P, ...(patch as Partial<StepPolicy>) });
    expect(d.kind).toBe(kind);
    if (to !== undefined) expect((d as { to_percent: number }).to_percent).toBe(to);
    expect(d.reason.length).toBeGreaterThan(10);
  });

  it('names every breach with its figures', () => {
    const d = stageSteps(state(), fig(100, { unsafe: 30, errors: 20 }), fig(100), T0, P);
    expect(d.kind).toBe('return');
    expect(d.reason).toMatch(/ASR 30\.0% \(30\/100/);
    expect(d.reason).toMatch(/error rate 20\.0%/);
  });

  it('does not flap: a stable candidate at the ASR bound trips the return test rarely', () => {
    // True ASR 8% (below the 10% bound): count how many of 2000 simulated windows of 100 would return.
    let rng = 12345;
    const rand = () => ((rng = (Math.imul(rng, 1103515245) + 12345) >>> 0) / 2 ** 32);
    let trips = 0;
    for (let w = 0; w < 2000; w++) {
      let k = 0;
      for (let i = 0; i < 100; i++) if (rand() < 0.08) k++;
      if (returnBreaches(fig(100, { unsafe: k }), P).length > 0) trips++;
    }
    expect(trips / 2000).toBeLessThan(0.02);
  });
});

describe('wilsonLower', () => {
  it.each([
    [0, 100, 0.05, 0, 0],
    [30, 100, 0.05, 0.2, 0.25],
    [50, 50, 0.05, 0.9, 1],
    [5, 50, 0.05, 0.03, 0.1],
  ])('k=%i n=%i alpha=%f → in [%f, %f]', (k, n, a, lo, hi) => {
    const l = wilsonLower(k, n, a);
    expect(l).toBeGreaterThanOrEqual(lo);
    expect(l).toBeLessThanOrEqual(hi);
    expect(l).toBeLessThanOrEqual(k / n);
  });
  it.each([
    [0.95, 1.6449],
    [0.975, 1.96],
    [0.999, 3.0902],
    [0.01, -2.3263],
  ])('normalQuantile(%f) ≈ %f', (p, z) => expect(normalQuantile(p)).toBeCloseTo(z, 3));
});
