import type { Dialect, SqlDb, SqlValue } from '../../db/sql-db';
import type { PairRead } from '../serving/serving-store-type';
import type { AwayFromRow, PairCheckRow, PairEvents, RollbackRow, RollbackStore } from './rollback-store-type';

const INSERT = `insert into rollbacks (rollback_id, ts, event_type, agent_name, task_type, from_variant, to_variant, reason, degradation_metrics, triggered_by)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const COLUMNS = 'rollback_id, ts, event_type, agent_name, task_type, from_variant, to_variant, reason, degradation_metrics, triggered_by';

const values = (r: RollbackRow) => [r.rollback_id, r.ts, r.event_type, r.agent_name, r.task_type, r.from_variant, r.to_variant, r.reason, r.degradation_metrics, r.triggered_by];

/**
 * Invocations of tuple `tupleCol` after `tsCol`, at most `cap` (a walk of the (tuple_id, ts) index that stops at
 * the cap). The cap is written into the text: a bound LIMIT in a correlated subquery costs SQLite ≈ 15 µs a run.
 */
const cappedCount = (tupleCol: string, tsCol: string, cap: number) =>
  `(select count(*) from (select 1 as one from invocations i where i.tuple_id = ${tupleCol} and i.ts > ${tsCol} limit ${capOf(cap)}) as s)`;

function capOf(cap: number): number {
  if (!Number.isSafeInteger(cap) || cap < 0) throw new RangeError(`A count cap must be a non-negative integer (got ${cap}).`);
  return cap;
}

/** A statement text per key (a cap, a chunk size), made once. */
function memo<K>(make: (k: K) => string): (k: K) => string {
  const cache = new Map<K, string>();
  return (k) => {
    let sql = cache.get(k);
    if (sql === undefined) cache.set(k, (sql = make(k)));
    return sql;
  };
}

/** Items a statement of `countsSince` takes: a few fixed sizes (padded with NULLs), so that only a few statement texts exist. */
const CHUNKS = [1, 4, 16, 64, 256];
const countsOf = memo((key: string) => {
  const [n, cap] = key.split(':').map(Number);
  return `with c (tuple_id, ts) as (values ${Array.from({ length: n }, () => '(cast(? as integer), ?)').join(', ')})
    select c.tuple_id as tuple_id, c.ts as ts, ${cappedCount('c.tuple_id', 'c.ts', cap)} as n from c where c.tuple_id is not null`;
});

/**
 * What a re-check of a pair reads, in one statement: its effective default, that default's counts and kept
 * window, its newest rollback (with the default's invocations since, at most `cap`) and its newest event.
 */
const pairCheckOf = memo((key: string) => {
  const [tie, cap] = key.split(':');
  const newest = `order by ts desc, ${tie} desc`;
  return `select d.variant_id as default_variant, d.updated_at as default_updated_at,
      q.id as tuple_id, q.inv_count as inv_count, q.inv_success as inv_success, q.inv_partial as inv_partial,
      q.inv_failure as inv_failure, q.inv_error as inv_error, q.reward_sum as reward_sum, w.entries as entries,
      r.rollback_id as rollback_id, r.ts as rollback_ts, ${cappedCount('q.id', 'r.ts', Number(cap))} as since,
      l.event_type as last_event_type, l.from_variant as last_from_variant, l.ts as last_ts
    from (select 1 as one) as x
    left join defaults d on d.agent_name = ?
      and d.task_type = coalesce((select d1.task_type from defaults d1 where d1.agent_name = ? and d1.task_type = ?), '*')
    left join q_values q on q.agent_name = ? and q.task_type = ? and q.variant_id = d.variant_id
    left join recent_windows w on w.tuple_id = q.id
    left join (select rollback_id, ts from rollbacks where agent_name = ? and task_type = ? and event_type = 'rollback' ${newest} limit 1) as r on 1 = 1
    left join (select event_type, from_variant, ts from rollbacks where agent_name = ? and task_type = ? ${newest} limit 1) as l on 1 = 1`;
});

/**
 * The newest rollback away from each variant of a pair (as `latestFrom` for each); parameters: agent, task
 * (also a part of the serving store's read). PostgreSQL plans `distinct on` as one sorted index scan; SQLite
 * has none: there, each rollback row of the pair that is the newest from its variant (an index lookup).
 */
export function awayFromRead(dialect: Dialect): PairRead {
  return { sql: awayFromSql(dialect), params: (a, t) => [a, t] };
}

function awayFromSql(dialect: Dialect): string {
  return dialect === 'postgres'
    ? `select distinct on (from_variant) from_variant, rollback_id, ts, to_variant, triggered_by from rollbacks
        where agent_name = ? and task_type = ? and event_type = 'rollback' order by from_variant, ts desc, rollback_id desc`
    : `select r.from_variant as from_variant, r.rollback_id as rollback_id, r.ts as ts, r.to_variant as to_variant,
          r.triggered_by as triggered_by from rollbacks r
        where r.agent_name = ? and r.task_type = ? and r.event_type = 'rollback'
          and r.rowid = (select r2.rowid from rollbacks r2 where r2.agent_name = r.agent_name and r2.task_type = r.task_type
            and r2.from_variant = r.from_variant and r2.event_type = 'rollback' order by r2.ts desc, r2.rowid desc limit 1)`;
}

const num = (x: unknown): number => (typeof x === 'number' ? x : Number(x));
const numOrNull = (x: unknown): number | null => (x == null ? null : num(x));

export function createRollbackStore(db: SqlDb): RollbackStore {
  // Events of the same ts come newest first by insertion order on SQLite (its rowid); PostgreSQL has no
  // insertion-order column in this table, so ties there are broken by rollback_id.
  const tie = db.dialect === 'sqlite' ? 'rowid' : 'rollback_id';
  const newest = `order by ts desc, ${tie} desc`;
  const latest = `select * from rollbacks where agent_name = ? and task_type = ? ${newest} limit 1`;
  const latestRollback = "select * from rollbacks where agent_name = ? and task_type = ? and event_type = 'rollback' order by ts desc limit 1";
  const latestFrom = `select * from rollbacks where agent_name = ? and task_type = ? and from_variant = ? and event_type = 'rollback' ${newest} limit 1`;
  // The newest event of each pair and its newest rollback: one scan of the table (the monitor's pass).
  const perPair = `select * from (select ${COLUMNS},
      row_number() over (partition by agent_name, task_type order by ts desc, ${tie} desc) as rn_any,
      row_number() over (partition by agent_name, task_type, event_type order by ts desc, ${tie} desc) as rn_type
    from rollbacks) as s where rn_any = 1 or (event_type = 'rollback' and rn_type = 1)`;
  const awayFrom = awayFromSql(db.dialect);
  return {
    insertIfNew: async (r) => (await db.run(`${INSERT} on conflict (rollback_id) do nothing`, values(r))).changes === 1,
    async insert(r) {
      await db.run(INSERT, values(r));
    },
    latest: (a, t) => db.get<RollbackRow>(latest, [a, t]),
    rolledBackPairs: () => db.all<{ agent_name: string; task_type: string }>("select distinct agent_name, task_type from rollbacks where event_type = 'rollback'"),
    latestRollback: (a, t) => db.get<RollbackRow>(latestRollback, [a, t]),
    latestFrom: (a, t, v) => db.get<RollbackRow>(latestFrom, [a, t, v]),
    async latestPerPair() {
      const byPair = new Map<string, PairEvents>();
      for (const r of await db.all<RollbackRow & { rn_any: unknown; rn_type: unknown }>(perPair)) {
        const key = `${r.agent_name}\u0000${r.task_type}`;
        let p = byPair.get(key);
        if (!p) byPair.set(key, (p = { agent_name: r.agent_name, task_type: r.task_type, latest: undefined, latestRollback: undefined }));
        const { rn_any, rn_type, ...row } = r;
        if (num(rn_any) === 1) p.latest = row;
        if (row.event_type === 'rollback' && num(rn_type) === 1) p.latestRollback = row;
      }
      return [...byPair.values()];
    },
    latestAwayFrom: (a, t) => db.all<AwayFromRow>(awayFrom, [a, t]),
    async pairCheck(a, t, cap) {
      const r = (await db.get<Record<string, unknown>>(pairCheckOf(`${tie}:${capOf(cap)}`), [a, a, t, a, t, a, t, a, t])) ?? {};
      const id = numOrNull(r.tuple_id);
      const row: PairCheckRow = {
        default: r.default_variant == null ? null : { variant_id: String(r.default_variant), updated_at: String(r.default_updated_at) },
        tuple: id == null ? null : {
          id, inv_count: num(r.inv_count), inv_success: num(r.inv_success), inv_partial: num(r.inv_partial),
          inv_failure: num(r.inv_failure), inv_error: num(r.inv_error), reward_sum: num(r.reward_sum),
        },
        entries: (r.entries as Buffer | null | undefined) ?? null,
        lastRollback: r.rollback_id == null ? null : { rollback_id: String(r.rollback_id), ts: String(r.rollback_ts), since: num(r.since) },
        lastEvent: r.last_event_type == null ? null : {
          event_type: r.last_event_type as RollbackRow['event_type'], from_variant: String(r.last_from_variant), ts: String(r.last_ts),
        },
      };
      return row;
    },
    async countsSince(items, cap) {
      const byItem = new Map<string, number>();
      const key = (id: number, ts: string) => `${id}\u0000${ts}`;
      const max = CHUNKS[CHUNKS.length - 1];
      for (let i = 0; i < items.length; i += max) {
        const part = items.slice(i, i + max);
        const size = CHUNKS.find((c) => c >= part.length) as number;
        const params: SqlValue[] = [];
        for (const it of part) params.push(it.tuple_id, it.ts);
        for (let k = part.length; k < size; k++) params.push(null, null);
        for (const r of await db.all<{ tuple_id: unknown; ts: string; n: unknown }>(countsOf(`${size}:${capOf(cap)}`), params)) byItem.set(key(num(r.tuple_id), r.ts), num(r.n));
      }
      return items.map((it) => byItem.get(key(it.tuple_id, it.ts)) ?? 0);
    },
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
