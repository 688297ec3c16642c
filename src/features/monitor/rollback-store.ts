import type { SqlDb } from '../../db/sql-db';
import type { RollbackRow, RollbackStore } from './rollback-store-type';

const INSERT = `insert into rollbacks (rollback_id, ts, event_type, agent_name, task_type, from_variant, to_variant, reason, degradation_metrics, triggered_by)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

const values = (r: RollbackRow) => [r.rollback_id, r.ts, r.event_type, r.agent_name, r.task_type, r.from_variant, r.to_variant, r.reason, r.degradation_metrics, r.triggered_by];

export function createRollbackStore(db: SqlDb): RollbackStore {
  // Events of the same ts come newest first by insertion order on SQLite (its rowid); PostgreSQL has no
  // insertion-order column in this table, so ties there are broken by rollback_id.
  const newest = db.dialect === 'sqlite' ? 'order by ts desc, rowid desc' : 'order by ts desc, rollback_id desc';
  const latest = `select * from rollbacks where agent_name = ? and task_type = ? ${newest} limit 1`;
  const latestRollback = "select * from rollbacks where agent_name = ? and task_type = ? and event_type = 'rollback' order by ts desc limit 1";
  const latestFrom = `select * from rollbacks where agent_name = ? and task_type = ? and from_variant = ? and event_type = 'rollback' ${newest} limit 1`;
  return {
    insertIfNew: async (r) => (await db.run(`${INSERT} on conflict (rollback_id) do nothing`, values(r))).changes === 1,
    async insert(r) {
      await db.run(INSERT, values(r));
    },
    latest: (a, t) => db.get<RollbackRow>(latest, [a, t]),
    rolledBackPairs: () => db.all<{ agent_name: string; task_type: string }>("select distinct agent_name, task_type from rollbacks where event_type = 'rollback'"),
    latestRollback: (a, t) => db.get<RollbackRow>(latestRollback, [a, t]),
    latestFrom: (a, t, v) => db.get<RollbackRow>(latestFrom, [a, t, v]),
    history(f) {
      const where: string[] = [];
      const args: (string | number)[] = [];
      if (f.agent) (where.push('agent_name = ?'), args.push(f.agent));
      if (f.task) (where.push('task_type = ?'), args.push(f.task));
      args.push(f.limit ?? 50);
      // One statement text per filter shape, so that the adapter prepares each once (monitor asks once per agent/task).
      return db.all<RollbackRow>(`select * from rollbacks ${where.length ? `where ${where.join(' and ')}` : ''} ${newest} limit ?`, args);
    },
  };
}
