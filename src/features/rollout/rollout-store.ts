import type { Dialect, SqlDb } from '../../db/sql-db';
import type { PairRead } from '../serving/serving-store-type';
import type { RolloutEventRow, RolloutFilter, RolloutRow, RolloutStore } from './rollout-store-type';

const COLUMNS = [
  'rollout_id', 'agent_name', 'task_type', 'candidate', 'baseline', 'status', 'step_index', 'step_percent', 'step_started_at',
  'approval', 'approval_proposal_id', 'started_at', 'started_by', 'updated_at', 'ended_at', 'end_reason', 'version',
] as const;

function where(f: RolloutFilter & { rolloutId?: string }): { sql: string; args: (string | number)[] } {
  const parts: string[] = [];
  const args: (string | number)[] = [];
  if (f.agent) (parts.push('agent_name = ?'), args.push(f.agent));
  if (f.task) (parts.push('task_type = ?'), args.push(f.task));
  if (f.status) (parts.push('status = ?'), args.push(f.status));
  if (f.rolloutId) (parts.push('rollout_id = ?'), args.push(f.rolloutId));
  return { sql: parts.length ? `where ${parts.join(' and ')}` : '', args };
}

const INSERT = `insert into rollouts (${COLUMNS.join(', ')}) values (${COLUMNS.map(() => '?').join(', ')})`;
const UPDATE = `update rollouts set ${COLUMNS.filter((c) => c !== 'rollout_id').map((c) => `${c} = ?`).join(', ')}
  where rollout_id = ? and version = ?`;
const INSERT_EVENT = `insert into rollout_events (rollout_id, ts, event_type, agent_name, task_type, candidate, from_percent, to_percent, actor, reason, figures)
  values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const RUNNING = "select * from rollouts where agent_name = ? and task_type = ? and status = 'running'";
/**
 * The running rollout that routes a pair: the task's own before an agent-wide one (at most one running per
 * pair: a unique index). On PostgreSQL `task_type in (?, '*')` ordered so that the task's own wins; on SQLite,
 * whose sorter costs ten times the lookups (select latency), two lookups in that index (`coalesce`).
 */
const ROUTING: Record<Dialect, PairRead> = {
  postgres: {
    sql: `select * from rollouts where agent_name = ? and task_type in (?, '*') and status = 'running'
      order by case when task_type = '*' then 1 else 0 end limit 1`,
    params: (a, t) => [a, t],
  },
  sqlite: {
    sql: `select * from rollouts where agent_name = ? and status = 'running'
      and task_type = coalesce((select r1.task_type from rollouts r1 where r1.agent_name = ? and r1.task_type = ? and r1.status = 'running'), '*')`,
    params: (a, t) => [a, a, t],
  },
};
/** `routing` as a read (also a part of the serving store's one statement). */
export const routingRead = (dialect: Dialect): PairRead => ROUTING[dialect];

export function createRolloutStore(db: SqlDb): RolloutStore {
  return {
    async insert(r) {
      await db.run(INSERT, COLUMNS.map((c) => r[c]));
    },
    get: (id) => db.get<RolloutRow>('select * from rollouts where rollout_id = ?', [id]),
    running: (agent, task) => db.get<RolloutRow>(RUNNING, [agent, task]),
    routing: (agent, task) => db.get<RolloutRow>(ROUTING[db.dialect].sql, ROUTING[db.dialect].params(agent, task)),
    list(f) {
      const w = where(f);
      return db.all<RolloutRow>(`select * from rollouts ${w.sql} order by started_at desc, rollout_id desc limit ?`, [...w.args, f.limit ?? 1000]);
    },
    async update(r) {
      const next = { ...r, version: r.version + 1 };
      const values = COLUMNS.filter((c) => c !== 'rollout_id').map((c) => next[c]);
      return (await db.run(UPDATE, [...values, r.rollout_id, r.version])).changes === 1;
    },
    async addEvent(e) {
      await db.run(INSERT_EVENT, [e.rollout_id, e.ts, e.event_type, e.agent_name, e.task_type, e.candidate, e.from_percent, e.to_percent, e.actor, e.reason, e.figures]);
    },
    events(f) {
      const w = where(f);
      return db.all<RolloutEventRow>(`select * from rollout_events ${w.sql} order by ts desc, id desc limit ?`, [...w.args, f.limit ?? 50]);
    },
  };
}
