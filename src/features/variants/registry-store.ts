import type { Sqlite } from '../../db/open';
import type { AuditEntry, AuditRow, DefaultRow, RegistryStore, VariantRow } from './registry-store-type';

export function createRegistryStore(sqlite: Sqlite): RegistryStore {
  const getV = sqlite.prepare('select * from variants where agent_name = ? and variant_id = ?');
  const getD = sqlite.prepare('select * from defaults where agent_name = ? and task_type = ?');
  const upsertD = sqlite.prepare(
    `insert into defaults (agent_name, task_type, variant_id, updated_at, updated_by) values (?, ?, ?, ?, ?)
     on conflict (agent_name, task_type) do update set variant_id = excluded.variant_id,
       updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
  );
  const insA = sqlite.prepare(
    `insert into audit_log (ts, actor, action, agent_name, task_type, variant_id, reason, details)
     values (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const variantsOf = sqlite.prepare('select * from variants where agent_name = ? order by agent_name, variant_id');
  const allVariants = sqlite.prepare('select * from variants order by agent_name, variant_id');
  const defaultsOf = sqlite.prepare('select * from defaults where agent_name = ? order by agent_name, task_type');
  const allDefaults = sqlite.prepare('select * from defaults order by agent_name, task_type');
  const since = sqlite.prepare('select * from audit_log where id > ? order by id limit ?');
  const lastId = sqlite.prepare('select coalesce(max(id), 0) as id from audit_log');
  const resolve = (agent: string, task: string) =>
    (getD.get(agent, task) ?? getD.get(agent, '*')) as DefaultRow | undefined;
  return {
    getVariant: (a, v) => getV.get(a, v) as VariantRow | undefined,
    listVariants: (agent) => (agent ? variantsOf.all(agent) : allVariants.all()) as VariantRow[],
    insertVariant(v) {
      sqlite
        .prepare(
          'insert into variants (agent_name, variant_id, status, params, description, created_at, created_by) values (?, ?, ?, ?, ?, ?, ?)',
        )
        .run(v.agent_name, v.variant_id, v.status, v.params, v.description, v.created_at, v.created_by);
    },
    updateVariant(agent, variant, patch) {
      const cur = getV.get(agent, variant) as VariantRow;
      sqlite
        .prepare('update variants set status = ?, params = ?, description = ? where agent_name = ? and variant_id = ?')
        .run(patch.status ?? cur.status, patch.params ?? cur.params, patch.description !== undefined ? patch.description : cur.description, agent, variant);
    },
    getDefault: (a, t) => getD.get(a, t) as DefaultRow | undefined,
    resolveDefault: resolve,
    listDefaults: (agent) => (agent ? defaultsOf.all(agent) : allDefaults.all()) as DefaultRow[],
    setDefault(r) {
      upsertD.run(r.agent_name, r.task_type, r.variant_id, r.updated_at, r.updated_by);
    },
    switchDefault(r, expected) {
      if (resolve(r.agent_name, r.task_type)?.variant_id !== expected) return false;
      upsertD.run(r.agent_name, r.task_type, r.variant_id, r.updated_at, r.updated_by);
      return true;
    },
    audit(e) {
      return Number(
        insA.run(e.ts, e.actor, e.action, e.agent_name ?? null, e.task_type ?? null, e.variant_id ?? null, e.reason ?? null, JSON.stringify(e.details ?? {}))
          .lastInsertRowid,
      );
    },
    auditLog(f) {
      const where: string[] = [];
      const args: (string | number)[] = [];
      if (f.agent) (where.push('agent_name = ?'), args.push(f.agent));
      if (f.task) (where.push('task_type = ?'), args.push(f.task));
      args.push(f.limit ?? 100);
      return sqlite
        .prepare(`select * from audit_log ${where.length ? `where ${where.join(' and ')}` : ''} order by id desc limit ?`)
        .all(...args) as AuditRow[];
    },
    auditSince: (afterId, limit) => since.all(afterId, limit) as AuditRow[],
    lastAuditId: () => (lastId.get() as { id: number }).id,
    inTransaction: () => sqlite.inTransaction,
    transaction<T>(fn: () => T): T {
      try {
        return sqlite.transaction(fn).immediate();
      } catch (e) {
        // A refused change (e.g. by the safety gate) keeps its audit row: written once the outermost transaction rolled back.
        const carrier = e as { auditAfterRollback?: AuditEntry };
        if (carrier?.auditAfterRollback && !sqlite.inTransaction) {
          const a = carrier.auditAfterRollback;
          carrier.auditAfterRollback = undefined;
          insA.run(a.ts, a.actor, a.action, a.agent_name ?? null, a.task_type ?? null, a.variant_id ?? null, a.reason ?? null, JSON.stringify(a.details ?? {}));
        }
        throw e;
      }
    },
  };
}
