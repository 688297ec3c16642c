/** Learned value of one (agent, task type, variant). */
export interface QState {
  /** Estimated expected reward in [0, 1]. */
  q: number;
  /** Number of real invocations folded into q. */
  n: number;
}

/**
 * One Q-learning step: Q ← Q + α_n (r − Q) with α_n = max(1/n, α), n counting this visit.
 * The first 1/α visits give the plain mean; afterwards recent rewards weigh more, so Q follows drift.
 * @param reward r ∈ [0, 1]
 * @param alpha floor of the step size, in (0, 1]
 */
export function updateQ(state: QState, reward: number, alpha: number): QState {
  const n = state.n + 1;
  const step = Math.max(1 / n, alpha);
  const q = state.q + step * (reward - state.q);
  return { q: q < 0 ? 0 : q > 1 ? 1 : q, n };
}
