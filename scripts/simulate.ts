/**
 * Replays synthetic invocation streams through the same core policy the monitor uses
 * (core/monitor/detect-degradation.ts) and prints, for the `threshold` and `sequential` methods side by side:
 * false rollbacks per 10,000 invocations of a stable variant, and the detection delay after a drop.
 *
 *   npm run simulate -- [--seed N] [--streams N] [--alpha A] [--shift S] [--lookback L]
 *
 * Monitoring looks every `window` (20) invocations; the baseline is the variant's own history before the
 * window (estimated, never given). Deterministic for a seed.
 *
 * Then a staged-rollout scenario through core/rollout/rollout-steps.ts: a candidate truly 0.9×, 0.8× or 1×
 * the default's success rate, traffic split by the step share, the step machine consulted every K requests
 * (`--check-every`, default 50) over `--rollout-trials` (default 2,000) seeded rollouts per case.
 */
import type { Outcome } from '../core/learning/compute-reward';
import { detectDegradation, type DegradationParams } from '../core/monitor/detect-degradation';
import { type Rng, seededRng } from '../core/learning/rng';
import { parseConfig } from '../src/config/config';
import { type RolloutState, rolloutSteps } from '../core/rollout/rollout-steps';
import { type RolloutPolicy, twoArmAnalysis } from '../core/rollout/two-arm-analysis';

export interface SimOptions {
  seed: number;
  /** Stable streams of 10,000 invocations; detection streams per drop factor. */
  streams: number;
  params: Omit<DegradationParams, 'method'>;
  /** Baseline success probability of the stable variant. */
  p: number;
  /** Invocations per stable stream. */
  stableLength: number;
  /** Drop factors of the success probability. */
  drops: number[];
}

interface Inv {
  outcome: Outcome;
  reward: number;
}

const clamp = (x: number) => (x < 0 ? 0 : x > 1 ? 1 : x);

function gauss(rng: Rng): number {
  const u = 1 - rng();
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** One invocation: success with probability p, else failure (60%) or error (40%); noisy reward. */
function invocation(rng: Rng, p: number): Inv {
  if (rng() < p) return { outcome: 'success', reward: clamp(0.85 + 0.1 * gauss(rng)) };
  return { outcome: rng() < 0.6 ? 'failure' : 'error', reward: clamp(0.15 + 0.1 * gauss(rng)) };
}

/** Runs checks every `window` invocations over a growing stream; calls onCheck(t, degraded). */
class Stream {
  readonly rows: Inv[] = [];
  totals = { n: 0, success: 0, errors: 0, rewardSum: 0 };
  push(r: Inv) {
    this.rows.push(r);
    this.totals.n += 1;
    if (r.outcome === 'success') this.totals.success += 1;
    else if (r.outcome !== 'partial') this.totals.errors += 1;
    this.totals.rewardSum += r.reward;
  }
  check(params: DegradationParams): boolean {
    const from = Math.max(0, this.rows.length - params.sequential_lookback);
    const recent = this.rows.slice(from).reverse();
    return detectDegradation({ totals: { ...this.totals }, recent }, params).kind === 'degraded';
  }
}

export interface MethodFigures {
  method: DegradationParams['method'];
  false_per_10k: number;
  false_trips: number;
  stable_invocations: number;
  /** Per drop factor: median and p95 delay (invocations), and how many streams never detected within the cap. */
  delays: { factor: number; median: number | null; p95: number | null; missed: number }[];
}

const quantile = (xs: number[], q: number) => (xs.length ? xs[Math.min(xs.length - 1, Math.ceil(q * xs.length) - 1)] : null);

export function simulate(o: SimOptions): MethodFigures[] {
  const out: MethodFigures[] = [];
  for (const method of ['threshold', 'sequential'] as const) {
    const params: DegradationParams = { ...o.params, method };
    const W = params.window;
    // 1. False rollbacks on stable streams (a trip is followed by a one-window cool-down, as after a rollback).
    let trips = 0;
    for (let s = 0; s < o.streams; s++) {
      const rng = seededRng(o.seed * 1_000_003 + s);
      const st = new Stream();
      let cooldownUntil = 0;
      for (let t = 1; t <= o.stableLength; t++) {
        st.push(invocation(rng, o.p));
        if (t % W === 0 && t >= cooldownUntil && st.check(params)) {
          trips += 1;
          cooldownUntil = t + W + 1;
        }
      }
    }
    const stableN = o.streams * o.stableLength;
    // 2. Detection delay: 200–1000 stable invocations of history, then a drop at a random phase of the check cycle.
    const delays: MethodFigures['delays'] = [];
    for (const factor of o.drops) {
      const ds: number[] = [];
      let missed = 0;
      for (let s = 0; s < o.streams; s++) {
        const rng = seededRng(o.seed * 7_000_003 + s * 31 + Math.round(factor * 100));
        const st = new Stream();
        const dropAt = 200 + Math.floor(rng() * 800);
        for (let t = 1; t <= dropAt; t++) st.push(invocation(rng, o.p));
        let found = -1;
        for (let t = dropAt + 1; t <= dropAt + 2000; t++) {
          st.push(invocation(rng, o.p * factor));
          if (t % W === 0 && st.check(params)) {
            found = t - dropAt;
            break;
          }
        }
        if (found < 0) missed += 1;
        else ds.push(found);
      }
      ds.sort((a, b) => a - b);
      delays.push({ factor, median: quantile(ds, 0.5), p95: missed > 0.05 * o.streams ? null : quantile(ds, 0.95), missed });
    }
    out.push({ method, false_per_10k: (trips / stableN) * 10_000, false_trips: trips, stable_invocations: stableN, delays });
  }
  return out;
}

export interface RolloutSimOptions {
  seed: number;
  /** Seeded rollouts per case. */
  trials: number;
  /** True success probability of the default, in (0, 1). */
  defaultP: number;
  /** True success of the candidate relative to the default's (0.9 = 0.9×). */
  factors: number[];
  /** The step machine is consulted every this many requests (all traffic, both arms). */
  checkEvery: number;
  /** Candidate outcomes the abort test looks at (newest first). */
  lookback: number;
  policy: RolloutPolicy;
}

export interface RolloutCaseFigures {
  factor: number;
  candidate_p: number;
  trials: number;
  aborted: number;
  /** Rollouts that reached `complete` (the candidate became the default). */
  never_aborted: number;
  /** Candidate invocations served before the abort, over the aborted rollouts (null without any). */
  served_median: number | null;
  served_p95: number | null;
  /** Aborts per step percentage. */
  aborts_by_step: Record<number, number>;
  /** All requests (both arms) until the rollout ended: median. */
  requests_median: number;
}

/**
 * One case of the rollout scenario. Assumptions: each request is a fresh subject whose sticky bucket is
 * uniform, so it goes to the candidate with probability step%/100; outcomes are independent Bernoulli draws;
 * the machine sees both arms since the rollout began (the default's counts are its baseline); the dwell
 * counts as reached as soon as the step's samples are; no step needs approval.
 */
export function simulateRolloutCase(o: RolloutSimOptions, factor: number): RolloutCaseFigures {
  const pc = o.defaultP * factor;
  const served: number[] = [];
  const requests: number[] = [];
  const byStep: Record<number, number> = {};
  let completed = 0;
  const MIN = 60_000;
  for (let t = 0; t < o.trials; t++) {
    const rng = seededRng(o.seed * 9_000_011 + t * 101 + Math.round(factor * 1000));
    const state: RolloutState = { step_index: 0, step_started_at_ms: 0, approval: 'none' };
    const flags: boolean[] = [];
    let cs = 0;
    let dn = 0;
    let ds = 0;
    let stepN = 0;
    for (let req = 1; ; req++) {
      const percent = o.policy.steps[state.step_index];
      if (rng() * 100 < percent) {
        const ok = rng() < pc;
        flags.push(ok);
        if (ok) cs++;
        stepN++;
      } else {
        dn++;
        if (rng() < o.defaultP) ds++;
      }
      if (req % o.checkEvery !== 0) continue;
      const recent = flags.slice(-o.lookback).reverse();
      const arms = { candidate: { n: flags.length, success: cs, recent }, default: { n: dn, success: ds }, candidate_step_n: stepN };
      const dwell = stepN >= o.policy.min_samples_per_step ? o.policy.min_dwell_minutes : 0;
      const d = rolloutSteps(state, twoArmAnalysis(arms, o.policy), { step_n: stepN }, state.step_started_at_ms + dwell * MIN, o.policy);
      if (d.kind === 'abort') {
        served.push(flags.length);
        byStep[percent] = (byStep[percent] ?? 0) + 1;
        requests.push(req);
        break;
      }
      if (d.kind === 'complete') {
        completed++;
        requests.push(req);
        break;
      }
      if (d.kind === 'advance') {
        state.step_index = d.to_index;
        state.step_started_at_ms += dwell * MIN;
        stepN = 0;
      }
    }
  }
  served.sort((a, b) => a - b);
  requests.sort((a, b) => a - b);
  return {
    factor, candidate_p: Math.round(pc * 1000) / 1000, trials: o.trials, aborted: served.length, never_aborted: completed,
    served_median: quantile(served, 0.5), served_p95: quantile(served, 0.95), aborts_by_step: byStep, requests_median: quantile(requests, 0.5) ?? 0,
  };
}

export const simulateRollout = (o: RolloutSimOptions): RolloutCaseFigures[] => o.factors.map((f) => simulateRolloutCase(o, f));

/** The guide's binomial estimate: P(a window of `w` trips the rule) for a variant with success p whose other outcomes are errors. */
export function guideTripProbability(p: number, w: number, rise: number): number {
  const e = 1 - p;
  const limit = (1 + rise) * e * w; // errors > limit trip (and cover every success-rate trip)
  let pNoTrip = 0;
  let c = 1;
  for (let k = 0; k <= w; k++) {
    if (k > 0) c = (c * (w - k + 1)) / k;
    if (k <= limit) pNoTrip += c * e ** k * (1 - e) ** (w - k);
  }
  return 1 - pNoTrip;
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

if (process.argv[1] && /simulate\.[cm]?[jt]s$/.test(process.argv[1])) {
  const d = parseConfig({}).degradation;
  const params = {
    ...d,
    sequential_alpha: Number(arg('--alpha') ?? d.sequential_alpha),
    sequential_shift: Number(arg('--shift') ?? d.sequential_shift),
    sequential_lookback: Number(arg('--lookback') ?? d.sequential_lookback),
  };
  const o: SimOptions = { seed: Number(arg('--seed') ?? 1), streams: Number(arg('--streams') ?? 200), params, p: Number(arg('--p') ?? 0.9), stableLength: 10_000, drops: [0.8, 0.7, 0.5] };
  const res = simulate(o);
  const pad = (s: string, n: number) => s.padEnd(n);
  const cell = (x: number | null) => (x == null ? '-' : String(x));
  console.log(`seed ${o.seed}; ${o.streams} stable streams × ${o.stableLength} invocations (success ${o.p}); ${o.streams} drop streams per factor; check every ${d.window}`);
  console.log(`sequential: alpha ${params.sequential_alpha}, shift ${params.sequential_shift}, lookback ${params.sequential_lookback}\n`);
  console.log(`${pad('figure', 44)}${pad('threshold', 14)}sequential`);
  const [th, sq] = res;
  console.log(`${pad('false rollbacks / 10,000 stable invocations', 44)}${pad(th.false_per_10k.toFixed(2), 14)}${sq.false_per_10k.toFixed(2)}`);
  for (let i = 0; i < o.drops.length; i++) {
    const a = th.delays[i];
    const b = sq.delays[i];
    console.log(`${pad(`delay after a drop to ${a.factor}×: median / p95`, 44)}${pad(`${cell(a.median)} / ${cell(a.p95)}`, 14)}${cell(b.median)} / ${cell(b.p95)}${b.missed ? ` (${b.missed} missed)` : ''}`);
  }
  const g = guideTripProbability(o.p, d.window, d.error_rate_rise);
  console.log(`\nguide's rule, binomial estimate for a ${o.p} variant: P(window trips) = ${g.toFixed(3)} (one window in ${(1 / g).toFixed(1)}) = ${((g / d.window) * 10_000).toFixed(0)} trips / 10,000 invocations`);
  printRollout(o.seed, params);
}

/** The rollout scenario's table: the abort test with the degradation settings, and with rollout-tuned ones. */
function printRollout(seed: number, deg: { sequential_alpha: number; sequential_shift: number; sequential_lookback: number }) {
  const w = parseConfig({}).rollout;
  const trials = Number(arg('--rollout-trials') ?? 2000);
  const checkEvery = Number(arg('--check-every') ?? 50);
  const base = { steps: w.steps, min_dwell_minutes: w.min_dwell_minutes, min_samples_per_step: w.min_samples_per_step, requires_approval_steps: [] };
  const tests = [
    { label: 'degradation settings', alpha: deg.sequential_alpha, shift: deg.sequential_shift, lookback: deg.sequential_lookback },
    {
      label: 'rollout.* defaults',
      alpha: Number(arg('--rollout-alpha') ?? w.sequential_alpha),
      shift: Number(arg('--rollout-shift') ?? w.sequential_shift),
      lookback: Number(arg('--rollout-lookback') ?? w.lookback),
    },
  ];
  const defaultP = 0.9;
  console.log(`\nrollout scenario (core/rollout/rollout-steps): default success ${defaultP}; candidates truly 0.9×, 0.8× and 1× of it; steps ${base.steps.join(' → ')}%,`);
  console.log(`${base.min_samples_per_step} candidate invocations a step; ${trials} seeded rollouts per case; the step machine consulted every ${checkEvery} requests.`);
  console.log('assumptions: each request is a fresh subject, sent to the candidate with probability step%/100 (uniform sticky bucket);');
  console.log('independent Bernoulli outcomes; the dwell counts as reached when the step\'s samples are; no approval steps; the abort');
  console.log('test compares the candidate\'s newest `lookback` outcomes with the default\'s invocations since the rollout began.\n');
  const pad = (x: string, n: number) => x.padEnd(n);
  const pctOf = (k: number) => `${((k / trials) * 100).toFixed(1)}%`;
  console.log(`${pad('candidate (true rate)', 24)}${pad('aborted', 18)}${pad('never aborted', 15)}${pad('served before abort: median / p95', 35)}${pad(`aborts at ${base.steps.join('/')}%`, 26)}requests to the end (median)`);
  for (const t of tests) {
    const policy: RolloutPolicy = { ...base, sequential_alpha: t.alpha, sequential_shift: t.shift };
    const res = simulateRollout({ seed, trials, defaultP, factors: [0.9, 0.8, 1], checkEvery, lookback: t.lookback, policy });
    console.log(`abort test, ${t.label}: alpha ${t.alpha}, shift ${t.shift}, lookback ${t.lookback}`);
    for (const r of res) {
      const steps = base.steps.map((x) => r.aborts_by_step[x] ?? 0).join('/');
      const served = r.served_median == null ? '-' : `${r.served_median} / ${r.served_p95}`;
      const aborted = r.factor === 1 ? `${pctOf(r.aborted)} (wrongly)` : pctOf(r.aborted);
      console.log(`  ${pad(`${r.factor}× (${r.candidate_p})`, 22)}${pad(aborted, 18)}${pad(pctOf(r.never_aborted), 15)}${pad(served, 35)}${pad(steps, 26)}${r.requests_median}`);
    }
  }
}
