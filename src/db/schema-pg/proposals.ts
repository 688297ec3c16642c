import { doublePrecision, index, pgTable, serial, text } from 'drizzle-orm/pg-core';

/** Variant proposals and review-queue items; status is the only mutable column. */
export const proposals = pgTable(
  'proposals',
  {
    proposal_id: text('proposal_id').primaryKey(),
    ts: text('ts').notNull(),
    agent_name: text('agent_name').notNull(),
    task_type: text('task_type').notNull(),
    proposal_type: text('proposal_type').notNull(),
    reasoning: text('reasoning').notNull(),
    confidence: doublePrecision('confidence').notNull(),
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
export const proposalEvents = pgTable(
  'proposal_events',
  {
    id: serial('id').primaryKey(),
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
