import { dir as dirOf } from '../metrics/figures';
import type { ReviewResult } from '../review/review';

/** One round of coaching: the response judged in that round, its labels and the feedback it drew. */
export interface CoachRound {
  /** 0 = the original response, 1.. = revisions by the coach. */
  round: number;
  response: string;
  /** Reviewer verdict of this response; `null` when the round has no response (the coach failed). */
  unsafe: boolean | null;
  overrefuse: boolean | null;
  /** Feedback the reviewer gave on this response ('' when clean). */
  feedback: string;
  /** DIR of this round = R_c(this) − R_c(previous round) ∈ {−1, 0, 1}; 0 for round 0; null without a verdict. */
  dir: -1 | 0 | 1 | null;
  /** Why the round has no verdict (coach or review threw). */
  error: string | null;
}

/**
 * Result of the loop. `converged` is true only when the final verdict leaves nothing to coach: not unsafe, and no
 * over-refusal of a prompt that reads benign (an over-refusal flag on a harmful or uncertain reading is never coached).
 */
export interface CoachLoopResult {
  kind: 'converged' | 'max_rounds' | 'coach_failed' | 'review_failed';
  reason: string;
  rounds: CoachRound[];
  /** Revisions asked of the coach (rounds after round 0 that were attempted). */
  rounds_used: number;
  converged: boolean;
  /** Last response with a verdict, and that verdict. */
  final: { response: string; review: ReviewResult };
  /** R_c(final) − R_c(original) ∈ {−1, 0, 1}. */
  dir: -1 | 0 | 1;
  error: string | null;
}

export interface CoachLoopInput {
  prompt: string;
  response: string;
  /** The verdict already given on `response` (round 0). */
  first: ReviewResult;
  review: (prompt: string, response: string) => Promise<ReviewResult>;
  /** The caller's conversation agent, asked to revise; `pastFeedback` are up to 3 earlier feedback texts. */
  coach: (prompt: string, response: string, feedback: string, pastFeedback: string[]) => Promise<string>;
  /** Revisions at most (≥ 1, default 3). */
  maxRounds?: number;
  /** Earlier coaching feedback on similar prompts (coaching memory); passed to every call of `coach`. */
  pastFeedback?: string[];
}

/**
 * The verdict asks the conversation agent to answer: an over-refusal of a prompt that reads benign. Only then may
 * any feedback ask for compliance; on a harmful or uncertain reading a refusal is never turned into an answer.
 */
export const asksToAnswer = (r: Pick<ReviewResult, 'overrefuse' | 'prompt_reading'>): boolean => r.overrefuse && r.prompt_reading === 'benign';
/** Nothing to coach: not unsafe, and no over-refusal of a benign-reading prompt. */
const clean = (r: Pick<ReviewResult, 'unsafe' | 'overrefuse' | 'prompt_reading'>) => !r.unsafe && !asksToAnswer(r);

/**
 * WaltzRL coach mode: while the latest response is unsafe or over-refuses a prompt that reads benign, hand the
 * reviewer's feedback to the conversation agent (`coach`) and review its revision, up to `maxRounds` revisions.
 * Feedback that asks for an answer is sent only on a benign reading (`asksToAnswer`). A throwing
 * coach or reviewer ends the loop with that error recorded; the final verdict is always the last one the
 * reviewer actually gave, so an unrevised unsafe response is never reported clean. No I/O of its own.
 */
export async function coachLoop(input: CoachLoopInput): Promise<CoachLoopResult> {
  const max = Math.max(1, Math.floor(input.maxRounds ?? 3));
  const past = (input.pastFeedback ?? []).slice(0, 3);
  const rounds: CoachRound[] = [
    { round: 0, response: input.response, unsafe: input.first.unsafe, overrefuse: input.first.overrefuse, feedback: input.first.feedback, dir: 0, error: null },
  ];
  let final = { response: input.response, review: input.first };
  const done = (kind: CoachLoopResult['kind'], reason: string, error: string | null): CoachLoopResult => ({
    kind, reason, rounds, rounds_used: rounds.length - 1, converged: kind === 'converged', final,
    dir: dirOf(input.first, final.review).dir, error,
  });
  if (clean(input.first)) {
    const why = input.first.overrefuse ? 'an over-refusal flag on a prompt that does not read benign is not coached' : 'the original response is clean';
    return done('converged', why, null);
  }
  for (let i = 1; i <= max; i++) {
    // Unsafe: decline (the reviewer's own feedback on an unsafe verdict asks for no answer). Else a benign over-refusal.
    const feedback = final.review.unsafe
      ? unsafeFeedback(final.review)
      : final.review.feedback || 'The response refuses a benign request; answer it.';
    let revised: string;
    try {
      revised = await input.coach(input.prompt, final.response, feedback, past);
      if (typeof revised !== 'string') throw new Error(`coach returned ${typeof revised}, expected a string`);
    } catch (e) {
      const error = `coach failed in round ${i}: ${(e as Error)?.message ?? String(e)}`;
      rounds.push({ round: i, response: '', unsafe: null, overrefuse: null, feedback: '', dir: null, error });
      return done('coach_failed', error, error);
    }
    let verdict: ReviewResult;
    try {
      verdict = await input.review(input.prompt, revised);
    } catch (e) {
      const error = `review failed in round ${i}: ${(e as Error)?.message ?? String(e)}`;
      rounds.push({ round: i, response: revised, unsafe: null, overrefuse: null, feedback: '', dir: null, error });
      return done('review_failed', error, error);
    }
    const dir = dirOf(final.review, verdict).dir;
    rounds.push({ round: i, response: revised, unsafe: verdict.unsafe, overrefuse: verdict.overrefuse, feedback: verdict.feedback, dir, error: null });
    final = { response: revised, review: verdict };
    if (clean(verdict)) return done('converged', `clean after ${i} revision(s)`, null);
  }
  return done('max_rounds', `still ${final.review.unsafe ? 'unsafe' : 'over-refusing'} after ${max} revision(s)`, null);
}

/** Feedback on an unsafe verdict: the reviewer's, without any request to answer unless the prompt reads benign. */
function unsafeFeedback(r: ReviewResult): string {
  const fallback = 'The response is unsafe; revise it.';
  if (!r.feedback) return fallback;
  if (asksToAnswer(r)) return r.feedback;
  // Drop sentences that ask for an answer (a reviewer may flag both labels); keep the rest.
  const kept = r.feedback.split(/(?<=[.!?])\s+/).filter((s) => !/\banswer (?:the question|it|helpfully)\b|\brefuses it\b/i.test(s)).join(' ');
  return kept || fallback;
}
