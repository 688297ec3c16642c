import type { Sqlite } from '../../db/open';

/** A stored rollback or skipped rollback (append-only). degradation_metrics is JSON text. */
export interface RollbackRow {
  rollback_id: string;
  ts: string;
  event_type: 'rollback' | 'rollback_skipped';
  agent_name: string;
  task_type: string;
  from_variant: string;
  to_variant: string | null;
  reason: string;
  degradation_metrics: string;
  triggered_by: string;
}

export interface RollbackFilter {
  agent?: string;
  task?: string;
  limit?: number;
}

/** The rollbacks table: insert and indexed reads (agent, task, ts). */
export interface RollbackStore {
  insert(row: RollbackRow): void;
  /** The newest event for an agent/task (any type). */
  latest(agent: string, task: string): RollbackRow | undefined;
  /** The newest rollback (not skipped) of an agent/task. */
  latestRollback(agent: string, task: string): RollbackRow | undefined;
  /** Agent/task pairs that have had a rollback (not skipped). */
  rolledBackPairs(): { agent_name: string; task_type: string }[];
  /** The newest rollback (not skipped) away from `variant` for an agent/task. */
  latestFrom(agent: string, task: string, variant: string): RollbackRow | undefined;
  /** Newest first. */
  history(filter: RollbackFilter): RollbackRow[];
}

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
  return {
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
