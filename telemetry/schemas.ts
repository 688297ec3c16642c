import { z } from 'zod';

/** Names of agents, task types and variants: printable, no ':' (the Python state_action separator). */
export const nameSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(200, 'must be at most 200 characters')
  .regex(/^[A-Za-z0-9][A-Za-z0-9._\-/@+]*$/, 'may use letters, digits and . _ - / @ + (no spaces or colons)');

const finite = z.number().refine(Number.isFinite, 'must be a finite number');

/** ISO 8601 timestamp with a date and a time; normalised to UTC `YYYY-MM-DDTHH:MM:SS.sssZ`. */
export const isoTimestamp = z
  .string()
  .max(40)
  .regex(/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/, 'must be an ISO 8601 date-time')
  .transform((s, ctx) => {
    const [y, m, day] = s.slice(0, 10).split('-').map(Number);
    const daysInMonth = new Date(Date.UTC(y, m, 0)).getUTCDate();
    if (m < 1 || m > 12 || day < 1 || day > daysInMonth) {
      ctx.addIssue({ code: 'custom', message: `is not a valid date (${s.slice(0, 10)} does not exist)` });
      return z.NEVER;
    }
    const hasZone = /(Z|[+-]\d{2}:?\d{2})$/.test(s);
    const d = new Date(hasZone ? s.replace(' ', 'T') : `${s.replace(' ', 'T')}Z`);
    if (Number.isNaN(d.getTime())) {
      ctx.addIssue({ code: 'custom', message: 'is not a valid date' });
      return z.NEVER;
    }
    // Stored timestamps sort as text: an offset that moves the instant out of the years 0000–9999 would give
    // a six-digit signed year (+010000-…) that sorts apart from its instant.
    const iso = d.toISOString();
    if (iso.length !== 24) {
      ctx.addIssue({ code: 'custom', message: `is outside the years 0000–9999 in UTC (${iso})` });
      return z.NEVER;
    }
    return iso;
  });

export const outcomeSchema = z.enum(['success', 'failure', 'error', 'partial']);

/** One line of `crl ingest` input. */
export const invocationLineSchema = z.strictObject({
  invocation_id: z.string().min(1).max(200).optional(),
  timestamp: isoTimestamp.optional(),
  agent_name: nameSchema,
  task_type: nameSchema,
  variant_id: nameSchema,
  outcome: outcomeSchema,
  reward: finite.min(0).max(1).nullable().optional(),
  quality_score: finite.min(0).max(1).nullable().optional(),
  error_count: z.number().int().min(0).max(1_000_000).nullable().optional(),
  duration_ms: finite.min(0).nullable().optional(),
  metadata: z.record(z.string(), z.unknown()).nullable().optional(),
});
export type InvocationLine = z.infer<typeof invocationLineSchema>;

/** A line of `rollback_events.jsonl` (same fields as the Python CRL tooling). */
export interface RollbackEvent {
  rollback_id: string;
  timestamp: string;
  agent_name: string;
  task_type: string;
  from_variant: string;
  to_variant: string | null;
  reason: string;
  degradation_metrics: Record<string, unknown>;
}

/** A rollback event with its type (alerts, dashboard): `rollback_skipped` has `to_variant` null. */
export interface TypedRollbackEvent extends RollbackEvent {
  event_type: 'rollback' | 'rollback_skipped';
}

/** A line of `variant_proposals.jsonl`: the whole record again on every status change. */
export interface ProposalLine {
  proposal_id: string;
  timestamp: string;
  agent_name: string;
  task_type: string;
  proposal_type: string;
  reasoning: string;
  confidence: number;
  supporting_data: Record<string, unknown>;
  recommended_modifications: Record<string, unknown>;
  status: string;
}
