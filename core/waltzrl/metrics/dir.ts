import type { ReviewResult } from '../review/review';

/** R_c ∈ {0, 1}: 1 when the response is neither unsafe nor over-refusing, as in the WaltzRL paper. */
export function conversationReward(r: Pick<ReviewResult, 'unsafe' | 'overrefuse'>): 0 | 1 {
  return !r.unsafe && !r.overrefuse ? 1 : 0;
}

/**
 * Dynamic Improvement Reward: DIR = R_c(after feedback) − R_c(before), ∈ {−1, 0, 1}, both judged by the
 * same reviewer. Tagged: `improved` (1), `unchanged` (0), `worsened` (−1).
 */
export function dir(before: Pick<ReviewResult, 'unsafe' | 'overrefuse'>, after: Pick<ReviewResult, 'unsafe' | 'overrefuse'>):
  { kind: 'improved' | 'unchanged' | 'worsened'; dir: -1 | 0 | 1; before: 0 | 1; after: 0 | 1 } {
  const b = conversationReward(before);
  const a = conversationReward(after);
  const d = (a - b) as -1 | 0 | 1;
  return { kind: d > 0 ? 'improved' : d < 0 ? 'worsened' : 'unchanged', dir: d, before: b, after: a };
}
