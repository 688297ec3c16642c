import { createHash } from 'node:crypto';
import { datedId, newInvocationId } from '../../ids';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { z } from 'zod';
import { benchmarkGate, type GateItem, type GateResult } from '../../../core/waltzrl/stage/benchmark-gate';
import { routeSubject } from '../../../core/waltzrl/stage/bucket';
import { type Count, type LiveFigures, stageSteps, type StepDecision, type StepPolicy } from '../../../core/waltzrl/stage/stage-steps';
import { nameSchema } from '../../../telemetry/schemas';
import type { Ctx } from '../../context';
import { type GateReportRow, type RolloutRow, type StageEventRow, type WaltzrlStageStore } from './stage-store';
import { ConflictError, NotFoundError, UsageError } from '../../errors';
import { parseLabelledJsonl, truthOf } from './eval-service';
import { STAGE1_VARIANT, stage1Reviewer, type Reviewer } from './reviewer';
import { stage2Reviewer } from './stage2-client';
import { record } from '../learning/learning-service';
import { writeDefault } from '../variants/variants-service';
import { proposalLine, queueProposal } from '../proposals/review-queue';
import { parseInput } from '../../validate';

export const WALTZRL_AGENT = 'waltzrl';
export const WALTZRL_TASK = 'safety-review';
const ROLLOUT = 'waltzrl';
const PROPOSAL_TYPE = 'waltzrl_stage_step';

const store = (ctx: Ctx): WaltzrlStageStore => ctx.waltzrlStage;


function initialRollout(now: string): RolloutRow {
  return {
    name: ROLLOUT, status: 'stage1', active_variant: STAGE1_VARIANT, candidate_variant: null, step_index: 0, step_percent: 0,
    step_started_at: null, promoted_at: null, promoted_by: null, gate_report_id: null, approval_proposal_id: null,
    last_hold_reason: null, returned_at: null, updated_at: now, version: 0,
  };
}

function rollout(ctx: Ctx): RolloutRow {
  return store(ctx).get(ROLLOUT) ?? initialRollout(ctx.now().toISOString());
}

/** Writes the state with compare-and-set (inserting the row the first time). Call inside a transaction. */
function saveRollout(ctx: Ctx, row: RolloutRow, now: string): void {
  const s = store(ctx);
  const next = { ...row, updated_at: now, version: row.version + 1 };
  if (!s.get(ROLLOUT)) s.insert(next);
  else if (!s.update(next, row.version)) throw new ConflictError('The WaltzRL rollout changed while this command ran.', { hint: 'Run the command again.' });
}

/** The variant the rollout watches: the candidate in canary, the active Stage 2 variant once complete. */
function stage2Variant(r: RolloutRow): string | null {
  return r.status === 'canary' ? r.candidate_variant : r.status === 'complete' ? r.active_variant : null;
}

/** The JSONL / JSON form of a stage event. */
export interface StageEventLine {
  event_id: string;
  timestamp: string;
  agent_name: string;
  task_type: string;
  event_type: string;
  variant_id: string;
  from_percent: number | null;
  to_percent: number | null;
  reason: string;
  figures: Record<string, unknown>;
  triggered_by: string;
}

function eventLine(e: StageEventRow): StageEventLine {
  return {
    event_id: e.event_id, timestamp: e.ts, agent_name: WALTZRL_AGENT, task_type: WALTZRL_TASK, event_type: e.event_type,
    variant_id: e.variant_id, from_percent: e.from_percent, to_percent: e.to_percent, reason: e.reason,
    figures: JSON.parse(e.figures) as Record<string, unknown>, triggered_by: e.triggered_by,
  };
}

/** Stage event = event row + audit row + JSONL line (outbox). Call inside a transaction. */
function emit(ctx: Ctx, now: Date, type: string, variant: string, from: number | null, to: number | null, reason: string, figures: Record<string, unknown>, by: string): StageEventLine {
  const row: StageEventRow = {
    event_id: datedId('ws', now), ts: now.toISOString(), event_type: type, variant_id: variant, from_percent: from, to_percent: to,
    reason, figures: JSON.stringify(figures), triggered_by: by,
  };
  store(ctx).insertEvent(row);
  ctx.registry.audit({
    ts: row.ts, actor: by, action: `waltzrl_stage_${type}`, agent_name: WALTZRL_AGENT, task_type: WALTZRL_TASK, variant_id: variant, reason,
    details: { event_id: row.event_id, from_percent: from, to_percent: to, ...figures },
  });
  const line = eventLine(row);
  ctx.outbox.enqueue('waltzrl_stage_events', line, row.ts);
  return line;
}

const flush = (ctx: Ctx) => ctx.outbox.flush(ctx.dataDir, ctx.now().toISOString());

// ---------------------------------------------------------------------------------------------- live window

interface ReviewMeta {
  unsafe?: unknown;
  overrefuse?: unknown;
  feedback?: unknown;
  prompt_harmful?: unknown;
}

/**
 * Live figures over reviews (newest first). Flags come from the invocation metadata: `unsafe`,
 * `overrefuse`, `feedback` (non-empty text or true) and, when known, `prompt_harmful` (ASR is then per
 * harmful request and ORR per benign one, as in the benchmark; otherwise per review). Reviews that ended
 * in error count for the error rate only.
 */
export function liveFigures(rows: { outcome: string; duration_ms: number | null; metadata: string | null }[], maxLatencyMs: number): LiveFigures {
  const asr: Count = { k: 0, n: 0 }, orr: Count = { k: 0, n: 0 }, ftr: Count = { k: 0, n: 0 };
  const errors: Count = { k: 0, n: rows.length }, slow: Count = { k: 0, n: 0 };
  const durations: number[] = [];
  for (const r of rows) {
    if (r.duration_ms != null) {
      durations.push(r.duration_ms);
      slow.n++;
      if (r.duration_ms > maxLatencyMs) slow.k++;
    }
    if (r.outcome === 'error') {
      errors.k++;
      continue;
    }
    let m: ReviewMeta = {};
    try {
      m = r.metadata ? (JSON.parse(r.metadata) as ReviewMeta) : {};
    } catch {
      m = {};
    }
    if (m.prompt_harmful !== false) {
      asr.n++;
      if (m.unsafe === true) asr.k++;
    }
    if (m.prompt_harmful !== true) {
      orr.n++;
      if (m.overrefuse === true) orr.k++;
    }
    ftr.n++;
    if (m.feedback === true || (typeof m.feedback === 'string' && m.feedback.trim() !== '') || m.unsafe === true || m.overrefuse === true) ftr.k++;
  }
  durations.sort((a, b) => a - b);
  const p95 = durations.length ? durations[Math.min(durations.length - 1, Math.ceil(0.95 * durations.length) - 1)] : null;
  return { n: rows.length, asr, orr, ftr, errors, slow, p95_latency_ms: p95 };
}

function windows(ctx: Ctx, r: RolloutRow): { watch: LiveFigures; step: LiveFigures } {
  const w = ctx.config.waltzrl;
  const empty = liveFigures([], w.max_p95_latency_ms);
  const variant = stage2Variant(r);
  const t = variant ? ctx.learning.getTuple(WALTZRL_AGENT, WALTZRL_TASK, variant) : undefined;
  if (!t || !r.promoted_at) return { watch: empty, step: empty };
  const s = store(ctx);
  const watch = liveFigures(s.window(t.id, r.promoted_at, w.watch_window), w.max_p95_latency_ms);
  const stepRows = s.window(t.id, r.step_started_at ?? r.promoted_at, Math.max(w.watch_window, w.min_samples_per_step));
  return { watch, step: liveFigures(stepRows, w.max_p95_latency_ms) };
}

function policy(ctx: Ctx): StepPolicy {
  const w = ctx.config.waltzrl;
  return {
    steps: [...w.steps].sort((a, b) => a - b), min_dwell_minutes: w.min_dwell_minutes, min_samples_per_step: w.min_samples_per_step,
    requires_approval_steps: w.requires_approval_steps, rollback_asr: w.rollback_asr, rollback_orr: w.rollback_orr,
    max_error_rate: w.max_error_rate, max_p95_latency_ms: w.max_p95_latency_ms, rollback_min_samples: w.rollback_min_samples,
    rollback_alpha: w.rollback_alpha,
  };
}

function approvalOf(ctx: Ctx, r: RolloutRow): 'none' | 'pending' | 'approved' | 'rejected' {
  const p = r.approval_proposal_id ? ctx.proposals.get(r.approval_proposal_id) : undefined;
  if (!p) return 'none';
  if (p.status === 'approved' || p.status === 'applied') return 'approved';
  return p.status === 'rejected' ? 'rejected' : 'pending';
}

function decide(ctx: Ctx, r: RolloutRow, now: Date): { decision: StepDecision | null; watch: LiveFigures; step: LiveFigures } {
  const { watch, step } = windows(ctx, r);
  if (r.status === 'stage1') return { decision: null, watch, step };
  const state = {
    status: r.status, step_index: r.step_index, approval: approvalOf(ctx, r),
    step_started_at_ms: Date.parse(r.step_started_at ?? r.promoted_at ?? now.toISOString()),
  } as const;
  return { decision: stageSteps(state, watch, step, now.getTime(), policy(ctx)), watch, step };
}

// ---------------------------------------------------------------------------------------------- status

const rate = (c: Count) => (c.n === 0 ? null : Math.round((c.k / c.n) * 10_000) / 10_000);
export function figuresJson(f: LiveFigures) {
  return {
    n: f.n,
    asr: rate(f.asr), asr_n: f.asr.n, orr: rate(f.orr), orr_n: f.orr.n, ftr: rate(f.ftr), ftr_n: f.ftr.n,
    error_rate: rate(f.errors), p95_latency_ms: f.p95_latency_ms,
  };
}

export interface StageStatus {
  status: RolloutRow['status'];
  active_stage: 1 | 2;
  active_variant: string;
  candidate_variant: string | null;
  traffic_percent: number;
  step_index: number | null;
  steps: number[];
  step_started_at: string | null;
  minutes_at_step: number | null;
  samples_at_step: number;
  promoted_at: string | null;
  promoted_by: string | null;
  gate_report_id: string | null;
  live: ReturnType<typeof figuresJson>;
  at_step: ReturnType<typeof figuresJson>;
  next_action: { kind: string; reason: string };
  approval_proposal_id: string | null;
  returned_at: string | null;
  cooldown_until: string | null;
}

/** Where the rollout stands, the live figures of the Stage 2 variant and what the next check would do. */
export function stageStatus(ctx: Ctx): StageStatus {
  const r = rollout(ctx);
  const now = ctx.now();
  const { decision, watch, step } = decide(ctx, r, now);
  const cooldown = cooldownUntil(ctx, r);
  const next = decision
    ? { kind: decision.kind, reason: decision.reason }
    : { kind: 'promote', reason: cooldown && cooldown > now ? `cool-down after a return until ${cooldown.toISOString()}` : 'Stage 1 serves all traffic; promote a Stage 2 variant with `crl waltzrl stage promote <variant> --by NAME`' };
  const started = r.status === 'canary' ? r.step_started_at : null;
  return {
    status: r.status,
    active_stage: r.status === 'complete' ? 2 : 1,
    active_variant: r.active_variant,
    candidate_variant: r.status === 'canary' ? r.candidate_variant : null,
    traffic_percent: r.status === 'canary' ? r.step_percent : r.status === 'complete' ? 100 : 0,
    step_index: r.status === 'canary' ? r.step_index : null,
    steps: policy(ctx).steps,
    step_started_at: started,
    minutes_at_step: started ? Math.round(((now.getTime() - Date.parse(started)) / 60_000) * 10) / 10 : null,
    samples_at_step: r.status === 'canary' ? step.n : 0,
    promoted_at: r.promoted_at,
    promoted_by: r.promoted_by,
    gate_report_id: r.gate_report_id,
    live: figuresJson(watch),
    at_step: figuresJson(step),
    next_action: next,
    approval_proposal_id: r.approval_proposal_id,
    returned_at: r.returned_at,
    cooldown_until: cooldown && cooldown > now ? cooldown.toISOString() : null,
  };
}

function cooldownUntil(ctx: Ctx, r: RolloutRow): Date | null {
  return r.returned_at ? new Date(Date.parse(r.returned_at) + ctx.config.waltzrl.cooldown_minutes * 60_000) : null;
}

// ---------------------------------------------------------------------------------------------- routing

export interface RouteResult {
  subject: string;
  stage: 1 | 2;
  variant_id: string;
  bucket: number | null;
  traffic_percent: number;
  reason: string;
}

/** Which stage serves a request subject: a sticky hash bucket, salted with the candidate variant id. */
export function routeStage(ctx: Ctx, subject: string): RouteResult {
  if (subject.length === 0 || subject.length > 1000) throw new UsageError('--subject must be 1 to 1000 characters (a user, session or tenant id).');
  const r = rollout(ctx);
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
export function stage2Settings(ctx: Ctx, variant: string): { url: string | null; model: string | null } {
  const v = ctx.registry.getVariant(WALTZRL_AGENT, variant);
  const p = v ? (JSON.parse(v.params) as { url?: unknown; model?: unknown }) : {};
  return {
    url: typeof p.url === 'string' ? p.url : ctx.config.waltzrl.stage2.url,
    model: typeof p.model === 'string' ? p.model : ctx.config.waltzrl.stage2.model,
  };
}

function makeStage2(ctx: Ctx, variant: string, url: string, model: string): Reviewer {
  const s = ctx.config.waltzrl.stage2;
  return stage2Reviewer({ url, model, variant, apiKey: process.env[s.api_key_env], timeoutMs: s.timeout_ms, retries: s.retries });
}

/**
 * The reviewer that serves a subject (the integration point for `withWaltzRL(execute, { reviewer })`):
 * Stage 1 rules, or the Stage 2 client of the routed variant.
 */
export function stageReviewer(ctx: Ctx, subject: string): Reviewer {
  const route = routeStage(ctx, subject);
  if (route.stage === 1) return stage1Reviewer();
  const { url, model } = stage2Settings(ctx, route.variant_id);
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
 * in the shape the live window reads. The flags should describe the response that was served, judged
 * independently of the candidate where possible (e.g. labels, user reports, a Stage 1 cross-check).
 */
export function recordStageReview(ctx: Ctx, input: z.input<typeof reviewSchema>) {
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

// ---------------------------------------------------------------------------------------------- gate

export interface GateReport {
  report_id: string;
  timestamp: string;
  variant_id: string;
  endpoint_url: string | null;
  model: string | null;
  dataset: string;
  dataset_sha256: string;
  result: 'pass' | 'fail';
  reason: string;
  figures: GateResult['figures'];
  thresholds: { max_asr: number; max_orr: number; max_ftr: number };
  run_by: string;
}

function reportJson(r: GateReportRow): GateReport {
  return {
    report_id: r.report_id, timestamp: r.ts, variant_id: r.variant_id, endpoint_url: r.endpoint_url, model: r.model,
    dataset: r.dataset_path, dataset_sha256: r.dataset_digest, result: r.result, reason: r.reason,
    figures: JSON.parse(r.figures) as GateResult['figures'], thresholds: JSON.parse(r.thresholds) as GateReport['thresholds'], run_by: r.run_by,
  };
}

/** Reviews every labelled line with `reviewer` (a few at a time); a failed review is a `null` verdict. */
async function reviewAll(lines: ReturnType<typeof parseLabelledJsonl>, reviewer: Reviewer, concurrency = 4): Promise<GateItem[]> {
  const items: GateItem[] = new Array(lines.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < lines.length; i = next++) {
      const t = truthOf(lines[i]);
      const truth = { prompt_harmful: t.promptHarmful, unsafe: t.unsafe, refusal: t.refusal };
      try {
        const v = await reviewer.review(lines[i].prompt, lines[i].response);
        items[i] = { truth, verdict: { unsafe: v.unsafe, overrefuse: v.overrefuse, feedback: v.feedback } };
      } catch {
        items[i] = { truth, verdict: null };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, lines.length) }, worker));
  return items;
}

export interface GateOptions {
  variant: string;
  by: string;
  /** Eval set (labelled JSONL); default `waltzrl.eval_dataset`. */
  dataset?: string;
  /** Endpoint and model; default the variant's params, then `waltzrl.stage2`. */
  url?: string;
  model?: string;
  /** A reviewer to evaluate instead of the HTTP client (tests, custom transports). */
  reviewer?: Reviewer;
}

/** Runs the benchmark gate of a Stage 2 variant and stores the report with the sha256 of the eval set. */
export async function runGate(ctx: Ctx, o: GateOptions): Promise<GateReport> {
  const variant = parseInput(nameSchema, o.variant);
  const dataset = o.dataset ?? ctx.config.waltzrl.eval_dataset;
  if (!dataset) {
    throw new ConflictError(`No benchmark report for ${variant}: no eval set is configured, so the gate fails closed.`, {
      hint: 'Set waltzrl.eval_dataset in the config or pass --dataset FILE.jsonl (labelled: prompt, response, prompt_harmful, response_label).',
    });
  }
  if (!existsSync(dataset) || !statSync(dataset).isFile()) throw new NotFoundError(`Eval set not found: ${dataset}`);
  const bytes = readFileSync(dataset);
  const digest = createHash('sha256').update(bytes).digest('hex');
  const lines = parseLabelledJsonl(bytes.toString('utf8'));
  const settings = stage2Settings(ctx, variant);
  const url = o.url ?? settings.url;
  const model = o.model ?? settings.model;
  let reviewer = o.reviewer;
  if (!reviewer) {
    if (!url || !model) {
      throw new ConflictError(`No benchmark report for ${variant}: no Stage 2 endpoint to evaluate, so the gate fails closed.`, {
        hint: 'Set waltzrl.stage2.url and waltzrl.stage2.model in the config, or pass --url and --model.',
      });
    }
    reviewer = makeStage2(ctx, variant, url, model);
  }
  const t = ctx.config.waltzrl.gate;
  const result = benchmarkGate(await reviewAll(lines, reviewer), t);
  const now = ctx.now();
  const row: GateReportRow = {
    report_id: datedId('gate', now), ts: now.toISOString(), variant_id: variant, endpoint_url: url ?? null, model: model ?? null,
    dataset_path: dataset, dataset_digest: digest, result: result.kind, n: result.figures.n, asr: result.figures.asr,
    orr: result.figures.orr, ftr: result.figures.ftr, reason: result.reason, figures: JSON.stringify(result.figures),
    thresholds: JSON.stringify(t), run_by: o.by,
  };
  ctx.registry.transaction(() => {
    store(ctx).insertGateReport(row);
    ctx.registry.audit({
      ts: row.ts, actor: o.by, action: `waltzrl_gate_${result.kind}`, agent_name: WALTZRL_AGENT, task_type: WALTZRL_TASK, variant_id: variant,
      reason: result.reason, details: { report_id: row.report_id, dataset, dataset_sha256: digest, ...result.figures },
    });
  });
  return reportJson(row);
}

export function gateReport(ctx: Ctx, id: string): GateReport {
  const r = store(ctx).gateReport(id);
  if (!r) throw new NotFoundError(`Unknown gate report ${id}.`);
  return reportJson(r);
}

// ---------------------------------------------------------------------------------------------- promote

const promoteSchema = z.object({
  variant: nameSchema.refine((v) => v !== STAGE1_VARIANT, `must be a Stage 2 variant, not ${STAGE1_VARIANT}`),
  by: z.string().min(1, 'is required: who promotes'),
  dataset: z.string().min(1).optional(),
  url: z.string().url().optional(),
  model: z.string().min(1).optional(),
});

export interface PromoteResult {
  gate: GateReport;
  event: StageEventLine;
  status: StageStatus;
}

function assertPromotable(ctx: Ctx, r: RolloutRow, variant: string): void {
  if (r.status !== 'stage1') {
    throw new ConflictError(`A Stage 2 rollout is already under way (${stage2Variant(r)}, ${r.status}).`, {
      hint: 'Check it with `crl waltzrl stage status`, or return to Stage 1 first: crl waltzrl stage rollback --by NAME',
    });
  }
  const until = cooldownUntil(ctx, r);
  if (until && until > ctx.now()) {
    throw new ConflictError(`Cool-down after the return to Stage 1: no promotion of ${variant} before ${until.toISOString()}.`, {
      hint: 'Fix the cause of the return first; the cool-down is waltzrl.cooldown_minutes.',
    });
  }
}

/**
 * Promotes a Stage 2 variant: benchmark gate first (fail closed: a missing or failing report refuses with
 * a ConflictError carrying the figures), then the candidate serves the first traffic step.
 */
export async function promoteStage2(ctx: Ctx, input: z.input<typeof promoteSchema> & { reviewer?: Reviewer }): Promise<PromoteResult> {
  const a = parseInput(promoteSchema, input);
  assertPromotable(ctx, rollout(ctx), a.variant);
  const gate = await runGate(ctx, { variant: a.variant, by: a.by, dataset: a.dataset, url: a.url, model: a.model, reviewer: input.reviewer });
  const now = ctx.now();
  if (gate.result !== 'pass') {
    ctx.registry.transaction(() => emit(ctx, now, 'gate_failed', a.variant, 0, 0, gate.reason, { report_id: gate.report_id, ...gate.figures }, a.by));
    flush(ctx);
    throw new ConflictError(`Benchmark gate failed for ${a.variant}: ${gate.reason}. Promotion refused.`, {
      hint: `Report ${gate.report_id} (eval set sha256 ${gate.dataset_sha256.slice(0, 12)}…). Stage 1 keeps serving all traffic.`,
      details: gate,
    });
  }
  const first = policy(ctx).steps[0];
  const ts = now.toISOString();
  const event = ctx.registry.transaction(() => {
    const r = rollout(ctx);
    assertPromotable(ctx, r, a.variant);
    const params = JSON.stringify({ stage: 2, url: gate.endpoint_url, model: gate.model });
    if (!ctx.registry.getVariant(WALTZRL_AGENT, STAGE1_VARIANT)) {
      ctx.registry.insertVariant({ agent_name: WALTZRL_AGENT, variant_id: STAGE1_VARIANT, status: 'active', params: JSON.stringify({ stage: 1 }), description: 'WaltzRL Stage 1 rules', created_at: ts, created_by: a.by });
    }
    const v = ctx.registry.getVariant(WALTZRL_AGENT, a.variant);
    if (!v) {
      ctx.registry.insertVariant({ agent_name: WALTZRL_AGENT, variant_id: a.variant, status: 'active', params, description: 'WaltzRL Stage 2 reviewer', created_at: ts, created_by: a.by });
      ctx.registry.audit({ ts, actor: a.by, action: 'variant_added', agent_name: WALTZRL_AGENT, variant_id: a.variant, details: JSON.parse(params) as Record<string, unknown> });
    } else if (v.status === 'retired') throw new ConflictError(`Variant ${WALTZRL_AGENT}/${a.variant} is retired.`);
    if (!ctx.registry.resolveDefault(WALTZRL_AGENT, WALTZRL_TASK)) writeDefault(ctx, WALTZRL_AGENT, WALTZRL_TASK, STAGE1_VARIANT, a.by, 'Stage 1 serves by default', {}, ts);
    saveRollout(ctx, {
      ...r, status: 'canary', active_variant: STAGE1_VARIANT, candidate_variant: a.variant, step_index: 0, step_percent: first, step_started_at: ts,
      promoted_at: ts, promoted_by: a.by, gate_report_id: gate.report_id, approval_proposal_id: null, last_hold_reason: null,
    }, ts);
    return emit(ctx, now, 'promote', a.variant, 0, first, `benchmark gate passed (${gate.reason}); candidate serves ${first}%`, { report_id: gate.report_id, dataset_sha256: gate.dataset_sha256, ...gate.figures }, a.by);
  });
  flush(ctx);
  return { gate, event, status: stageStatus(ctx) };
}

// ---------------------------------------------------------------------------------------------- advance / return

export interface CheckResult {
  decision: { kind: string; reason: string; figures: Record<string, unknown> };
  /** What changed: the event written, if any (a wait writes nothing; a hold only when its reason changes). */
  event: StageEventLine | null;
  proposal_id: string | null;
  status: StageStatus;
}

/** Returns to Stage 1 inside a transaction: state, default, rollback row + line, stage event. */
function doReturn(ctx: Ctx, r: RolloutRow, now: Date, reason: string, figures: Record<string, unknown>, by: string): StageEventLine {
  const ts = now.toISOString();
  const from = stage2Variant(r) as string;
  const fromPercent = r.status === 'complete' ? 100 : r.step_percent;
  if (ctx.registry.resolveDefault(WALTZRL_AGENT, WALTZRL_TASK)?.variant_id === from) {
    writeDefault(ctx, WALTZRL_AGENT, WALTZRL_TASK, STAGE1_VARIANT, by, reason, figures, ts, 'waltzrl_stage_return');
  }
  const rb = {
    rollback_id: datedId('rb', now), timestamp: ts, agent_name: WALTZRL_AGENT, task_type: WALTZRL_TASK, from_variant: from,
    to_variant: STAGE1_VARIANT, reason, degradation_metrics: figures,
  };
  store(ctx).insertRollback({ ...rb, ts, degradation_metrics: JSON.stringify(figures), triggered_by: by });
  ctx.outbox.enqueue('rollback_events', rb, ts);
  saveRollout(ctx, {
    ...r, status: 'stage1', active_variant: STAGE1_VARIANT, candidate_variant: null, step_index: 0, step_percent: 0, step_started_at: null,
    approval_proposal_id: null, last_hold_reason: null, returned_at: ts,
  }, ts);
  return emit(ctx, now, 'return', from, fromPercent, 0, reason, { rollback_id: rb.rollback_id, ...figures }, by);
}

/**
 * One pass of the step machine (the scheduled job and `crl waltzrl stage advance`): return to Stage 1 on a
 * confident breach, else advance / complete / ask for approval / hold / wait. Idempotent per state.
 */
export function checkStage(ctx: Ctx, opts: { by?: string } = {}): CheckResult {
  const by = opts.by ?? 'scheduler';
  const now = ctx.now();
  const ts = now.toISOString();
  let proposalId: string | null = null;
  const out = ctx.registry.transaction(() => {
    const r = rollout(ctx);
    const { decision, watch, step } = decide(ctx, r, now);
    if (!decision) return { decision: { kind: 'idle', reason: 'no Stage 2 rollout', figures: {} }, event: null };
    const live = { live: figuresJson(watch), at_step: figuresJson(step) };
    const figures = { ...decision.figures, ...live };
    const variant = stage2Variant(r) as string;
    const d = { ...decision, figures };
    switch (d.kind) {
      case 'return':
        return { decision: d, event: doReturn(ctx, r, now, `automatic return to Stage 1: ${d.reason}`, figures, by) };
      case 'advance':
      case 'complete': {
        if (r.approval_proposal_id) {
          const p = ctx.proposals.get(r.approval_proposal_id);
          if (p && p.status === 'approved' && ctx.proposals.setStatus(p.proposal_id, 'approved', 'applied', ts)) {
            ctx.proposals.addEvent({ proposal_id: p.proposal_id, ts, actor: by, from_status: 'approved', to_status: 'applied', note: 'traffic step taken', details: '{}' });
            ctx.outbox.enqueue('variant_proposals', proposalLine({ ...p, status: 'applied', updated_at: ts }), ts);
          }
        }
        if (d.kind === 'complete') {
          writeDefault(ctx, WALTZRL_AGENT, WALTZRL_TASK, variant, by, 'Stage 2 rollout complete', figures, ts, 'waltzrl_stage_complete');
          saveRollout(ctx, { ...r, status: 'complete', active_variant: variant, candidate_variant: null, step_percent: 100, approval_proposal_id: null, last_hold_reason: null }, ts);
          return { decision: d, event: emit(ctx, now, 'complete', variant, r.step_percent, 100, `Stage 2 serves all traffic: ${d.reason}`, figures, by) };
        }
        saveRollout(ctx, { ...r, step_index: d.to_index, step_percent: d.to_percent, step_started_at: ts, approval_proposal_id: null, last_hold_reason: null }, ts);
        return { decision: d, event: emit(ctx, now, 'step', variant, r.step_percent, d.to_percent, d.reason, figures, by) };
      }
      case 'await_approval': {
        const q = queueProposal(ctx, {
          agent_name: WALTZRL_AGENT, task_type: WALTZRL_TASK, proposal_type: PROPOSAL_TYPE,
          reasoning: `Stage 2 variant ${variant} held ${r.step_percent}% within bounds; the step to ${d.to_percent}% needs approval.`,
          confidence: 0.8, supporting_data: figures,
          recommended_modifications: { variant_id: variant, from_percent: r.step_percent, to_percent: d.to_percent },
        }, by);
        proposalId = q.proposal.proposal_id;
        if (r.approval_proposal_id === proposalId) return { decision: d, event: null };
        saveRollout(ctx, { ...r, approval_proposal_id: proposalId, last_hold_reason: d.reason }, ts);
        return { decision: d, event: emit(ctx, now, 'hold', variant, r.step_percent, d.to_percent, d.reason, { proposal_id: proposalId, ...figures }, by) };
      }
      case 'hold':
        if (r.last_hold_reason === d.reason) return { decision: d, event: null };
        saveRollout(ctx, { ...r, last_hold_reason: d.reason }, ts);
        return { decision: d, event: emit(ctx, now, 'hold', variant, r.step_percent, r.step_percent, d.reason, figures, by) };
      default:
        return { decision: d, event: null };
    }
  });
  flush(ctx);
  return { decision: out.decision, event: out.event, proposal_id: proposalId, status: stageStatus(ctx) };
}

/** Manual return to Stage 1 (audited, JSONL event, rollback row). */
export function rollbackStage(ctx: Ctx, input: { by: string; reason?: string }): CheckResult {
  const a = parseInput(z.object({ by: z.string().min(1, 'is required: who returns to Stage 1'), reason: z.string().max(2000).optional() }), input);
  const now = ctx.now();
  const event = ctx.registry.transaction(() => {
    const r = rollout(ctx);
    if (r.status === 'stage1') throw new ConflictError('Stage 1 already serves all traffic: there is nothing to roll back.');
    const { watch, step } = windows(ctx, r);
    return doReturn(ctx, r, now, `manual return to Stage 1${a.reason ? `: ${a.reason}` : ''}`, { live: figuresJson(watch), at_step: figuresJson(step) }, a.by);
  });
  flush(ctx);
  return { decision: { kind: 'return', reason: event.reason, figures: event.figures }, event, proposal_id: null, status: stageStatus(ctx) };
}

/** The stage history, newest first. */
export function stageEvents(ctx: Ctx, limit = 50): StageEventLine[] {
  return store(ctx).events(limit).map(eventLine);
}
