import { dir as computeDir } from '../../../core/waltzrl/metrics/figures';
import { asksToAnswer } from '../../../core/waltzrl/coach/coach-loop';
import { SEVERITY_RANK } from '../../../core/waltzrl/review/max-severity';
import { redactPii } from '../../../core/waltzrl/review/redact-pii';
import { revise } from '../../../core/waltzrl/review/revise';
import type { ReviewResult } from '../../../core/waltzrl/review/review';
import { stage1Reviewer, type Reviewer } from './reviewer';
import { type CoachFn, type CoachingMemory, type CoachingResult, coachResponse } from './coach';

/** feedback_only: log, change nothing. revise: rewrite offending spans. block_critical: block critical issues, revise the rest. */
export type WaltzMode = 'feedback_only' | 'revise' | 'block_critical';

/** The invocation a wrapped request is recorded as (agent `waltzrl`, task `safety-review`). Texts are PII-redacted. */
export interface WaltzInvocation {
  agent_name: 'waltzrl';
  task_type: 'safety-review';
  variant_id: string;
  outcome: 'success' | 'failure' | 'error';
  /** R_c of the final response (0 or 1); absent when the review failed. */
  reward?: number;
  duration_ms: number;
  timestamp: string;
  metadata: {
    stage: 1 | 2;
    mode: WaltzMode;
    action: WaltzAction;
    unsafe: boolean | null;
    overrefuse: boolean | null;
    feedback: string | null;
    severity: string | null;
    dir: number | null;
    fallback: WaltzResult['fallback'];
    error: string | null;
    prompt: string;
    response: string;
    final_response: string;
  };
}

export type WaltzAction =
  | 'passed' | 'feedback_logged' | 'revised' | 'flagged_for_agent' | 'blocked'
  | 'review_failed_blocked' | 'review_failed_passed'
  /** Coach mode: the coach's revision is clean / still flagged after maxRounds / the coach or re-review threw. */
  | 'coached' | 'coach_gave_up' | 'coach_failed';

export interface WaltzOptions {
  mode?: WaltzMode;
  /** Primary reviewer (default Stage 1). */
  reviewer?: Reviewer;
  /** Used when a Stage 2 primary fails (default Stage 1). */
  fallback?: Reviewer;
  /** Review failure (both reviewers): block the response (default true) or pass it, recorded either way. */
  blockOnFailure?: boolean;
  /** Revise when the safety score is below this, in [0, 1] (default 0.7). */
  safetyThreshold?: number;
  /** Called once per wrapped request; errors in it are not swallowed. */
  record?: (inv: WaltzInvocation) => void | Promise<void>;
  /** Clock (default `() => new Date()`). */
  now?: () => Date;
  /** Text returned instead of a blocked response. */
  blockedMessage?: string;
  /** Coach mode: an unsafe or over-refusing response goes back to this conversation agent with the feedback (see coach.ts). */
  coach?: CoachFn;
  /** Coach mode: revisions at most (default 3). */
  maxRounds?: number;
  /** Coach mode: past feedback for similar prompts and where sessions are stored (`crl.waltzrl.coachingMemory()`). */
  coachingMemory?: CoachingMemory;
}

export interface WaltzResult {
  /** The response handed back to the caller. */
  response: string;
  original: string;
  action: WaltzAction;
  /** The stage whose verdict this is; 1 when Stage 2 failed and Stage 1 stood in. */
  stage: 1 | 2;
  reviewer_variant: string;
  /** Set when the configured Stage 2 failed and Stage 1 judged instead. */
  fallback: { from: 2; to: 1; reason: string } | null;
  review: ReviewResult | null;
  /** Verdict of the same reviewer on the final response (after feedback). */
  after: ReviewResult | null;
  /** DIR = R_c(after) − R_c(before); null when the review failed. */
  dir: number | null;
  /** Safety score in [0, 1] of the original response (1 − severity/4 when unsafe); null when the review failed. */
  safety: number | null;
  /** For `flagged_for_agent`: what the conversation agent should do. */
  flag: { reason: string; feedback: string } | null;
  error: string | null;
  /** Coach mode only: every round, rounds used, DIR per round, converged. */
  coaching?: CoachingResult;
}

export const BLOCKED_MESSAGE = "I can't help with that request.";

/** Safety score in [0, 1]: 1 for a safe response, else 1 − rank(max severity)/4 (critical → 0). */
export function safetyScore(r: ReviewResult): number {
  if (!r.unsafe) return 1;
  return r.severity ? 1 - SEVERITY_RANK[r.severity] / 4 : 0.5;
}

/**
 * Wraps an async responder with the WaltzRL feedback agent: review → (feedback only | revise | block
 * critical) → re-review by the same reviewer → DIR. Review exceptions fail closed to `blockOnFailure` and
 * are recorded (never a safety of 1.0); a failing Stage 2 falls back to Stage 1 and the result says so.
 */
export function withWaltzRL(execute: (prompt: string) => Promise<string>, options: WaltzOptions = {}): (prompt: string) => Promise<WaltzResult> {
  const mode = options.mode ?? 'revise';
  const primary = options.reviewer ?? stage1Reviewer();
  const fallback = options.fallback ?? stage1Reviewer();
  const blockOnFailure = options.blockOnFailure ?? true;
  const threshold = options.safetyThreshold ?? 0.7;
  const now = options.now ?? (() => new Date());
  const blocked = options.blockedMessage ?? BLOCKED_MESSAGE;

  return async (prompt: string): Promise<WaltzResult> => {
    const response = await execute(prompt);
    const started = now();
    let judge: Reviewer = primary;
    let fb: WaltzResult['fallback'] = null;
    let before: ReviewResult | null = null;
    let error: string | null = null;
    try {
      before = await primary.review(prompt, response);
    } catch (e) {
      error = (e as Error).message;
      if (primary.stage === 2) {
        fb = { from: 2, to: 1, reason: error };
        judge = fallback;
        try {
          before = await fallback.review(prompt, response);
          error = null;
        } catch (e2) {
          error = `${error}; fallback: ${(e2 as Error).message}`;
        }
      }
    }
    let result: WaltzResult;
    if (before === null) {
      result = {
        response: blockOnFailure ? blocked : response, original: response,
        action: blockOnFailure ? 'review_failed_blocked' : 'review_failed_passed',
        stage: judge.stage, reviewer_variant: judge.variant, fallback: fb,
        review: null, after: null, dir: null, safety: null, flag: null, error,
      };
    } else if (options.coach && (before.unsafe || asksToAnswer(before))) {
      result = await coachResponse(prompt, response, before, judge, fb, {
        coach: options.coach, maxRounds: options.maxRounds, memory: options.coachingMemory, now, blockedMessage: blocked, safety: safetyScore(before),
      });
    } else {
      const safety = safetyScore(before);
      let final = response;
      let action: WaltzAction = before.unsafe || before.overrefuse ? 'feedback_logged' : 'passed';
      let flag: WaltzResult['flag'] = null;
      if (mode !== 'feedback_only') {
        if (mode === 'block_critical' && before.unsafe && before.severity === 'critical') {
          final = blocked;
          action = 'blocked';
        } else {
          const needsRevision = safety < threshold || before.issues.some((i) => i.category === 'pii') || before.overrefuse;
          if (needsRevision) {
            const rev = revise(response, before);
            if (rev.kind === 'revised') {
              final = rev.response;
              action = 'revised';
            } else if (rev.kind === 'flag_for_agent') {
              action = 'flagged_for_agent';
              flag = { reason: rev.reason, feedback: rev.feedback };
            }
          }
        }
      }
      let after: ReviewResult = before;
      if (final !== response) {
        try {
          after = await judge.review(prompt, final);
        } catch (e) {
          error = `re-review failed: ${(e as Error).message}`;
        }
      }
      const d = computeDir(before, after);
      result = {
        response: final, original: response, action, stage: judge.stage, reviewer_variant: judge.variant,
        fallback: fb, review: before, after, dir: error ? null : d.dir, safety, flag, error,
      };
    }
    if (options.record) {
      const finished = now();
      const final = result.after ?? result.review;
      await options.record({
        agent_name: 'waltzrl', task_type: 'safety-review', variant_id: result.reviewer_variant,
        outcome: result.review === null ? 'error' : final && !final.unsafe && !final.overrefuse ? 'success' : 'failure',
        ...(final && result.review ? { reward: !final.unsafe && !final.overrefuse ? 1 : 0 } : {}),
        duration_ms: Math.max(0, finished.getTime() - started.getTime()),
        timestamp: finished.toISOString(),
        metadata: {
          stage: result.stage, mode, action: result.action,
          unsafe: result.review?.unsafe ?? null, overrefuse: result.review?.overrefuse ?? null,
          feedback: result.review?.feedback ?? null, severity: result.review?.severity ?? null,
          dir: result.dir, fallback: result.fallback, error: result.error,
          prompt: redactPii(prompt).text, response: redactPii(response).text, final_response: redactPii(result.response).text,
        },
      });
    }
    return result;
  };
}
