import type { Dialect, SqlDb, SqlValue } from '../../db/sql-db';
import type { PairRead } from '../serving/serving-store-type';
import type { AuditRow, DefaultRow, PairVariantRow, RegistryStore, VariantRow } from './registry-store-type';

const UPSERT_DEFAULT = `insert into defaults (agent_name, task_type, variant_id, updated_at, updated_by) values (?, ?, ?, ?, ?)
  on conflict (agent_name, task_type) do update set variant_id = excluded.variant_id,
    updated_at = excluded.updated_at, updated_by = excluded.updated_by`;
const GET_DEFAULT = 'select * from defaults where agent_name = ? and task_type = ?';
/**
 * The default that applies to a pair, in one statement: the task's own, else the agent-wide one (`*`). On
 * PostgreSQL `task_type in (?, '*')` ordered so that the task's own wins; on SQLite, whose sorter costs more
 * than the lookups themselves, two primary-key lookups (`coalesce` of the task's own key, else `*`).
 */
const RESOLVE: Record<Dialect, PairRead & { inner: string; innerParams: (agent: string, task: string) => SqlValue[] }> = {
  postgres: {
    sql: "select * from defaults where agent_name = ? and task_type in (?, '*') order by case when task_type = '*' then 1 else 0 end limit 1",
    params: (a, t) => [a, t],
    inner: "(select variant_id from defaults where agent_name = ? and task_type in (?, '*') order by case when task_type = '*' then 1 else 0 end limit 1)",
    innerParams: (a, t) => [a, t],
  },
  sqlite: {
    sql: "select * from defaults where agent_name = ? and task_type = coalesce((select d1.task_type from defaults d1 where d1.agent_name = ? and d1.task_type = ?), '*')",
    params: (a, t) => [a, a, t],
    inner: "(select variant_id from defaults where agent_name = ? and task_type = coalesce((select d1.task_type from defaults d1 where d1.agent_name = ? and d1.task_type = ?), '*'))",
    innerParams: (a, t) => [a, a, t],
  },
};
/** `resolveDefault` as a read (also a part of the serving store's one statement). */
export const resolveDefaultRead = (dialect: Dialect): PairRead => RESOLVE[dialect];

/** Compare-and-set in one statement: writes the task default only while the effective default is the expected one. */
const switchDefaultSql = (dialect: Dialect) => `insert into defaults (agent_name, task_type, variant_id, updated_at, updated_by)
  select ?, ?, ?, ?, ? where ${RESOLVE[dialect].inner} = ?
  on conflict (agent_name, task_type) do update set variant_id = excluded.variant_id,
    updated_at = excluded.updated_at, updated_by = excluded.updated_by`;
/** For one pair: the variants of its agent with their figures for its task and the agent-wide default. */
const TARGETS_OF_PAIR = `select v.agent_name as agent_name, ? as task_type, v.variant_id as variant_id, v.status as status,
    q.q_value as q_value, q.n_visits as n_visits,
    (select d.variant_id from defaults d where d.agent_name = v.agent_name and d.task_type = '*') as agent_default
  from variants v left join q_values q on q.agent_name = v.agent_name and q.task_type = ? and q.variant_id = v.variant_id
  where v.agent_name = ? order by v.agent_name, v.variant_id`;

/** Pairs a statement of `targetsOf` takes: a few fixed sizes (padded), so that only a few statement texts exist. */
const PAIR_CHUNKS = [1, 4, 16, 64, 256];
const targetsSql = new Map<number, string>();
function targetsOf(n: number): string {
  let sql = targetsSql.get(n);
  if (sql === undefined) {
    sql = `with p (agent_name, task_type) as (values ${Array.from({ length: n }, () => '(?, ?)').join(', ')})
      select p.agent_name as agent_name, p.task_type as task_type, v.variant_id as variant_id, v.status as status,
        q.q_value as q_value, q.n_visits as n_visits, d.variant_id as agent_default
      from p join variants v on v.agent_name = p.agent_name
      left join q_values q on q.agent_name = p.agent_name and q.task_type = p.task_type and q.variant_id = v.variant_id
      left join defaults d on d.agent_name = p.agent_name and d.task_type = '*'
      order by p.agent_name, p.task_type, v.agent_name, v.variant_id`;
    targetsSql.set(n, sql);
  }
  return sql;
}

const numOrNull = (x: unknown): number | null => (x == null ? null : Number(x));

export function createRegistryStore(db: SqlDb): RegistryStore {
  const read = RESOLVE[db.dialect];
  const SWITCH_DEFAULT = switchDefaultSql(db.dialect);
  const resolve = (agent: string, task: string) => db.get<DefaultRow>(read.sql, read.params(agent, task));
  const upsertDefault = (r: DefaultRow) => db.run(UPSERT_DEFAULT, [r.agent_name, r.task_type, r.variant_id, r.updated_at, r.updated_by]);
  const getVariant = (a: string, v: string) => db.get<VariantRow>('select * from variants where agent_name = ? and variant_id = ?', [a, v]);
  return {
    getVariant,
    listVariants: (agent) =>
      agent
        ? db.all<VariantRow>('select * from variants where agent_name = ? order by agent_name, variant_id', [agent])
        : db.all<VariantRow>('select * from variants order by agent_name, variant_id'),
    async rollbackTargets(pairs) {
      const seen = new Set<string>();
      const todo: SqlValue[][] = [];
      for (const p of pairs) {
        const k = `${p.agent}\u0000${p.task}`;
        if (!seen.has(k)) (seen.add(k), todo.push([p.agent, p.task]));
      }
      const out: PairVariantRow[] = [];
      const of = (r: PairVariantRow) => ({ ...r, q_value: numOrNull(r.q_value), n_visits: numOrNull(r.n_visits) });
      // One pair (a rollback's transaction): a plainer statement, cheaper for PostgreSQL to plan.
      if (todo.length === 1) return (await db.all<PairVariantRow>(TARGETS_OF_PAIR, [todo[0][1], todo[0][1], todo[0][0]])).map(of);
      const max = PAIR_CHUNKS[PAIR_CHUNKS.length - 1];
      for (let i = 0; i < todo.length; i += max) {
        const part = todo.slice(i, i + max);
        const size = PAIR_CHUNKS.find((c) => c >= part.length) as number;
        // Padded with NULL pairs, which join no variant.
        const params = part.flat();
        for (let k = part.length; k < size; k++) params.push(null, null);
        const rows = await db.all<PairVariantRow>(targetsOf(size), params);
        for (const r of rows) out.push(of(r));
      }
      return out;
    },
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
      // After the lock, one statement reads the effective default and writes only when it is `expected`.
      const params = [r.agent_name, r.task_type, r.variant_id, r.updated_at, r.updated_by, ...read.innerParams(r.agent_name, r.task_type), expected];
      return (await db.run(SWITCH_DEFAULT, params)).changes === 1;
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
