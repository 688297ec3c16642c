import type { Sqlite } from '../../db/open';
import type { ProposalEventRow, ProposalRow, ProposalStatus, ProposalStore } from './proposal-store-type';

export function createProposalStore(sqlite: Sqlite): ProposalStore {
  const get = sqlite.prepare('select * from proposals where proposal_id = ?');
  const open = sqlite.prepare(
    "select * from proposals where agent_name = ? and task_type = ? and proposal_type = ? and status in ('pending', 'deferred') order by ts desc limit 1",
  );
  const upsert = sqlite.prepare(
    `insert into proposals (proposal_id, ts, agent_name, task_type, proposal_type, reasoning, confidence, supporting_data, recommended_modifications, status, updated_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (proposal_id) do update set status = excluded.status, updated_at = excluded.updated_at`,
  );
  return {
    upsertImported(p) {
      upsert.run(p.proposal_id, p.ts, p.agent_name, p.task_type, p.proposal_type, p.reasoning, p.confidence, p.supporting_data, p.recommended_modifications, p.status, p.updated_at);
    },
    insert(p) {
      sqlite
        .prepare(
          `insert into proposals (proposal_id, ts, agent_name, task_type, proposal_type, reasoning, confidence, supporting_data, recommended_modifications, status, updated_at)
           values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(p.proposal_id, p.ts, p.agent_name, p.task_type, p.proposal_type, p.reasoning, p.confidence, p.supporting_data, p.recommended_modifications, p.status, p.updated_at);
    },
    get: (id) => get.get(id) as ProposalRow | undefined,
    list(f) {
      const where: string[] = [];
      const args: (string | number)[] = [];
      if (f.status) (where.push('status = ?'), args.push(f.status));
      if (f.agent) (where.push('agent_name = ?'), args.push(f.agent));
      args.push(f.limit ?? 1000);
      return sqlite
        .prepare(`select * from proposals ${where.length ? `where ${where.join(' and ')}` : ''} order by confidence desc, ts desc, proposal_id limit ?`)
        .all(...args) as ProposalRow[];
    },
    findOpen: (a, t, type) => open.get(a, t, type) as ProposalRow | undefined,
    setStatus(id, from, to, now) {
      return sqlite.prepare('update proposals set status = ?, updated_at = ? where proposal_id = ? and status = ?').run(to, now, id, from).changes === 1;
    },
    addEvent(e) {
      sqlite
        .prepare('insert into proposal_events (proposal_id, ts, actor, from_status, to_status, note, details) values (?, ?, ?, ?, ?, ?, ?)')
        .run(e.proposal_id, e.ts, e.actor, e.from_status, e.to_status, e.note, e.details);
    },
    events: (id) => sqlite.prepare('select * from proposal_events where proposal_id = ? order by id').all(id) as ProposalEventRow[],
    countByStatus() {
      const out: Record<ProposalStatus, number> = { pending: 0, approved: 0, rejected: 0, deferred: 0, applied: 0 };
      for (const r of sqlite.prepare('select status, count(*) as c from proposals group by status').all() as { status: ProposalStatus; c: number }[]) out[r.status] = r.c;
      return out;
    },
  };
}
