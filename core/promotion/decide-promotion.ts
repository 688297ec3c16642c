/** What the SafetyMonitor knows about a candidate variant for one agent/task. */
export interface PromotionInput {
  /** Q-value of the candidate, in [0, 1]. */
  q: number;
  /** Its number of real invocations (≥ 0). */
  n: number;
  /** It is already the default for this agent/task. */
  isDefault: boolean;
  /** Its Q is strictly above the current default's (true when there is no default). */
  betterThanDefault: boolean;
  /** The agent/task is in the cool-down after a rollback. */
  inCooldown: boolean;
  /** The candidate itself was rolled back for this agent/task and has not proven itself since. */
  degradedRecently: boolean;
  /** Q of the current default (null when none), for the reasoning only. */
  defaultQ: number | null;
}

/** The decision matrix (config `safety`); comparisons are ≥. */
export interface PromotionThresholds {
  auto_apply_min_q: number;
  auto_apply_min_n: number;
  human_approval_min_q: number;
  human_approval_min_n: number;
}

export type PromotionKind = 'auto_apply' | 'human_approval' | 'no_action';

export interface PromotionDecision {
  kind: PromotionKind;
  reason: string;
  figures: { q: number; n: number; default_q: number | null; thresholds: PromotionThresholds; is_default: boolean; in_cooldown: boolean; degraded_recently: boolean };
}

/** Floats that print as the threshold count as reaching it (Q = 0.9 after 9 of 10 successes is 0.8999999999999999). */
const EPS = 1e-9;
const atLeast = (x: number, min: number) => x >= min - EPS;

/**
 * SafetyMonitor decision matrix: Q ≥ 0.9 and n ≥ 10 → auto_apply; Q ≥ 0.7 and n ≥ 5 → human_approval;
 * n < 5 → no_action "Insufficient data"; otherwise no_action "Low confidence". Before the matrix: a variant
 * that is already the default, not better than the default, in a cool-down or degraded recently → no_action.
 */
export function decidePromotion(input: PromotionInput, t: PromotionThresholds): PromotionDecision {
  const figures = {
    q: input.q, n: input.n, default_q: input.defaultQ, thresholds: t,
    is_default: input.isDefault, in_cooldown: input.inCooldown, degraded_recently: input.degradedRecently,
  };
  const no = (reason: string): PromotionDecision => ({ kind: 'no_action', reason, figures });
  if (input.isDefault) return no('Already the default');
  if (input.n < t.human_approval_min_n) return no(`Insufficient data: n=${input.n} < ${t.human_approval_min_n}`);
  if (input.inCooldown) return no('In cool-down after a rollback: the new default needs a full window of its own invocations first');
  if (input.degradedRecently) return no('Degraded recently: this variant was rolled back and has not had a full window since');
  if (!input.betterThanDefault) return no(`Not better than the default (Q ${input.q} ≤ default Q ${input.defaultQ})`);
  if (atLeast(input.q, t.auto_apply_min_q) && input.n >= t.auto_apply_min_n) {
    return { kind: 'auto_apply', reason: `High confidence: Q=${input.q} ≥ ${t.auto_apply_min_q} and n=${input.n} ≥ ${t.auto_apply_min_n}`, figures };
  }
  if (atLeast(input.q, t.human_approval_min_q)) {
    return { kind: 'human_approval', reason: `Medium confidence: Q=${input.q} ≥ ${t.human_approval_min_q} and n=${input.n} ≥ ${t.human_approval_min_n}; a human decides`, figures };
  }
  return no(`Low confidence: Q=${input.q} < ${t.human_approval_min_q}`);
}
