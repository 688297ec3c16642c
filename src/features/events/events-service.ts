import type { Ctx } from '../../context';
import type { AuditRow } from '../variants/registry-store-type';

/** What `GET /v1/events` streams: changes of what agents are served. */
export type CrlEventType = 'default_changed' | 'rollback' | 'rollout_step' | 'rollout_abort';

/** One event: the audit row it comes from (its id is the event id), typed, with its details parsed. */
export interface CrlEvent {
  id: number;
  type: CrlEventType;
  action: string;
  ts: string;
  actor: string;
  agent_name: string | null;
  task_type: string | null;
  variant_id: string | null;
  reason: string | null;
  details: Record<string, unknown>;
}

const STEP_ACTIONS = new Set([
  'rollout_start', 'rollout_advance', 'rollout_await_approval', 'rollout_complete',
  'waltzrl_stage_promote', 'waltzrl_stage_advance', 'waltzrl_stage_await_approval', 'waltzrl_stage_complete',
]);

function parseDetails(text: string): Record<string, unknown> {
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/**
 * The event type of an audit row, or null for rows that change nothing served (registrations, proposals,
 * tokens…). A monitor rollback is `rollback`; any other row written with a default switch (it carries
 * `previous`) is `default_changed`; an aborted rollout or a return of WaltzRL to Stage 1 is `rollout_abort`;
 * the other steps of a rollout (start, advance, approval asked, completion) are `rollout_step`.
 */
export function eventTypeOf(action: string, details: Record<string, unknown>): CrlEventType | null {
  if (action === 'rollback') return 'rollback';
  if ('previous' in details) return 'default_changed';
  if (action === 'rollout_abort' || action === 'waltzrl_stage_return') return 'rollout_abort';
  if (STEP_ACTIONS.has(action)) return 'rollout_step';
  return null;
}

export function eventOf(row: AuditRow): CrlEvent | null {
  const details = parseDetails(row.details);
  const type = eventTypeOf(row.action, details);
  if (!type) return null;
  return {
    id: row.id, type, action: row.action, ts: row.ts, actor: row.actor, agent_name: row.agent_name,
    task_type: row.task_type, variant_id: row.variant_id, reason: row.reason, details,
  };
}

export interface EventsPage {
  events: CrlEvent[];
  /** The id of the last audit row read (events or not): where the next page starts. */
  cursor: number;
  /** True when the page was full: more rows may follow at once. */
  more: boolean;
}

/** Events after audit id `afterId`, oldest first, reading at most `limit` audit rows. */
export async function eventsSince(ctx: Ctx, afterId: number, limit = 500): Promise<EventsPage> {
  const rows = await ctx.registry.auditSince(afterId, limit);
  const events: CrlEvent[] = [];
  for (const r of rows) {
    const e = eventOf(r);
    if (e) events.push(e);
  }
  return { events, cursor: rows.length ? rows[rows.length - 1].id : afterId, more: rows.length === limit };
}

/** The id of the newest audit row: a stream that starts now starts after it. */
export const latestEventId = (ctx: Ctx): Promise<number> => ctx.registry.lastAuditId();
