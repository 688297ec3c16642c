import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Rollbacks and skipped rollbacks (append-only). */
export const rollbacks = sqliteTable(
  'rollbacks',
  {
    rollback_id: text('rollback_id').primaryKey(),
    ts: text('ts').notNull(),
    event_type: text('event_type', { enum: ['rollback', 'rollback_skipped'] }).notNull(),
    agent_name: text('agent_name').notNull(),
    task_type: text('task_type').notNull(),
    from_variant: text('from_variant').notNull(),
    to_variant: text('to_variant'),
    reason: text('reason').notNull(),
    degradation_metrics: text('degradation_metrics').notNull(),
    triggered_by: text('triggered_by').notNull(),
  },
  (t) => [index('rollbacks_agent_ts').on(t.agent_name, t.task_type, t.ts), index('rollbacks_ts').on(t.ts)],
);

/**
 * Outbox of JSONL audit lines: written in the same transaction as the change, appended to the file
 * after the commit, then marked exported. A crash in between is repaired by the next run of the same
 * origin (with a shared PostgreSQL store, each line goes to the files of the host that made the change).
 */
export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    file: text('file', { enum: ['rollback_events', 'variant_proposals', 'waltzrl_stage_events'] }).notNull(),
    line: text('line').notNull(),
    created_at: text('created_at').notNull(),
    exported_at: text('exported_at'),
    /** The installation (host and data dir) whose change wrote the line: only it appends the line to its files. */
    origin: text('origin'),
  },
  (t) => [index('outbox_pending').on(t.exported_at, t.id)],
);

/** Cross-process leases (e.g. the monitor) so that two runs never work at once. */
export const leases = sqliteTable('leases', {
  name: text('name').primaryKey(),
  holder: text('holder').notNull(),
  acquired_at: text('acquired_at').notNull(),
  expires_at_ms: integer('expires_at_ms').notNull(),
});
