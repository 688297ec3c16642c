import type { Sqlite } from '../../db/open';
import type { RollbackRow, RollbackStore } from './rollback-store-type';

export function createRollbackStore(sqlite: Sqlite): RollbackStore {
  const ins = sqlite.prepare(
    `insert into rollbacks (rollback_id, ts, event_type, agent_name, task_type, from_variant, to_variant, reason, degradation_metrics, triggered_by)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const latest = sqlite.prepare('select * from rollbacks where agent_name = ? and task_type = ? order by ts desc, rowid desc limit 1');
  const latestRollback = sqlite.prepare(
    "select * from rollbacks where agent_name = ? and task_type = ? and event_type = 'rollback' order by ts desc limit 1",
  );
  const latestFrom = sqlite.prepare(
    "select * from rollbacks where agent_name = ? and task_type = ? and from_variant = ? and event_type = 'rollback' order by ts desc, rowid desc limit 1",
  );
  const historyStmts = new Map<string, ReturnType<Sqlite['prepare']>>();
  const insNew = sqlite.prepare(
    `insert into rollbacks (rollback_id, ts, event_type, agent_name, task_type, from_variant, to_variant, reason, degradation_metrics, triggered_by)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (rollback_id) do nothing`,
  );
  return {
    insertIfNew: (r) =>
      insNew.run(r.rollback_id, r.ts, r.event_type, r.agent_name, r.task_type, r.from_variant, r.to_variant, r.reason, r.degradation_metrics, r.triggered_by)
        .changes === 1,
    insert(r) {
      ins.run(r.rollback_id, r.ts, r.event_type, r.agent_name, r.task_type, r.from_variant, r.to_variant, r.reason, r.degradation_metrics, r.triggered_by);
    },
    latest: (a, t) => latest.get(a, t) as RollbackRow | undefined,
    rolledBackPairs: () =>
      sqlite.prepare("select distinct agent_name, task_type from rollbacks where event_type = 'rollback'").all() as { agent_name: string; task_type: string }[],
    latestRollback: (a, t) => latestRollback.get(a, t) as RollbackRow | undefined,
    latestFrom: (a, t, v) => latestFrom.get(a, t, v) as RollbackRow | undefined,
    history(f) {
      const where: string[] = [];
      const args: (string | number)[] = [];
      if (f.agent) (where.push('agent_name = ?'), args.push(f.agent));
      if (f.task) (where.push('task_type = ?'), args.push(f.task));
      args.push(f.limit ?? 50);
      // One prepared statement per filter shape (monitor asks once per agent/task: preparing each time was its main cost).
      const sql = `select * from rollbacks ${where.length ? `where ${where.join(' and ')}` : ''} order by ts desc, rowid desc limit ?`;
      let stmt = historyStmts.get(sql);
      if (!stmt) historyStmts.set(sql, (stmt = sqlite.prepare(sql)));
      return stmt.all(args) as RollbackRow[];
    },
  };
}
