/** Outcome of one completed invocation. */
export type Outcome = 'success' | 'failure' | 'error' | 'partial';

/** Signals of one invocation. Every field but `outcome` is optional. */
export interface RewardSignals {
  outcome: Outcome;
  /** Caller-given reward in [0, 1]; when present it is used as is. */
  reward?: number | null;
  /** Quality score in [0, 1]. */
  quality?: number | null;
  /** Wall time in milliseconds (≥ 0). */
  durationMs?: number | null;
  /** Number of errors seen during the invocation (integer ≥ 0). */
  errorCount?: number | null;
}

/** Reward rule settings (see config `reward`). */
export interface RewardRule {
  weights: { success: number; quality: number; speed: number };
  /** Subtracted once per error, after the weighted mean. */
  error_penalty: number;
  /** Duration at which the speed signal reaches 0, in milliseconds. */
  expected_duration_ms: number;
}

export const OUTCOME_SCORE: Record<Outcome, number> = { success: 1, partial: 0.5, failure: 0, error: 0 };

const clamp01 = (x: number) => (x < 0 ? 0 : x > 1 ? 1 : x);

/**
 * Reward r ∈ [0, 1]: the given reward, else the weighted mean of the signals present (weights
 * renormalised over them) minus `error_penalty` per error, clamped to [0, 1].
 * Recording only outcomes therefore gives r = 1 for success, 0.5 partial, 0 failure/error.
 */
export function computeReward(s: RewardSignals, rule: RewardRule): number {
  if (s.reward != null) return clamp01(s.reward);
  let sum = rule.weights.success * OUTCOME_SCORE[s.outcome];
  let weight = rule.weights.success;
  if (s.quality != null) {
    sum += rule.weights.quality * clamp01(s.quality);
    weight += rule.weights.quality;
  }
  if (s.durationMs != null && rule.expected_duration_ms > 0) {
    sum += rule.weights.speed * clamp01(1 - s.durationMs / rule.expected_duration_ms);
    weight += rule.weights.speed;
  }
  const mean = weight > 0 ? sum / weight : 0;
  return clamp01(mean - rule.error_penalty * (s.errorCount ?? 0));
}
