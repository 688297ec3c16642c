/** Overall status shown at the top of the dashboard and exported by `crl metrics`. */
export type HealthStatus = 'HEALTHY' | 'STABLE' | 'ATTENTION NEEDED';

/** Figures the health rule looks at (counts ≥ 0). */
export interface HealthFigures {
  /** Rows of the Q-table. */
  q_entries: number;
  /** Active variants whose degradation check fires now; null when the check is not available. */
  degradation_alerts: number | null;
  /** Rollbacks within the attention window (`attention_hours`). */
  rollbacks_attention: number;
  /** Skipped rollbacks (degraded, no target) within the attention window. */
  skipped_attention: number;
  /** Rollbacks within the recent window (`recent_days`). */
  rollbacks_recent: number;
  /** Pending proposals (review queue). */
  pending_proposals: number;
  /** Pending proposals older than `stale_proposal_days`. */
  stale_proposals: number;
}

/** The windows of the rule, in hours/days (from config `dashboard`). */
export interface HealthSettings {
  attention_hours: number;
  stale_proposal_days: number;
  recent_days: number;
}

export interface HealthDecision {
  kind: HealthStatus;
  /** The conditions that decided the status (human-readable), e.g. "1 degradation alert". */
  reason: string;
  /** The rule of the status, with its thresholds. */
  rule: string;
  figures: HealthFigures;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The rule text of each status for the given settings (printed under the status). */
export function healthRules(s: HealthSettings): Record<HealthStatus, string> {
  return {
    'ATTENTION NEEDED': `a degradation alert now, a rollback or skipped rollback in the last ${s.attention_hours} h, or a proposal pending for more than ${s.stale_proposal_days} days`,
    STABLE: `no attention condition, but a rollback in the last ${s.recent_days} days, proposals waiting for review, no Q-values yet, or the degradation check not available`,
    HEALTHY: `Q-values recorded, no degradation alert, no rollback in the last ${s.recent_days} days, nothing waiting for review`,
  };
}

/**
 * Health of an installation. Every condition is a count compared with 0 (no float thresholds):
 * - ATTENTION NEEDED when degradation_alerts > 0, or rollbacks_attention + skipped_attention > 0,
 *   or stale_proposals > 0;
 * - else STABLE when rollbacks_recent > 0, or pending_proposals > 0, or q_entries = 0, or the
 *   degradation check is not available (null: HEALTHY is never claimed without it);
 * - else HEALTHY.
 */
export function decideHealth(f: HealthFigures, s: HealthSettings): HealthDecision {
  const rules = healthRules(s);
  const attention: string[] = [];
  if (f.degradation_alerts) attention.push(plural(f.degradation_alerts, 'degradation alert'));
  if (f.rollbacks_attention) attention.push(`${plural(f.rollbacks_attention, 'rollback')} in the last ${s.attention_hours} h`);
  if (f.skipped_attention) attention.push(`${plural(f.skipped_attention, 'skipped rollback')} in the last ${s.attention_hours} h`);
  if (f.stale_proposals) attention.push(`${plural(f.stale_proposals, 'proposal')} pending for more than ${s.stale_proposal_days} days`);
  if (attention.length) return { kind: 'ATTENTION NEEDED', reason: attention.join('; '), rule: rules['ATTENTION NEEDED'], figures: f };

  const stable: string[] = [];
  if (f.q_entries === 0) stable.push('no Q-values yet');
  if (f.degradation_alerts === null) stable.push('degradation check not available');
  if (f.rollbacks_recent) stable.push(`${plural(f.rollbacks_recent, 'rollback')} in the last ${s.recent_days} days`);
  if (f.pending_proposals) stable.push(`${plural(f.pending_proposals, 'proposal')} waiting for review`);
  if (stable.length) return { kind: 'STABLE', reason: stable.join('; '), rule: rules.STABLE, figures: f };

  return { kind: 'HEALTHY', reason: 'no alert, no recent rollback, nothing waiting for review', rule: rules.HEALTHY, figures: f };
}
