import { decideHealth, type HealthStatus } from '../../../core/dashboard/decide-health';
import type { Ctx } from '../../context';
import { rolloutStatus, type RolloutView } from '../rollout/rollout-service';
import type { TypedRollbackEvent } from '../../../telemetry/schemas';
import type { DashboardStore } from './dashboard-store-type';
import type { RollbackRow } from '../monitor/rollback-store-type';
import { degradedChecks } from '../monitor/monitor-service';
import { checkPromotion } from '../promotion/promotion-service';
import { stageStatus } from '../waltzrl/stage-service';

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

/** A rollback event in the field names of `rollback_events.jsonl`, with its type and trigger. */
export interface DashboardRollback extends TypedRollbackEvent {
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
  /** auto_apply | human_approval | no_action, or not_available when the check could not run (reason says why). */
  decision: string;
  reason: string;
  figures: Record<string, unknown>;
}

/** One degradation alert: an active (default) variant whose monitor check says `degraded` now. */
export interface DegradationAlert {
  agent_name: string;
  task_type: string;
  variant_id: string;
  /** The verdict's reason, as `crl monitor` reports it. */
  reason: string;
  /**
   * What the monitor does about it: `rollback_due` (the next run rolls back or raises a skipped-rollback
   * alert), `cooldown` (a rollback happened and the default has not had a full window yet) or
   * `rollback_skipped` (already alerted: no rollback target).
   */
  action: 'rollback_due' | 'cooldown' | 'rollback_skipped';
  cooldown: { invocations_since: number; needed: number } | null;
  degradation_metrics: Record<string, unknown>;
}

/** WaltzRL safety layer: which stage serves, and the Stage 2 rollout step (from `crl waltzrl stage status`). */
export interface WaltzrlStage {
  /** Rollout status: stage1 | canary | complete (…as the rollout reports it). */
  status: string;
  active_stage: number;
  active_variant: string;
  candidate_variant: string | null;
  /** Traffic share of the Stage 2 candidate, in percent (0–100). */
  traffic_percent: number;
  steps: number[];
  /** Live figures of the Stage 2 variant (rates in [0, 1], null without samples). */
  live: { n: number; asr: number | null; orr: number | null; ftr: number | null };
  next_action: { kind: string; reason: string };
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
  /** Staged rollouts in progress: agent/task, candidate, step, samples and success rate per arm, next action. */
  rollouts: Section<{ items: RolloutView[] }>;
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
async function section<T>(build: () => Promise<Section<T>>): Promise<Section<T>> {
  try {
    return await build();
  } catch (e) {
    return { available: false, reason: `failed: ${(e as Error).message}` };
  }
}

/** Q-values that print as the threshold count as reaching it (the SafetyMonitor's own tolerance). */
const Q_EPS = 1e-9;

/**
 * High-confidence variants (Q ≥ auto_apply_min_q, n ≥ auto_apply_min_n), highest Q first, with the decision
 * the SafetyMonitor takes for each given the current default, its cool-down and recent rollbacks — the same
 * `checkPromotion` as `crl safety check`. Decisions are computed for the `rows` shown; `total` counts them all.
 */
export async function highConfidenceSection(ctx: Ctx, store: DashboardStore): Promise<DashboardData['high_confidence_variants']> {
  const t = ctx.config.safety;
  const minQ = t.auto_apply_min_q - Q_EPS;
  const total = await store.countHighConfidence(minQ, t.auto_apply_min_n);
  const items: HighConfidenceVariant[] = [];
  for (const row of await store.highConfidence(minQ, t.auto_apply_min_n, ctx.config.dashboard.rows)) {
    const base = { agent_name: row.agent_name, task_type: row.task_type, variant_id: row.variant_id, q_value: row.q_value, n_visits: row.n_visits };
    try {
      const c = await checkPromotion(ctx, { agent: row.agent_name, task: row.task_type, variant: row.variant_id });
      items.push({ ...base, default_variant: c.figures.default_variant, decision: c.decision, reason: c.reason, figures: c.figures as unknown as Record<string, unknown> });
    } catch (e) {
      // e.g. Q-values of a variant that was never registered: say so instead of guessing a decision.
      const def = (await ctx.registry.resolveDefault(row.agent_name, row.task_type))?.variant_id ?? null;
      items.push({ ...base, default_variant: def, decision: 'not_available', reason: (e as Error).message, figures: {} });
    }
  }
  return { available: true, total, min_q: t.auto_apply_min_q, min_n: t.auto_apply_min_n, items };
}

/** Degradation alerts from the monitor's own read-only check (`degradedChecks` of src/features/monitor/monitor-service.ts). */
export async function alertsSection(ctx: Ctx): Promise<DashboardData['degradation_alerts']> {
  const { checked, degraded } = await degradedChecks(ctx);
  const rollbacks = ctx.rollbacks;
  const items: DegradationAlert[] = [];
  for (const c of degraded) {
    const last = c.cooldown.in_cooldown ? undefined : await rollbacks.latest(c.agent_name, c.task_type);
    const skipped = last?.event_type === 'rollback_skipped' && last.from_variant === c.variant_id;
    items.push({
      agent_name: c.agent_name,
      task_type: c.task_type,
      variant_id: c.variant_id,
      reason: c.reason,
      action: c.cooldown.in_cooldown ? 'cooldown' : skipped ? 'rollback_skipped' : 'rollback_due',
      cooldown: c.cooldown.in_cooldown ? { invocations_since: c.cooldown.invocations_since, needed: c.cooldown.needed } : null,
      degradation_metrics: c.figures as unknown as Record<string, unknown>,
    });
  }
  return { available: true, checked, items };
}

/** WaltzRL stage and rollout step (`stageStatus` of src/features/waltzrl/stage-service.ts). */
export async function waltzrlSection(ctx: Ctx): Promise<DashboardData['waltzrl']> {
  const s = await stageStatus(ctx);
  return {
    available: true,
    status: s.status,
    active_stage: s.active_stage,
    active_variant: s.active_variant,
    candidate_variant: s.candidate_variant,
    traffic_percent: s.traffic_percent,
    steps: s.steps,
    live: { n: s.live.n, asr: s.live.asr, orr: s.live.orr, ftr: s.live.ftr },
    next_action: s.next_action,
  };
}

/**
 * Builds the dashboard from aggregates and indexed rows only: q_values (running counts), variants,
 * defaults, rollbacks (ts index, limit `rows`), proposals (status index) and, through the monitor,
 * the per-tuple indexed window. Never scans invocations.
 */
export async function buildDashboard(ctx: Ctx): Promise<DashboardData> {
  const store = ctx.dashboard;
  const now = ctx.now();
  const cfg = ctx.config.dashboard;
  // The windows' starts are computed here and passed as ISO timestamps (no date arithmetic in SQL).
  const at = (ms: number) => new Date(now.getTime() - ms).toISOString();
  const totals = await store.totals();
  const attention = await store.rollbackCounts(at(cfg.attention_hours * 3_600_000));
  const recent = await store.rollbackCounts(at(cfg.recent_days * DAY_MS));
  const counts = await store.pendingCounts(at(cfg.stale_proposal_days * DAY_MS));

  const alerts = await section(() => alertsSection(ctx));
  const high = await section(() => highConfidenceSection(ctx, store));
  const waltzrl = await section(() => waltzrlSection(ctx));
  const rollouts = await section(async () => ({ available: true as const, items: await rolloutStatus(ctx) }));
  const lastRollbacks = await store.lastRollbacks(cfg.rows);
  const pending = await store.pendingProposals(cfg.rows);

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
    last_rollbacks: lastRollbacks.map(rollbackView),
    pending_proposals: {
      total: counts.pending,
      items: pending.map((p) => ({
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
    rollouts,
  };
}
