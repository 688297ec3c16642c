/**
 * The WaltzRL Stage 2 promotion as one rollout of the generic interface: agent `waltzrl`, task `safety-review`,
 * the Stage 2 variant as the candidate, Stage 1 as the baseline, the stage machine (`stageSteps` = `rolloutSteps`
 * over the ASR/ORR return bounds of `stageAnalysis`) as its analysis. `crl rollout …` and `crl waltzrl stage …`
 * reach the same service calls of ../waltzrl/stage-service: promote (benchmark gate first), check, rollback.
 *
 * Where the state lives: the stage keeps its own row in `waltzrl_rollout` (and its events in
 * `waltzrl_stage_events`, exported to waltzrl_stage_events.jsonl), adapted here to the views of the `rollouts`
 * table; it is not moved into `rollouts`. Moving it would need a data migration of a running canary, would change
 * its sticky buckets (the stage salts them with the candidate id, the serving decision with `rollout:<id>`, so
 * subjects at 10% would move), and would have to give the generic table what only the stage has (a complete state
 * that is still watched and can return, the gate report, the cool-down after a return, the once-only hold, event
 * ids `ws-…` in their own JSONL file). Adapting it keeps every behaviour and file format of the stage as it is.
 * The stage is one long-lived rollout state (row `waltzrl`): its id in these views is `waltzrl-stage`.
 */

import type { TwoArmFigures } from '../../../core/rollout/two-arm-analysis';
import { liveFiguresJson } from '../../../core/waltzrl/stage/live-figures';
import type { Ctx } from '../../context';
import { ConflictError, NotFoundError, UsageError } from '../../errors';
import { STAGE1_VARIANT } from '../waltzrl/reviewer';
import { checkStage, evaluateStage, promoteStage2, rollbackStage, type StageEventLine, stageEvents } from '../waltzrl/stage-service';
import { rollout, stage2Variant, stepPolicy, WALTZRL_AGENT, WALTZRL_TASK } from '../waltzrl/stage-state';
import type { RolloutRow as StageRow } from '../waltzrl/stage-store-type';
import type { RolloutAction, RolloutEventView, StartRolloutInput, StartRolloutResult } from './rollout-service';
import type { RolloutView, RolloutViewFigures } from './rollout-view';

export const STAGE_ROLLOUT_ID = 'waltzrl-stage';

/** The agent/task pair the WaltzRL Stage 2 promotion owns. */
export const isStageRollout = (agent: string | undefined, task: string | undefined): boolean => agent === WALTZRL_AGENT && task === WALTZRL_TASK;

/** Whether a status/history filter (absent fields match anything) covers the stage rollout. */
export const stageMatches = (f: { agent?: string; task?: string }): boolean =>
  (f.agent === undefined || f.agent === WALTZRL_AGENT) && (f.task === undefined || f.task === WALTZRL_TASK);

const rate = (k: number, n: number) => (n > 0 ? Math.round((k / n) * 10_000) / 10_000 : null);

/** Both arms of the stage since the promotion (Stage 2 candidate, Stage 1 baseline), in the generic figures. */
async function armFigures(ctx: Ctx, s: StageRow): Promise<TwoArmFigures> {
  const variant = stage2Variant(s);
  const since = s.promoted_at ?? ctx.now().toISOString();
  const c = variant ? await ctx.learning.armSince(WALTZRL_AGENT, WALTZRL_TASK, variant, since, 0) : { n: 0, success: 0 };
  const d = await ctx.learning.armSince(WALTZRL_AGENT, WALTZRL_TASK, STAGE1_VARIANT, since, 0);
  const step = variant && s.status === 'canary' ? (await ctx.learning.armSince(WALTZRL_AGENT, WALTZRL_TASK, variant, s.step_started_at ?? since, 0)).n : 0;
  return { candidate_n: c.n, candidate_rate: rate(c.success, c.n), default_n: d.n, default_rate: rate(d.success, d.n), candidate_step_n: step };
}

/** The stage rollout as a generic view: running while in canary; completed (still watched) only with `all`; none in Stage 1. */
export async function stageRolloutView(ctx: Ctx, all = false): Promise<RolloutView | null> {
  const s = await rollout(ctx);
  if (s.status === 'stage1' || (s.status === 'complete' && !all)) return null;
  const { decision, watch, step } = await evaluateStage(ctx, s);
  const canary = s.status === 'canary';
  const figures: RolloutViewFigures = {
    step_index: s.step_index, step_percent: canary ? s.step_percent : 100, dwell_minutes: 0, ...decision?.figures, ...(await armFigures(ctx, s)),
    live: liveFiguresJson(watch), at_step: liveFiguresJson(step),
  };
  return {
    rollout_id: STAGE_ROLLOUT_ID, agent_name: WALTZRL_AGENT, task_type: WALTZRL_TASK, candidate: stage2Variant(s) ?? '', baseline: STAGE1_VARIANT,
    status: canary ? 'running' : 'completed', step_index: s.step_index, step_percent: canary ? s.step_percent : 100, steps: stepPolicy(ctx).steps,
    step_started_at: s.step_started_at ?? s.promoted_at ?? s.updated_at, started_at: s.promoted_at ?? s.updated_at, started_by: s.promoted_by ?? '',
    ended_at: canary ? null : s.updated_at, end_reason: canary ? null : 'Stage 2 serves all traffic (still watched: a breach returns to Stage 1)',
    next: decision ? { kind: decision.kind, reason: decision.reason, figures } : null,
  };
}

/** Stage event types in the words of `rollout_events` (a hold that asks for approval is `await_approval`). */
function eventType(e: StageEventLine): RolloutEventView['event_type'] {
  switch (e.event_type) {
    case 'promote': return 'start';
    case 'step': return 'advance';
    case 'return': return 'abort';
    case 'complete': return 'complete';
    case 'hold': return e.figures.proposal_id ? 'await_approval' : 'hold';
    default: return 'gate_failed';
  }
}

/** The stage's events (newest first, at most `limit`) as rollout events. */
export async function stageRolloutEvents(ctx: Ctx, limit: number): Promise<RolloutEventView[]> {
  return (await stageEvents(ctx, limit)).map((e) => ({
    rollout_id: STAGE_ROLLOUT_ID, ts: e.timestamp, event_type: eventType(e), agent_name: e.agent_name, task_type: e.task_type, candidate: e.variant_id,
    from_percent: e.from_percent ?? 0, to_percent: e.to_percent ?? 0, actor: e.triggered_by, reason: e.reason, figures: e.figures,
  }));
}

/** `crl rollout start waltzrl <variant> --task safety-review`: the stage's promote (benchmark gate first, fail closed). */
export async function startStageRollout(ctx: Ctx, a: StartRolloutInput): Promise<StartRolloutResult> {
  if (a.immediate) {
    throw new UsageError('The WaltzRL Stage 2 promotion has no immediate switch: it passes the benchmark gate, then the traffic steps.', {
      hint: `Drop --immediate: crl rollout start ${WALTZRL_AGENT} ${a.variant} --task ${WALTZRL_TASK} --by NAME`,
    });
  }
  const p = await promoteStage2(ctx, { variant: a.variant, by: a.by, reason: a.reason });
  const view = await stageRolloutView(ctx);
  if (!view) throw new ConflictError('The WaltzRL stage rollout changed while it was being promoted.', { hint: 'See it with: crl waltzrl stage status' });
  return { kind: 'started', rollout: view, gate: p.gate };
}

async function stageOrThrow(ctx: Ctx): Promise<StageRow> {
  const s = await rollout(ctx);
  if (s.status === 'stage1') {
    throw new NotFoundError(`No rollout is running for ${WALTZRL_AGENT}/${WALTZRL_TASK}: Stage 1 serves all traffic.`, {
      hint: `Start one: crl rollout start ${WALTZRL_AGENT} <stage2-variant> --task ${WALTZRL_TASK} --by NAME`,
    });
  }
  return s;
}

const percentOf = (s: StageRow) => (s.status === 'complete' ? 100 : s.status === 'canary' ? s.step_percent : 0);

function actionOf(s: StageRow, kind: RolloutAction['action'], reason: string, to: number, figures: RolloutViewFigures, rollbackId: string | null): RolloutAction {
  return {
    rollout_id: STAGE_ROLLOUT_ID, agent_name: WALTZRL_AGENT, task_type: WALTZRL_TASK, candidate: stage2Variant(s) ?? '', action: kind, reason,
    from_percent: percentOf(s), to_percent: to, rollback_id: rollbackId, figures,
  };
}

const rollbackIdOf = (e: StageEventLine | null) => (typeof e?.figures.rollback_id === 'string' ? e.figures.rollback_id : null);

/**
 * `crl rollout advance waltzrl --task safety-review`: one pass of the stage machine (`checkStage`). A return to
 * Stage 1 is an `abort`; a wait, hold, approval ask or a steady complete stage is a ConflictError with the reason.
 */
export async function advanceStageRollout(ctx: Ctx, a: { by: string }): Promise<RolloutAction> {
  const s = await stageOrThrow(ctx);
  const before = await armFigures(ctx, s);
  const r = await checkStage(ctx, { by: a.by });
  const d = r.decision;
  const figures: RolloutViewFigures = { step_index: s.step_index, step_percent: percentOf(s), dwell_minutes: 0, ...d.figures, ...before };
  const to = r.status.traffic_percent;
  switch (d.kind) {
    case 'return': return actionOf(s, 'abort', r.event?.reason ?? d.reason, 0, figures, rollbackIdOf(r.event));
    case 'advance':
    case 'complete': return actionOf(s, d.kind, d.reason, to, figures, null);
    case 'idle': throw new NotFoundError(`No rollout is running for ${WALTZRL_AGENT}/${WALTZRL_TASK}.`, { hint: 'See it with: crl waltzrl stage status' });
    default: {
      const kind = d.kind === 'await_approval' || d.kind === 'wait' ? d.kind : 'hold';
      const action = actionOf(s, kind, d.reason, percentOf(s), figures, null);
      throw new ConflictError(`Rollout ${STAGE_ROLLOUT_ID} stays at ${percentOf(s)}%: ${d.reason}`, { details: { ...action, proposal_id: r.proposal_id } });
    }
  }
}

/** `crl rollout abort waltzrl --task safety-review`: the stage's manual return to Stage 1 (audited, rollback event, cool-down). */
export async function abortStageRollout(ctx: Ctx, a: { by: string; reason?: string }): Promise<RolloutAction> {
  const s = await stageOrThrow(ctx);
  const before = await armFigures(ctx, s);
  const r = await rollbackStage(ctx, { by: a.by, reason: a.reason });
  const figures: RolloutViewFigures = { step_index: s.step_index, step_percent: percentOf(s), dwell_minutes: 0, ...r.decision.figures, ...before };
  return actionOf(s, 'abort', r.decision.reason, 0, figures, rollbackIdOf(r.event));
}
