import { index, pgTable, primaryKey, serial, text } from 'drizzle-orm/pg-core';

/** Registered variants of an agent (prompt / model tier / parameters). */
export const variants = pgTable(
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
export const defaults = pgTable(
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

/** Append-only audit trail of every change of a default, registration, retirement and decision. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: serial('id').primaryKey(),
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
