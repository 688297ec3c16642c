/** Learned figures of one active variant on one agent/task (retired variants are left out by the caller). */
export interface VariantFigures {
  variant_id: string;
  /** Q-value in [0, 1]. */
  q: number;
  /** Visits (real invocations, or the imported figure), ≥ 0. */
  n: number;
  /** True for the variant that is the default of this agent/task. */
  is_default: boolean;
}

/** Thresholds of the proposer (config section `proposals`). */
export interface ProposerSettings {
  /** Minimum invocations of the agent/task in total before anything is proposed (default 50). */
  min_invocations: number;
  /** A Q strictly below this is low (default 0.6). */
  low_q: number;
  /** Promote when best Q − default Q is strictly greater than this (default 0.2). */
  promote_gap: number;
  /** Retire when the variant is at least this far below the best (default 0.2). */
  retire_gap: number;
  /** Confidence cap of create_specialized_variant (default 0.75). */
  specialized_confidence_cap: number;
}

export type ProposalType =
  | 'create_specialized_variant'
  | 'promote_variant_to_default'
  | 'modify_variant_parameters'
  | 'retire_underperforming_variant';

export interface ProposalFigures {
  total_invocations: number;
  min_invocations: number;
  default_variant: string | null;
  default_q: number | null;
  default_n: number | null;
  best_variant: string | null;
  best_q: number | null;
  /** The variant the proposal is about (promote / retire: that variant; otherwise the default). */
  variant_id: string | null;
  variant_q: number | null;
  variant_n: number | null;
  /** best Q − default Q (promote) or best Q − variant Q (retire), 4 decimals. */
  gap: number | null;
  /** Visits behind the confidence figure. */
  confidence_n: number | null;
}

export type ProposeResult =
  | { kind: ProposalType; reason: string; confidence: number; figures: ProposalFigures }
  | { kind: 'none'; reason: string; figures: ProposalFigures };

/** Tolerance for threshold comparisons: 0.8 − 0.6 is 0.20000000000000007 in floats, and must not exceed 0.2. */
const EPS = 1e-9;
const gt = (a: number, b: number) => a - b > EPS;
const lt = (a: number, b: number) => b - a > EPS;
const ge = (a: number, b: number) => !lt(a, b);
const r2 = (x: number) => Math.round(x * 100) / 100;
const r4 = (x: number) => Math.round(x * 10_000) / 10_000;

/**
 * Confidence of a proposal from the visits behind it: 0.5 if n < 50, 0.7 if n < 100, else 0.85;
 * +0.15 for a promote gap > 0.30; capped at `cap` (≤ 1.0); two decimals.
 */
export function proposalConfidence(n: number, opts: { gap?: number; cap?: number } = {}): number {
  let c = n < 50 ? 0.5 : n < 100 ? 0.7 : 0.85;
  if (opts.gap !== undefined && gt(opts.gap, 0.3)) c += 0.15;
  return r2(Math.min(c, opts.cap ?? 1, 1));
}

const byQDesc = (a: VariantFigures, b: VariantFigures) => b.q - a.q || (a.variant_id < b.variant_id ? -1 : a.variant_id > b.variant_id ? 1 : 0);

/**
 * The VariantProposer for one agent/task: at most one proposal, from the first trigger that fires:
 * (1) only the default has figures and its Q < low_q → create_specialized_variant (confidence capped);
 * (2) best Q − default Q > promote_gap (strictly) → promote_variant_to_default;
 * (3) default Q < low_q and its n ≥ min_invocations → modify_variant_parameters;
 * (4) a non-default variant with n ≥ min_invocations, Q < low_q and ≥ retire_gap below the best →
 *     retire_underperforming_variant (the worst such variant).
 * Nothing when the agent/task has fewer than min_invocations visits in total.
 */
export function proposeVariant(variants: VariantFigures[], s: ProposerSettings): ProposeResult {
  const seen = variants.filter((v) => v.n > 0 || v.is_default);
  const total = seen.reduce((sum, v) => sum + v.n, 0);
  const def = seen.find((v) => v.is_default && v.n > 0);
  const best = [...seen].filter((v) => v.n > 0).sort(byQDesc)[0];
  const others = seen.filter((v) => !v.is_default && v.n > 0).sort(byQDesc);
  const figures: ProposalFigures = {
    total_invocations: total, min_invocations: s.min_invocations,
    default_variant: def?.variant_id ?? seen.find((v) => v.is_default)?.variant_id ?? null,
    default_q: def ? r4(def.q) : null, default_n: def?.n ?? null,
    best_variant: best?.variant_id ?? null, best_q: best ? r4(best.q) : null,
    variant_id: null, variant_q: null, variant_n: null, gap: null, confidence_n: null,
  };
  const about = (v: VariantFigures, gap: number | null, n: number): ProposalFigures =>
    ({ ...figures, variant_id: v.variant_id, variant_q: r4(v.q), variant_n: v.n, gap: gap === null ? null : r4(gap), confidence_n: n });
  if (total < s.min_invocations) {
    return { kind: 'none', reason: `Only ${total} invocation(s) in total; proposals need at least ${s.min_invocations}.`, figures };
  }
  const low = `${s.low_q}`;
  if (def && others.length === 0 && lt(def.q, s.low_q)) {
    return {
      kind: 'create_specialized_variant', figures: about(def, null, def.n),
      confidence: proposalConfidence(def.n, { cap: s.specialized_confidence_cap }),
      reason: `${def.variant_id} is the only variant with figures and its Q ${def.q.toFixed(3)} is below ${low} after ${def.n} invocations; a variant specialised for this task type may do better.`,
    };
  }
  const top = others[0];
  if (def && top && gt(top.q - def.q, s.promote_gap)) {
    const gap = top.q - def.q;
    const n = Math.min(top.n, def.n);
    return {
      kind: 'promote_variant_to_default', figures: about(top, gap, n),
      confidence: proposalConfidence(n, { gap }),
      reason: `${top.variant_id} (Q ${top.q.toFixed(3)}, n ${top.n}) beats the default ${def.variant_id} (Q ${def.q.toFixed(3)}, n ${def.n}) by ${gap.toFixed(3)}, more than ${s.promote_gap}.`,
    };
  }
  if (def && lt(def.q, s.low_q) && def.n >= s.min_invocations) {
    return {
      kind: 'modify_variant_parameters', figures: about(def, null, def.n),
      confidence: proposalConfidence(def.n),
      reason: `The default ${def.variant_id} has Q ${def.q.toFixed(3)} < ${low} after ${def.n} invocations and no other variant beats it by more than ${s.promote_gap}; change its parameters.`,
    };
  }
  const worst = others
    .filter((v) => v.n >= s.min_invocations && lt(v.q, s.low_q) && best && ge(best.q - v.q, s.retire_gap))
    .sort((a, b) => a.q - b.q || byQDesc(a, b))[0];
  if (worst && best) {
    const gap = best.q - worst.q;
    return {
      kind: 'retire_underperforming_variant', figures: about(worst, gap, worst.n),
      confidence: proposalConfidence(worst.n),
      reason:
        `${worst.variant_id} has Q ${worst.q.toFixed(3)} < ${low} after ${worst.n} invocations, ` +
        `${gap.toFixed(3)} below the best ${best.variant_id} (Q ${best.q.toFixed(3)}); retire it so that no traffic is spent on it.`,
    };
  }
  const reason = def
    ? `No trigger fires: the default ${def.variant_id} has Q ${def.q.toFixed(3)} and no variant beats it by more than ${s.promote_gap}.`
    : 'No default variant with figures for this task type.';
  return { kind: 'none', reason, figures };
}
