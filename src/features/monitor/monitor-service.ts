import { datedId } from '../../ids';
import { chooseRollbackTarget, type RollbackTarget } from '../../../core/monitor/choose-rollback-target';
import { checkThresholds, confirmTripped, crossedThresholds, detectDegradation, type DegradationParams, type DegradationVerdict, type OutcomeCounts } from '../../../core/monitor/detect-degradation';
import type { RollbackEvent } from '../../../telemetry/schemas';
import { type Ctx, transaction } from '../../context';
import type { TupleCounts, WindowSummary, WindowToSave } from '../learning/learning-store-type';
import { lettersToOutcomes } from '../learning/recent-window';
import type { PairVariantRow } from '../variants/registry-store-type';
import type { PairEvents, RollbackFilter, RollbackRow } from './rollback-store-type';
import { type Cooldown, cooldownWith } from './cooldown';
import { type AlertEvent, type AlertOutcome, sendAlert } from './alerts';
import { MONITOR_LEASE, withLease } from '../schedule/lease-service';
import { writeDefault } from '../variants/variants-service';
import { safetyGateRefusal } from '../safety-gate/safety-gate-service';
import { previewRollouts, type RolloutAction, tickRollouts } from '../rollout/rollout-service';


/** One active (default) variant's degradation check. */
export interface DegradationCheck {
  agent_name: string;
  task_type: string;
  variant_id: string;
  method: DegradationParams['method'];
  status: DegradationVerdict['kind'];
  reason: string;
  figures: DegradationVerdict['figures'];
  cooldown: Cooldown;
}

const totalsOf = (t: TupleCounts | null | undefined): OutcomeCounts =>
  t ? { n: t.inv_count, success: t.inv_success, errors: t.inv_error + t.inv_failure, rewardSum: t.reward_sum } : { n: 0, success: 0, errors: 0, rewardSum: 0 };

/** The kept summary of a tuple if it stands for a check: taken at the window size, with every outcome the lookback reads. */
function standingSummary(p: DegradationParams, t: TupleCounts, kept: WindowSummary | null | undefined): WindowSummary | null {
  return kept?.size === p.window && kept.outcomes.length >= Math.min(p.sequential_lookback, t.inv_count) ? kept : null;
}

/** Kept counts that show, without building a verdict, that a tuple is not degraded (no threshold crossed, or too little data). */
function surelyNotDegraded(ctx: Ctx, t: TupleCounts | null, kept: WindowSummary | null): boolean {
  const p = ctx.config.degradation;
  const summary = t && standingSummary(p, t, kept);
  if (!t || !summary) return false;
  const crossed = crossedThresholds(totalsOf(t), summary.counts, p);
  return !crossed || crossed.length === 0;
}

/**
 * The verdict of one tuple from its running counts and the kept summary of its window (`kept`: counts of
 * the newest invocations and the outcomes of the lookback), so that a pass reads one row per tuple. Without
 * a summary, the window itself is read (the kept one, else from the index) and collected in `toSave`, with
 * what was read from the index, for the monitor to keep.
 */
async function verdictFor(ctx: Ctx, t: TupleCounts | undefined, kept?: WindowSummary | null, toSave?: WindowToSave[], stored?: Buffer | null): Promise<DegradationVerdict> {
  const p = ctx.config.degradation;
  const totals = totalsOf(t);
  if (!t) return detectDegradation({ totals, recent: [] }, p);
  const lookback = p.sequential_lookback; // ≥ window: config rule lookback-covers-window
  const summary = standingSummary(p, t, kept);
  if (summary) {
    const first = checkThresholds(totals, summary.counts, p);
    return first.kind === 'tripped' ? confirmTripped(first, totals, lettersToOutcomes(summary.outcomes, lookback), p) : first;
  }
  const w = await ctx.learning.windowFor(t, lookback, stored);
  toSave?.push({ tuple_id: t.id, inv_count: t.inv_count, entries: w.rebuilt, recent: w.recent });
  return detectDegradation({ totals, recent: w.recent.slice(0, lookback) }, p);
}

const checkOf = (ctx: Ctx, agent: string, task: string, variant: string, v: DegradationVerdict, cooldown: Cooldown): DegradationCheck => ({
  agent_name: agent, task_type: task, variant_id: variant, method: ctx.config.degradation.method,
  status: v.kind, reason: v.reason, figures: v.figures, cooldown,
});

/** A pair re-checked from one read (`pairCheck`): its check and what `alreadyAlerted` needs. */
interface FreshCheck {
  check: DegradationCheck;
  lastEvent: Pick<RollbackRow, 'event_type' | 'from_variant' | 'ts'> | null;
  defaultUpdatedAt: string;
}

async function checkOne(ctx: Ctx, agent: string, task: string): Promise<FreshCheck | null> {
  const s = await ctx.rollbacks.pairCheck(agent, task, ctx.config.degradation.window);
  if (!s.default) return null;
  // The window as `windowFor` would read it (the kept one, here read with the rest; else from the index).
  const verdict = await verdictFor(ctx, s.tuple ?? undefined, undefined, undefined, s.entries);
  const cooldown = cooldownWith(ctx, s.lastRollback, s.lastRollback && s.tuple ? s.lastRollback.since : 0);
  return { check: checkOf(ctx, agent, task, s.default.variant_id, verdict, cooldown), lastEvent: s.lastEvent, defaultUpdatedAt: s.default.updated_at };
}

const pairKey = (agent: string, task: string) => `${agent}\u0000${task}`;

/**
 * The checks of every active default (or, with `degradedOnly`, of the degraded ones: the verdicts of the
 * others are dropped as soon as they are known), from one query (defaults, running counts and kept window
 * summaries), one for the pairs' last rollbacks and one for the cool-downs' counts; what had to be read
 * instead of a summary is returned in `toSave` for the monitor to keep. `events` has each pair's newest events.
 */
async function checkPass(ctx: Ctx, degradedOnly = false): Promise<{ checked: number; checks: DegradationCheck[]; toSave: WindowToSave[]; events: Map<string, PairEvents> }> {
  const events = new Map<string, PairEvents>();
  for (const p of await ctx.rollbacks.latestPerPair()) events.set(pairKey(p.agent_name, p.task_type), p);
  const toSave: WindowToSave[] = [];
  const active = await ctx.learning.activeTuples();
  const found: { a: (typeof active)[number]; verdict: DegradationVerdict; last: RollbackRow | undefined }[] = [];
  for (const a of active) {
    if (degradedOnly && surelyNotDegraded(ctx, a.tuple, a.window)) continue;
    const verdict = await verdictFor(ctx, a.tuple ?? undefined, a.window, toSave);
    if (degradedOnly && verdict.kind !== 'degraded') continue;
    found.push({ a, verdict, last: events.get(pairKey(a.agent_name, a.task_type))?.latestRollback });
  }
  // The cool-downs: the invocations of each current default since its pair's last rollback, all in one read.
  const counted = found.filter((f) => f.last && f.a.tuple);
  const counts = await ctx.rollbacks.countsSince(counted.map((f) => ({ tuple_id: (f.a.tuple as TupleCounts).id, ts: (f.last as RollbackRow).ts })), ctx.config.degradation.window);
  const since = new Map(counted.map((f, i) => [f, counts[i]] as const));
  const checks = found.map((f) => checkOf(ctx, f.a.agent_name, f.a.task_type, f.a.variant_id, f.verdict, cooldownWith(ctx, f.last, since.get(f) ?? 0)));
  return { checked: active.length, checks, toSave, events };
}

/**
 * Read-only: the degradation verdict of every agent/task's active default variant (its last window
 * against its own earlier invocations, from running counts and the tuple's kept window summary). No writes.
 */
export async function checkAll(ctx: Ctx): Promise<DegradationCheck[]> {
  return (await checkPass(ctx)).checks;
}

/** Read-only: the checks of the degraded active defaults, and how many defaults were checked. No writes. */
export async function degradedChecks(ctx: Ctx): Promise<{ checked: number; degraded: DegradationCheck[] }> {
  const { checked, checks } = await checkPass(ctx, true);
  return { checked, degraded: checks };
}

export type MonitorAction = 'rolled_back' | 'rollback_skipped' | 'would_roll_back' | 'would_skip' | 'cooldown' | 'already_alerted' | 'changed_concurrently' | 'failed';

export interface DegradedEntry {
  agent_name: string;
  task_type: string;
  variant_id: string;
  reason: string;
  action: MonitorAction;
  to_variant: string | null;
  rollback_id: string | null;
  degradation_metrics: DegradationVerdict['figures'];
}

/** A line of rollback_events.jsonl. */
export type { RollbackEvent } from '../../../telemetry/schemas';

export interface MonitorResult {
  checked: number;
  degraded: DegradedEntry[];
  rollbacks: RollbackEvent[];
  rollbacks_skipped: RollbackEvent[];
  alerts: AlertOutcome[];
  /** What the pass did to each running rollout (advance, abort, complete, …); with a dry run, what it would do. */
  rollouts: RolloutAction[];
  dry_run: boolean;
  /** Set when another monitor held the lease and this run did nothing. */
  lease_held_by?: string;
}

export interface MonitorOptions {
  dryRun?: boolean;
  /** Who triggered the run (audit). */
  actor?: string;
  /** Alert output (default stderr). */
  alertWrite?: (line: string) => void;
}

/** The rollback target of a pair from its agent's variants with their figures (`registry.rollbackTargets`). */
async function targetFrom(ctx: Ctx, agent: string, from: string, variants: readonly PairVariantRow[]): Promise<RollbackTarget> {
  // Safety gate (blocking mode): a variant it would refuse is no target; the next passing one is chosen.
  const gated = new Map<string, string>();
  for (const v of variants) {
    const why = v.variant_id === from || v.status !== 'active' ? null : await safetyGateRefusal(ctx, agent, v.variant_id);
    if (why) gated.set(v.variant_id, why);
  }
  const candidates = variants.map((v) => ({ variant_id: v.variant_id, q: v.q_value ?? 0, n: v.n_visits ?? 0, active: v.status === 'active' && !gated.has(v.variant_id) }));
  const agentDefault = variants[0]?.agent_default ?? null;
  const registeredDefault = agentDefault && !gated.has(agentDefault) && variants.some((v) => v.variant_id === agentDefault && v.status === 'active') ? agentDefault : null;
  const target = chooseRollbackTarget({ from, candidates, registeredDefault }, ctx.config.rollback.min_target_n);
  if (target.kind !== 'none' || gated.size === 0) return target;
  return { ...target, reason: `${target.reason}; the safety gate refused ${[...gated].map(([v, why]) => `${v} (${why})`).join(', ')}` };
}

/** The variants (with figures) of each pair's agent, by pair: one read for all of them. */
async function targetRows(ctx: Ctx, pairs: readonly { agent: string; task: string }[]): Promise<Map<string, PairVariantRow[]>> {
  const out = new Map<string, PairVariantRow[]>();
  for (const r of await ctx.registry.rollbackTargets(pairs)) {
    const k = pairKey(r.agent_name, r.task_type);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

/**
 * A skipped-rollback alert for this variant was already raised and the default has not changed since.
 * `last` is the pair's newest event; the default's `updated_at` is read only when it matters (or given).
 */
async function alreadyAlerted(
  ctx: Ctx, agent: string, task: string, variant: string,
  last: Pick<RollbackRow, 'event_type' | 'from_variant' | 'ts'> | null | undefined, defaultUpdatedAt?: string,
): Promise<boolean> {
  if (!last || last.event_type !== 'rollback_skipped' || last.from_variant !== variant) return false;
  const updatedAt = defaultUpdatedAt ?? (await ctx.registry.resolveDefault(agent, task))?.updated_at;
  return updatedAt === undefined || updatedAt <= last.ts;
}

/**
 * Checks every active default and rolls back the degraded ones. Each rollback is one transaction:
 * re-check, compare-and-set switch of the default (audited via writeDefault), rollback row, outbox line;
 * the JSONL line is appended after the commit. Degraded variants in a cool-down are left alone; a variant
 * without a target gives one `rollback_skipped` event, not one per run. Alerts follow the commit.
 */
export async function runMonitor(ctx: Ctx, o: MonitorOptions = {}): Promise<MonitorResult> {
  const actor = o.actor ?? 'monitor';
  const { checked, checks, toSave, events: pairEvents } = await checkPass(ctx, true);
  if (!o.dryRun) await ctx.learning.saveWindows(toSave);
  const res: MonitorResult = { checked, degraded: [], rollbacks: [], rollbacks_skipped: [], alerts: [], rollouts: [], dry_run: Boolean(o.dryRun) };
  const events: AlertEvent[] = [];
  const todo: { c: DegradationCheck; entry: DegradedEntry }[] = [];
  for (const c of checks) {
    if (c.status !== 'degraded') continue;
    const entry: DegradedEntry = {
      agent_name: c.agent_name, task_type: c.task_type, variant_id: c.variant_id, reason: c.reason,
      action: 'cooldown', to_variant: null, rollback_id: null, degradation_metrics: c.figures,
    };
    res.degraded.push(entry);
    if (c.cooldown.in_cooldown) continue;
    if (await alreadyAlerted(ctx, c.agent_name, c.task_type, c.variant_id, pairEvents.get(pairKey(c.agent_name, c.task_type))?.latest)) {
      entry.action = 'already_alerted';
      continue;
    }
    todo.push({ c, entry });
  }
  if (o.dryRun) {
    // The targets of every pair at once (the transaction of a real rollback reads its own).
    const rows = await targetRows(ctx, todo.map(({ c }) => ({ agent: c.agent_name, task: c.task_type })));
    for (const { c, entry } of todo) {
      const target = await targetFrom(ctx, c.agent_name, c.variant_id, rows.get(pairKey(c.agent_name, c.task_type)) ?? []);
      entry.action = target.kind === 'none' ? 'would_skip' : 'would_roll_back';
      entry.to_variant = target.kind === 'none' ? null : target.variant_id;
    }
  }
  for (const { c, entry } of o.dryRun ? [] : todo) {
    let ev: AlertEvent | MonitorAction;
    try {
      ev = await transaction(ctx, async (tx): Promise<AlertEvent | MonitorAction> => {
        // Re-check inside the transaction (on SQLite, under its write lock): another process may have acted
        // since the read above. On PostgreSQL the compare-and-set switch below settles a race on the pair.
        const again = await checkOne(tx, c.agent_name, c.task_type);
        if (!again || again.check.variant_id !== c.variant_id || again.check.status !== 'degraded') return 'changed_concurrently';
        const fresh = again.check;
        if (fresh.cooldown.in_cooldown) return 'cooldown';
        if (await alreadyAlerted(tx, c.agent_name, c.task_type, c.variant_id, again.lastEvent, again.defaultUpdatedAt)) return 'already_alerted';
        const now = tx.now();
        const ts = now.toISOString();
        const targets = await tx.registry.rollbackTargets([{ agent: c.agent_name, task: c.task_type }]);
        const target = await targetFrom(tx, c.agent_name, c.variant_id, targets);
        const rollbackId = datedId('rb', now);
        const metrics = { ...fresh.figures, target: { kind: target.kind, reason: target.reason, ...target.figures } } as Record<string, unknown>;
        const toVariant = target.kind === 'none' ? null : target.variant_id;
        const reason = toVariant ? `Degradation detected (${fresh.method}): ${fresh.reason}` : `Degradation detected (${fresh.method}), no rollback target: ${target.reason}. ${fresh.reason}`;
        if (toVariant) {
          const switched = await writeDefault(
            tx, c.agent_name, c.task_type, toVariant, actor, reason,
            { rollback_id: rollbackId, from_variant: c.variant_id, degradation_metrics: metrics },
            ts, 'rollback', c.variant_id,
          );
          if (!switched) return 'changed_concurrently';
        }
        const row: RollbackRow = {
          rollback_id: rollbackId, ts, event_type: toVariant ? 'rollback' : 'rollback_skipped', agent_name: c.agent_name, task_type: c.task_type,
          from_variant: c.variant_id, to_variant: toVariant, reason, degradation_metrics: JSON.stringify(metrics), triggered_by: actor,
        };
        await tx.rollbacks.insert(row);
        const line: RollbackEvent = {
          rollback_id: rollbackId, timestamp: ts, agent_name: c.agent_name, task_type: c.task_type,
          from_variant: c.variant_id, to_variant: toVariant, reason, degradation_metrics: metrics,
        };
        if (toVariant) await tx.outbox.enqueue('rollback_events', line, ts);
        return { event_type: row.event_type, ...line };
      });
    } catch (e) {
      // One agent/task failing (e.g. a blocked switch) never stops the others; the transaction rolled back.
      entry.action = 'failed';
      entry.reason = `${entry.reason}; rollback failed: ${(e as Error)?.message ?? String(e)}`;
      continue;
    }
    if (typeof ev === 'string') {
      entry.action = ev;
      continue;
    }
    entry.action = ev.event_type === 'rollback' ? 'rolled_back' : 'rollback_skipped';
    entry.to_variant = ev.to_variant;
    entry.rollback_id = ev.rollback_id;
    const { event_type: _t, ...line } = ev;
    (ev.event_type === 'rollback' ? res.rollbacks : res.rollbacks_skipped).push(line);
    events.push(ev);
  }
  if (!o.dryRun) await ctx.outbox.flush(ctx.dataDir, ctx.now().toISOString());
  for (const e of events) res.alerts.push(sendAlert(ctx, e, { write: o.alertWrite }));
  res.rollouts = o.dryRun ? await previewRollouts(ctx) : await tickRollouts(ctx, actor, o.alertWrite);
  return res;
}

/** runMonitor under the cross-process `monitor` lease; when another run holds it, nothing is done. */
export async function runMonitorLeased(ctx: Ctx, o: MonitorOptions = {}): Promise<MonitorResult> {
  if (o.dryRun) return runMonitor(ctx, o);
  const r = await withLease(ctx, MONITOR_LEASE, () => runMonitor(ctx, o));
  if (r.ran) return r.value;
  return { checked: 0, degraded: [], rollbacks: [], rollbacks_skipped: [], alerts: [], rollouts: [], dry_run: false, lease_held_by: r.held_by.holder };
}

/** Rollback history, newest first (JSON fields of rollback_events.jsonl plus event_type and triggered_by). */
export async function rollbackHistory(ctx: Ctx, f: RollbackFilter = {}): Promise<(RollbackEvent & { event_type: RollbackRow['event_type']; triggered_by: string })[]> {
  return (await ctx.rollbacks.history(f))
    .map((r) => ({
      rollback_id: r.rollback_id, timestamp: r.ts, agent_name: r.agent_name, task_type: r.task_type, from_variant: r.from_variant,
      to_variant: r.to_variant, reason: r.reason, degradation_metrics: JSON.parse(r.degradation_metrics) as Record<string, unknown>,
      event_type: r.event_type, triggered_by: r.triggered_by,
    }));
}
