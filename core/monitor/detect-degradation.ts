import type { Outcome } from '../learning/compute-reward';
import { sequentialTest, type SequentialTestResult } from './sequential-test';

/** Exact running counts of a variant's stored invocations (the q_values aggregates). */
export interface OutcomeCounts {
  /** Invocations (≥ 0). */
  n: number;
  /** Outcome `success`. */
  success: number;
  /** Outcome `error` or `failure` (a `partial` is neither). */
  errors: number;
  /** Sum of rewards, each in [0, 1]. */
  rewardSum: number;
}

export interface DegradationInput {
  /** All stored invocations of the variant for this task type. */
  totals: OutcomeCounts;
  /** Its most recent invocations, newest first: at least `window`, up to `sequential_lookback`. */
  recent: readonly { outcome: Outcome; reward: number }[];
}

export interface DegradationParams {
  method: 'threshold' | 'sequential';
  /** Recent window size (invocations). */
  window: number;
  /** Minimum baseline size (invocations before the window). */
  min_baseline: number;
  /** Relative drops/rise that count (strictly greater), e.g. 0.1 = 10%. */
  success_rate_drop: number;
  reward_drop: number;
  error_rate_rise: number;
  /** With no baseline error at all: more than this many errors in the window count. */
  zero_baseline_max_errors: number;
  /** Sequential test: false-alarm level, tuned drop, and how many recent invocations it looks at. */
  sequential_alpha: number;
  sequential_shift: number;
  sequential_lookback: number;
}

interface Rates {
  n: number;
  success_rate: number;
  error_rate: number;
  avg_reward: number;
}

export interface DegradationFigures {
  method: DegradationParams['method'];
  window: Rates;
  baseline: Rates;
  /** Relative changes, window vs baseline (positive = worse). */
  success_rate_drop: number;
  reward_drop: number;
  error_rate_rise: number | null;
  /** Which of the guide's thresholds the window crosses. */
  tripped: ('success_rate' | 'reward' | 'error_rate')[];
  sequential?: SequentialTestResult['figures'];
}

export type DegradationVerdict =
  | { kind: 'degraded' | 'healthy'; reason: string; figures: DegradationFigures }
  | { kind: 'insufficient_data'; reason: string; figures: { window_n: number; baseline_n: number } };

const S = 1_000_000;
const scaled = (x: number) => Math.round(x * S);

/**
 * a1·a2·a3 < b1·b2·b3 for integers, decided exactly: in floating point when the two products are far
 * enough apart for rounding not to matter (the usual case), else on BigInts.
 */
function productLess(a1: number, a2: number, a3: number, b1: number, b2: number, b3: number): boolean {
  const l = a1 * a2 * a3;
  const r = b1 * b2 * b3;
  if (Math.abs(l - r) > 1e-9 * Math.max(Math.abs(l), Math.abs(r))) return l < r;
  return BigInt(a1) * BigInt(a2) * BigInt(a3) < BigInt(b1) * BigInt(b2) * BigInt(b3);
}

/** a/an < (1 − d)·b/bn, decided on integers: a·bn·S < (S − dS)·b·an. */
const relDrop = (a: number, an: number, b: number, bn: number, d: number): boolean => productLess(a, bn, S, S - scaled(d), b, an);

/** a/an > (1 + r)·b/bn, on integers: (S + rS)·b·an < a·bn·S. */
const relRise = (a: number, an: number, b: number, bn: number, r: number): boolean => productLess(S + scaled(r), b, an, a, bn, S);

const r4 = (x: number) => Math.round(x * 10_000) / 10_000;
const rates = (c: OutcomeCounts): Rates => ({
  n: c.n,
  success_rate: c.n ? r4(c.success / c.n) : 0,
  error_rate: c.n ? r4(c.errors / c.n) : 0,
  avg_reward: c.n ? r4(c.rewardSum / c.n) : 0,
});

/** Counts of invocation rows (the rewards summed in the order given: newest first for a window). */
export function countOutcomes(rows: DegradationInput['recent']): OutcomeCounts {
  const c: OutcomeCounts = { n: rows.length, success: 0, errors: 0, rewardSum: 0 };
  for (const r of rows) {
    if (r.outcome === 'success') c.success += 1;
    else if (r.outcome === 'error' || r.outcome === 'failure') c.errors += 1;
    c.rewardSum += r.reward;
  }
  return c;
}

const minus = (a: OutcomeCounts, b: OutcomeCounts): OutcomeCounts => ({
  n: a.n - b.n, success: a.success - b.success, errors: a.errors - b.errors, rewardSum: a.rewardSum - b.rewardSum,
});

/** The guide's thresholds alone: decided (no data, none crossed) or `tripped`, which the method then judges. */
export type ThresholdCheck =
  | Exclude<DegradationVerdict, { kind: 'degraded' }>
  | { kind: 'tripped'; figures: DegradationFigures; crossed: string };

/**
 * Which of the guide's thresholds the newest `window` invocations (`window`, their counts) cross against
 * all the invocations before them; null when there are too few of either to judge.
 */
export function crossedThresholds(totals: OutcomeCounts, window: OutcomeCounts, p: DegradationParams): DegradationFigures['tripped'] | null {
  const w = window;
  const b = totals;
  const bn = b.n - w.n;
  if (w.n < p.window || bn < p.min_baseline) return null;
  const bs = b.success - w.success;
  const be = b.errors - w.errors;
  const tripped: DegradationFigures['tripped'] = [];
  if (relDrop(w.success, w.n, bs, bn, p.success_rate_drop)) tripped.push('success_rate');
  if (w.rewardSum * bn < (1 - p.reward_drop) * (b.rewardSum - w.rewardSum) * w.n) tripped.push('reward');
  if (be === 0 ? w.errors > p.zero_baseline_max_errors : relRise(w.errors, w.n, be, bn, p.error_rate_rise)) tripped.push('error_rate');
  return tripped;
}

/**
 * The guide's threshold rule on exact counts: the variant's newest `window` invocations (`window`, its
 * counts; fewer than `p.window` only when it has fewer invocations) against all its invocations before them.
 * Any one of success rate drop, average reward drop or error rate rise trips it.
 */
export function checkThresholds(totals: OutcomeCounts, window: OutcomeCounts, p: DegradationParams): ThresholdCheck {
  const w = window;
  const tripped = crossedThresholds(totals, w, p);
  if (!tripped) {
    const baselineN = Math.max(0, totals.n - w.n);
    return {
      kind: 'insufficient_data',
      reason: `Needs ${p.window} recent and ${p.min_baseline} earlier invocations; has ${w.n} and ${baselineN}`,
      figures: { window_n: w.n, baseline_n: baselineN },
    };
  }
  const b = minus(totals, w);
  const wr = rates(w);
  const br = rates(b);
  const rel = (x: number, base: number) => (base ? r4((base - x) / base) : 0);
  const figures: DegradationFigures = {
    method: p.method,
    window: wr,
    baseline: br,
    success_rate_drop: rel(w.success / w.n, b.success / b.n),
    reward_drop: rel(w.rewardSum / w.n, b.rewardSum / b.n),
    error_rate_rise: b.errors ? r4((w.errors / w.n - b.errors / b.n) / (b.errors / b.n)) : null,
    tripped,
  };
  if (tripped.length === 0) return { kind: 'healthy', reason: 'No threshold crossed', figures };
  const crossed = `crossed: ${tripped.join(', ')} (success ${wr.success_rate} vs ${br.success_rate}, reward ${wr.avg_reward} vs ${br.avg_reward}, errors ${wr.error_rate} vs ${br.error_rate})`;
  return { kind: 'tripped', figures, crossed };
}

/**
 * What the method makes of tripped thresholds: `threshold` acts on them; `sequential` only when a one-sided
 * Bernoulli CUSUM over the newest `sequential_lookback` outcomes (`outcomes`, newest first: at least that
 * many, or all the variant has) also finds a drop of the success rate (false-alarm level `sequential_alpha`).
 */
export function confirmTripped(
  first: Extract<ThresholdCheck, { kind: 'tripped' }>,
  totals: OutcomeCounts,
  outcomes: readonly Outcome[],
  p: DegradationParams,
): DegradationVerdict {
  const { figures, crossed } = first;
  if (p.method === 'threshold') return { kind: 'degraded', reason: `Threshold ${crossed}`, figures };
  const lookback = Math.max(p.window, Math.min(p.sequential_lookback, totals.n - p.min_baseline, outcomes.length));
  const recent = outcomes.slice(0, lookback).map((o) => o === 'success');
  const successes = recent.reduce((k, ok) => k + (ok ? 1 : 0), 0);
  const test = sequentialTest(
    { recent, baselineN: totals.n - recent.length, baselineSuccess: totals.success - successes },
    { alpha: p.sequential_alpha, shift: p.sequential_shift },
  );
  const confirmed: DegradationFigures = { ...figures, sequential: test.figures };
  return test.kind === 'drop'
    ? { kind: 'degraded', reason: `Threshold ${crossed}; ${test.reason}`, figures: confirmed }
    : { kind: 'healthy', reason: `Threshold ${crossed}, but not confirmed: ${test.reason}`, figures: confirmed };
}

/**
 * Degradation of the active variant: its last `window` invocations against its invocations before them
 * (`checkThresholds`), judged by the configured method (`confirmTripped`).
 */
export function detectDegradation(input: DegradationInput, p: DegradationParams): DegradationVerdict {
  const first = checkThresholds(input.totals, countOutcomes(input.recent.slice(0, p.window)), p);
  if (first.kind !== 'tripped') return first;
  return confirmTripped(first, input.totals, input.recent.map((r) => r.outcome), p);
}
