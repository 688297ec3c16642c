import { sequentialTest, type SequentialTestResult } from '../monitor/sequential-test';

export interface RolloutPolicy {
  /** Traffic percentages of the candidate, increasing, the last one 100 (e.g. [10, 25, 50, 100]). */
  steps: number[];
  /** Minimum time (minutes, ≥ 0) at a step before it may be left. */
  min_dwell_minutes: number;
  /** Minimum candidate invocations (≥ 0) at a step before it may be left. */
  min_samples_per_step: number;
  /** Steps (percentages) that need an approved review-queue item before traffic moves to them. */
  requires_approval_steps: number[];
  /** False-alarm level of one look of the abort test, in (0, 1). */
  sequential_alpha: number;
  /** Relative drop of the success rate the abort test is tuned to, in (0, 1) (0.2 = to 0.8× the default's). */
  sequential_shift: number;
  /** Candidate invocations (≥ 0) since the rollout started before an abort is considered (default 0). */
  min_samples_abort?: number;
}

export interface RolloutState {
  /** Index into `steps` of the step being served. */
  step_index: number;
  /** When the current step began (ms since the epoch). */
  step_started_at_ms: number;
  /** Decision on the review-queue item for the next step, if one was asked for. */
  approval: 'none' | 'pending' | 'approved' | 'rejected';
}

/** Invocations of both arms since the rollout started (counts ≥ 0, success ≤ n). */
export interface RolloutArms {
  /** `recent`: the candidate's newest success flags, newest first, at most a lookback. */
  candidate: { n: number; success: number; recent: boolean[] };
  default: { n: number; success: number };
  /** Candidate invocations since the current step began. */
  candidate_step_n: number;
}

export interface RolloutFigures {
  step_index: number;
  step_percent: number;
  candidate_n: number;
  /** Success rates in [0, 1], 4 decimals; null without invocations. */
  candidate_rate: number | null;
  default_n: number;
  default_rate: number | null;
  candidate_step_n: number;
  dwell_minutes: number;
  /** The abort test; absent while the candidate has fewer than `min_samples_abort` invocations. */
  sequential?: SequentialTestResult['figures'];
}

export type RolloutDecision =
  | { kind: 'abort'; reason: string; figures: RolloutFigures }
  | { kind: 'advance' | 'complete' | 'await_approval'; reason: string; figures: RolloutFigures; to_index: number; to_percent: number }
  | { kind: 'hold' | 'wait'; reason: string; figures: RolloutFigures };

const rate = (k: number, n: number) => (n > 0 ? Math.round((k / n) * 10_000) / 10_000 : null);

/**
 * The step machine of a staged rollout of any agent's candidate. Pure: `nowMs` and the arms are passed in.
 * Order: (a) the candidate's recent outcomes degraded against the default's over the same period (one-sided
 * Bernoulli CUSUM, `sequentialTest`, says `drop`) → `abort`; (b) dwell or step samples not reached → `wait`;
 * (c) the next step needs approval → `await_approval` (`hold` when rejected); (d) `advance` to the next
 * step, or `complete` after the last (the candidate becomes the default).
 */
export function rolloutSteps(state: RolloutState, arms: RolloutArms, nowMs: number, p: RolloutPolicy): RolloutDecision {
  const c = arms.candidate;
  const d = arms.default;
  const dwellMin = Math.max(0, (nowMs - state.step_started_at_ms) / 60_000);
  const figures: RolloutFigures = {
    step_index: state.step_index, step_percent: p.steps[state.step_index] ?? 100,
    candidate_n: c.n, candidate_rate: rate(c.success, c.n), default_n: d.n, default_rate: rate(d.success, d.n),
    candidate_step_n: arms.candidate_step_n, dwell_minutes: Math.round(dwellMin * 10) / 10,
  };
  const rates = `candidate ${figures.candidate_rate ?? '-'} (${c.success}/${c.n}) vs default ${figures.default_rate ?? '-'} (${d.success}/${d.n})`;
  if (c.n >= (p.min_samples_abort ?? 0)) {
    const test = sequentialTest({ recent: c.recent, baselineN: d.n, baselineSuccess: d.success }, { alpha: p.sequential_alpha, shift: p.sequential_shift });
    figures.sequential = test.figures;
    if (test.kind === 'drop') return { kind: 'abort', reason: `candidate degraded against the default: ${rates}; ${test.reason}`, figures };
  }
  const missing: string[] = [];
  if (dwellMin < p.min_dwell_minutes) missing.push(`dwell ${figures.dwell_minutes}/${p.min_dwell_minutes} min`);
  if (arms.candidate_step_n < p.min_samples_per_step) missing.push(`samples ${arms.candidate_step_n}/${p.min_samples_per_step}`);
  if (missing.length > 0) return { kind: 'wait', reason: `at ${figures.step_percent}%, waiting for ${missing.join(', ')}; ${rates}`, figures };
  const held = `${figures.step_percent}% held ${figures.dwell_minutes} min and ${arms.candidate_step_n} samples, not degraded (${rates})`;
  const toIndex = state.step_index + 1;
  if (toIndex >= p.steps.length) {
    return { kind: 'complete', reason: `${held}: the candidate becomes the default`, figures, to_index: state.step_index, to_percent: 100 };
  }
  const toPercent = p.steps[toIndex];
  if (p.requires_approval_steps.includes(toPercent)) {
    if (state.approval === 'rejected') return { kind: 'hold', reason: `${held}, but the step to ${toPercent}% was rejected in review`, figures };
    if (state.approval !== 'approved') {
      return { kind: 'await_approval', reason: `${held}; the step to ${toPercent}% needs approval in the review queue`, figures, to_index: toIndex, to_percent: toPercent };
    }
  }
  return { kind: 'advance', reason: `${held} → ${toPercent}%`, figures, to_index: toIndex, to_percent: toPercent };
}
