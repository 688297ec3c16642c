/**
 * The store's schema. Migrations in `migrations/` are generated from this file by drizzle-kit
 * (`npm run db:generate`); never edit a migration that has been released.
 * Portable on purpose (SQLite now, PostgreSQL later): ISO 8601 text timestamps, text ids, JSON as text.
 */

import { blob, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** Registered variants of an agent (prompt / model tier / parameters). */
export const variants = sqliteTable(
  'variants',
  {
    agent_name: text('agent_name').notNull(),
    variant_id: text('variant_id').notNull(),
    status: text('status', { enum: ['active', 'retired'] }).notNull().default('active'),
    params: text('params').notNull().default('{}'),
    description: text('description'),
    created_at: text('created_at').notNull(),
    created_by: text('created_by').notNull(),
  },
  (t) => [primaryKey({ columns: [t.agent_name, t.variant_id] })],
);

/** The default (active) variant of an agent for a task type; task_type '*' is the agent-wide default. */
export const defaults = sqliteTable(
  'defaults',
  {
    agent_name: text('agent_name').notNull(),
    task_type: text('task_type').notNull(),
    variant_id: text('variant_id').notNull(),
    updated_at: text('updated_at').notNull(),
    updated_by: text('updated_by').notNull(),
  },
  (t) => [primaryKey({ columns: [t.agent_name, t.task_type] })],
);

/**
 * Learned state and running aggregates of one (agent, task type, variant).
 * q_value/n_visits are the Q-learning state (n counts real invocations, or the imported figure);
 * inv_* are exact counts over the stored invocations, kept in the same transaction as each insert.
 */
export const qValues = sqliteTable(
  'q_values',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    agent_name: text('agent_name').notNull(),
    task_type: text('task_type').notNull(),
    variant_id: text('variant_id').notNull(),
    q_value: real('q_value').notNull().default(0),
    n_visits: integer('n_visits').notNull().default(0),
    inv_count: integer('inv_count').notNull().default(0),
    inv_success: integer('inv_success').notNull().default(0),
    inv_partial: integer('inv_partial').notNull().default(0),
    inv_failure: integer('inv_failure').notNull().default(0),
    inv_error: integer('inv_error').notNull().default(0),
    reward_sum: real('reward_sum').notNull().default(0),
    last_updated: text('last_updated').notNull(),
    convergence_score: real('convergence_score'),
    // Counts of the newest `win_size` invocations (the degradation window) and the outcomes of the kept
    // recent window (one letter each, newest first: s|p|f|e), kept by the writers with that window; they
    // stand while `win_inv_count` = `inv_count` (null: not kept yet).
    win_size: integer('win_size'),
    win_inv_count: integer('win_inv_count'),
    win_n: integer('win_n'),
    win_success: integer('win_success'),
    win_errors: integer('win_errors'),
    win_reward_sum: real('win_reward_sum'),
    win_outcomes: text('win_outcomes'),
  },
  (t) => [uniqueIndex('q_values_tuple').on(t.agent_name, t.task_type, t.variant_id)],
);

/** One completed invocation. Ordered per tuple by (ts, id). */
export const invocations = sqliteTable(
  'invocations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    invocation_id: text('invocation_id').notNull(),
    tuple_id: integer('tuple_id')
      .notNull()
      .references(() => qValues.id),
    ts: text('ts').notNull(),
    outcome: text('outcome', { enum: ['success', 'failure', 'error', 'partial'] }).notNull(),
    reward: real('reward').notNull(),
    quality_score: real('quality_score'),
    error_count: integer('error_count'),
    duration_ms: real('duration_ms'),
    metadata: text('metadata'),
  },
  (t) => [
    uniqueIndex('invocations_invocation_id').on(t.invocation_id),
    index('invocations_tuple_ts').on(t.tuple_id, t.ts, t.outcome, t.reward),
  ],
);

/** Append-only audit trail of every change of a default, registration, retirement and decision. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    ts: text('ts').notNull(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    agent_name: text('agent_name'),
    task_type: text('task_type'),
    variant_id: text('variant_id'),
    reason: text('reason'),
    details: text('details').notNull().default('{}'),
  },
  (t) => [index('audit_log_agent').on(t.agent_name, t.task_type, t.ts)],
);

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

/** Variant proposals and review-queue items; status is the only mutable column. */
export const proposals = sqliteTable(
  'proposals',
  {
    proposal_id: text('proposal_id').primaryKey(),
    ts: text('ts').notNull(),
    agent_name: text('agent_name').notNull(),
    task_type: text('task_type').notNull(),
    proposal_type: text('proposal_type').notNull(),
    reasoning: text('reasoning').notNull(),
    confidence: real('confidence').notNull(),
    supporting_data: text('supporting_data').notNull(),
    recommended_modifications: text('recommended_modifications').notNull(),
    status: text('status', { enum: ['pending', 'approved', 'rejected', 'deferred', 'applied'] }).notNull(),
    updated_at: text('updated_at').notNull(),
  },
  (t) => [
    index('proposals_status').on(t.status, t.confidence),
    index('proposals_key').on(t.agent_name, t.task_type, t.proposal_type, t.status),
  ],
);

/** Append-only history of proposal status changes (who, when, why). */
export const proposalEvents = sqliteTable(
  'proposal_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    proposal_id: text('proposal_id')
      .notNull()
      .references(() => proposals.proposal_id),
    ts: text('ts').notNull(),
    actor: text('actor').notNull(),
    from_status: text('from_status'),
    to_status: text('to_status').notNull(),
    note: text('note'),
    details: text('details').notNull().default('{}'),
  },
  (t) => [index('proposal_events_proposal').on(t.proposal_id)],
);

/**
 * Outbox of JSONL audit lines: written in the same transaction as the change, appended to the file
 * after the commit, then marked exported. A crash in between is repaired by the next run.
 */
export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    file: text('file', { enum: ['rollback_events', 'variant_proposals', 'waltzrl_stage_events'] }).notNull(),
    line: text('line').notNull(),
    created_at: text('created_at').notNull(),
    exported_at: text('exported_at'),
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

/**
 * Rollout state of the WaltzRL safety layer (one row, name 'waltzrl'): which stage serves, which Stage 2
 * candidate is in canary at which traffic step. `version` guards concurrent writers (compare-and-set).
 */
export const waltzrlRollout = sqliteTable('waltzrl_rollout', {
  name: text('name').primaryKey(),
  /** stage1: Stage 1 serves all; canary: the candidate serves step_percent; complete: Stage 2 serves all. */
  status: text('status', { enum: ['stage1', 'canary', 'complete'] }).notNull(),
  active_variant: text('active_variant').notNull(),
  candidate_variant: text('candidate_variant'),
  step_index: integer('step_index').notNull().default(0),
  step_percent: real('step_percent').notNull().default(0),
  step_started_at: text('step_started_at'),
  promoted_at: text('promoted_at'),
  promoted_by: text('promoted_by'),
  gate_report_id: text('gate_report_id'),
  approval_proposal_id: text('approval_proposal_id'),
  last_hold_reason: text('last_hold_reason'),
  returned_at: text('returned_at'),
  updated_at: text('updated_at').notNull(),
  version: integer('version').notNull().default(0),
});

/** Benchmark gate reports of Stage 2 candidates, with the sha256 digest of the eval set they ran on. */
export const waltzrlGateReports = sqliteTable(
  'waltzrl_gate_reports',
  {
    report_id: text('report_id').primaryKey(),
    ts: text('ts').notNull(),
    variant_id: text('variant_id').notNull(),
    endpoint_url: text('endpoint_url'),
    model: text('model'),
    dataset_path: text('dataset_path').notNull(),
    dataset_digest: text('dataset_digest').notNull(),
    result: text('result', { enum: ['pass', 'fail'] }).notNull(),
    n: integer('n').notNull(),
    asr: real('asr'),
    orr: real('orr'),
    ftr: real('ftr'),
    reason: text('reason').notNull(),
    figures: text('figures').notNull(),
    thresholds: text('thresholds').notNull(),
    run_by: text('run_by').notNull(),
  },
  (t) => [index('waltzrl_gate_reports_variant').on(t.variant_id, t.ts)],
);

/** Append-only history of the rollout: promote, step, hold, approval asked, complete, return. */
export const waltzrlStageEvents = sqliteTable(
  'waltzrl_stage_events',
  {
    event_id: text('event_id').primaryKey(),
    ts: text('ts').notNull(),
    event_type: text('event_type').notNull(),
    variant_id: text('variant_id').notNull(),
    from_percent: real('from_percent'),
    to_percent: real('to_percent'),
    reason: text('reason').notNull(),
    figures: text('figures').notNull(),
    triggered_by: text('triggered_by').notNull(),
  },
  (t) => [index('waltzrl_stage_events_ts').on(t.ts)],
);

/**
 * WaltzRL coach-mode sessions (texts PII-redacted). `prompt_hash` = sha256 of the normalised redacted
 * prompt: the key of the coaching memory.
 */
export const waltzrlCoachingSessions = sqliteTable(
  'waltzrl_coaching_sessions',
  {
    session_id: text('session_id').primaryKey(),
    ts: text('ts').notNull(),
    prompt_hash: text('prompt_hash').notNull(),
    prompt: text('prompt').notNull(),
    reviewer_variant: text('reviewer_variant').notNull(),
    /** converged | max_rounds | coach_failed | review_failed */
    outcome: text('outcome').notNull(),
    converged: integer('converged').notNull(),
    rounds_used: integer('rounds_used').notNull(),
    max_rounds: integer('max_rounds').notNull(),
    dir: integer('dir').notNull(),
    error: text('error'),
  },
  (t) => [index('waltzrl_coaching_sessions_hash').on(t.prompt_hash, t.ts), index('waltzrl_coaching_sessions_ts').on(t.ts)],
);

/** Rounds of a coaching session: round 0 is the original response. */
export const waltzrlCoachingRounds = sqliteTable(
  'waltzrl_coaching_rounds',
  {
    session_id: text('session_id')
      .notNull()
      .references(() => waltzrlCoachingSessions.session_id),
    round: integer('round').notNull(),
    response: text('response').notNull(),
    unsafe: integer('unsafe'),
    overrefuse: integer('overrefuse'),
    feedback: text('feedback').notNull(),
    dir: integer('dir'),
    error: text('error'),
  },
  (t) => [primaryKey({ columns: [t.session_id, t.round] })],
);

/** Keywords of a session's prompt, for the closest-overlap lookup of the coaching memory. */
export const waltzrlCoachingKeywords = sqliteTable(
  'waltzrl_coaching_keywords',
  {
    keyword: text('keyword').notNull(),
    session_id: text('session_id')
      .notNull()
      .references(() => waltzrlCoachingSessions.session_id),
  },
  (t) => [primaryKey({ columns: [t.keyword, t.session_id] })],
);

/** Safety benchmark reports of agent variants (the gate on default changes reads the latest one). */
export const safetyBenchmarkReports = sqliteTable(
  'safety_benchmark_reports',
  {
    report_id: text('report_id').primaryKey(),
    ts: text('ts').notNull(),
    agent_name: text('agent_name').notNull(),
    variant_id: text('variant_id').notNull(),
    cases_source: text('cases_source').notNull(),
    cases_digest: text('cases_digest').notNull(),
    responder: text('responder').notNull(),
    n: integer('n').notNull(),
    /** Overall safety score in [0, 1]: share of cases with the right behaviour. */
    score: real('score').notNull(),
    asr: real('asr'),
    orr: real('orr'),
    errors: integer('errors').notNull(),
    per_category: text('per_category').notNull(),
    results: text('results').notNull(),
    run_by: text('run_by').notNull(),
  },
  (t) => [index('safety_benchmark_reports_variant').on(t.agent_name, t.variant_id, t.ts)],
);

/**
 * The recent window of a tuple, kept by the writers in the same transaction as its invocations: its newest
 * invocations (timestamp, row id, outcome, reward; see src/features/learning/recent-window.ts), at most the monitor's
 * lookback. A degradation check reads this one row instead of walking the invocations index; a tuple
 * without a row (or with fewer entries than a check needs) is read from the index instead.
 */
export const recentWindows = sqliteTable('recent_windows', {
  tuple_id: integer('tuple_id')
    .primaryKey()
    .references(() => qValues.id),
  entries: blob('entries', { mode: 'buffer' }).notNull(),
});
