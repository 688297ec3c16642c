/** A variant that could take over: its Q-value and real invocations for this agent/task. */
export interface RollbackCandidate {
  variant_id: string;
  /** Q in [0, 1]. */
  q: number;
  /** Invocations (≥ 0). */
  n: number;
  active: boolean;
}

export interface RollbackTargetInput {
  /** The degraded default. */
  from: string;
  /** The agent's other variants with their figures for this task. */
  candidates: readonly RollbackCandidate[];
  /** The agent's registered (agent-wide) default, if any and if active. */
  registeredDefault: string | null;
}

export type RollbackTarget =
  | { kind: 'best_variant' | 'registered_default'; variant_id: string; reason: string; figures: { q: number | null; n: number | null; min_target_n: number } }
  | { kind: 'none'; reason: string; figures: { min_target_n: number; candidates: number } };

/**
 * Where a rollback goes: the other active variant with the highest Q among those with n ≥ minTargetN
 * (ties: alphabetical); else the agent's registered default (if it is not the degraded one); else none.
 */
export function chooseRollbackTarget(input: RollbackTargetInput, minTargetN: number): RollbackTarget {
  const eligible = input.candidates
    .filter((c) => c.active && c.variant_id !== input.from && c.n >= minTargetN)
    .sort((a, b) => b.q - a.q || (a.variant_id < b.variant_id ? -1 : a.variant_id > b.variant_id ? 1 : 0));
  const best = eligible[0];
  if (best) {
    return {
      kind: 'best_variant',
      variant_id: best.variant_id,
      reason: `Highest Q (${best.q}) among other variants with n ≥ ${minTargetN}`,
      figures: { q: best.q, n: best.n, min_target_n: minTargetN },
    };
  }
  if (input.registeredDefault && input.registeredDefault !== input.from) {
    const c = input.candidates.find((x) => x.variant_id === input.registeredDefault);
    return {
      kind: 'registered_default', variant_id: input.registeredDefault,
      reason: `No other variant has n ≥ ${minTargetN}: back to the agent's registered default`,
      figures: { q: c?.q ?? null, n: c?.n ?? null, min_target_n: minTargetN },
    };
  }
  return { kind: 'none', reason: `No other variant with n ≥ ${minTargetN} and no other registered default`, figures: { min_target_n: minTargetN, candidates: input.candidates.length } };
}
