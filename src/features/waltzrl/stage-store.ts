import type { SqlDb } from '../../db/sql-db';
import type { GateReportRow, ReviewWindowRow, RolloutRow, StageEventRow, WaltzrlStageStore } from './stage-store-type';

const cols = Object.keys({
  name: 0, status: 0, active_variant: 0, candidate_variant: 0, step_index: 0, step_percent: 0, step_started_at: 0,
  promoted_at: 0, promoted_by: 0, gate_report_id: 0, approval_proposal_id: 0, last_hold_reason: 0, returned_at: 0,
  updated_at: 0, version: 0,
} satisfies Record<keyof RolloutRow, 0>) as (keyof RolloutRow)[];
const INS = `insert into waltzrl_rollout (${cols.join(', ')}) values (${cols.map(() => '?').join(', ')})`;
const UPD = `update waltzrl_rollout set ${cols.filter((c) => c !== 'name').map((c) => `${c} = ?`).join(', ')} where name = ? and version = ?`;
const gateCols = [
  'report_id', 'ts', 'variant_id', 'endpoint_url', 'model', 'dataset_path', 'dataset_digest', 'result', 'n', 'asr', 'orr', 'ftr',
  'reason', 'figures', 'thresholds', 'run_by',
] as const;
const INS_GATE = `insert into waltzrl_gate_reports (${gateCols.join(', ')}) values (${gateCols.map(() => '?').join(', ')})`;
const evCols = ['event_id', 'ts', 'event_type', 'variant_id', 'from_percent', 'to_percent', 'reason', 'figures', 'triggered_by'] as const;
const INS_EV = `insert into waltzrl_stage_events (${evCols.join(', ')}) values (${evCols.map(() => '?').join(', ')})`;
const WINDOW = `select i.ts, i.outcome, i.duration_ms, i.metadata from invocations i
     where i.tuple_id = ? and i.ts >= ? order by i.ts desc, i.id desc limit ?`;
const COUNT = 'select count(*) as c from (select 1 from invocations where tuple_id = ? and ts >= ? limit ?) as w';
const INS_RB = `insert into rollbacks (rollback_id, ts, event_type, agent_name, task_type, from_variant, to_variant, reason, degradation_metrics, triggered_by)
     values (?, ?, 'rollback', ?, ?, ?, ?, ?, ?, ?)`;
/**
 * Ties on `ts`: SQLite orders by insertion (rowid). PostgreSQL has no insertion order to sort on: ties there
 * fall back to the event id in byte order, which `emit` makes greater than the ids already written at that
 * `ts` (see `eventIdAfter` in stage-state.ts), so that the later written still comes first.
 */
const EVENTS = {
  sqlite: 'select * from waltzrl_stage_events order by ts desc, rowid desc limit ?',
  postgres: 'select * from waltzrl_stage_events order by ts desc, event_id collate "C" desc limit ?',
} as const;
const LAST_ID_AT = {
  sqlite: 'select event_id from waltzrl_stage_events where ts = ? order by event_id desc limit 1',
  postgres: 'select event_id from waltzrl_stage_events where ts = ? order by event_id collate "C" desc limit 1',
} as const;

export function createWaltzrlStageStore(db: SqlDb): WaltzrlStageStore {
  return {
    get: (name) => db.get<RolloutRow>('select * from waltzrl_rollout where name = ?', [name]),
    async insert(row) {
      await db.run(INS, cols.map((c) => row[c]));
    },
    update: async (row, expected) =>
      (await db.run(UPD, [...cols.filter((c) => c !== 'name').map((c) => row[c]), row.name, expected])).changes === 1,
    async insertGateReport(r) {
      await db.run(INS_GATE, gateCols.map((c) => r[c]));
    },
    gateReport: (id) => db.get<GateReportRow>('select * from waltzrl_gate_reports where report_id = ?', [id]),
    latestGateReport: (v) =>
      db.get<GateReportRow>('select * from waltzrl_gate_reports where variant_id = ? order by ts desc, report_id desc limit 1', [v]),
    async insertEvent(e) {
      await db.run(INS_EV, evCols.map((c) => e[c]));
    },
    lastEventIdAt: async (ts) => (await db.get<{ event_id: string }>(LAST_ID_AT[db.dialect], [ts]))?.event_id,
    events: (limit) => db.all<StageEventRow>(EVENTS[db.dialect], [limit]),
    window: (tupleId, since, limit) => db.all<ReviewWindowRow>(WINDOW, [tupleId, since, limit]),
    countSince: async (tupleId, since, cap) => Number((await db.get<{ c: number }>(COUNT, [tupleId, since, cap]))?.c ?? 0),
    async insertRollback(r) {
      await db.run(INS_RB, [r.rollback_id, r.ts, r.agent_name, r.task_type, r.from_variant, r.to_variant, r.reason, r.degradation_metrics, r.triggered_by]);
    },
  };
}
