import { doublePrecision, index, integer, pgTable, text } from 'drizzle-orm/pg-core';

/** Safety benchmark reports of agent variants (the gate on default changes reads the latest one). */
export const safetyBenchmarkReports = pgTable(
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
    score: doublePrecision('score').notNull(),
    asr: doublePrecision('asr'),
    orr: doublePrecision('orr'),
    errors: integer('errors').notNull(),
    per_category: text('per_category').notNull(),
    results: text('results').notNull(),
    run_by: text('run_by').notNull(),
  },
  (t) => [index('safety_benchmark_reports_variant').on(t.agent_name, t.variant_id, t.ts)],
);
