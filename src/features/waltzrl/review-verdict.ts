import type { ReviewResult } from '../../../core/waltzrl/review/review';
import { type Stage2Reason, Stage2Error } from './guard-formats/guard-format';
import { stage1Reviewer, type Reviewer } from './reviewer';
import type { GuardRecord, Stage2Reviewer } from './stage2-client';

/** Who gave a verdict: Stage 1, Stage 2, or Stage 1 because Stage 2 failed on this pair (never reported as Stage 2). */
export type VerdictSource = 'stage1' | 'stage2' | 'stage1-fallback';

/** A verdict with its source: what `crl waltzrl review` prints and the eval counts. */
export interface ReviewVerdict {
  review: ReviewResult;
  reviewer: VerdictSource;
  /** Variant id of the reviewer whose verdict this is. */
  variant: string;
  /** Set when `reviewer` is `stage1-fallback`: why Stage 2 gave no verdict (no API key in it, no credentials of the URL). */
  fallback: { reason: Stage2Reason | 'error'; message: string } | null;
  /** Stage 1 read the prompt as uncertain and the pair was escalated to Stage 2. */
  escalated: boolean;
  /** Stage 2's own answer, when Stage 2 gave the verdict. */
  guard: GuardRecord | null;
}

/** A reviewer that can say where each verdict came from (the escalating reviewer). */
export interface VerdictReviewer extends Reviewer {
  verdict(prompt: string, response: string): Promise<ReviewVerdict>;
}

const hasVerdict = (r: Reviewer): r is VerdictReviewer => typeof (r as Partial<VerdictReviewer>).verdict === 'function';
const hasGuard = (r: Reviewer): r is Stage2Reviewer => typeof (r as Partial<Stage2Reviewer>).reviewWithGuard === 'function';

/** The failure as a fallback reason: the Stage2Error's reason and message, else `error` and the message. */
export function fallbackOf(e: unknown): NonNullable<ReviewVerdict['fallback']> {
  if (e instanceof Stage2Error) return { reason: e.reason, message: e.message };
  return { reason: 'error', message: e instanceof Error ? e.message : String(e) };
}

/** The fallback as one string: `off_format: Stage 2 (llama-guard) answered off-format: …`. */
export const fallbackText = (f: ReviewVerdict['fallback']) => (f ? `${f.reason}: ${f.message}` : null);

/**
 * Reviews one pair and says who judged it. A Stage 2 reviewer that fails on the pair is replaced, for this pair
 * only, by `fallback` (default Stage 1) and the verdict is marked `stage1-fallback` with the reason.
 */
export async function reviewVerdict(reviewer: Reviewer, prompt: string, response: string, fallback: Reviewer = stage1Reviewer()): Promise<ReviewVerdict> {
  if (hasVerdict(reviewer)) return reviewer.verdict(prompt, response);
  if (reviewer.stage === 1) {
    return { review: await reviewer.review(prompt, response), reviewer: 'stage1', variant: reviewer.variant, fallback: null, escalated: false, guard: null };
  }
  try {
    const r = hasGuard(reviewer) ? await reviewer.reviewWithGuard(prompt, response) : { review: await reviewer.review(prompt, response), guard: null };
    return { review: r.review, reviewer: 'stage2', variant: reviewer.variant, fallback: null, escalated: false, guard: r.guard };
  } catch (e) {
    const review = await fallback.review(prompt, response);
    return { review, reviewer: 'stage1-fallback', variant: fallback.variant, fallback: fallbackOf(e), escalated: false, guard: null };
  }
}
