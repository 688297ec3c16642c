import type { TupleRow } from '../learning/learning-store-type';
import type { SqlDb } from '../../db/sql-db';
import type { ProposalRow } from '../proposals/proposal-store-type';
import type { RollbackRow } from '../monitor/rollback-store-type';
import type { DashboardStore, Totals } from './dashboard-store-type';

const TOTALS = `select (select count(*) from q_values) as q_entries,
            (select coalesce(sum(inv_count), 0) from q_values) as invocations,
            (select count(distinct agent_name) from variants where status = 'active') as agents_with_variants`;
const PENDING = "select * from proposals where status = 'pending' order by confidence desc, ts asc, proposal_id asc limit ?";
const PENDING_COUNTS =
  "select count(*) as pending, coalesce(sum(case when ts < ? then 1 else 0 end), 0) as stale from proposals where status = 'pending'";
const HIGH = `select * from q_values where q_value >= ? and n_visits >= ?
     order by q_value desc, n_visits desc, agent_name, task_type, variant_id limit ?`;

type TypeCount = { event_type: string; c: number | string };

/** Counts per rollback type (count(*) comes back as text from PostgreSQL's bigint: hence Number). */
const byType = (rows: TypeCount[]) => {
  const out = { rollback: 0, rollback_skipped: 0 };
  for (const r of rows) if (r.event_type === 'rollback' || r.event_type === 'rollback_skipped') out[r.event_type] = Number(r.c);
  return out;
};

export function createDashboardStore(db: SqlDb): DashboardStore {
  return {
    async totals() {
      const r = await db.get<Record<keyof Totals, number | string>>(TOTALS);
      return { q_entries: Number(r?.q_entries ?? 0), invocations: Number(r?.invocations ?? 0), agents_with_variants: Number(r?.agents_with_variants ?? 0) };
    },
    rollbackCounts: async (since) => byType(await db.all<TypeCount>('select event_type, count(*) as c from rollbacks where ts >= ? group by event_type', [since])),
    rollbackTotals: async () => byType(await db.all<TypeCount>('select event_type, count(*) as c from rollbacks group by event_type')),
    lastRollbacks: (limit) => db.all<RollbackRow>('select * from rollbacks order by ts desc, rollback_id desc limit ?', [limit]),
    pendingProposals: (limit) => db.all<ProposalRow>(PENDING, [limit]),
    async pendingCounts(staleBefore) {
      const r = await db.get<{ pending: number | string; stale: number | string }>(PENDING_COUNTS, [staleBefore]);
      return { pending: Number(r?.pending ?? 0), stale: Number(r?.stale ?? 0) };
    },
    highConfidence: (minQ, minN, limit) => db.all<TupleRow>(HIGH, [minQ, minN, limit]),
    countHighConfidence: async (minQ, minN) =>
      Number((await db.get<{ c: number | string }>('select count(*) as c from q_values where q_value >= ? and n_visits >= ?', [minQ, minN]))?.c ?? 0),
    allTuples: () => db.all<TupleRow>('select * from q_values order by agent_name, task_type, variant_id'),
  };
}
