import type { CooldownFacts } from '../../../core/serving/variant-eligibility';
import type { Ctx } from '../../context';
import type { TupleCounts } from '../learning/learning-store-type';
import type { AwayFromRow, RollbackRow } from './rollback-store-type';

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
  if (!last) return cooldownWith(ctx, undefined, 0);
  return cooldownWith(ctx, last, current ? await ctx.learning.countSince(current.id, last.ts, ctx.config.degradation.window) : 0);
}

/** The cool-down after `last` given the current default's invocations since it (counted at most up to the window). */
export function cooldownWith(ctx: Ctx, last: Pick<RollbackRow, 'rollback_id'> | null | undefined, since: number): Cooldown {
  const W = ctx.config.degradation.window;
  if (!last) return { in_cooldown: false, rollback_id: null, invocations_since: 0, needed: W };
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
  const to = await ctx.learning.getTuple(agent, task, rb.to_variant);
  return cooldownFacts(ctx, rb, to ? await ctx.learning.countSince(to.id, rb.ts, ctx.config.degradation.window) : 0);
}

function cooldownFacts(ctx: Ctx, rb: AwayFromRow, since: number): CooldownFacts | null {
  const W = ctx.config.degradation.window;
  if (since >= W) return null;
  return { cause: rb.triggered_by === 'rollout' ? 'aborted_rollout' : 'rollback', event_id: rb.rollback_id, since: rb.ts, remaining: W - since };
}

/**
 * The cool-downs of the `wanted` variants of an agent/task (as `cooldownAwayFrom` for each) from the newest
 * rollbacks away from them (`rollbacks.latestAwayFrom`); `toTuple` gives the tuple id of a variant for the task
 * (undefined: none). One count is read for each rollback that went to a variant with a tuple.
 */
export async function cooldownsFrom(
  ctx: Ctx, rows: readonly AwayFromRow[], wanted: (variant: string) => boolean, toTuple: (variant: string) => number | undefined,
): Promise<Map<string, CooldownFacts>> {
  const out = new Map<string, CooldownFacts>();
  for (const rb of rows) {
    if (!rb.to_variant || !wanted(rb.from_variant)) continue;
    const id = toTuple(rb.to_variant);
    const c = cooldownFacts(ctx, rb, id === undefined ? 0 : await ctx.learning.countSince(id, rb.ts, ctx.config.degradation.window));
    if (c) out.set(rb.from_variant, c);
  }
  return out;
}
