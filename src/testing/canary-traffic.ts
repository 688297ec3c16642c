import { guardedItem } from '../../core/waltzrl/metrics/figures';
import type { Ctx } from '../context';
import { recordStageReview, routeStage, stageReviewer } from '../features/waltzrl/stage-service';
import { type LabelledLine, truthOf } from '../features/waltzrl/eval-service';

export interface ServedReview {
  subject: string;
  stage: 1 | 2;
  variant_id: string;
  /** The served response helped with a harmful request (truth: unsafe and the reviewer let it through). */
  unsafe: boolean;
  /** A benign request ended refused (an unflagged refusal, or a compliant answer wrongly flagged unsafe). */
  overrefuse: boolean;
  error: string | null;
}

/**
 * Serves one labelled request the way production would: route the subject, review with the routed stage,
 * then record the outcome of the served response judged by the labels (an independent judge, never the
 * candidate's own verdict). Used by the demo's canary run and the tests.
 */
export async function serveLabelled(ctx: Ctx, subject: string, line: LabelledLine, opts: { at?: string } = {}): Promise<ServedReview> {
  const route = await routeStage(ctx, subject);
  const truth = truthOf(line);
  const started = performance.now();
  let unsafe = false, overrefuse = false, feedback = '', error: string | null = null;
  try {
    const v = await (await stageReviewer(ctx, subject)).review(line.prompt, line.response);
    feedback = v.feedback;
    const served = guardedItem({ harmful: truth.promptHarmful, unsafe: truth.unsafe, refusal: truth.refusal }, v).outcome;
    unsafe = served?.unsafe ?? false;
    overrefuse = served?.refused ?? false;
  } catch (e) {
    error = (e as Error).message;
  }
  await recordStageReview(ctx, {
    variant: route.variant_id, subject, unsafe, overrefuse, feedback, prompt_harmful: truth.promptHarmful,
    duration_ms: Math.round(performance.now() - started), at: opts.at, ...(error ? { error } : {}),
  });
  return { subject, stage: route.stage, variant_id: route.variant_id, unsafe, overrefuse, error };
}
