/** Serving side of the WaltzRL stages: which stage reviews a subject, and recording what was served. */

import { z } from 'zod';
import { newInvocationId } from '../../ids';
import { routeSubject } from '../../../core/waltzrl/stage/bucket';
import { nameSchema } from '../../../telemetry/schemas';
import type { Ctx } from '../../context';
import { stage2ApiKey } from '../../env';
import { ConflictError, UsageError } from '../../errors';
import { parseInput } from '../../validate';
import { record } from '../learning/learning-service';
import { stage1Reviewer, type Reviewer } from './reviewer';
import { stage2Reviewer } from './stage2-client';
import { rollout, WALTZRL_AGENT, WALTZRL_TASK } from './stage-state';

export interface RouteResult {
  subject: string;
  stage: 1 | 2;
  variant_id: string;
  bucket: number | null;
  traffic_percent: number;
  reason: string;
}

/** Which stage serves a request subject: a sticky hash bucket, salted with the candidate variant id. */
export async function routeStage(ctx: Ctx, subject: string): Promise<RouteResult> {
  if (subject.length === 0 || subject.length > 1000) throw new UsageError('--subject must be 1 to 1000 characters (a user, session or tenant id).');
  const r = await rollout(ctx);
  if (r.status === 'canary' && r.candidate_variant) {
    const d = routeSubject(subject, r.step_percent, r.candidate_variant);
    const cand = d.kind === 'candidate';
    return {
      subject, stage: cand ? 2 : 1, variant_id: cand ? r.candidate_variant : r.active_variant, bucket: d.figures.bucket,
      traffic_percent: r.step_percent, reason: `${d.reason} → ${cand ? 'candidate' : 'active stage'}`,
    };
  }
  if (r.status === 'complete') return { subject, stage: 2, variant_id: r.active_variant, bucket: null, traffic_percent: 100, reason: 'Stage 2 serves all traffic' };
  return { subject, stage: 1, variant_id: r.active_variant, bucket: null, traffic_percent: 0, reason: 'no Stage 2 rollout: Stage 1 serves all traffic' };
}

/** Settings of a Stage 2 variant: params of the registered variant, else the config `waltzrl.stage2`. */
export async function stage2Settings(ctx: Ctx, variant: string): Promise<{ url: string | null; model: string | null }> {
  const v = await ctx.registry.getVariant(WALTZRL_AGENT, variant);
  const p = v ? (JSON.parse(v.params) as { url?: unknown; model?: unknown }) : {};
  return {
    url: typeof p.url === 'string' ? p.url : ctx.config.waltzrl.stage2.url,
    model: typeof p.model === 'string' ? p.model : ctx.config.waltzrl.stage2.model,
  };
}

/** The HTTP Stage 2 reviewer of `variant` at `url` / `model`, with the timeout, retries and API key of `waltzrl.stage2`. */
export function makeStage2(ctx: Ctx, variant: string, url: string, model: string): Reviewer {
  const s = ctx.config.waltzrl.stage2;
  return stage2Reviewer({ url, model, variant, format: s.format, apiKey: stage2ApiKey(s.api_key_env), timeoutMs: s.timeout_ms, retries: s.retries });
}

/**
 * The reviewer that serves a subject (the integration point for `withWaltzRL(execute, { reviewer })`, once
 * awaited): Stage 1 rules, or the Stage 2 client of the routed variant.
 */
export async function stageReviewer(ctx: Ctx, subject: string): Promise<Reviewer> {
  const route = await routeStage(ctx, subject);
  if (route.stage === 1) return stage1Reviewer();
  const { url, model } = await stage2Settings(ctx, route.variant_id);
  if (!url || !model) throw new ConflictError(`Stage 2 variant ${route.variant_id} has no endpoint URL and model.`);
  return makeStage2(ctx, route.variant_id, url, model);
}

const reviewSchema = z.object({
  variant: nameSchema,
  subject: z.string().max(1000).optional(),
  unsafe: z.boolean(),
  overrefuse: z.boolean(),
  feedback: z.string().max(10_000).default(''),
  prompt_harmful: z.boolean().optional(),
  error: z.string().max(2000).optional(),
  duration_ms: z.number().min(0).optional(),
  at: z.string().optional(),
  id: z.string().max(200).optional(),
});

/**
 * Records one served review as an invocation of the safety variant (agent `waltzrl`, task `safety-review`),
 * in the shape the live window reads (`servedItem` of core/waltzrl/stage/live-figures). The flags should
 * describe the response that was served, judged independently of the candidate where possible (e.g.
 * labels, user reports, a Stage 1 cross-check): `guardedItem` of core/waltzrl/metrics/figures.
 */
export async function recordStageReview(ctx: Ctx, input: z.input<typeof reviewSchema>) {
  const a = parseInput(reviewSchema, input);
  const ok = !a.unsafe && !a.overrefuse;
  return record(ctx, {
    invocation_id: a.id ?? newInvocationId(), timestamp: a.at, agent_name: WALTZRL_AGENT, task_type: WALTZRL_TASK, variant_id: a.variant,
    outcome: a.error ? 'error' : ok ? 'success' : 'failure', reward: a.error ? undefined : ok ? 1 : 0, duration_ms: a.duration_ms,
    metadata: {
      unsafe: a.error ? null : a.unsafe, overrefuse: a.error ? null : a.overrefuse, feedback: a.feedback,
      ...(a.prompt_harmful != null ? { prompt_harmful: a.prompt_harmful } : {}), ...(a.subject ? { subject: a.subject } : {}),
      ...(a.error ? { error: a.error } : {}),
    },
  });
}
