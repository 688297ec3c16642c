import type { HealthStatus } from '../../../core/dashboard/decide-health';
import type { Ctx } from '../../context';
import { buildDashboard } from './dashboard-service';

/** One sample of a gauge: labels (snake_case names) and a value. */
export interface MetricSample {
  labels: Record<string, string>;
  value: number;
}

/** A metric family of the Prometheus text exposition format (all crl metrics are gauges). */
export interface MetricFamily {
  name: string;
  help: string;
  type: 'gauge';
  samples: MetricSample[];
}

const STATUSES: HealthStatus[] = ['HEALTHY', 'STABLE', 'ATTENTION NEEDED'];

const gauge = (name: string, help: string, samples: MetricSample[]): MetricFamily => ({ name, help, type: 'gauge', samples });
const one = (value: number, labels: Record<string, string> = {}): MetricSample[] => [{ labels, value }];

/**
 * The health figures as gauges: the dashboard's health block (same rule, same queries) plus Q and n
 * of every agent/task/variant tuple. Reads aggregates only (q_values, rollbacks/proposals indexes).
 * A section that is not available (e.g. the WaltzRL stage) is left out, never reported as 0.
 */
export async function collectMetrics(ctx: Ctx): Promise<MetricFamily[]> {
  const store = ctx.dashboard;
  const d = await buildDashboard(ctx);
  const h = d.health;
  const tuples = await store.allTuples();
  const tupleLabels = (t: { agent_name: string; task_type: string; variant_id: string }) => ({
    agent_name: t.agent_name,
    task_type: t.task_type,
    variant_id: t.variant_id,
  });
  const rb = await store.rollbackTotals();
  const families: MetricFamily[] = [
    gauge('crl_health_status', 'Overall health: 1 for the current status, 0 for the others (see `crl dashboard` for the rule).',
      STATUSES.map((s) => ({ labels: { status: s }, value: s === h.status ? 1 : 0 }))),
    gauge('crl_q_table_entries', 'Agent/task/variant tuples with learned figures.', one(h.q_table_entries)),
    gauge('crl_agents_with_variants', 'Agents with at least one active variant.', one(h.agents_with_variants)),
    gauge('crl_invocations', 'Stored invocations (all tuples).', one(h.invocations)),
    gauge('crl_q_value', 'Learned Q-value of a tuple, in [0, 1].', tuples.map((t) => ({ labels: tupleLabels(t), value: t.q_value }))),
    gauge('crl_n_visits', 'Invocations counted into the Q-value of a tuple.', tuples.map((t) => ({ labels: tupleLabels(t), value: t.n_visits }))),
    gauge('crl_rollback_events', 'Rollback events ever recorded, by type.', [
      { labels: { event_type: 'rollback' }, value: rb.rollback },
      { labels: { event_type: 'rollback_skipped' }, value: rb.rollback_skipped },
    ]),
    gauge('crl_rollbacks_recent', `Rollbacks in the last ${h.recent_days} days (config dashboard.recent_days).`, one(h.rollbacks_recent)),
    gauge('crl_rollbacks_attention_window', `Rollbacks and skipped rollbacks in the last ${h.attention_hours} h (config dashboard.attention_hours).`, [
      { labels: { event_type: 'rollback' }, value: h.rollbacks_attention },
      { labels: { event_type: 'rollback_skipped' }, value: h.skipped_rollbacks_attention },
    ]),
    gauge('crl_pending_proposals', 'Proposals waiting for review.', one(h.pending_proposals)),
    gauge('crl_stale_proposals', `Proposals pending for more than ${h.stale_proposal_days} days.`, one(h.stale_proposals)),
  ];
  if (h.degradation_alerts != null) families.push(gauge('crl_degradation_alerts', 'Active variants whose degradation check fires now.', one(h.degradation_alerts)));
  if (d.high_confidence_variants.available) {
    families.push(gauge('crl_high_confidence_variants', 'Variants with Q and n at or above the auto-apply bar.', one(d.high_confidence_variants.total)));
  }
  if (d.waltzrl.available) {
    const w = d.waltzrl;
    families.push(gauge('crl_waltzrl_active_stage', 'WaltzRL stage serving requests (1 = rules, 2 = model).', one(w.active_stage, { variant_id: w.active_variant })));
    families.push(gauge('crl_waltzrl_traffic_percent', 'Traffic share of the WaltzRL Stage 2 candidate, in percent.', one(w.traffic_percent, { status: w.status })));
    for (const key of ['asr', 'orr', 'ftr'] as const) {
      const v = w.live[key];
      if (v != null) families.push(gauge(`crl_waltzrl_${key}`, `WaltzRL ${key.toUpperCase()} of Stage 2 on the live window, in [0, 1].`, one(v)));
    }
  }
  if (d.rollouts.available) {
    const rs = d.rollouts.items;
    const labels = (r: (typeof rs)[number]) => ({ agent_name: r.agent_name, task_type: r.task_type, variant_id: r.candidate });
    families.push(gauge('crl_rollouts_running', 'Staged rollouts in progress.', one(rs.length)));
    if (rs.length > 0) families.push(gauge('crl_rollout_step_percent', 'Traffic share of a rollout candidate, in percent.', rs.map((r) => ({ labels: labels(r), value: r.step_percent }))));
    if (rs.length > 0) families.push(gauge('crl_rollout_arm_invocations', 'Invocations of each arm of a rollout since it started.', rs.flatMap((r) => [
      { labels: { ...labels(r), arm: 'candidate' }, value: r.next?.figures.candidate_n ?? 0 },
      { labels: { ...labels(r), arm: 'default' }, value: r.next?.figures.default_n ?? 0 },
    ])));
  }
  return families;
}

/** Escapes a label value: backslash, double quote and line feed (exposition format 0.0.4). */
export const escapeLabel = (v: string): string => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

const formatValue = (v: number): string => (Number.isNaN(v) ? 'NaN' : v === Infinity ? '+Inf' : v === -Infinity ? '-Inf' : String(v));

/** Renders metric families in the Prometheus text exposition format (version 0.0.4). */
export function formatPrometheus(families: MetricFamily[]): string {
  const lines: string[] = [];
  for (const f of families) {
    lines.push(`# HELP ${f.name} ${f.help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`);
    lines.push(`# TYPE ${f.name} ${f.type}`);
    for (const s of f.samples) {
      const entries = Object.entries(s.labels);
      const labels = entries.length ? `{${entries.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',')}}` : '';
      lines.push(`${f.name}${labels} ${formatValue(s.value)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
