import { doublePrecision, index, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';

/**
 * Rollout state of the WaltzRL safety layer (one row, name 'waltzrl'): which stage serves, which Stage 2
 * candidate is in canary at which traffic step. `version` guards concurrent writers (compare-and-set).
 */
export const waltzrlRollout = pgTable('waltzrl_rollout', {
  name: text('name').primaryKey(),
  /** stage1: Stage 1 serves all; canary: the candidate serves step_percent; complete: Stage 2 serves all. */
  status: text('status', { enum: ['stage1', 'canary', 'complete'] }).notNull(),
  active_variant: text('active_variant').notNull(),
  candidate_variant: text('candidate_variant'),
  step_index: integer('step_index').notNull().default(0),
  step_percent: doublePrecision('step_percent').notNull().default(0),
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
export const waltzrlGateReports = pgTable(
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
    asr: doublePrecision('asr'),
    orr: doublePrecision('orr'),
    ftr: doublePrecision('ftr'),
    reason: text('reason').notNull(),
    figures: text('figures').notNull(),
    thresholds: text('thresholds').notNull(),
    run_by: text('run_by').notNull(),
  },
  (t) => [index('waltzrl_gate_reports_variant').on(t.variant_id, t.ts)],
);

/** Append-only history of the rollout: promote, step, hold, approval asked, complete, return. */
export const waltzrlStageEvents = pgTable(
  'waltzrl_stage_events',
  {
    event_id: text('event_id').primaryKey(),
    ts: text('ts').notNull(),
    event_type: text('event_type').notNull(),
    variant_id: text('variant_id').notNull(),
    from_percent: doublePrecision('from_percent'),
    to_percent: doublePrecision('to_percent'),
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
export const waltzrlCoachingSessions = pgTable(
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
export const waltzrlCoachingRounds = pgTable(
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
export const waltzrlCoachingKeywords = pgTable(
  'waltzrl_coaching_keywords',
  {
    keyword: text('keyword').notNull(),
    session_id: text('session_id')
      .notNull()
      .references(() => waltzrlCoachingSessions.session_id),
  },
  (t) => [primaryKey({ columns: [t.keyword, t.session_id] })],
);
