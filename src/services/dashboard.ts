import { decideHealth, type HealthStatus } from '../../core/decide-health';
import type { Ctx } from '../context';
import { createDashboardStore, type DashboardStore, type RollbackRow } from '../db/dashboard-store';

/** A section that depends on a component that may be missing or failing: its content, or why not. */
export type Section<T> = ({ available: true } & T) | { available: false; reason: string };

export interface DashboardHealth {
  status: HealthStatus;
  /** The conditions that decided the status. */
  reason: string;
  /** The rule of that status, with its thresholds. */
  rule: string;
  q_table_entries: number;
  agents_with_variants: number;
  invocations: number;
  /** Rollbacks in the last `recent_days` days (config `dashboard.recent_days`, default 30). */
  rollbacks_recent: number;
  recent_days: number;
  /** Rollbacks / skipped rollbacks in the last `attention_hours` hours. */
  rollbacks_attention: number;
  skipped_rollbacks_attention: number;
  attention_hours: number;
  pending_proposals: number;
  /** Pending proposals older than `stale_proposal_days`. */
  stale_proposals: number;
  stale_proposal_days: number;
  /** Active variants with a degradation alert now; null when the check is not available. */
  degradation_alerts: number | null;
}

/** A rollback event in the field names of `rollback_events.jsonl`. */
export interface DashboardRollback {
  rollback_id: string;
  timestamp: string;
  event_type: 'rollback' | 'rollback_skipped';
  agent_name: string;
  task_type: string;
  from_variant: string;
  to_variant: string | null;
  reason: string;
  degradation_metrics: Record<string, unknown>;
  triggered_by: string;
}

export interface DashboardProposal {
  proposal_id: string;
  timestamp: string;
  agent_name: string;
  task_type: string;
  proposal_type: string;
  confidence: number;
  reasoning: string;
  /** Whole days since the proposal was created (floor). */
  age_days: number;
}

/** A variant with Q ≥ auto_apply_min_q and n ≥ auto_apply_min_n, with the SafetyMonitor's decision. */
export interface HighConfidenceVariant {
  agent_name: string;
  task_type: string;
  variant_id: string;
  q_value: number;
  n_visits: number;
  /** The default that applies to this agent/task now (task default, else agent-wide), if any. */
  default_variant: string | null;
  decision: string;
  reason: string;
  figures: Record<string, unknown>;
}

/** One degradation alert as the monitor's check reports it. */
export interface DegradationAlert {
  agent_name: string;
  task_type: string;
  variant_id: string;
  reason: string;
  /** What the monitor would do: roll back to `to_variant`, or skip (no target / cool-down). */
  action: string;
  to_variant: string | null;
  degradation_metrics: Record<string, unknown>;
}

export interface WaltzrlStage {
  stage: string;
  variant_id: string | null;
  candidate: string | null;
  /** Traffic share of the candidate in percent (0–100), null when no rollout is running. */
  traffic_step: number | null;
  details: Record<string, unknown>;
}

/** Everything the dashboard shows, as one plain object (also the `--json` output). */
export interface DashboardData {
  generated_at: string;
  health: DashboardHealth;
  last_rollbacks: DashboardRollback[];
  pending_proposals: { total: number; items: DashboardProposal[] };
  high_confidence_variants: Section<{ total: number; min_q: number; min_n: number; items: HighConfidenceVariant[] }>;
  degradation_alerts: Section<{ checked: number | null; items: DegradationAlert[] }>;
  waltzrl: Section<WaltzrlStage>;
}

const DAY_MS = 86_400_000;

function parseJson(text: string): Record<string, unknown> {
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : { value: v };
  } catch {
    return { raw: text };
  }
}

export function rollbackView(r: RollbackRow): DashboardRollback {
  return {
    rollback_id: r.rollback_id,
    timestamp: r.ts,
    event_type: r.event_type,
    agent_name: r.agent_name,
    task_type: r.task_type,
    from_variant: r.from_variant,
    to_variant: r.to_variant,
    reason: r.reason,
    degradation_metrics: parseJson(r.degradation_metrics),
    triggered_by: r.triggered_by,
  };
}

/** Runs a section builder; a failure of another component shows as "not available: <why>", never as a crash. */
function section<T>(build: () => Section<T>): Section<T> {
  try {
    return build();
  } catch (e) {
    return { available: false, reason: `failed: ${(e as Error).message}` };
  }
}

/** High-confidence variants with the SafetyMonitor decision (issue: SafetyMonitor, core/decide-safety.ts). */
export function highConfidenceSection(ctx: Ctx, _store: DashboardStore): DashboardData['high_confidence_variants'] {
  void ctx;
  return { available: false, reason: 'the SafetyMonitor (core/decide-safety.ts) is not built yet' };
}

/** Degradation alerts from the monitor's own check (src/services/monitor.ts `checkAll`). */
export function alertsSection(ctx: Ctx): DashboardData['degradation_alerts'] {
  void ctx;
  return { available: false, reason: 'the degradation monitor (src/services/monitor.ts) is not built yet' };
}

/** WaltzRL stage and rollout step (src/services/waltzrl-stage.ts). */
export function waltzrlSection(ctx: Ctx): DashboardData['waltzrl'] {
  void ctx;
  return { available: false, reason: 'the WaltzRL stage rollout (src/services/waltzrl-stage.ts) is not built yet' };
}

/**
 * Builds the dashboard from aggregates and indexed rows only: q_values (running counts), variants,
 * defaults, rollbacks (ts index, limit `rows`), proposals (status index) and, through the monitor,
 * the per-tuple indexed window. Never scans invocations.
 */
export function buildDashboard(ctx: Ctx, store: DashboardStore = createDashboardStore(ctx.sqlite)): DashboardData {
  const now = ctx.now();
  const cfg = ctx.config.dashboard;
  const at = (ms: number) => new Date(now.getTime() - ms).toISOString();
  const totals = store.totals();
  const attention = store.rollbackCounts(at(cfg.attention_hours * 3_600_000));
  const recent = store.rollbackCounts(at(cfg.recent_days * DAY_MS));
  const counts = store.pendingCounts(at(cfg.stale_proposal_days * DAY_MS));

  const alerts = section(() => alertsSection(ctx));
  const high = section(() => highConfidenceSection(ctx, store));
  const waltzrl = section(() => waltzrlSection(ctx));

  const decision = decideHealth(
    {
      q_entries: totals.q_entries,
      degradation_alerts: alerts.available ? alerts.items.length : null,
      rollbacks_attention: attention.rollback,
      skipped_attention: attention.rollback_skipped,
      rollbacks_recent: recent.rollback,
      pending_proposals: counts.pending,
      stale_proposals: counts.stale,
    },
    cfg,
  );

  return {
    generated_at: now.toISOString(),
    health: {
      status: decision.kind,
      reason: decision.reason,
      rule: decision.rule,
      q_table_entries: totals.q_entries,
      agents_with_variants: totals.agents_with_variants,
      invocations: totals.invocations,
      rollbacks_recent: recent.rollback,
      recent_days: cfg.recent_days,
      rollbacks_attention: attention.rollback,
      skipped_rollbacks_attention: attention.rollback_skipped,
      attention_hours: cfg.attention_hours,
      pending_proposals: counts.pending,
      stale_proposals: counts.stale,
      stale_proposal_days: cfg.stale_proposal_days,
      degradation_alerts: alerts.available ? alerts.items.length : null,
    },
    last_rollbacks: store.lastRollbacks(cfg.rows).map(rollbackView),
    pending_proposals: {
      total: counts.pending,
      items: store.pendingProposals(cfg.rows).map((p) => ({
        proposal_id: p.proposal_id,
        timestamp: p.ts,
        agent_name: p.agent_name,
        task_type: p.task_type,
        proposal_type: p.proposal_type,
        confidence: p.confidence,
        reasoning: p.reasoning,
        age_days: Math.max(0, Math.floor((now.getTime() - Date.parse(p.ts)) / DAY_MS)),
      })),
    },
    high_confidence_variants: high,
    degradation_alerts: alerts,
    waltzrl,
  };
}
