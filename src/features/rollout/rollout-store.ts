import type { Sqlite } from '../../db/open';
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

export function createRolloutStore(sqlite: Sqlite): RolloutStore {
  const ins = sqlite.prepare(`insert into rollouts (${COLUMNS.join(', ')}) values (${COLUMNS.map(() => '?').join(', ')})`);
  const get = sqlite.prepare('select * from rollouts where rollout_id = ?');
  const running = sqlite.prepare("select * from rollouts where agent_name = ? and task_type = ? and status = 'running'");
  const upd = sqlite.prepare(
    `update rollouts set ${COLUMNS.filter((c) => c !== 'rollout_id').map((c) => `${c} = ?`).join(', ')}
     where rollout_id = ? and version = ?`,
  );
  const insEvent = sqlite.prepare(
    `insert into rollout_events (rollout_id, ts, event_type, agent_name, task_type, candidate, from_percent, to_percent, actor, reason, figures)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  return {
    insert: (r) => void ins.run(...COLUMNS.map((c) => r[c])),
    get: (id) => get.get(id) as RolloutRow | undefined,
    running: (agent, task) => running.get(agent, task) as RolloutRow | undefined,
    list(f) {
      const w = where(f);
      return sqlite
        .prepare(`select * from rollouts ${w.sql} order by started_at desc, rollout_id desc limit ?`)
        .all(...w.args, f.limit ?? 1000) as RolloutRow[];
    },
    update(r) {
      const next = { ...r, version: r.version + 1 };
      const values = COLUMNS.filter((c) => c !== 'rollout_id').map((c) => next[c]);
      return upd.run(...values, r.rollout_id, r.version).changes === 1;
    },
    addEvent: (e) =>
      void insEvent.run(e.rollout_id, e.ts, e.event_type, e.agent_name, e.task_type, e.candidate, e.from_percent, e.to_percent, e.actor, e.reason, e.figures),
    events(f) {
      const w = where(f);
      return sqlite
        .prepare(`select * from rollout_events ${w.sql} order by ts desc, id desc limit ?`)
        .all(...w.args, f.limit ?? 50) as RolloutEventRow[];
    },
  };
}
