import type { CooldownFacts } from '../../../core/serving/variant-eligibility';
import type { Ctx } from '../../context';
import type { TupleCounts } from '../learning/learning-store-type';
import type { RollbackRow } from './rollback-store-type';

/*
 * Cool-downs after a rollback (or an aborted rollout, which is a rollback event too): they last until the
 * variant traffic went back to has `degradation.window` invocations of its own since the event.
 */

export interface Cooldown {
  in_cooldown: boolean;
  /** The rollback that started it. */
  rollback_id: string | null;
  /** Invocations of the current default since that rollback (capped at the window). */
  invocations_since: number;
  needed: number;
}

/** Cool-down of an agent/task: after a rollback, until the current default has a full window of its own invocations. */
export async function cooldownOf(ctx: Ctx, agent: string, task: string, currentDefault: string): Promise<Cooldown> {
  return cooldownAfter(ctx, await lastRollback(ctx, agent, task), await ctx.learning.getTuple(agent, task, currentDefault));
}

export async function cooldownAfter(ctx: Ctx, last: RollbackRow | undefined, current: TupleCounts | null | undefined): Promise<Cooldown> {
  const W = ctx.config.degradation.window;
  if (!last) return { in_cooldown: false, rollback_id: null, invocations_since: 0, needed: W };
  const since = current ? await ctx.learning.countSince(current.id, last.ts, W) : 0;
  return { in_cooldown: since < W, rollback_id: last.rollback_id, invocations_since: since, needed: W };
}

export function lastRollback(ctx: Ctx, agent: string, task: string): Promise<RollbackRow | undefined> {
  return ctx.rollbacks.latestRollback(agent, task);
}

/** The variant was rolled back from for this agent/task and has had fewer than a window of invocations since. */
export async function degradedRecently(ctx: Ctx, agent: string, task: string, variant: string): Promise<boolean> {
  const rb = await ctx.rollbacks.latestFrom(agent, task, variant);
  if (!rb) return false;
  const t = await ctx.learning.getTuple(agent, task, variant);
  const W = ctx.config.degradation.window;
  return (t ? await ctx.learning.countSince(t.id, rb.ts, W) : 0) < W;
}

/**
 * The cool-down a variant is in for an agent/task: after the newest rollback (or aborted rollout) away from
 * it, until the variant traffic returned to has a full `degradation.window` of its own invocations since.
 */
export async function cooldownAwayFrom(ctx: Ctx, agent: string, task: string, variant: string): Promise<CooldownFacts | null> {
  const rb = await ctx.rollbacks.latestFrom(agent, task, variant);
  if (!rb || !rb.to_variant) return null;
  const W = ctx.config.degradation.window;
  const to = await ctx.learning.getTuple(agent, task, rb.to_variant);
  const since = to ? await ctx.learning.countSince(to.id, rb.ts, W) : 0;
  if (since >= W) return null;
  return { cause: rb.triggered_by === 'rollout' ? 'aborted_rollout' : 'rollback', event_id: rb.rollback_id, since: rb.ts, remaining: W - since };
}
