/** The rollout state of the WaltzRL stages and its writes (state row, stage events, return to Stage 1). */

import { datedId } from '../../ids';
import { liveFigures } from '../../../core/waltzrl/stage/live-figures';
import type { LiveFigures, StepPolicy } from '../../../core/waltzrl/stage/stage-steps';
import type { Ctx } from '../../context';
import { ConflictError } from '../../errors';
import { writeDefault } from '../variants/variants-service';
import { STAGE1_VARIANT } from './reviewer';
import type { RolloutRow, StageEventRow, WaltzrlStageStore } from './stage-store-type';

export const WALTZRL_AGENT = 'waltzrl';
export const WALTZRL_TASK = 'safety-review';
const ROLLOUT = 'waltzrl';

export const stageStore = (ctx: Ctx): WaltzrlStageStore => ctx.waltzrlStage;

function initialRollout(now: string): RolloutRow {
  return {
    name: ROLLOUT, status: 'stage1', active_variant: STAGE1_VARIANT, candidate_variant: null, step_index: 0, step_percent: 0,
    step_started_at: null, promoted_at: null, promoted_by: null, gate_report_id: null, approval_proposal_id: null,
    last_hold_reason: null, returned_at: null, updated_at: now, version: 0,
  };
}

/** The rollout state row (the initial Stage 1 state before the first write). */
export async function rollout(ctx: Ctx): Promise<RolloutRow> {
  return (await stageStore(ctx).get(ROLLOUT)) ?? initialRollout(ctx.now().toISOString());
}

/**
 * Writes the state with compare-and-set (inserting the row the first time). Call inside the caller's
 * transaction, with its `tx` (`transaction(ctx, async (tx) => … saveRollout(tx, …))`).
 */
export async function saveRollout(ctx: Ctx, row: RolloutRow, now: string): Promise<void> {
  const s = stageStore(ctx);
  const next = { ...row, updated_at: now, version: row.version + 1 };
  if (!(await s.get(ROLLOUT))) await s.insert(next);
  else if (!(await s.update(next, row.version))) throw new ConflictError('The WaltzRL rollout changed while this command ran.', { hint: 'Run the command again.' });
}

/** The variant the rollout watches: the candidate in canary, the active Stage 2 variant once complete. */
export function stage2Variant(r: RolloutRow): string | null {
  return r.status === 'canary' ? r.candidate_variant : r.status === 'complete' ? r.active_variant : null;
}

/** End of the cool-down after the last return to Stage 1 (`waltzrl.cooldown_minutes`), null without a return. */
export function cooldownUntil(ctx: Ctx, r: RolloutRow): Date | null {
  return r.returned_at ? new Date(Date.parse(r.returned_at) + ctx.config.waltzrl.cooldown_minutes * 60_000) : null;
}

/** The step policy of the config (steps in increasing order). */
export function stepPolicy(ctx: Ctx): StepPolicy {
  const w = ctx.config.waltzrl;
  return {
    steps: [...w.steps], min_dwell_minutes: w.min_dwell_minutes, min_samples_per_step: w.min_samples_per_step,
    requires_approval_steps: w.requires_approval_steps, rollback_asr: w.rollback_asr, rollback_orr: w.rollback_orr,
    max_error_rate: w.max_error_rate, max_p95_latency_ms: w.max_p95_latency_ms, rollback_min_samples: w.rollback_min_samples,
    rollback_alpha: w.rollback_alpha,
  };
}

/** Live figures of the watched variant: `watch` since promotion (the return window), `step` since the current step began. */
export async function windows(ctx: Ctx, r: RolloutRow): Promise<{ watch: LiveFigures; step: LiveFigures }> {
  const w = ctx.config.waltzrl;
  const empty = liveFigures([], w.max_p95_latency_ms);
  const variant = stage2Variant(r);
  const t = variant ? await ctx.learning.getTuple(WALTZRL_AGENT, WALTZRL_TASK, variant) : undefined;
  if (!t || !r.promoted_at) return { watch: empty, step: empty };
  const s = stageStore(ctx);
  const watch = liveFigures(await s.window(t.id, r.promoted_at, w.watch_window), w.max_p95_latency_ms);
  const stepRows = await s.window(t.id, r.step_started_at ?? r.promoted_at, Math.max(w.watch_window, w.min_samples_per_step));
  return { watch, step: liveFigures(stepRows, w.max_p95_latency_ms) };
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

export function eventLine(e: StageEventRow): StageEventLine {
  return {
    event_id: e.event_id, timestamp: e.ts, agent_name: WALTZRL_AGENT, task_type: WALTZRL_TASK, event_type: e.event_type,
    variant_id: e.variant_id, from_percent: e.from_percent, to_percent: e.to_percent, reason: e.reason,
    figures: JSON.parse(e.figures) as Record<string, unknown>, triggered_by: e.triggered_by,
  };
}

/** A stage event as written: `type` of `variant`, traffic `from` → `to` percent, and who triggered it. */
export interface StageEvent {
  type: string;
  variant: string;
  from: number | null;
  to: number | null;
  reason: string;
  figures: Record<string, unknown>;
  by: string;
}

/**
 * A new event id for `ts` that sorts (in byte order) after every event id already written at that same `ts`:
 * the tie-break of the event history on PostgreSQL, which has no insertion order (two events of one
 * millisecond, e.g. a hold and the step its approval allows, must list in the order they were written).
 */
async function eventIdAfter(ctx: Ctx, now: Date, ts: string): Promise<string> {
  const candidate = datedId('ws', now);
  const last = await stageStore(ctx).lastEventIdAt(ts);
  if (last === undefined || candidate > last) return candidate;
  const n = Number.parseInt(last.slice(-8), 16);
  // Only when the last id is ws-…-ffffffff (one chance in 2^32 per event) is no greater id of this form left.
  if (!Number.isFinite(n) || n >= 0xffffffff) return candidate;
  const r = globalThis.crypto.getRandomValues(new Uint32Array(1))[0];
  const next = n + 1 + (r % (0xffffffff - n));
  return `${last.slice(0, -8)}${next.toString(16).padStart(8, '0')}`;
}

/** Stage event = event row + audit row + JSONL line (outbox). Call inside a transaction. */
export async function emit(ctx: Ctx, now: Date, e: StageEvent): Promise<StageEventLine> {
  const ts = now.toISOString();
  const row: StageEventRow = {
    event_id: await eventIdAfter(ctx, now, ts), ts, event_type: e.type, variant_id: e.variant, from_percent: e.from, to_percent: e.to,
    reason: e.reason, figures: JSON.stringify(e.figures), triggered_by: e.by,
  };
  await stageStore(ctx).insertEvent(row);
  await ctx.registry.audit({
    ts: row.ts, actor: e.by, action: `waltzrl_stage_${e.type}`, agent_name: WALTZRL_AGENT, task_type: WALTZRL_TASK, variant_id: e.variant,
    reason: e.reason, details: { event_id: row.event_id, from_percent: e.from, to_percent: e.to, ...e.figures },
  });
  const line = eventLine(row);
  await ctx.outbox.enqueue('waltzrl_stage_events', line, row.ts);
  return line;
}

/** Appends the JSONL lines of the committed stage events and rollbacks. */
export const flush = async (ctx: Ctx): Promise<number> => ctx.outbox.flush(ctx.dataDir, ctx.now().toISOString());

/** Returns to Stage 1 inside a transaction: state, default, rollback row + line, stage event. */
export async function returnToStage1(
  ctx: Ctx, r: RolloutRow, now: Date, reason: string, figures: Record<string, unknown>, by: string,
): Promise<StageEventLine> {
  const ts = now.toISOString();
  const from = stage2Variant(r) as string;
  const fromPercent = r.status === 'complete' ? 100 : r.step_percent;
  if ((await ctx.registry.resolveDefault(WALTZRL_AGENT, WALTZRL_TASK))?.variant_id === from) {
    await writeDefault(ctx, WALTZRL_AGENT, WALTZRL_TASK, STAGE1_VARIANT, by, reason, figures, ts, 'waltzrl_stage_return');
  }
  const rb = {
    rollback_id: datedId('rb', now), timestamp: ts, agent_name: WALTZRL_AGENT, task_type: WALTZRL_TASK, from_variant: from,
    to_variant: STAGE1_VARIANT, reason, degradation_metrics: figures,
  };
  await stageStore(ctx).insertRollback({ ...rb, ts, degradation_metrics: JSON.stringify(figures), triggered_by: by });
  await ctx.outbox.enqueue('rollback_events', rb, ts);
  await saveRollout(ctx, {
    ...r, status: 'stage1', active_variant: STAGE1_VARIANT, candidate_variant: null, step_index: 0, step_percent: 0, step_started_at: null,
    approval_proposal_id: null, last_hold_reason: null, returned_at: ts,
  }, ts);
  return emit(ctx, now, { type: 'return', variant: from, from: fromPercent, to: 0, reason, figures: { rollback_id: rb.rollback_id, ...figures }, by });
}
