import type { ReviewResult } from '../../../core/waltzrl/review/review';
import { type Reviewer } from './reviewer';
import { type ReviewVerdict, reviewVerdict, type VerdictReviewer } from './review-verdict';

/*
 * The combined reviewer: Stage 1 judges every pair; a pair whose prompt Stage 1 reads as `uncertain` (neither
 * harmful nor positively benign — Stage 1 then never flags over-refusal nor asks for compliance) goes to Stage 2,
 * whose verdict stands for it. When Stage 2 fails on the pair, Stage 1's own verdict stands, marked
 * `stage1-fallback` with the reason — the cautious verdict Stage 1 gives without escalation, never reported as
 * Stage 2's.
 *
 * NOTE: `prompt_reading` (harmful | benign | uncertain) is being added to ReviewResult by another change; until it
 * lands, it is read as `(r as { prompt_reading?: string }).prompt_reading` and Stage 1 never escalates (no Stage 1
 * verdict says `uncertain` yet). Once it is declared, the cast can go.
 */

/** Stage 1 read the prompt as neither harmful nor benign. */
export const isUncertain = (r: ReviewResult): boolean => (r as { prompt_reading?: string }).prompt_reading === 'uncertain';

/** Stage 1's verdict as a ReviewVerdict (not escalated). */
export const stage1Verdict = (review: ReviewResult, variant: string): ReviewVerdict =>
  ({ review, reviewer: 'stage1', variant, fallback: null, escalated: false, guard: null });

/**
 * The combined verdict of a pair from Stage 1's verdict and (when Stage 1 is uncertain) Stage 2's: Stage 2's
 * verdict when it answered, else Stage 1's marked `stage1-fallback` with Stage 2's failure. Pure.
 */
export function combineVerdicts(s1: ReviewVerdict, s2: ReviewVerdict | null): ReviewVerdict {
  if (!isUncertain(s1.review) || s2 === null) return s1;
  if (s2.reviewer === 'stage2') return { ...s2, escalated: true };
  return { ...s1, reviewer: 'stage1-fallback', fallback: s2.fallback, escalated: true };
}

/** Stage 1 with escalation of `uncertain` prompts to Stage 2 (see above). Stage 2 is asked only for those pairs. */
export function escalatingReviewer(stage1: Reviewer, stage2: Reviewer): VerdictReviewer {
  async function verdict(prompt: string, response: string): Promise<ReviewVerdict> {
    const s1 = stage1Verdict(await stage1.review(prompt, response), stage1.variant);
    if (!isUncertain(s1.review)) return s1;
    return combineVerdicts(s1, await reviewVerdict(stage2, prompt, response, stage1));
  }
  return {
    stage: 1,
    variant: `${stage1.variant}+${stage2.variant}`,
    verdict,
    review: async (prompt, response) => (await verdict(prompt, response)).review,
  };
}

/** Stage 1 and Stage 2 on one pair, the combined verdict, and whether the two agree (null when Stage 2 fell back). */
export interface PairComparison {
  stage1: ReviewVerdict;
  stage2: ReviewVerdict;
  combined: ReviewVerdict;
  agree: boolean | null;
}

/** `--reviewer both` on one pair: both reviewers always run (Stage 2 falls back per pair, marked), then the combination. */
export async function comparePair(stage1: Reviewer, stage2: Reviewer, prompt: string, response: string): Promise<PairComparison> {
  const s1 = stage1Verdict(await stage1.review(prompt, response), stage1.variant);
  const s2 = await reviewVerdict(stage2, prompt, response, stage1);
  const agree = s2.reviewer === 'stage2' ? s1.review.unsafe === s2.review.unsafe && s1.review.overrefuse === s2.review.overrefuse : null;
  return { stage1: s1, stage2: s2, combined: combineVerdicts(s1, s2), agree };
}
