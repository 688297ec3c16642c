import type { Rng } from '../learning/rng';
import { type Candidate, type SelectionPolicy, type SelectionSettings, selectVariant } from '../learning/select-variant';
import { routeSubject } from '../waltzrl/stage/bucket';
import type { Eligibility } from './variant-eligibility';

/** One variant of the agent/task with its learned figures (q ∈ [0, 1], n ≥ 0) and its eligibility. */
export interface ServingVariant {
  variant_id: string;
  q: number;
  n: number;
  eligibility: Eligibility;
}

/** A rollout in progress: `candidate` serves `percent` (0..100) of the subjects. */
export interface ServingRollout {
  rollout_id: string;
  candidate: string;
  percent: number;
}

export interface ServingInput {
  agent: string;
  task: string;
  /** Request subject (user, session or tenant id) whose sticky buckets route it. */
  subject: string;
  variants: ServingVariant[];
  default_variant: string | null;
  rollout: ServingRollout | null;
  /** Share of subjects (0..1, sticky bucket) that explore eligible non-defaults while no rollout runs. */
  explore_share: number;
  policy: SelectionPolicy;
  selection: SelectionSettings;
}

/** Why each variant was or was not a choice. */
export interface ExplainRow {
  variant_id: string;
  eligible: boolean;
  reasons: string[];
  q: number;
  n: number;
  is_default: boolean;
}

/** The sticky bucket used: `bucket` in [0, 100) of (salt, subject), compared with `percent` (0..100). */
export interface BucketFigures {
  salt: string;
  bucket: number;
  percent: number;
}

export interface ServingFigures {
  bucket?: BucketFigures;
  rollout_id?: string;
  /** Present when the selection policy chose: its scores per variant it chose among. */
  policy?: SelectionPolicy;
  scores?: Record<string, number>;
}

export type ServingKind = 'rollout' | 'default' | 'explore' | 'cold_start';

export type ServingDecision =
  | { kind: ServingKind; variant_id: string; reason: string; figures: ServingFigures; explain: ExplainRow[] }
  | { kind: 'none'; reason: string; explain: ExplainRow[] };

const isEligible = (v: ServingVariant) => v.eligibility.kind === 'eligible';
const reasonsOf = (e: Eligibility) => (e.kind === 'eligible' ? [e.reason] : e.reasons);
const toCandidate = (v: ServingVariant): Candidate => ({ variant_id: v.variant_id, q: v.q, n: v.n });

/** Why `id` cannot be served ('' when it can). */
function whyNot(id: string, variants: ServingVariant[]): string {
  const v = variants.find((x) => x.variant_id === id);
  if (!v) return `${id} is not among the agent's variants`;
  return v.eligibility.kind === 'excluded' ? `${id} is excluded (${v.eligibility.reasons.join('; ')})` : '';
}

/**
 * The serving decision of one request. Rules in order: (1) only eligible variants are ever returned;
 * (2) a rollout whose candidate is eligible sends subjects with bucket(subject, 'rollout:' + id) < percent to
 * the candidate, the rest to the default, and pauses exploration (an ineligible default → the policy among
 * the other eligible variants); (3) otherwise, with an eligible default, subjects with
 * bucket(subject, 'explore:' + agent/task) < explore_share·100 explore the eligible non-defaults by the policy,
 * the rest get the default; (4) no eligible default → cold start by the policy among the eligible; (5) none
 * eligible → `none`. Which subjects explore or get the candidate is sticky (bucket); which variant an
 * exploring subject gets is the policy's choice with `rng`.
 */
export function decideServing(input: ServingInput, rng: Rng): ServingDecision {
  const { variants, default_variant: def, rollout: ro } = input;
  const scope = `${input.agent}/${input.task}`;
  const explain: ExplainRow[] = variants.map((v) => ({
    variant_id: v.variant_id, eligible: isEligible(v), reasons: reasonsOf(v.eligibility), q: v.q, n: v.n, is_default: v.variant_id === def,
  }));
  const eligible = variants.filter(isEligible);
  if (eligible.length === 0) {
    const why = variants.map((v) => `${v.variant_id}: ${reasonsOf(v.eligibility).join('; ')}`).join(' | ');
    return { kind: 'none', reason: variants.length ? `No eligible variant for ${scope} — ${why}` : `No variant is registered for ${scope}`, explain };
  }
  const done = (kind: ServingKind, variant_id: string, reason: string, figures: ServingFigures): ServingDecision => ({ kind, variant_id, reason, figures, explain });
  const choose = (kind: ServingKind, pool: ServingVariant[], why: string, figures: ServingFigures): ServingDecision => {
    const sel = selectVariant(pool.map(toCandidate), input.policy, input.selection, rng);
    if (sel.kind === 'none') return { kind: 'none', reason: `${why}; ${sel.reason}`, explain };
    return done(kind, sel.variant_id, `${why}; ${input.policy}: ${sel.reason}`, { ...figures, policy: input.policy, scores: sel.scores });
  };
  const defaultBlock = def == null ? 'no default is registered' : whyNot(def, variants);
  const defaultOk = def != null && defaultBlock === '';
  const defaultWhy = def == null ? defaultBlock : `the default ${defaultBlock}`;
  const notes: string[] = [];

  if (ro) {
    const candidateWhy = whyNot(ro.candidate, variants);
    if (candidateWhy === '') {
      const salt = `rollout:${ro.rollout_id}`;
      const route = routeSubject(input.subject, ro.percent, salt);
      const figures: ServingFigures = { bucket: { salt, ...route.figures }, rollout_id: ro.rollout_id };
      const at = `rollout ${ro.rollout_id} at ${ro.percent}%: ${route.reason}`;
      if (route.kind === 'candidate') return done('rollout', ro.candidate, `${at} → the candidate ${ro.candidate}`, figures);
      if (defaultOk && def != null) return done('default', def, `${at} → the default ${def} (exploration paused during the rollout)`, figures);
      const others = eligible.filter((v) => v.variant_id !== ro.candidate);
      const pool = others.length > 0 ? others : eligible;
      const fallback = others.length > 0 ? 'cold start among the other eligible variants' : `${ro.candidate} is the only eligible variant`;
      return choose('cold_start', pool, `${at}, but ${defaultWhy} → ${fallback}`, figures);
    }
    notes.push(`rollout ${ro.rollout_id} is not served: its candidate ${candidateWhy}`);
  }
  const prefix = notes.map((n) => `${n}; `).join('');

  if (defaultOk && def != null) {
    const salt = `explore:${scope}`;
    const percent = Math.round(input.explore_share * 10_000) / 100;
    const route = routeSubject(input.subject, percent, salt);
    const figures: ServingFigures = { bucket: { salt, ...route.figures } };
    if (route.kind === 'active') return done('default', def, `${prefix}${route.reason} (explore share) → the default ${def}`, figures);
    const others = eligible.filter((v) => v.variant_id !== def);
    if (others.length === 0) return done('default', def, `${prefix}${route.reason} (explore share), but no eligible non-default variant → the default ${def}`, figures);
    return choose('explore', others, `${prefix}exploring: ${route.reason} (explore share) among the eligible non-defaults`, figures);
  }
  return choose('cold_start', eligible, `${prefix}cold start: ${defaultWhy}`, {});
}
