import type { ProposerSettings, VariantFigures } from './propose-variant';

/** Current figures next to which a proposal is judged at approval time (Q 4 decimals). */
export interface PremiseFigures {
  variant_id: string | null;
  variant_q: number | null;
  variant_n: number | null;
  default_variant: string | null;
  default_q: number | null;
  best_variant: string | null;
  best_q: number | null;
  /** promote: variant Q − default Q; retire: best Q − variant Q. */
  gap: number | null;
}

export type PremiseResult = { kind: 'holds' | 'changed'; reason: string; figures: PremiseFigures };

const EPS = 1e-9;
const r4 = (x: number) => Math.round(x * 10_000) / 10_000;

/**
 * Re-checks the premise of a proposal against the current figures of its agent/task (active variants only).
 * `variantId` is the variant the proposal is about (candidate for promote, victim for retire, base otherwise).
 * `approvalMinQ` is the SafetyMonitor's human-approval bar, used for `crl_promote_variant_to_default`.
 */
export function checkPremise(type: string, variantId: string | null, current: VariantFigures[], s: ProposerSettings & { approvalMinQ: number }): PremiseResult {
  const def = current.find((v) => v.is_default);
  const best = [...current].filter((v) => v.n > 0).sort((a, b) => b.q - a.q || (a.variant_id < b.variant_id ? -1 : 1))[0];
  const v = current.find((x) => x.variant_id === variantId);
  const figures: PremiseFigures = {
    variant_id: variantId, variant_q: v ? r4(v.q) : null, variant_n: v?.n ?? null,
    default_variant: def?.variant_id ?? null, default_q: def ? r4(def.q) : null,
    best_variant: best?.variant_id ?? null, best_q: best ? r4(best.q) : null, gap: null,
  };
  const held = (reason: string, gap: number | null = null): PremiseResult => ({ kind: 'holds', reason, figures: { ...figures, gap: gap === null ? null : r4(gap) } });
  const moved = (reason: string, gap: number | null = null): PremiseResult => ({ kind: 'changed', reason, figures: { ...figures, gap: gap === null ? null : r4(gap) } });
  if (variantId && !v) return moved(`${variantId} is no longer an active variant with figures for this task type.`);
  switch (type) {
    case 'promote_variant_to_default':
    case 'crl_promote_variant_to_default': {
      if (!v) return moved('The proposal names no variant.');
      if (v.is_default) return moved(`${v.variant_id} is already the default.`);
      const gap = v.q - (def?.q ?? 0);
      if (type === 'promote_variant_to_default' && !(gap - s.promote_gap > EPS)) {
        return moved(`The gap to the default is now ${gap.toFixed(3)}, no longer above ${s.promote_gap}.`, gap);
      }
      if (type === 'crl_promote_variant_to_default' && (s.approvalMinQ - v.q > EPS || !(gap > EPS))) {
        return moved(`${v.variant_id} now has Q ${v.q.toFixed(3)} (default ${def ? def.q.toFixed(3) : 'none'}); the approval bar is ${s.approvalMinQ} and better than the default.`, gap);
      }
      return held(`${v.variant_id} still beats the default by ${gap.toFixed(3)}.`, gap);
    }
    case 'retire_underperforming_variant': {
      if (!v || !best) return moved('No figures to compare.');
      const gap = best.q - v.q;
      if (v.is_default) return moved(`${v.variant_id} is now the default.`, gap);
      if (!(s.low_q - v.q > EPS) || s.retire_gap - gap > EPS) {
        return moved(`${v.variant_id} now has Q ${v.q.toFixed(3)}, ${gap.toFixed(3)} below the best; the premise was Q < ${s.low_q} and ≥ ${s.retire_gap} below.`, gap);
      }
      return held(`${v.variant_id} still has Q ${v.q.toFixed(3)}, ${gap.toFixed(3)} below the best.`, gap);
    }
    default: {
      if (!def) return moved('The agent/task has no default with figures any more.');
      if (variantId && def.variant_id !== variantId) return moved(`The default is now ${def.variant_id}, not ${variantId}.`);
      if (!(s.low_q - def.q > EPS)) return moved(`The default ${def.variant_id} now has Q ${def.q.toFixed(3)}, no longer below ${s.low_q}.`);
      return held(`The default ${def.variant_id} still has Q ${def.q.toFixed(3)} < ${s.low_q}.`);
    }
  }
}
