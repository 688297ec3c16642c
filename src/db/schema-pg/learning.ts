import { customType, doublePrecision, index, integer, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';

/** Binary column (the kept recent window): bytea, read back as a Buffer. */
const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });

/**
 * Learned state and running aggregates of one (agent, task type, variant).
 * q_value/n_visits are the Q-learning state (n counts real invocations, or the imported figure);
 * inv_* are exact counts over the stored invocations, kept in the same transaction as each insert.
 */
export const qValues = pgTable(
  'q_values',
  {
    id: serial('id').primaryKey(),
    agent_name: text('agent_name').notNull(),
    task_type: text('task_type').notNull(),
    variant_id: text('variant_id').notNull(),
    q_value: doublePrecision('q_value').notNull().default(0),
    n_visits: integer('n_visits').notNull().default(0),
    inv_count: integer('inv_count').notNull().default(0),
    inv_success: integer('inv_success').notNull().default(0),
    inv_partial: integer('inv_partial').notNull().default(0),
    inv_failure: integer('inv_failure').notNull().default(0),
    inv_error: integer('inv_error').notNull().default(0),
    reward_sum: doublePrecision('reward_sum').notNull().default(0),
    last_updated: text('last_updated').notNull(),
    convergence_score: doublePrecision('convergence_score'),
    // Counts of the newest `win_size` invocations (the degradation window) and the outcomes of the kept
    // recent window (one letter each, newest first: s|p|f|e), kept by the writers with that window; they
    // stand while `win_inv_count` = `inv_count` (null: not kept yet).
    win_size: integer('win_size'),
    win_inv_count: integer('win_inv_count'),
    win_n: integer('win_n'),
    win_success: integer('win_success'),
    win_errors: integer('win_errors'),
    win_reward_sum: doublePrecision('win_reward_sum'),
    win_outcomes: text('win_outcomes'),
  },
  (t) => [uniqueIndex('q_values_tuple').on(t.agent_name, t.task_type, t.variant_id)],
);

/** One completed invocation. Ordered per tuple by (ts, id). */
export const invocations = pgTable(
  'invocations',
  {
    id: serial('id').primaryKey(),
    invocation_id: text('invocation_id').notNull(),
    tuple_id: integer('tuple_id')
      .notNull()
      .references(() => qValues.id),
    ts: text('ts').notNull(),
    outcome: text('outcome', { enum: ['success', 'failure', 'error', 'partial'] }).notNull(),
    reward: doublePrecision('reward').notNull(),
    quality_score: doublePrecision('quality_score'),
    error_count: integer('error_count'),
    duration_ms: doublePrecision('duration_ms'),
    metadata: text('metadata'),
  },
  (t) => [
    uniqueIndex('invocations_invocation_id').on(t.invocation_id),
    index('invocations_tuple_ts').on(t.tuple_id, t.ts, t.outcome, t.reward),
  ],
);

/**
 * The recent window of a tuple, kept by the writers in the same transaction as its invocations: its newest
 * invocations (timestamp, row id, outcome, reward; see src/features/learning/recent-window.ts), at most the monitor's
 * lookback. A degradation check reads this one row instead of walking the invocations index; a tuple
 * without a row (or with fewer entries than a check needs) is read from the index instead.
 */
export const recentWindows = pgTable('recent_windows', {
  tuple_id: integer('tuple_id')
    .primaryKey()
    .references(() => qValues.id),
  entries: bytea('entries').notNull(),
});
