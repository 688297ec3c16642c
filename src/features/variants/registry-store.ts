import type { SqlDb } from '../../db/sql-db';
import type { AuditRow, DefaultRow, RegistryStore, VariantRow } from './registry-store-type';

const UPSERT_DEFAULT = `insert into defaults (agent_name, task_type, variant_id, updated_at, updated_by) values (?, ?, ?, ?, ?)
  on conflict (agent_name, task_type) do update set variant_id = excluded.variant_id,
    updated_at = excluded.updated_at, updated_by = excluded.updated_by`;
const GET_DEFAULT = 'select * from defaults where agent_name = ? and task_type = ?';

export function createRegistryStore(db: SqlDb): RegistryStore {
  const resolve = async (agent: string, task: string) =>
    (await db.get<DefaultRow>(GET_DEFAULT, [agent, task])) ?? (await db.get<DefaultRow>(GET_DEFAULT, [agent, '*']));
  const upsertDefault = (r: DefaultRow) => db.run(UPSERT_DEFAULT, [r.agent_name, r.task_type, r.variant_id, r.updated_at, r.updated_by]);
  const getVariant = (a: string, v: string) => db.get<VariantRow>('select * from variants where agent_name = ? and variant_id = ?', [a, v]);
  return {
    getVariant,
    listVariants: (agent) =>
      agent
        ? db.all<VariantRow>('select * from variants where agent_name = ? order by agent_name, variant_id', [agent])
        : db.all<VariantRow>('select * from variants order by agent_name, variant_id'),
    async insertVariant(v) {
      await db.run(
        'insert into variants (agent_name, variant_id, status, params, description, created_at, created_by) values (?, ?, ?, ?, ?, ?, ?)',
        [v.agent_name, v.variant_id, v.status, v.params, v.description, v.created_at, v.created_by],
      );
    },
    async updateVariant(agent, variant, patch) {
      const cur = (await getVariant(agent, variant)) as VariantRow;
      await db.run('update variants set status = ?, params = ?, description = ? where agent_name = ? and variant_id = ?', [
        patch.status ?? cur.status,
        patch.params ?? cur.params,
        patch.description !== undefined ? patch.description : cur.description,
        agent,
        variant,
      ]);
    },
    getDefault: (a, t) => db.get<DefaultRow>(GET_DEFAULT, [a, t]),
    resolveDefault: resolve,
    listDefaults: (agent) =>
      agent
        ? db.all<DefaultRow>('select * from defaults where agent_name = ? order by agent_name, task_type', [agent])
        : db.all<DefaultRow>('select * from defaults order by agent_name, task_type'),
    async setDefault(r) {
      await upsertDefault(r);
    },
    async switchDefault(r, expected) {
      // SQLite's BEGIN IMMEDIATE already serialises writers; PostgreSQL takes a lock on the pair until commit.
      if (db.dialect === 'postgres') await db.get("select pg_advisory_xact_lock(hashtext(? || '/' || ?))", [r.agent_name, r.task_type]);
      if ((await resolve(r.agent_name, r.task_type))?.variant_id !== expected) return false;
      await upsertDefault(r);
      return true;
    },
    async audit(e) {
      const row = await db.get<{ id: number }>(
        `insert into audit_log (ts, actor, action, agent_name, task_type, variant_id, reason, details)
         values (?, ?, ?, ?, ?, ?, ?, ?) returning id`,
        [e.ts, e.actor, e.action, e.agent_name ?? null, e.task_type ?? null, e.variant_id ?? null, e.reason ?? null, JSON.stringify(e.details ?? {})],
      );
      return Number(row?.id);
    },
    auditLog(f) {
      const where: string[] = [];
      const args: (string | number)[] = [];
      if (f.agent) (where.push('agent_name = ?'), args.push(f.agent));
      if (f.task) (where.push('task_type = ?'), args.push(f.task));
      args.push(f.limit ?? 100);
      return db.all<AuditRow>(`select * from audit_log ${where.length ? `where ${where.join(' and ')}` : ''} order by id desc limit ?`, args);
    },
    auditSince: (afterId, limit) => db.all<AuditRow>('select * from audit_log where id > ? order by id limit ?', [afterId, limit]),
    lastAuditId: async () => Number((await db.get<{ id: number }>('select coalesce(max(id), 0) as id from audit_log'))?.id ?? 0),
  };
}
