import type { Sqlite } from '../../db/open';
import type { GateReportRow, ReviewWindowRow, RolloutRow, StageEventRow, WaltzrlStageStore } from './stage-store-type';

export function createWaltzrlStageStore(sqlite: Sqlite): WaltzrlStageStore {
  const cols = Object.keys({
    name: 0, status: 0, active_variant: 0, candidate_variant: 0, step_index: 0, step_percent: 0, step_started_at: 0,
    promoted_at: 0, promoted_by: 0, gate_report_id: 0, approval_proposal_id: 0, last_hold_reason: 0, returned_at: 0,
    updated_at: 0, version: 0,
  } satisfies Record<keyof RolloutRow, 0>) as (keyof RolloutRow)[];
  const ins = sqlite.prepare(`insert into waltzrl_rollout (${cols.join(', ')}) values (${cols.map(() => '?').join(', ')})`);
  const upd = sqlite.prepare(
    `update waltzrl_rollout set ${cols.filter((c) => c !== 'name').map((c) => `${c} = ?`).join(', ')} where name = ? and version = ?`,
  );
  const gateCols = [
    'report_id', 'ts', 'variant_id', 'endpoint_url', 'model', 'dataset_path', 'dataset_digest', 'result', 'n', 'asr', 'orr', 'ftr',
    'reason', 'figures', 'thresholds', 'run_by',
  ] as const;
  const insGate = sqlite.prepare(`insert into waltzrl_gate_reports (${gateCols.join(', ')}) values (${gateCols.map(() => '?').join(', ')})`);
  const evCols = ['event_id', 'ts', 'event_type', 'variant_id', 'from_percent', 'to_percent', 'reason', 'figures', 'triggered_by'] as const;
  const insEv = sqlite.prepare(`insert into waltzrl_stage_events (${evCols.join(', ')}) values (${evCols.map(() => '?').join(', ')})`);
  const win = sqlite.prepare(
    `select i.ts, i.outcome, i.duration_ms, i.metadata from invocations i
     where i.tuple_id = ? and i.ts >= ? order by i.ts desc, i.id desc limit ?`,
  );
  const cnt = sqlite.prepare('select count(*) as c from (select 1 from invocations where tuple_id = ? and ts >= ? limit ?)');
  const insRb = sqlite.prepare(
    `insert into rollbacks (rollback_id, ts, event_type, agent_name, task_type, from_variant, to_variant, reason, degradation_metrics, triggered_by)
     values (?, ?, 'rollback', ?, ?, ?, ?, ?, ?, ?)`,
  );
  return {
    get: (name) => sqlite.prepare('select * from waltzrl_rollout where name = ?').get(name) as RolloutRow | undefined,
    insert: (row) => void ins.run(...cols.map((c) => row[c])),
    update: (row, expected) =>
      upd.run(...cols.filter((c) => c !== 'name').map((c) => row[c]), row.name, expected).changes === 1,
    insertGateReport: (r) => void insGate.run(...gateCols.map((c) => r[c])),
    gateReport: (id) => sqlite.prepare('select * from waltzrl_gate_reports where report_id = ?').get(id) as GateReportRow | undefined,
    latestGateReport: (v) =>
      sqlite.prepare('select * from waltzrl_gate_reports where variant_id = ? order by ts desc, report_id desc limit 1').get(v) as
        | GateReportRow
        | undefined,
    insertEvent: (e) => void insEv.run(...evCols.map((c) => e[c])),
    events: (limit) =>
      sqlite.prepare('select * from waltzrl_stage_events order by ts desc, rowid desc limit ?').all(limit) as StageEventRow[],
    window: (tupleId, since, limit) => win.all(tupleId, since, limit) as ReviewWindowRow[],
    countSince: (tupleId, since, cap) => (cnt.get(tupleId, since, cap) as { c: number }).c,
    insertRollback: (r) =>
      void insRb.run(r.rollback_id, r.ts, r.agent_name, r.task_type, r.from_variant, r.to_variant, r.reason, r.degradation_metrics, r.triggered_by),
  };
}
