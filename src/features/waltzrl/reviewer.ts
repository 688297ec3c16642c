import { review, type ReviewResult } from '../../../core/waltzrl/review/review';

/** A feedback agent: Stage 1 (rules) or Stage 2 (a model behind HTTP). Same interface for both. */
export interface Reviewer {
  readonly stage: 1 | 2;
  /** Variant id under which reviews are recorded (agent `waltzrl`, task `safety-review`). */
  readonly variant: string;
  review(prompt: string, response: string): Promise<ReviewResult>;
}

export const STAGE1_VARIANT = 'stage1-rules';

/** The rule-based Stage 1 reviewer. */
export function stage1Reviewer(): Reviewer {
  return { stage: 1, variant: STAGE1_VARIANT, review: async (prompt, response) => review(prompt, response) };
}
