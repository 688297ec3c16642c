/**
 * The WaltzRL Stage 2 rollout step machine: status, promote (benchmark gate first), check (advance /
 * complete / hold / return) and manual rollback. The gate run is in ./stage-gate, routing and the
 * recording of served reviews in ./stage-route, the rollout state and its writes in ./stage-state; their
 * exports that callers use are re-exported here, so this module stays the feature's one entry point.
 */

import { z } from 'zod';
import { stageSteps, type StepDecision, type LiveFigures } from '../../../core/waltzrl/stage/stage-steps';
import { liveFiguresJson } from '../../../core/waltzrl/stage/live-figures';
import { nameSchema } from '../../../telemetry/schemas';
import { type Ctx, transaction } from '../../context';
import { ConflictError } from '../../errors';
import { parseInput } from '../../validate';
import { proposalLine, queueProposal } from '../proposals/review-queue';
import { writeDefault } from '../variants/variants-service';
import { STAGE1_VARIANT, type Reviewer } from './reviewer';
import { type GateReport, runGate } from './stage-gate';
import {
  cooldownUntil, emit, eventLine, flush, returnToStage1, rollout, saveRollout, stage2Variant, type StageEventLine, stageStore, stepPolicy,
  WALTZRL_AGENT, WALTZRL_TASK, windows,
} from './stage-state';
import type { RolloutRow } from './stage-store-type';

export { WALTZRL_AGENT, WALTZRL_TASK, type StageEventLine } from './stage-state';
export { recordStageReview, routeStage, type RouteResult, stageReviewer } from './stage-route';
export { gateReport, type GateOptions, type GateReport, runGate } from './stage-gate';

const PROPOSAL_TYPE = 'waltzrl_stage_step';

async function approvalOf(ctx: Ctx, r: RolloutRow): Promise<'none' | 'pending' | 'approved' | 'rejected'> {
  const p = r.approval_proposal_id ? await ctx.proposals.get(r.approval_proposal_id) : undefined;
  if (!p) return 'none';
  if (p.status === 'approved' || p.status === 'applied') return 'approved';
  return p.status === 'rejected' ? 'rejected' : 'pending';
}

/** What the step machine decides for the stage rollout now (read-only); null in Stage 1 (nothing to watch). */
export async function evaluateStage(
  ctx: Ctx, row?: RolloutRow, now: Date = ctx.now(),
): Promise<{ decision: StepDecision | null; watch: LiveFigures; step: LiveFigures }> {
  const r = row ?? (await rollout(ctx));
  const { watch, step } = await windows(ctx, r);
  if (r.status === 'stage1') return { decision: null, watch, step };
  const state = {
    status: r.status, step_index: r.step_index, approval: await approvalOf(ctx, r),
    step_started_at_ms: Date.parse(r.step_started_at ?? r.promoted_at ?? now.toISOString()),
  } as const;
  return { decision: stageSteps(state, watch, step, now.getTime(), stepPolicy(ctx)), watch, step };
}

// ---------------------------------------------------------------------------------------------- status

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
  live: ReturnType<typeof liveFiguresJson>;
  at_step: ReturnType<typeof liveFiguresJson>;
  next_action: { kind: string; reason: string };
  approval_proposal_id: string | null;
  returned_at: string | null;
  cooldown_until: string | null;
}

const PROMOTE_HINT = 'Stage 1 serves all traffic; promote a Stage 2 variant with `crl waltzrl stage promote <variant> --by NAME`';

/** Where the rollout stands, the live figures of the Stage 2 variant and what the next check would do. */
export async function stageStatus(ctx: Ctx): Promise<StageStatus> {
  const r = await rollout(ctx);
  const now = ctx.now();
  const { decision, watch, step } = await evaluateStage(ctx, r, now);
  const cooldown = cooldownUntil(ctx, r);
  const next = decision
    ? { kind: decision.kind, reason: decision.reason }
    : { kind: 'promote', reason: cooldown && cooldown > now ? `cool-down after a return until ${cooldown.toISOString()}` : PROMOTE_HINT };
  const started = r.status === 'canary' ? r.step_started_at : null;
  return {
    status: r.status,
    active_stage: r.status === 'complete' ? 2 : 1,
    active_variant: r.active_variant,
    candidate_variant: r.status === 'canary' ? r.candidate_variant : null,
    traffic_percent: r.status === 'canary' ? r.step_percent : r.status === 'complete' ? 100 : 0,
    step_index: r.status === 'canary' ? r.step_index : null,
    steps: stepPolicy(ctx).steps,
    step_started_at: started,
    minutes_at_step: started ? Math.round(((now.getTime() - Date.parse(started)) / 60_000) * 10) / 10 : null,
    samples_at_step: r.status === 'canary' ? step.n : 0,
    promoted_at: r.promoted_at,
    promoted_by: r.promoted_by,
    gate_report_id: r.gate_report_id,
    live: liveFiguresJson(watch),
    at_step: liveFiguresJson(step),
    next_action: next,
    approval_proposal_id: r.approval_proposal_id,
    returned_at: r.returned_at,
    cooldown_until: cooldown && cooldown > now ? cooldown.toISOString() : null,
  };
}

// ---------------------------------------------------------------------------------------------- promote

const promoteSchema = z.object({
  variant: nameSchema.refine((v) => v !== STAGE1_VARIANT, `must be a Stage 2 variant, not ${STAGE1_VARIANT}`),
  by: z.string().min(1, 'is required: who promotes'),
  dataset: z.string().min(1).optional(),
  url: z.string().url().optional(),
  model: z.string().min(1).optional(),
  /** Why (added to the promote event's reason), e.g. from `crl rollout start --reason`. */
  reason: z.string().max(2000).optional(),
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

/** Registers Stage 1 and the Stage 2 variant as needed and gives the agent its Stage 1 default. Inside a transaction. */
async function ensureVariants(ctx: Ctx, variant: string, gate: GateReport, by: string, ts: string): Promise<void> {
  const params = JSON.stringify({ stage: 2, url: gate.endpoint_url, model: gate.model });
  if (!(await ctx.registry.getVariant(WALTZRL_AGENT, STAGE1_VARIANT))) {
    const description = 'WaltzRL Stage 1 rules';
    await ctx.registry.insertVariant({ agent_name: WALTZRL_AGENT, variant_id: STAGE1_VARIANT, status: 'active', params: JSON.stringify({ stage: 1 }), description, created_at: ts, created_by: by });
  }
  const v = await ctx.registry.getVariant(WALTZRL_AGENT, variant);
  if (!v) {
    await ctx.registry.insertVariant({ agent_name: WALTZRL_AGENT, variant_id: variant, status: 'active', params, description: 'WaltzRL Stage 2 reviewer', created_at: ts, created_by: by });
    await ctx.registry.audit({ ts, actor: by, action: 'variant_added', agent_name: WALTZRL_AGENT, variant_id: variant, details: JSON.parse(params) as Record<string, unknown> });
  } else if (v.status === 'retired') throw new ConflictError(`Variant ${WALTZRL_AGENT}/${variant} is retired.`);
  if (!(await ctx.registry.resolveDefault(WALTZRL_AGENT, WALTZRL_TASK))) await writeDefault(ctx, WALTZRL_AGENT, WALTZRL_TASK, STAGE1_VARIANT, by, 'Stage 1 serves by default', {}, ts);
}

/**
 * Promotes a Stage 2 variant: benchmark gate first (fail closed: a missing or failing report refuses with
 * a ConflictError carrying the figures), then the candidate serves the first traffic step.
 */
export async function promoteStage2(ctx: Ctx, input: z.input<typeof promoteSchema> & { reviewer?: Reviewer }): Promise<PromoteResult> {
  const a = parseInput(promoteSchema, input);
  assertPromotable(ctx, await rollout(ctx), a.variant);
  const gate = await runGate(ctx, { variant: a.variant, by: a.by, dataset: a.dataset, url: a.url, model: a.model, reviewer: input.reviewer });
  const now = ctx.now();
  if (gate.result !== 'pass') {
    const figures = { report_id: gate.report_id, ...gate.figures };
    await transaction(ctx, (tx) => emit(tx, now, { type: 'gate_failed', variant: a.variant, from: 0, to: 0, reason: gate.reason, figures, by: a.by }));
    await flush(ctx);
    throw new ConflictError(`Benchmark gate failed for ${a.variant}: ${gate.reason}. Promotion refused.`, {
      hint: `Report ${gate.report_id} (eval set sha256 ${gate.dataset_sha256.slice(0, 12)}…). Stage 1 keeps serving all traffic.`,
      details: gate,
    });
  }
  const first = stepPolicy(ctx).steps[0];
  const ts = now.toISOString();
  const event = await transaction(ctx, async (tx) => {
    const r = await rollout(tx);
    assertPromotable(tx, r, a.variant);
    await ensureVariants(tx, a.variant, gate, a.by, ts);
    await saveRollout(tx, {
      ...r, status: 'canary', active_variant: STAGE1_VARIANT, candidate_variant: a.variant, step_index: 0, step_percent: first, step_started_at: ts,
      promoted_at: ts, promoted_by: a.by, gate_report_id: gate.report_id, approval_proposal_id: null, last_hold_reason: null,
    }, ts);
    const reason = `benchmark gate passed (${gate.reason}); candidate serves ${first}%${a.reason ? ` (${a.reason})` : ''}`;
    const figures = { report_id: gate.report_id, dataset_sha256: gate.dataset_sha256, ...gate.figures };
    return emit(tx, now, { type: 'promote', variant: a.variant, from: 0, to: first, reason, figures, by: a.by });
  });
  await flush(ctx);
  return { gate, event, status: await stageStatus(ctx) };
}

// ---------------------------------------------------------------------------------------------- advance / return

export interface CheckResult {
  decision: { kind: string; reason: string; figures: Record<string, unknown> };
  /** What changed: the event written, if any (a wait writes nothing; a hold only when its reason changes). */
  event: StageEventLine | null;
  proposal_id: string | null;
  status: StageStatus;
}

type Decided = StepDecision & { figures: Record<string, unknown> };

/** Marks the approved review-queue item of the step as applied (the step is being taken). Inside a transaction. */
async function applyApproval(ctx: Ctx, r: RolloutRow, by: string, ts: string): Promise<void> {
  const p = r.approval_proposal_id ? await ctx.proposals.get(r.approval_proposal_id) : undefined;
  if (p && p.status === 'approved' && (await ctx.proposals.setStatus(p.proposal_id, 'approved', 'applied', ts))) {
    await ctx.proposals.addEvent({ proposal_id: p.proposal_id, ts, actor: by, from_status: 'approved', to_status: 'applied', note: 'traffic step taken', details: '{}' });
    await ctx.outbox.enqueue('variant_proposals', proposalLine({ ...p, status: 'applied', updated_at: ts }), ts);
  }
}

/** Acts on one decision of the step machine inside a transaction; returns the event written (or null) and the review-queue item. */
async function act(ctx: Ctx, r: RolloutRow, d: Decided, now: Date, by: string): Promise<{ event: StageEventLine | null; proposalId: string | null }> {
  const ts = now.toISOString();
  const variant = stage2Variant(r) as string;
  const { figures } = d;
  const step = (type: string, to: number, reason: string, extra: Record<string, unknown> = {}) =>
    emit(ctx, now, { type, variant, from: r.step_percent, to, reason, figures: { ...extra, ...figures }, by });
  switch (d.kind) {
    case 'return':
      return { event: await returnToStage1(ctx, r, now, `automatic return to Stage 1: ${d.reason}`, figures, by), proposalId: null };
    case 'advance':
    case 'complete':
      await applyApproval(ctx, r, by, ts);
      if (d.kind === 'complete') {
        await writeDefault(ctx, WALTZRL_AGENT, WALTZRL_TASK, variant, by, 'Stage 2 rollout complete', figures, ts, 'waltzrl_stage_complete');
        const done: RolloutRow = { ...r, status: 'complete', active_variant: variant, candidate_variant: null, step_percent: 100, approval_proposal_id: null, last_hold_reason: null };
        await saveRollout(ctx, done, ts);
        return { event: await step('complete', 100, `Stage 2 serves all traffic: ${d.reason}`), proposalId: null };
      }
      await saveRollout(ctx, { ...r, step_index: d.to_index, step_percent: d.to_percent, step_started_at: ts, approval_proposal_id: null, last_hold_reason: null }, ts);
      return { event: await step('step', d.to_percent, d.reason), proposalId: null };
    case 'await_approval': {
      const q = await queueProposal(ctx, {
        agent_name: WALTZRL_AGENT, task_type: WALTZRL_TASK, proposal_type: PROPOSAL_TYPE,
        reasoning: `Stage 2 variant ${variant} held ${r.step_percent}% within bounds; the step to ${d.to_percent}% needs approval.`,
        confidence: 0.8, supporting_data: figures,
        recommended_modifications: { variant_id: variant, from_percent: r.step_percent, to_percent: d.to_percent },
      }, by);
      const proposalId = q.proposal.proposal_id;
      if (r.approval_proposal_id === proposalId) return { event: null, proposalId };
      await saveRollout(ctx, { ...r, approval_proposal_id: proposalId, last_hold_reason: d.reason }, ts);
      return { event: await step('hold', d.to_percent, d.reason, { proposal_id: proposalId }), proposalId };
    }
    case 'hold':
      if (r.last_hold_reason === d.reason) return { event: null, proposalId: null };
      await saveRollout(ctx, { ...r, last_hold_reason: d.reason }, ts);
      return { event: await step('hold', r.step_percent, d.reason), proposalId: null };
    default:
      return { event: null, proposalId: null };
  }
}

/**
 * One pass of the step machine (the scheduled job and `crl waltzrl stage advance`): return to Stage 1 on a
 * confident breach, else advance / complete / ask for approval / hold / wait. Idempotent per state.
 */
export async function checkStage(ctx: Ctx, opts: { by?: string } = {}): Promise<CheckResult> {
  const by = opts.by ?? 'scheduler';
  const now = ctx.now();
  const out = await transaction(ctx, async (tx) => {
    const r = await rollout(tx);
    const { decision, watch, step } = await evaluateStage(tx, r, now);
    if (!decision) return { decision: { kind: 'idle', reason: 'no Stage 2 rollout', figures: {} }, event: null, proposalId: null };
    const d: Decided = { ...decision, figures: { ...decision.figures, live: liveFiguresJson(watch), at_step: liveFiguresJson(step) } };
    return { decision: d, ...(await act(tx, r, d, now, by)) };
  });
  await flush(ctx);
  return { decision: out.decision, event: out.event, proposal_id: out.proposalId, status: await stageStatus(ctx) };
}

/** Manual return to Stage 1 (audited, JSONL event, rollback row). */
export async function rollbackStage(ctx: Ctx, input: { by: string; reason?: string }): Promise<CheckResult> {
  const a = parseInput(z.object({ by: z.string().min(1, 'is required: who returns to Stage 1'), reason: z.string().max(2000).optional() }), input);
  const now = ctx.now();
  const event = await transaction(ctx, async (tx) => {
    const r = await rollout(tx);
    if (r.status === 'stage1') throw new ConflictError('Stage 1 already serves all traffic: there is nothing to roll back.');
    const { watch, step } = await windows(tx, r);
    const figures = { live: liveFiguresJson(watch), at_step: liveFiguresJson(step) };
    return returnToStage1(tx, r, now, `manual return to Stage 1${a.reason ? `: ${a.reason}` : ''}`, figures, a.by);
  });
  await flush(ctx);
  return { decision: { kind: 'return', reason: event.reason, figures: event.figures }, event, proposal_id: null, status: await stageStatus(ctx) };
}

/** The stage history, newest first. */
export async function stageEvents(ctx: Ctx, limit = 50): Promise<StageEventLine[]> {
  return (await stageStore(ctx).events(limit)).map(eventLine);
}
