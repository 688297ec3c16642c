import { index, integer, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';

/**
 * Staged rollouts of a candidate variant for one agent/task: at most one running per pair. The row is
 * updated by compare-and-set on `version`; every change is also a `rollout_events` row (append-only).
 */
export const rollouts = pgTable(
  'rollouts',
  {
    rollout_id: text('rollout_id').primaryKey(),
    agent_name: text('agent_name').notNull(),
    task_type: text('task_type').notNull(),
    candidate: text('candidate').notNull(),
    /** The default the candidate is compared with and returns to on an abort (null: none when it started). */
    baseline: text('baseline'),
    status: text('status', { enum: ['running', 'completed', 'aborted'] }).notNull(),
    step_index: integer('step_index').notNull(),
    step_percent: integer('step_percent').notNull(),
    step_started_at: text('step_started_at').notNull(),
    approval: text('approval', { enum: ['none', 'pending', 'approved', 'rejected'] }).notNull(),
    approval_proposal_id: text('approval_proposal_id'),
    started_at: text('started_at').notNull(),
    started_by: text('started_by').notNull(),
    updated_at: text('updated_at').notNull(),
    ended_at: text('ended_at'),
    end_reason: text('end_reason'),
    version: integer('version').notNull(),
  },
  (t) => [
    uniqueIndex('rollouts_one_running').on(t.agent_name, t.task_type).where(sql`status = 'running'`),
    index('rollouts_agent_started').on(t.agent_name, t.task_type, t.started_at),
  ],
);

/** What happened to a rollout: start, step, hold for approval, abort, completion (append-only). */
export const rolloutEvents = pgTable(
  'rollout_events',
  {
    id: serial('id').primaryKey(),
    rollout_id: text('rollout_id').notNull(),
    ts: text('ts').notNull(),
    event_type: text('event_type', { enum: ['start', 'advance', 'await_approval', 'abort', 'complete'] }).notNull(),
    agent_name: text('agent_name').notNull(),
    task_type: text('task_type').notNull(),
    candidate: text('candidate').notNull(),
    from_percent: integer('from_percent').notNull(),
    to_percent: integer('to_percent').notNull(),
    actor: text('actor').notNull(),
    reason: text('reason').notNull(),
    figures: text('figures').notNull(),
  },
  (t) => [index('rollout_events_rollout').on(t.rollout_id, t.id), index('rollout_events_ts').on(t.ts)],
);
