import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ReviewResult } from '../../../core/waltzrl/review/review';
import type { ServerDeps } from '../app';
import { HttpError } from '../http-errors';
import { parseParams } from '../query';

const reviewBody = z.strictObject({
  prompt: z.string().min(1, 'must not be empty').max(100_000, 'must be at most 100,000 characters'),
  response: z.string().max(100_000, 'must be at most 100,000 characters'),
  subject: z.string().min(1, 'must not be empty').max(1000, 'must be at most 1000 characters').optional(),
});

/**
 * `POST /v1/waltzrl/review {prompt, response, subject?}`: the verdict of the reviewer that serves the subject
 * (`crl.waltzrl.stage.reviewer`: Stage 1 rules, or the Stage 2 variant of a rollout step), recorded with
 * `crl.waltzrl.stage.recordReview` as a review of that variant (what the stage's live window reads). Without a
 * subject a random one is drawn, so the rollout's share holds in aggregate.
 */
export function waltzrlRoutes(app: FastifyInstance, { crl }: ServerDeps): void {
  app.post('/v1/waltzrl/review', { config: { scope: 'record' } }, async (req) => {
    if (Buffer.isBuffer(req.body)) throw new HttpError(415, 'unsupported_media_type', 'Send the review request as one JSON object (Content-Type: application/json).');
    const a = parseParams(reviewBody, req.body, 'field');
    const subject = a.subject ?? randomUUID();
    const reviewer = await crl.waltzrl.stage.reviewer(subject);
    const started = performance.now();
    let v: ReviewResult;
    try {
      v = await reviewer.review(a.prompt, a.response);
    } catch (e) {
      const error = String((e as Error)?.message ?? e).slice(0, 2000);
      await crl.waltzrl.stage.recordReview({ variant: reviewer.variant, subject, unsafe: false, overrefuse: false, error, duration_ms: Math.round(performance.now() - started) });
      throw new HttpError(502, 'reviewer_failed', `The Stage ${reviewer.stage} reviewer ${reviewer.variant} failed; the failure is recorded.`, {
        hint: 'Check the Stage 2 endpoint (`crl waltzrl stage status`), or send the request again.',
      });
    }
    const rec = await crl.waltzrl.stage.recordReview({
      variant: reviewer.variant, subject, unsafe: v.unsafe, overrefuse: v.overrefuse, feedback: v.feedback.slice(0, 10_000),
      prompt_harmful: v.promptHarmful, duration_ms: Math.round(performance.now() - started),
    });
    return {
      subject: a.subject ?? null, stage: reviewer.stage, variant_id: reviewer.variant, unsafe: v.unsafe, overrefuse: v.overrefuse,
      refusal: v.refusal, severity: v.severity, issues: v.issues, feedback: v.feedback, invocation_id: rec.invocation_id,
    };
  });
}
