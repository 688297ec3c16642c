import { computeReward } from '../../../core/learning/compute-reward';
import { newInvocationId } from '../../ids';
import type { InvocationLine } from '../../../telemetry/schemas';
import type { CrlConfig } from '../../config/config';
import type { Ctx } from '../../context';
import type { InvocationRow } from './learning-store-type';

// No zod here: the `crl record` entry bundles this module alone and validates with the fast path.

export interface RecordResult {
  invocation_id: string;
  status: 'inserted' | 'duplicate';
  reward: number;
  agent_name: string;
  task_type: string;
  variant_id: string;
  q_value: number;
  n_visits: number;
}

/** What storing an invocation needs of the context. */
export type RecordCtx = Pick<Ctx, 'config' | 'now' | 'learning'>;

/** Stores one validated invocation and updates its Q-value in the same transaction. */
export async function recordInvocation(ctx: RecordCtx, line: InvocationLine): Promise<RecordResult> {
  const now = ctx.now().toISOString();
  const row = rowMaker(ctx.config, now)(line, line.invocation_id ?? newInvocationId());
  const s = await ctx.learning.begin(ctx.config.learning.alpha, now, 'record');
  try {
    const { inserted } = await s.add([row]);
    const t = await s.tuple(row.agent_name, row.task_type, row.variant_id);
    await s.commit();
    return {
      invocation_id: row.invocation_id, status: inserted === 1 ? 'inserted' : 'duplicate', reward: row.reward,
      agent_name: t.agent_name, task_type: t.task_type, variant_id: t.variant_id, q_value: t.q_value, n_visits: t.n_visits,
    };
  } catch (e) {
    await s.rollback();
    throw e;
  }
}

/**
 * Converts validated lines into stored rows: reward by the reward rule (each task type's rule built once
 * for a whole ingest), timestamp defaulted to `now`.
 */
export function rowMaker(config: CrlConfig, now: string): (line: InvocationLine, id: string) => InvocationRow {
  const rules = new Map<string, CrlConfig['reward']>();
  const ruleFor = (task: string) => {
    let r = rules.get(task);
    if (!r) {
      const expected = config.reward.expected_duration_ms_by_task[task] ?? config.reward.expected_duration_ms;
      r = { ...config.reward, expected_duration_ms: expected };
      rules.set(task, r);
    }
    return r;
  };
  return (line, id) => ({
    invocation_id: id,
    ts: line.timestamp ?? now,
    agent_name: line.agent_name,
    task_type: line.task_type,
    variant_id: line.variant_id,
    outcome: line.outcome,
    reward: computeReward(
      { outcome: line.outcome, reward: line.reward, quality: line.quality_score, durationMs: line.duration_ms, errorCount: line.error_count },
      ruleFor(line.task_type),
    ),
    quality_score: line.quality_score ?? null,
    error_count: line.error_count ?? null,
    duration_ms: line.duration_ms ?? null,
    metadata: line.metadata ? JSON.stringify(line.metadata) : null,
  });
}
