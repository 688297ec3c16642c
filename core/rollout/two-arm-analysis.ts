import { sequentialTest, type SequentialTestResult } from '../monitor/sequential-test';
import type { RolloutAnalysis, StepSchedule } from './rollout-steps';

/** Settings of the abort test of a two-arm rollout (candidate against the default). */
export interface TwoArmPolicy {
  /** False-alarm level of one look of the abort test, in (0, 1). */
  sequential_alpha: number;
  /** Relative drop of the success rate the abort test is tuned to, in (0, 1) (0.2 = to 0.8× the default's). */
  sequential_shift: number;
  /** Candidate invocations (≥ 0) since the rollout started before an abort is considered (default 0). */
  min_samples_abort?: number;
}

/** The step schedule and the abort test of a rollout of any agent (`rollout.*` of the config). */
export type RolloutPolicy = StepSchedule & TwoArmPolicy;

/** Invocations of both arms since the rollout started (counts ≥ 0, success ≤ n). */
export interface RolloutArms {
  /** `recent`: the candidate's newest success flags, newest first, at most a lookback. */
  candidate: { n: number; success: number; recent: boolean[] };
  default: { n: number; success: number };
  /** Candidate invocations since the current step began. */
  candidate_step_n: number;
}

export type TwoArmFigures = {
  candidate_n: number;
  /** Success rates in [0, 1], 4 decimals; null without invocations. */
  candidate_rate: number | null;
  default_n: number;
  default_rate: number | null;
  candidate_step_n: number;
  /** The abort test; absent while the candidate has fewer than `min_samples_abort` invocations. */
  sequential?: SequentialTestResult['figures'];
};

const rate = (k: number, n: number) => (n > 0 ? Math.round((k / n) * 10_000) / 10_000 : null);

/**
 * The analysis of a rollout of any agent: `abort` when the candidate's recent outcomes are degraded against
 * the default's over the same period (one-sided Bernoulli CUSUM, `sequentialTest`, says `drop`), once the
 * candidate has `min_samples_abort` invocations; else `ok`. It never holds. Pure.
 */
export function twoArmAnalysis(arms: RolloutArms, p: TwoArmPolicy): RolloutAnalysis<TwoArmFigures> {
  const c = arms.candidate;
  const d = arms.default;
  const figures: TwoArmFigures = {
    candidate_n: c.n, candidate_rate: rate(c.success, c.n), default_n: d.n, default_rate: rate(d.success, d.n), candidate_step_n: arms.candidate_step_n,
  };
  const rates = `candidate ${figures.candidate_rate ?? '-'} (${c.success}/${c.n}) vs default ${figures.default_rate ?? '-'} (${d.success}/${d.n})`;
  const minAbort = p.min_samples_abort ?? 0;
  if (c.n < minAbort) return { kind: 'ok', reason: `too few invocations for the abort test (${c.n}/${minAbort}; ${rates})`, figures };
  const test = sequentialTest({ recent: c.recent, baselineN: d.n, baselineSuccess: d.success }, { alpha: p.sequential_alpha, shift: p.sequential_shift });
  figures.sequential = test.figures;
  if (test.kind === 'drop') return { kind: 'abort', reason: `candidate degraded against the default: ${rates}; ${test.reason}`, figures };
  return { kind: 'ok', reason: `not degraded (${rates})`, figures };
}
