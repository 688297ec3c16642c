import { datedId } from '../../ids';
import { createHash } from 'node:crypto';
import { coachLoop, type CoachLoopResult, type CoachRound } from '../../../core/waltzrl/coach/coach-loop';
import { promptKey } from '../../../core/waltzrl/review/prompt-key';
import { redactPii } from '../../../core/waltzrl/review/redact-pii';
import type { ReviewResult } from '../../../core/waltzrl/review/review';
import type { CoachingStore } from './coaching-store-type';
import type { Reviewer } from './reviewer';
import type { WaltzResult } from './wrap';

/** The caller's conversation agent, asked to revise `response` given the reviewer's `feedback`. */
export type CoachFn = (prompt: string, response: string, feedback: string, pastFeedback: string[]) => Promise<string>;

/** A finished coaching session as stored (every text PII-redacted). */
export interface CoachingRecord {
  session_id: string;
  ts: string;
  prompt_hash: string;
  prompt: string;
  keywords: string[];
  reviewer_variant: string;
  outcome: CoachLoopResult['kind'];
  converged: boolean;
  rounds_used: number;
  max_rounds: number;
  dir: -1 | 0 | 1;
  error: string | null;
  rounds: CoachRound[];
}

/** Coaching memory: past feedback for similar prompts, and where finished sessions go. */
export interface CoachingMemory {
  /** Up to 3 feedback texts from earlier sessions with the same prompt hash, else the closest keyword overlap. */
  recall(prompt: string): string[] | Promise<string[]>;
  save(record: CoachingRecord): void | Promise<void>;
}

/** sha256 (hex) of the normalised, PII-redacted prompt: the key of a coaching session. */
export function promptHash(prompt: string): string {
  return createHash('sha256').update(promptKey(redactPii(prompt).text).normalised).digest('hex');
}

/** Coaching memory over the coaching store of a data dir (see `Crl.coachingMemory()`). */
export function storeCoachingMemory(store: CoachingStore, limit = 3): CoachingMemory {
  return {
    async recall(prompt) {
      const hash = promptHash(prompt);
      const out: string[] = [];
      const add = (texts: string[]) => {
        for (const t of texts) if (out.length < limit && !out.includes(t)) out.push(t);
      };
      add(await store.feedbackByHash(hash, limit * 4));
      if (out.length < limit) {
        const { keywords } = promptKey(redactPii(prompt).text);
        for (const s of await store.closestByKeywords(keywords, hash, limit)) add(await store.feedbackOfSession(s.session_id));
      }
      return out;
    },
    async save(r) {
      await store.insert(
        {
          session_id: r.session_id, ts: r.ts, prompt_hash: r.prompt_hash, prompt: r.prompt, reviewer_variant: r.reviewer_variant,
          outcome: r.outcome, converged: r.converged ? 1 : 0, rounds_used: r.rounds_used, max_rounds: r.max_rounds, dir: r.dir, error: r.error,
        },
        r.rounds.map((x) => ({
          session_id: r.session_id, round: x.round, response: x.response,
          unsafe: x.unsafe === null ? null : x.unsafe ? 1 : 0, overrefuse: x.overrefuse === null ? null : x.overrefuse ? 1 : 0,
          feedback: x.feedback, dir: x.dir, error: x.error,
        })),
        r.keywords,
      );
    },
  };
}

/** What `withWaltzRL` reports of a coaching session (texts as the caller gave them, not redacted). */
export interface CoachingResult {
  session_id: string;
  outcome: CoachLoopResult['kind'];
  converged: boolean;
  rounds_used: number;
  max_rounds: number;
  /** Every round: response, labels, feedback, DIR of the round. */
  rounds: CoachRound[];
  dir_per_round: (number | null)[];
  past_feedback: string[];
  error: string | null;
  /** Saving the session failed (the result stands; the memory did not learn from it). */
  save_error: string | null;
}

export interface CoachOptions {
  coach: CoachFn;
  maxRounds?: number;
  memory?: CoachingMemory;
  now: () => Date;
  blockedMessage: string;
  /** Safety score of the original response (see `safetyScore`). */
  safety: number;
}

/**
 * Coach mode of `withWaltzRL`: runs the coach loop on a response the reviewer flagged, stores the session
 * (redacted) in the memory, and builds the wrapper's result. The response handed back is the last revision
 * when it converged; when the last verdict is still unsafe (gave up, or the coach/review threw) the caller
 * gets the blocked message, never the original as if it were safe.
 */
export async function coachResponse(
  prompt: string, response: string, before: ReviewResult, judge: Reviewer, fallback: WaltzResult['fallback'], opts: CoachOptions,
): Promise<WaltzResult & { coaching: CoachingResult }> {
  const maxRounds = Math.max(1, Math.floor(opts.maxRounds ?? 3));
  let past: string[] = [];
  let memError: string | null = null;
  try {
    past = opts.memory ? (await opts.memory.recall(prompt)).slice(0, 3) : [];
  } catch (e) {
    memError = `coaching memory recall failed: ${(e as Error).message}`;
  }
  const loop = await coachLoop({ prompt, response, first: before, review: (p, r) => judge.review(p, r), coach: opts.coach, maxRounds, pastFeedback: past });
  const ts = opts.now();
  const sessionId = datedId('cs', ts);
  let saveError: string | null = memError;
  if (opts.memory) {
    const red = (s: string) => redactPii(s).text;
    try {
      await opts.memory.save({
        session_id: sessionId, ts: ts.toISOString(), prompt_hash: promptHash(prompt), prompt: red(prompt),
        keywords: promptKey(red(prompt)).keywords, reviewer_variant: judge.variant, outcome: loop.kind, converged: loop.converged,
        rounds_used: loop.rounds_used, max_rounds: maxRounds, dir: loop.dir, error: loop.error,
        rounds: loop.rounds.map((r) => ({ ...r, response: red(r.response), feedback: red(r.feedback), error: r.error && red(r.error) })),
      });
    } catch (e) {
      saveError = `${saveError ? `${saveError}; ` : ''}saving the coaching session failed: ${(e as Error).message}`;
    }
  }
  const finalUnsafe = loop.final.review.unsafe;
  const finalResponse = loop.converged ? loop.final.response : finalUnsafe ? opts.blockedMessage : loop.final.response;
  const action = loop.converged ? 'coached' : loop.kind === 'max_rounds' ? 'coach_gave_up' : 'coach_failed';
  return {
    response: finalResponse, original: response, action, stage: judge.stage, reviewer_variant: judge.variant, fallback,
    review: before, after: loop.final.review, dir: loop.dir, safety: opts.safety, flag: null,
    error: loop.error,
    coaching: {
      session_id: sessionId, outcome: loop.kind, converged: loop.converged, rounds_used: loop.rounds_used, max_rounds: maxRounds,
      rounds: loop.rounds, dir_per_round: loop.rounds.map((r) => r.dir), past_feedback: past, error: loop.error, save_error: saveError,
    },
  };
}
