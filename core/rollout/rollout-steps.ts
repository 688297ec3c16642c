/** The step schedule of a staged rollout (any agent; the WaltzRL Stage 2 promotion too). */
export interface StepSchedule {
  /** Traffic percentages of the candidate, increasing, the last one 100 (e.g. [10, 25, 50, 100]). */
  steps: number[];
  /** Minimum time (minutes, ≥ 0) at a step before it may be left. */
  min_dwell_minutes: number;
  /** Minimum candidate samples (≥ 0) at a step before it may be left. */
  min_samples_per_step: number;
  /** Steps (percentages) that need an approved review-queue item before traffic moves to them. */
  requires_approval_steps: number[];
}

export interface RolloutState {
  /** Index into `steps` of the step being served. */
  step_index: number;
  /** When the current step began (ms since the epoch). */
  step_started_at_ms: number;
  /** Decision on the review-queue item for the next step, if one was asked for. */
  approval: 'none' | 'pending' | 'approved' | 'rejected';
}

/** How far the current step got: the candidate's samples (≥ 0) since the step began. */
export interface RolloutProgress {
  step_n: number;
}

/**
 * What the rollout's analysis says of the candidate's evidence (e.g. `twoArmAnalysis`, or the WaltzRL return
 * bounds `stageAnalysis`): `abort` ends the rollout whatever the step; `hold` keeps the step once dwell and
 * samples are met; `ok` lets it go on. `reason` says why (for `ok`, a summary the step reasons quote);
 * `figures` are the analysis's own, carried into the decision.
 */
export type RolloutAnalysis<F extends object> =
  | { kind: 'abort' | 'hold' | 'ok'; reason: string; figures: F };

/** Figures of the step machine itself, added to the analysis's figures. */
export type StepFigures = {
  step_index: number;
  step_percent: number;
  /** Minutes (1 decimal, ≥ 0) at the current step. */
  dwell_minutes: number;
};

export type RolloutDecision<F extends object> =
  | { kind: 'abort'; reason: string; figures: F & StepFigures }
  | { kind: 'advance' | 'complete' | 'await_approval'; reason: string; figures: F & StepFigures; to_index: number; to_percent: number }
  | { kind: 'hold' | 'wait'; reason: string; figures: F & StepFigures };

/**
 * The one step machine of a staged rollout. Pure: `nowMs`, the analysis and the progress are passed in.
 * Order: (a) the analysis says `abort` → `abort` (even before the dwell, even at 100%); (b) dwell or step
 * samples not reached → `wait`; (c) the analysis says `hold` → `hold`; (d) the next step needs approval →
 * `await_approval` (`hold` when rejected); (e) `advance` to the next step, or `complete` after the last one.
 */
export function rolloutSteps<F extends object>(
  state: RolloutState, analysis: RolloutAnalysis<F>, progress: RolloutProgress, nowMs: number, p: StepSchedule,
): RolloutDecision<F> {
  const dwellMin = Math.max(0, (nowMs - state.step_started_at_ms) / 60_000);
  const stepPercent = p.steps[state.step_index] ?? 100;
  const figures: F & StepFigures = { ...analysis.figures, step_index: state.step_index, step_percent: stepPercent, dwell_minutes: Math.round(dwellMin * 10) / 10 };
  if (analysis.kind === 'abort') return { kind: 'abort', reason: analysis.reason, figures };
  const missing: string[] = [];
  if (dwellMin < p.min_dwell_minutes) missing.push(`dwell ${figures.dwell_minutes}/${p.min_dwell_minutes} min`);
  if (progress.step_n < p.min_samples_per_step) missing.push(`samples ${progress.step_n}/${p.min_samples_per_step}`);
  if (missing.length > 0) return { kind: 'wait', reason: `waiting for ${missing.join(', ')} at ${stepPercent}%; ${analysis.reason}`, figures };
  if (analysis.kind === 'hold') return { kind: 'hold', reason: analysis.reason, figures };
  const held = `${stepPercent}% held ${figures.dwell_minutes} min and ${progress.step_n} samples, ${analysis.reason}`;
  const toIndex = state.step_index + 1;
  if (toIndex >= p.steps.length) {
    return { kind: 'complete', reason: `${held}: the candidate becomes the default`, figures, to_index: state.step_index, to_percent: 100 };
  }
  const toPercent = p.steps[toIndex];
  if (p.requires_approval_steps.includes(toPercent)) {
    // No dwell or sample count in this reason: it stays the same from one look to the next (a hold is written once).
    if (state.approval === 'rejected') return { kind: 'hold', reason: `the step to ${toPercent}% was rejected in review; ${analysis.reason}`, figures };
    if (state.approval !== 'approved') {
      return { kind: 'await_approval', reason: `${held}; the step to ${toPercent}% needs approval in the review queue`, figures, to_index: toIndex, to_percent: toPercent };
    }
  }
  return { kind: 'advance', reason: `${held} → ${toPercent}%`, figures, to_index: toIndex, to_percent: toPercent };
}
