/** What the step machine decides for a rollout of the `rollouts` table now, and how a rollout is shown (read-only). */

import { type RolloutDecision, rolloutSteps } from '../../../core/rollout/rollout-steps';
import { type RolloutPolicy, type TwoArmFigures, twoArmAnalysis } from '../../../core/rollout/two-arm-analysis';
import type { StepDecision } from '../../../core/waltzrl/stage/stage-steps';
import type { Ctx } from '../../context';
import type { RolloutRow } from './rollout-store-type';

/** The step policy of every rollout, from `rollout.*`. */
export function rolloutPolicy(ctx: Ctx): RolloutPolicy {
  const r = ctx.config.rollout;
  return {
    steps: r.steps, min_dwell_minutes: r.min_dwell_minutes, min_samples_per_step: r.min_samples_per_step,
    requires_approval_steps: r.requires_approval_steps, sequential_alpha: r.sequential_alpha, sequential_shift: r.sequential_shift,
  };
}

/** The review-queue decision on the step a rollout waits for. */
export async function approvalOf(ctx: Ctx, r: RolloutRow): Promise<RolloutRow['approval']> {
  const p = r.approval_proposal_id ? await ctx.proposals.get(r.approval_proposal_id) : undefined;
  if (!p) return r.approval_proposal_id ? 'pending' : 'none';
  if (p.status === 'approved' || p.status === 'applied') return 'approved';
  return p.status === 'rejected' ? 'rejected' : 'pending';
}

/** A decision of the step machine over the two-arm analysis (candidate against the default). */
export type TwoArmDecision = RolloutDecision<TwoArmFigures>;

/** Figures of a rollout as shown: both arms and the step; a WaltzRL stage rollout adds its live figures. */
export type RolloutViewFigures = TwoArmDecision['figures'] & Record<string, unknown>;

/** What the step machine decides for a rollout now (read-only). */
export async function evaluateRollout(ctx: Ctx, r: RolloutRow): Promise<TwoArmDecision> {
  const task = r.task_type === '*' ? null : r.task_type;
  const lookback = ctx.config.rollout.lookback;
  const cand = await ctx.learning.armSince(r.agent_name, task, r.candidate, r.started_at, lookback);
  const base = r.baseline ? await ctx.learning.armSince(r.agent_name, task, r.baseline, r.started_at, 0) : { n: 0, success: 0 };
  const step = await ctx.learning.armSince(r.agent_name, task, r.candidate, r.step_started_at, 0);
  const policy = rolloutPolicy(ctx);
  const approval = await approvalOf(ctx, r);
  return rolloutSteps(
    { step_index: r.step_index, step_started_at_ms: Date.parse(r.step_started_at), approval },
    twoArmAnalysis({ candidate: cand, default: { n: base.n, success: base.success }, candidate_step_n: step.n }, policy),
    { step_n: step.n },
    ctx.now().getTime(),
    policy,
  );
}

/** A rollout as printed and returned (`crl rollout status --json`, `GET /v1/rollouts`). */
export interface RolloutView {
  rollout_id: string;
  agent_name: string;
  task_type: string;
  candidate: string;
  baseline: string | null;
  status: RolloutRow['status'];
  step_index: number;
  step_percent: number;
  steps: number[];
  step_started_at: string;
  started_at: string;
  started_by: string;
  ended_at: string | null;
  end_reason: string | null;
  /** What the step machine would do now, with the figures of both arms (running rollouts only). */
  next: { kind: TwoArmDecision['kind'] | StepDecision['kind']; reason: string; figures: RolloutViewFigures } | null;
}

export async function rolloutView(ctx: Ctx, r: RolloutRow): Promise<RolloutView> {
  const d = r.status === 'running' ? await evaluateRollout(ctx, r) : null;
  return {
    rollout_id: r.rollout_id, agent_name: r.agent_name, task_type: r.task_type, candidate: r.candidate, baseline: r.baseline,
    status: r.status, step_index: r.step_index, step_percent: r.step_percent, steps: ctx.config.rollout.steps,
    step_started_at: r.step_started_at, started_at: r.started_at, started_by: r.started_by, ended_at: r.ended_at,
    end_reason: r.end_reason, next: d ? { kind: d.kind, reason: d.reason, figures: d.figures } : null,
  };
}
