import type { SqlDb } from '../../db/sql-db';
import type { ProposalEventRow, ProposalRow, ProposalStatus, ProposalStore } from './proposal-store-type';

const INSERT = `insert into proposals (proposal_id, ts, agent_name, task_type, proposal_type, reasoning, confidence, supporting_data, recommended_modifications, status, updated_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const values = (p: ProposalRow) => [
  p.proposal_id, p.ts, p.agent_name, p.task_type, p.proposal_type, p.reasoning, p.confidence, p.supporting_data, p.recommended_modifications, p.status, p.updated_at,
];

export function createProposalStore(db: SqlDb): ProposalStore {
  return {
    async upsertImported(p) {
      await db.run(`${INSERT} on conflict (proposal_id) do update set status = excluded.status, updated_at = excluded.updated_at`, values(p));
    },
    async insert(p) {
      await db.run(INSERT, values(p));
    },
    get: (id) => db.get<ProposalRow>('select * from proposals where proposal_id = ?', [id]),
    list(f) {
      const where: string[] = [];
      const args: (string | number)[] = [];
      if (f.status) (where.push('status = ?'), args.push(f.status));
      if (f.agent) (where.push('agent_name = ?'), args.push(f.agent));
      args.push(f.limit ?? 1000);
      return db.all<ProposalRow>(
        `select * from proposals ${where.length ? `where ${where.join(' and ')}` : ''} order by confidence desc, ts desc, proposal_id limit ?`,
        args,
      );
    },
    async findOpen(a, t, type) {
      // Inside the queueing transaction: SQLite's BEGIN IMMEDIATE already serialises proposers; PostgreSQL
      // takes a lock on the key until commit, so a second proposer waits and then sees the first one's row.
      if (db.dialect === 'postgres') await db.get("select pg_advisory_xact_lock(hashtext('proposal/' || ? || '/' || ? || '/' || ?))", [a, t, type]);
      return db.get<ProposalRow>(
        "select * from proposals where agent_name = ? and task_type = ? and proposal_type = ? and status in ('pending', 'deferred') order by ts desc limit 1",
        [a, t, type],
      );
    },
    async setStatus(id, from, to, now) {
      return (await db.run('update proposals set status = ?, updated_at = ? where proposal_id = ? and status = ?', [to, now, id, from])).changes === 1;
    },
    async addEvent(e) {
      await db.run('insert into proposal_events (proposal_id, ts, actor, from_status, to_status, note, details) values (?, ?, ?, ?, ?, ?, ?)', [
        e.proposal_id, e.ts, e.actor, e.from_status, e.to_status, e.note, e.details,
      ]);
    },
    events: (id) => db.all<ProposalEventRow>('select * from proposal_events where proposal_id = ? order by id', [id]),
    async countByStatus() {
      const out: Record<ProposalStatus, number> = { pending: 0, approved: 0, rejected: 0, deferred: 0, applied: 0 };
      for (const r of await db.all<{ status: ProposalStatus; c: number }>('select status, count(*) as c from proposals group by status')) out[r.status] = Number(r.c);
      return out;
    },
  };
}
