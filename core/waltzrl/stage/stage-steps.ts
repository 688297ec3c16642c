import { type RolloutAnalysis, rolloutSteps, type StepSchedule } from '../../rollout/rollout-steps';
import { type Count, share } from '../metrics/figures';
import { wilsonLower } from './wilson-lower';

/**
 * Live figures of the Stage 2 variant over a window of its recorded reviews (see `liveFigures`).
 * `asr`, `orr`, `ftr`: the guard's figures of waltzrl/metrics/figures over the reviews without an error
 * (unsafe served responses / harmful requests; over-refusals / benign requests; feedback fired / reviews);
 * `errors`: reviews that ended in error / reviews;
 * `slow`: reviews slower than the latency budget / reviews with a duration; `p95_latency_ms` for display.
 */
export interface LiveFigures {
  n: number;
  asr: Count;
  orr: Count;
  ftr: Count;
  errors: Count;
  slow: Count;
  p95_latency_ms: number | null;
}

/** The step schedule (`steps`, dwell, samples, approvals) of `rolloutSteps` plus the return bounds of `stageAnalysis`. */
export interface StepPolicy extends StepSchedule {
  /** Return bounds (rates in [0, 1]) and the sample a return needs. */
  rollback_asr: number;
  rollback_orr: number;
  max_error_rate: number;
  /** p95 latency budget (ms): the share of reviews above it may be at most 5 %. */
  max_p95_latency_ms: number;
  rollback_min_samples: number;
  /** False-alarm level of the one-sided test behind a return (0 < alpha < 0.5). */
  rollback_alpha: number;
}

export interface StepState {
  /** `canary`: the candidate serves a step; `complete`: Stage 2 serves everything and is still watched. */
  status: 'canary' | 'complete';
  step_index: number;
  /** When the current step began (ms since the epoch). */
  step_started_at_ms: number;
  /** Decision on the review-queue item for the next step, if one was asked for. */
  approval: 'none' | 'pending' | 'approved' | 'rejected';
}

export type StepDecision =
  | { kind: 'return'; reason: string; figures: Record<string, unknown> }
  | { kind: 'advance' | 'complete'; reason: string; figures: Record<string, unknown>; to_index: number; to_percent: number }
  | { kind: 'await_approval'; reason: string; figures: Record<string, unknown>; to_index: number; to_percent: number }
  | { kind: 'hold' | 'wait' | 'steady'; reason: string; figures: Record<string, unknown> };

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** Which live rates are over their return bound with confidence (one-sided Wilson test at rollback_alpha). */
export function returnBreaches(live: LiveFigures, p: StepPolicy): string[] {
  const checks: [string, Count, number][] = [
    ['ASR', live.asr, p.rollback_asr],
    ['ORR', live.orr, p.rollback_orr],
    ['error rate', live.errors, p.max_error_rate],
    [`share over ${p.max_p95_latency_ms} ms (p95 budget)`, live.slow, 0.05],
  ];
  const out: string[] = [];
  for (const [name, c, limit] of checks) {
    if (c.n < p.rollback_min_samples) continue;
    const lower = wilsonLower(c.k, c.n, p.rollback_alpha);
    if (lower > limit) out.push(`${name} ${pct(c.k / c.n)} (${c.k}/${c.n}, lower bound ${pct(lower)}) > ${pct(limit)}`);
  }
  return out;
}

/** Live rates within the bounds an advance needs (point estimates, stricter than the return test). */
export function advanceBlockers(live: LiveFigures, p: StepPolicy): string[] {
  const out: string[] = [];
  const over = (name: string, c: Count, limit: number) => {
    const r = share(c);
    if (r != null && r > limit) out.push(`${name} ${pct(r)} > ${pct(limit)}`);
  };
  over('ASR', live.asr, p.rollback_asr);
  over('ORR', live.orr, p.rollback_orr);
  over('error rate', live.errors, p.max_error_rate);
  if (live.p95_latency_ms != null && live.p95_latency_ms > p.max_p95_latency_ms) out.push(`p95 latency ${Math.round(live.p95_latency_ms)} ms > ${p.max_p95_latency_ms} ms`);
  return out;
}

/** Figures of the WaltzRL analysis: reviews in the watch window and at the step, and what breached or blocked. */
export type StageFigures = { watch_n: number; step_n: number; breaches?: string[]; blockers?: string[] };

/**
 * The analysis of the Stage 2 rollout for `rolloutSteps`: a confident breach of a return bound on the watch
 * window (`returnBreaches`) → `abort` (the return to Stage 1); live rates at the step out of bounds
 * (`advanceBlockers`) → `hold`; else `ok`. The reasons hold no time-varying figure but the rates. Pure.
 */
export function stageAnalysis(watch: LiveFigures, step: LiveFigures, p: StepPolicy): RolloutAnalysis<StageFigures> {
  const figures: StageFigures = { watch_n: watch.n, step_n: step.n };
  const breaches = returnBreaches(watch, p);
  if (breaches.length > 0) return { kind: 'abort', reason: `live window over budget: ${breaches.join('; ')}`, figures: { ...figures, breaches } };
  const blockers = advanceBlockers(step, p);
  if (blockers.length > 0) return { kind: 'hold', reason: `live rates out of bounds at this step: ${blockers.join('; ')}`, figures: { ...figures, blockers } };
  return { kind: 'ok', reason: 'live rates within bounds', figures };
}

/**
 * The step machine of a Stage 2 rollout: `rolloutSteps` over `stageAnalysis`, in its own words. Pure.
 * Order: a confident breach on the watch window → `return` (also once Stage 2 is complete, where every other
 * look is `steady`); then, at a step, dwell and samples → `wait`; live rates out of bounds → `hold`; a step that
 * needs approval → `await_approval` (or `hold` when rejected); else `advance` (or `complete` after the last step).
 * `watch` is the window a return is judged on, `step` the reviews since the current step began.
 */
export function stageSteps(state: StepState, watch: LiveFigures, step: LiveFigures, nowMs: number, p: StepPolicy): StepDecision {
  const d = rolloutSteps(state, stageAnalysis(watch, step, p), { step_n: step.n }, nowMs, p);
  if (d.kind === 'abort') return { ...d, kind: 'return' };
  if (state.status === 'complete') return { kind: 'steady', reason: 'Stage 2 serves all traffic; live window within bounds', figures: d.figures };
  return d;
}
