import { z } from 'zod';
import { nameSchema, type RollbackEvent } from '../../../telemetry/schemas';
import { type Ctx, transaction } from '../../context';
import { ConflictError, NotFoundError, UsageError } from '../../errors';
import { datedId } from '../../ids';
import { parseInput } from '../../validate';
import { type AlertEvent, sendAlert } from '../monitor/alerts';
import { queueProposal } from '../proposals/review-queue';
import { checkSafetyGate } from '../safety-gate/safety-gate-service';
import { writeDefault } from '../variants/variants-service';
import type { GateReport } from '../waltzrl/stage-gate';
import type { RolloutEventRow, RolloutEventType, RolloutRow } from './rollout-store-type';
import { approvalOf, evaluateRollout, type RolloutView, type RolloutViewFigures, rolloutView, type TwoArmDecision } from './rollout-view';
import {
  abortStageRollout, advanceStageRollout, isStageRollout, stageMatches, stageRolloutEvents, stageRolloutView, startStageRollout,
} from './waltzrl-stage-rollout';

export { evaluateRollout, rolloutPolicy, rolloutView, type RolloutView, type RolloutViewFigures, type TwoArmDecision } from './rollout-view';

/** Review-queue type of the item a step in `rollout.requires_approval_steps` waits for. */
const STEP_PROPOSAL_TYPE = 'crl_rollout_step';

/** The running rollout that routes an agent/task: the task's own, else an agent-wide one (`*`); one query. */
export function runningRollout(ctx: Ctx, agent: string, task: string): Promise<RolloutRow | undefined> {
  return ctx.rollouts.routing(agent, task);
}

async function event(ctx: Ctx, r: RolloutRow, type: RolloutEventType, from: number, to: number, by: string, reason: string, figures: object): Promise<void> {
  const ts = ctx.now().toISOString();
  await ctx.rollouts.addEvent({
    rollout_id: r.rollout_id, ts, event_type: type, agent_name: r.agent_name, task_type: r.task_type, candidate: r.candidate,
    from_percent: from, to_percent: to, actor: by, reason, figures: JSON.stringify(figures),
  });
  await ctx.registry.audit({
    ts, actor: by, action: `rollout_${type}`, agent_name: r.agent_name, task_type: r.task_type, variant_id: r.candidate, reason,
    details: { rollout_id: r.rollout_id, from_percent: from, to_percent: to, figures },
  });
}

/** Writes the rollout with compare-and-set; a concurrent change is a ConflictError (the other writer won). */
async function save(ctx: Ctx, r: RolloutRow, patch: Partial<RolloutRow>): Promise<RolloutRow> {
  const next = { ...r, ...patch, updated_at: ctx.now().toISOString() };
  if (!(await ctx.rollouts.update(next))) throw new ConflictError(`Rollout ${r.rollout_id} was changed by another process; try again.`);
  return { ...next, version: next.version + 1 };
}

const startSchema = z.object({
  agent: nameSchema,
  variant: nameSchema,
  task: nameSchema.optional(),
  by: z.string().trim().min(1, 'is required: who starts the rollout'),
  reason: z.string().max(2000).optional(),
  /** The guide's direct switch instead of traffic steps (`promotion.mode: immediate`, `--immediate`). */
  immediate: z.boolean().optional(),
});

export type StartRolloutInput = z.input<typeof startSchema>;

export type StartRolloutResult =
  | { kind: 'started'; rollout: RolloutView; /** The benchmark gate report (the WaltzRL stage rollout). */ gate?: GateReport }
  | { kind: 'switched'; agent_name: string; task_type: string; variant_id: string; previous: string | null };

/**
 * Starts a staged rollout of `variant` (the safety gate is checked first: exit 4 when it refuses), or with
 * `immediate` switches the default at once (audited). One running rollout per agent/task.
 */
export async function startRollout(ctx: Ctx, input: StartRolloutInput): Promise<StartRolloutResult> {
  const a = parseInput(startSchema, input);
  const task = a.task ?? '*';
  if (a.agent === 'waltzrl' && task === '*') throw new UsageError('A rollout of agent waltzrl names its task: --task safety-review is the Stage 2 promotion.');
  if (isStageRollout(a.agent, task)) {
    throw new ConflictError('The WaltzRL Stage 2 promotion passes its benchmark gate first and cannot start inside this change.', {
      hint: `Promote it on its own: crl rollout start waltzrl ${a.variant} --task safety-review --by NAME`,
    });
  }
  const v = await ctx.registry.getVariant(a.agent, a.variant);
  if (!v) throw new NotFoundError(`Unknown variant ${a.agent}/${a.variant}.`, { hint: `Register it first: crl variant add ${a.agent} ${a.variant}` });
  if (v.status === 'retired') throw new ConflictError(`Variant ${a.agent}/${a.variant} is retired and cannot be rolled out.`);
  const now = ctx.now().toISOString();
  const reason = a.reason ?? 'rollout started';
  return transaction(ctx, async (tx): Promise<StartRolloutResult> => {
    const current = (await tx.registry.resolveDefault(a.agent, task))?.variant_id ?? null;
    if (current === a.variant) throw new ConflictError(`${a.variant} is already the default of ${a.agent}/${task}.`);
    const running = await tx.rollouts.running(a.agent, task);
    if (running) {
      throw new ConflictError(`A rollout of ${running.candidate} is running for ${a.agent}/${task} (${running.rollout_id}).`, {
        hint: `Wait for it, or abort it: crl rollout abort ${a.agent}${a.task ? ` --task ${a.task}` : ''} --by NAME`,
      });
    }
    if (a.immediate) {
      await writeDefault(tx, a.agent, task, a.variant, a.by, reason, { mode: 'immediate' }, now, 'default_set');
      return { kind: 'switched', agent_name: a.agent, task_type: task, variant_id: a.variant, previous: current };
    }
    const gate = await checkSafetyGate(tx, a.agent, a.variant);
    if (gate.kind === 'fail') {
      throw new ConflictError(`Safety gate: ${a.variant} cannot be rolled out: ${gate.reason}.`, {
        hint: `Benchmark it first: crl safety benchmark --agent ${a.agent} --variant ${a.variant} --responder "CMD"`,
      });
    }
    const steps = tx.config.rollout.steps;
    const row: RolloutRow = {
      rollout_id: datedId('ro', new Date(now)), agent_name: a.agent, task_type: task, candidate: a.variant, baseline: current,
      status: 'running', step_index: 0, step_percent: steps[0], step_started_at: now, approval: 'none', approval_proposal_id: null,
      started_at: now, started_by: a.by, updated_at: now, ended_at: null, end_reason: null, version: 0,
    };
    await tx.rollouts.insert(row);
    await event(tx, row, 'start', 0, steps[0], a.by, reason, { baseline: current });
    return { kind: 'started', rollout: await rolloutView(tx, row) };
  });
}

/** Ends a rollout with an abort: a rollback event away from the candidate (table, JSONL, alert), then a cool-down. */
async function abortRow(ctx: Ctx, r: RolloutRow, by: string, reason: string, figures: object): Promise<AlertEvent> {
  const now = ctx.now();
  const ts = now.toISOString();
  const line: RollbackEvent = {
    rollback_id: datedId('rb', now), timestamp: ts, agent_name: r.agent_name, task_type: r.task_type, from_variant: r.candidate,
    to_variant: r.baseline, reason, degradation_metrics: { rollout_id: r.rollout_id, step_percent: r.step_percent, ...figures },
  };
  await save(ctx, r, { status: 'aborted', ended_at: ts, end_reason: reason });
  await ctx.rollbacks.insert({
    rollback_id: line.rollback_id, ts, event_type: 'rollback', agent_name: r.agent_name, task_type: r.task_type,
    from_variant: r.candidate, to_variant: r.baseline, reason, degradation_metrics: JSON.stringify(line.degradation_metrics), triggered_by: 'rollout',
  });
  await ctx.outbox.enqueue('rollback_events', line, ts);
  await event(ctx, r, 'abort', r.step_percent, 0, by, reason, figures);
  return { event_type: 'rollback', ...line };
}

/** One action a pass took on a rollout. */
export interface RolloutAction {
  rollout_id: string;
  agent_name: string;
  task_type: string;
  candidate: string;
  action: TwoArmDecision['kind'];
  reason: string;
  from_percent: number;
  to_percent: number;
  rollback_id: string | null;
  figures: RolloutViewFigures;
}

type Evaluation = Awaited<ReturnType<typeof evaluateRollout>>;

/** The traffic share a decision leaves the candidate with: 0 on an abort, the next step, else the current one. */
function targetPercent(r: RolloutRow, d: Evaluation): number {
  if (d.kind === 'abort') return 0;
  if (d.kind === 'complete') return 100;
  return d.kind === 'advance' ? d.to_percent : r.step_percent;
}

/** What a pass did (or, in a dry run, would do) to a rollout. */
function actionOf(r: RolloutRow, d: Evaluation, rollbackId: string | null = null): RolloutAction {
  return {
    rollout_id: r.rollout_id, agent_name: r.agent_name, task_type: r.task_type, candidate: r.candidate, action: d.kind,
    reason: d.reason, from_percent: r.step_percent, to_percent: targetPercent(r, d), rollback_id: rollbackId, figures: d.figures,
  };
}

/** Acts on the step machine's decision for one running rollout (one transaction); returns what it did. */
async function act(ctx: Ctx, r0: RolloutRow, by: string): Promise<{ action: RolloutAction; alert: AlertEvent | null }> {
  let alert: AlertEvent | null = null;
  const action = await transaction(ctx, async (tx): Promise<RolloutAction> => {
    const r = await tx.rollouts.get(r0.rollout_id);
    if (!r || r.status !== 'running') throw new ConflictError(`Rollout ${r0.rollout_id} is no longer running.`);
    const d = await evaluateRollout(tx, r);
    const ts = tx.now().toISOString();
    switch (d.kind) {
      case 'abort': {
        const a = await abortRow(tx, r, by, `Rollout aborted: the candidate is degraded against the default. ${d.reason}`, d.figures);
        alert = a;
        return actionOf(r, d, a.rollback_id);
      }
      case 'advance':
        await save(tx, r, { step_index: d.to_index, step_percent: d.to_percent, step_started_at: ts, approval: 'none', approval_proposal_id: null });
        await event(tx, r, 'advance', r.step_percent, d.to_percent, by, d.reason, d.figures);
        return actionOf(r, d);
      case 'complete': {
        await writeDefault(tx, r.agent_name, r.task_type, r.candidate, by, `rollout ${r.rollout_id} completed: ${d.reason}`, { rollout_id: r.rollout_id }, ts, 'rollout_default');
        await save(tx, r, { status: 'completed', step_percent: 100, ended_at: ts, end_reason: d.reason });
        await event(tx, r, 'complete', r.step_percent, 100, by, d.reason, d.figures);
        return actionOf(r, d);
      }
      case 'await_approval': {
        if (r.approval_proposal_id && (await approvalOf(tx, r)) === 'pending') return actionOf(r, d);
        const q = await queueProposal(tx, {
          agent_name: r.agent_name, task_type: r.task_type, proposal_type: STEP_PROPOSAL_TYPE,
          reasoning: `Rollout ${r.rollout_id} of ${r.candidate} held ${r.step_percent}%; the step to ${d.to_percent}% needs approval.`,
          confidence: 1, supporting_data: { rollout_id: r.rollout_id, variant_id: r.candidate, ...d.figures },
          recommended_modifications: { rollout_id: r.rollout_id, to_percent: d.to_percent },
        }, by);
        await save(tx, r, { approval: 'pending', approval_proposal_id: q.proposal.proposal_id });
        await event(tx, r, 'await_approval', r.step_percent, d.to_percent, by, d.reason, d.figures);
        return actionOf(r, d);
      }
      default:
        return actionOf(r, d);
    }
  });
  await ctx.outbox.flush(ctx.dataDir, ctx.now().toISOString());
  return { action, alert };
}

const pairSchema = z.object({ agent: nameSchema, task: nameSchema.optional(), by: z.string().trim().min(1, 'is required: who acts') });

async function runningOrThrow(ctx: Ctx, agent: string, task: string | undefined): Promise<RolloutRow> {
  const r = await ctx.rollouts.running(agent, task ?? '*');
  if (!r) throw new NotFoundError(`No rollout is running for ${agent}/${task ?? '*'}.`, { hint: 'See them with: crl rollout status' });
  return r;
}

/**
 * `crl rollout start` and `crl.rollout.start`: `startRollout`, or for waltzrl/safety-review the Stage 2 promotion
 * (benchmark gate first).
 */
export async function startAnyRollout(ctx: Ctx, input: StartRolloutInput): Promise<StartRolloutResult> {
  const a = parseInput(startSchema, input);
  return isStageRollout(a.agent, a.task) ? startStageRollout(ctx, a) : startRollout(ctx, a);
}

/**
 * One look at a running rollout, acting on it: abort when the candidate is degraded, else advance (or
 * complete) when dwell, samples and approval allow. A wait or hold is a ConflictError (exit 4) with the reason.
 */
export async function advanceRollout(ctx: Ctx, input: z.input<typeof pairSchema>): Promise<RolloutAction> {
  const a = parseInput(pairSchema, input);
  if (isStageRollout(a.agent, a.task)) return advanceStageRollout(ctx, a);
  const { action, alert } = await act(ctx, await runningOrThrow(ctx, a.agent, a.task), a.by);
  if (alert) await sendAlert(ctx, alert);
  if (action.action === 'wait' || action.action === 'hold' || action.action === 'await_approval') {
    throw new ConflictError(`Rollout ${action.rollout_id} stays at ${action.from_percent}%: ${action.reason}`, { details: action });
  }
  return action;
}

/** Aborts a running rollout now (audited): traffic returns to the default, a rollback event, cool-down. */
export async function abortRollout(ctx: Ctx, input: z.input<typeof pairSchema> & { reason?: string }): Promise<RolloutAction> {
  const a = parseInput(pairSchema.extend({ reason: z.string().max(2000).optional() }), input);
  if (isStageRollout(a.agent, a.task)) return abortStageRollout(ctx, a);
  let alert: AlertEvent | null = null;
  const action = await transaction(ctx, async (tx): Promise<RolloutAction> => {
    const r = await runningOrThrow(tx, a.agent, a.task);
    const figures = (await evaluateRollout(tx, r)).figures;
    const ev = await abortRow(tx, r, a.by, `Rollout aborted by ${a.by}: ${a.reason ?? 'manual abort'}`, figures);
    alert = ev;
    return {
      rollout_id: r.rollout_id, agent_name: r.agent_name, task_type: r.task_type, candidate: r.candidate, action: 'abort',
      reason: ev.reason, from_percent: r.step_percent, to_percent: 0, rollback_id: ev.rollback_id, figures,
    };
  });
  await ctx.outbox.flush(ctx.dataDir, ctx.now().toISOString());
  if (alert) await sendAlert(ctx, alert);
  return action;
}

/** One pass over every running rollout (the monitor and the scheduler): abort, advance or leave each. */
export async function tickRollouts(ctx: Ctx, by = 'monitor', alertWrite?: (line: string) => void): Promise<RolloutAction[]> {
  const out: RolloutAction[] = [];
  for (const r of await ctx.rollouts.list({ status: 'running' })) {
    try {
      const { action, alert } = await act(ctx, r, by);
      if (alert) await sendAlert(ctx, alert, { write: alertWrite });
      out.push(action);
    } catch (e) {
      if (!(e instanceof ConflictError)) throw e; // changed by another process meanwhile: its next pass sees it
    }
  }
  return out;
}

/** What a pass would do to every running rollout, doing nothing (`crl monitor --dry-run`). */
export async function previewRollouts(ctx: Ctx): Promise<RolloutAction[]> {
  const out: RolloutAction[] = [];
  for (const r of await ctx.rollouts.list({ status: 'running' })) out.push(actionOf(r, await evaluateRollout(ctx, r)));
  return out;
}

/** Rollouts, newest first; the WaltzRL Stage 2 rollout (./waltzrl-stage-rollout) among them when the filter covers it. */
export async function rolloutStatus(ctx: Ctx, filter: { agent?: string; task?: string; all?: boolean } = {}): Promise<RolloutView[]> {
  const rows = await ctx.rollouts.list({ agent: filter.agent, task: filter.task, status: filter.all ? undefined : 'running' });
  const views: RolloutView[] = [];
  for (const r of rows) views.push(await rolloutView(ctx, r));
  const stage = stageMatches(filter) ? await stageRolloutView(ctx, filter.all) : null;
  return stage ? [...views, stage].sort((x, y) => y.started_at.localeCompare(x.started_at)) : views;
}

/** A rollout event as printed (`crl rollout history --json`); the stage rollout adds `hold` and `gate_failed`. */
export type RolloutEventView = Omit<RolloutEventRow, 'id' | 'figures' | 'event_type'> & {
  event_type: RolloutEventType | 'hold' | 'gate_failed';
  figures: Record<string, unknown>;
};

export async function rolloutHistory(ctx: Ctx, filter: { agent?: string; task?: string; limit?: number } = {}): Promise<RolloutEventView[]> {
  const events: RolloutEventView[] = (await ctx.rollouts.events(filter)).map(({ id: _id, figures, ...e }) => ({ ...e, figures: JSON.parse(figures) as Record<string, unknown> }));
  if (!stageMatches(filter)) return events;
  const limit = filter.limit ?? 50;
  return [...events, ...(await stageRolloutEvents(ctx, limit))].sort((x, y) => y.ts.localeCompare(x.ts)).slice(0, limit);
}
