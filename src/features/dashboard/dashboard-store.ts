import type { TupleRow } from '../learning/learning-store-type';
import type { Sqlite } from '../../db/open';
import type { ProposalRow } from '../proposals/proposal-store-type';
import type { RollbackRow } from '../monitor/rollback-store-type';
import type { DashboardStore, Totals } from './dashboard-store-type';

export function createDashboardStore(sqlite: Sqlite): DashboardStore {
  const totals = sqlite.prepare(
    `select (select count(*) from q_values) as q_entries,
            (select coalesce(sum(inv_count), 0) from q_values) as invocations,
            (select count(distinct agent_name) from variants where status = 'active') as agents_with_variants`,
  );
  const rbCounts = sqlite.prepare('select event_type, count(*) as c from rollbacks where ts >= ? group by event_type');
  const rbTotals = sqlite.prepare('select event_type, count(*) as c from rollbacks group by event_type');
  const lastRb = sqlite.prepare('select * from rollbacks order by ts desc, rollback_id desc limit ?');
  const pending = sqlite.prepare(
    "select * from proposals where status = 'pending' order by confidence desc, ts asc, proposal_id asc limit ?",
  );
  const pendingCounts = sqlite.prepare(
    "select count(*) as pending, coalesce(sum(case when ts < ? then 1 else 0 end), 0) as stale from proposals where status = 'pending'",
  );
  const high = sqlite.prepare(
    `select * from q_values where q_value >= ? and n_visits >= ?
     order by q_value desc, n_visits desc, agent_name, task_type, variant_id limit ?`,
  );
  const highCount = sqlite.prepare('select count(*) as c from q_values where q_value >= ? and n_visits >= ?');
  const all = sqlite.prepare('select * from q_values order by agent_name, task_type, variant_id');
  const byType = (rows: { event_type: string; c: number }[]) => {
    const out = { rollback: 0, rollback_skipped: 0 };
    for (const r of rows) if (r.event_type === 'rollback' || r.event_type === 'rollback_skipped') out[r.event_type] = r.c;
    return out;
  };
  return {
    totals: () => totals.get() as Totals,
    rollbackCounts: (since) => byType(rbCounts.all(since) as { event_type: string; c: number }[]),
    rollbackTotals: () => byType(rbTotals.all() as { event_type: string; c: number }[]),
    lastRollbacks: (limit) => lastRb.all(limit) as RollbackRow[],
    pendingProposals: (limit) => pending.all(limit) as ProposalRow[],
    pendingCounts: (staleBefore) => pendingCounts.get(staleBefore) as { pending: number; stale: number },
    highConfidence: (minQ, minN, limit) => high.all(minQ, minN, limit) as TupleRow[],
    countHighConfidence: (minQ, minN) => (highCount.get(minQ, minN) as { c: number }).c,
    allTuples: () => all.all() as TupleRow[],
  };
}
