import { countOutcomes, type OutcomeCounts } from '../../../core/monitor/detect-degradation';
import { updateQ } from '../../../core/learning/update-q';
import type Database from 'better-sqlite3';
import type { Sqlite } from '../../db/open';
import type { SqlDb, SqlTx, SqlValue } from '../../db/sql-db';
import { decodeSignals, encodeWindow, outcomeLetters, RecentWindow, type WindowEntry, windowLength, type WindowSignal } from './recent-window';
import {
  type AddResult,
  DEFAULT_COUNTED_WINDOW,
  DEFAULT_WINDOW_CAPACITY,
  type InvocationRow,
  type LearningStore,
  type TupleCounts,
  type TupleRow,
  type TupleWindow,
  type WindowRow,
  type WindowSummary,
  type WindowToSave,
  type WriteSession,
} from './learning-store-type';

/*
 * Two ways to run the same work. On SQLite (`db.sqlite` present) a write session holds the transaction
 * through the adapter and runs its prepared statements synchronously on the connection between awaits
 * (ingest's hot loop: no promise per row). Everywhere else (PostgreSQL) it goes through `db.all/get/run`
 * only, with SQL both dialects accept; what differs per dialect is chosen here (`for update`).
 */

const SEL_TUPLE = 'select * from q_values where agent_name = ? and task_type = ? and variant_id = ?';
const INS_TUPLE = 'insert into q_values (agent_name, task_type, variant_id, last_updated) values (?, ?, ?, ?) returning *';
const INS_TUPLE_IF_NEW = `insert into q_values (agent_name, task_type, variant_id, last_updated) values (?, ?, ?, ?)
  on conflict (agent_name, task_type, variant_id) do nothing`;
const INS_VARIANT =
  "insert into variants (agent_name, variant_id, status, params, created_at, created_by) values (?, ?, 'active', '{}', ?, ?) on conflict do nothing";
const INV_COLUMNS = 'invocation_id, tuple_id, ts, outcome, reward, quality_score, error_count, duration_ms, metadata';
const INS_INV = `insert into invocations (${INV_COLUMNS}) values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (invocation_id) do nothing`;
const UPD_TUPLE = `update q_values set q_value = ?, n_visits = ?, inv_count = ?, inv_success = ?, inv_partial = ?, inv_failure = ?,
    inv_error = ?, reward_sum = ?, last_updated = ?, convergence_score = ?,
    win_size = ?, win_inv_count = ?, win_n = ?, win_success = ?, win_errors = ?, win_reward_sum = ?, win_outcomes = ?
  where id = ?`;
const UPD_SUMMARY_IF_UNCHANGED = `update q_values set win_size = ?, win_inv_count = ?, win_n = ?, win_success = ?, win_errors = ?,
    win_reward_sum = ?, win_outcomes = ? where id = ? and inv_count = ?`;
// Newest first in index order (tuple_id, ts, …): a backward walk of the covering index that stops after
// `limit + 1` entries — no sort of the tuple's whole history. Ties on ts are put in id order in JS.
const RECENT = 'select id, ts, outcome, reward from invocations where tuple_id = ? order by ts desc limit ?';
const SAME_TS = 'select id, ts, outcome, reward from invocations where tuple_id = ? and ts = ?';
const SEL_WINDOW = 'select entries from recent_windows where tuple_id = ?';
const UPSERT_WINDOW =
  'insert into recent_windows (tuple_id, entries) values (?, ?) on conflict (tuple_id) do update set entries = excluded.entries';
const UPSERT_WINDOW_IF_UNCHANGED = `insert into recent_windows (tuple_id, entries) select ?, ? where (select inv_count from q_values where id = ?) = ?
  on conflict (tuple_id) do update set entries = excluded.entries`;
const SEL_INV_COUNT = 'select inv_count from q_values where id = ?';
const armFrom = (byTask: boolean) => `from invocations i join q_values q on q.id = i.tuple_id
  where q.agent_name = ? and q.variant_id = ?${byTask ? ' and q.task_type = ?' : ''} and i.ts >= ?`;
const ARM_COUNT = (byTask: boolean) =>
  `select count(*) as n, coalesce(sum(case when i.outcome = 'success' then 1 else 0 end), 0) as s ${armFrom(byTask)}`;
const ARM_RECENT = (byTask: boolean) => `select i.outcome ${armFrom(byTask)} order by i.ts desc, i.id desc limit ?`;
const ARM_SQL = { count: [ARM_COUNT(false), ARM_COUNT(true)], recent: [ARM_RECENT(false), ARM_RECENT(true)] };
const COUNT_SINCE = 'select count(*) as c from (select 1 as one from invocations where tuple_id = ? and ts > ? limit ?) as s';
const BACKFILL = `select q.id, q.inv_count, w.entries,
    case when q.win_size = ? and q.win_inv_count = q.inv_count then 1 else 0 end as counted
  from q_values q left join recent_windows w on w.tuple_id = q.id where q.inv_count > 0`;
const ACTIVE = `select pt.agent_name, pt.task_type, coalesce(d1.variant_id, d2.variant_id) as variant_id,
    q.id, q.inv_count, q.inv_success, q.inv_partial, q.inv_failure, q.inv_error, q.reward_sum,
    q.win_size, q.win_inv_count, q.win_n, q.win_success, q.win_errors, q.win_reward_sum, q.win_outcomes
  from (select distinct agent_name, task_type from q_values) pt
  left join defaults d1 on d1.agent_name = pt.agent_name and d1.task_type = pt.task_type
  left join defaults d2 on d2.agent_name = pt.agent_name and d2.task_type = '*'
  left join q_values q on q.agent_name = pt.agent_name and q.task_type = pt.task_type
    and q.variant_id = coalesce(d1.variant_id, d2.variant_id)
  where coalesce(d1.variant_id, d2.variant_id) is not null
  order by pt.agent_name, pt.task_type`;

/** Rows a portable write session inserts per statement: a few fixed sizes, so that only a few statement texts exist. */
const CHUNKS = [256, 64, 16, 4, 1];
const insertManySql = new Map<number, string>();
function insertMany(n: number): string {
  let sql = insertManySql.get(n);
  if (sql === undefined) {
    const values = Array.from({ length: n }, () => '(?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ');
    sql = `insert into invocations (${INV_COLUMNS}) values ${values} on conflict (invocation_id) do nothing returning id, invocation_id`;
    insertManySql.set(n, sql);
  }
  return sql;
}

type Statement = Database.Statement<unknown[], unknown>;
/** The prepared statements of the SQLite fast paths, made once per connection (a transaction's store reuses them). */
interface Fast {
  selTuple: Statement;
  insTuple: Statement;
  insVariant: Statement;
  insInv: Statement;
  updTuple: Statement;
  updSummaryIfUnchanged: Statement;
  recent: Statement;
  sameTs: Statement;
  selWindow: Statement;
  upsertWindow: Statement;
  upsertWindowIfUnchanged: Statement;
}
const fastByConnection = new WeakMap<Sqlite, Fast>();
function fastOf(sqlite: Sqlite): Fast {
  let f = fastByConnection.get(sqlite);
  if (!f) {
    f = {
      selTuple: sqlite.prepare(SEL_TUPLE),
      insTuple: sqlite.prepare(INS_TUPLE),
      insVariant: sqlite.prepare(INS_VARIANT),
      insInv: sqlite.prepare(INS_INV),
      updTuple: sqlite.prepare(UPD_TUPLE),
      updSummaryIfUnchanged: sqlite.prepare(UPD_SUMMARY_IF_UNCHANGED),
      recent: sqlite.prepare(RECENT),
      sameTs: sqlite.prepare(SAME_TS),
      selWindow: sqlite.prepare(SEL_WINDOW).pluck(),
      upsertWindow: sqlite.prepare(UPSERT_WINDOW),
      upsertWindowIfUnchanged: sqlite.prepare(UPSERT_WINDOW_IF_UNCHANGED),
    };
    fastByConnection.set(sqlite, f);
  }
  return f;
}

type IdRow = WindowRow & { id: number };

/** Newest first: later ts, then higher id. */
const byTsThenId = (a: IdRow, b: IdRow) => (a.ts < b.ts ? 1 : a.ts > b.ts ? -1 : b.id - a.id);

/** The ts of a run of equal timestamps that crosses the edge of a `limit + 1` read, if any (its order is decided by id). */
const edgeTs = (rows: IdRow[], limit: number): string | undefined =>
  rows.length > limit && rows[limit].ts === rows[limit - 1].ts ? rows[limit - 1].ts : undefined;

/** The newest `limit` of a `limit + 1` read, with every row at the edge ts (`same`) when a run crosses it. */
function newestOf(rows: IdRow[], limit: number, edge: string | undefined, same: IdRow[] | undefined): IdRow[] {
  if (edge !== undefined && same) rows = [...rows.filter((r) => r.ts > edge), ...same];
  rows.sort(byTsThenId);
  return rows.length > limit ? rows.slice(0, limit) : rows;
}

const entriesOf = (rows: IdRow[]): WindowEntry[] => rows.map((r) => ({ tsMs: Date.parse(r.ts), id: r.id, outcome: r.outcome, reward: r.reward }));

/** A kept window serves a read of `need` entries when it holds them, or every invocation of the tuple. */
const serves = (blob: Buffer | null | undefined, need: number, invCount: number): blob is Buffer =>
  blob != null && windowLength(blob) >= Math.min(need, invCount);

const num = (x: unknown): number => (typeof x === 'number' ? x : Number(x));
const numOrNull = (x: unknown): number | null => (x == null ? null : num(x));

/** A q_values row as read on PostgreSQL: 64-bit integers and numerics may come as strings. */
function pgTuple(r: Record<string, unknown>): TupleRow {
  for (const k of ['id', 'q_value', 'n_visits', 'inv_count', 'inv_success', 'inv_partial', 'inv_failure', 'inv_error', 'reward_sum']) r[k] = num(r[k]);
  for (const k of ['convergence_score', 'win_size', 'win_inv_count', 'win_n', 'win_success', 'win_errors', 'win_reward_sum']) r[k] = numOrNull(r[k]);
  return r as unknown as TupleRow;
}
const pgIdRow = (r: IdRow): IdRow => ({ id: num(r.id), ts: r.ts, outcome: r.outcome, reward: num(r.reward) });

/** The learned figures of a tuple under the rows of a session (the tuple's in-memory row). */
function fold(t: TupleRow, row: InvocationRow, alpha: number, withQ: boolean, now: string): void {
  if (withQ) {
    const next = updateQ({ q: t.q_value, n: t.n_visits }, row.reward, alpha);
    t.q_value = next.q;
    t.n_visits = next.n;
  }
  t.inv_count += 1;
  if (row.outcome === 'success') t.inv_success += 1;
  else if (row.outcome === 'partial') t.inv_partial += 1;
  else if (row.outcome === 'failure') t.inv_failure += 1;
  else t.inv_error += 1;
  t.reward_sum += row.reward;
  t.last_updated = now;
}

const tupleParams = (t: TupleRow): SqlValue[] => [
  t.q_value, t.n_visits, t.inv_count, t.inv_success, t.inv_partial, t.inv_failure,
  t.inv_error, t.reward_sum, t.last_updated, t.convergence_score,
  t.win_size, t.win_inv_count, t.win_n, t.win_success, t.win_errors, t.win_reward_sum, t.win_outcomes, t.id,
];

const invParams = (row: InvocationRow, tupleId: number): SqlValue[] => [
  row.invocation_id, tupleId, row.ts, row.outcome, row.reward, row.quality_score, row.error_count, row.duration_ms, row.metadata,
];

/** Tuples of a session: agent → task → variant → row (three lookups of strings whose hashes V8 caches, no key string built per row). */
class TupleCache {
  private readonly map = new Map<string, Map<string, Map<string, TupleRow>>>();
  private last: TupleRow | undefined;
  get(agent: string, task: string, variant: string): TupleRow | undefined {
    const l = this.last;
    if (l !== undefined && l.variant_id === variant && l.task_type === task && l.agent_name === agent) return l;
    const t = this.map.get(agent)?.get(task)?.get(variant);
    if (t) this.last = t;
    return t;
  }
  set(t: TupleRow): void {
    let byTask = this.map.get(t.agent_name);
    if (!byTask) this.map.set(t.agent_name, (byTask = new Map()));
    let byVariant = byTask.get(t.task_type);
    if (!byVariant) byTask.set(t.task_type, (byVariant = new Map()));
    byVariant.set(t.variant_id, t);
    this.last = t;
  }
}

/**
 * `windowCapacity`: how many newest invocations writers keep per tuple (the largest window a check reads);
 * `countedWindow`: how many of the newest ones are also kept as counts (the degradation window); the
 * outcomes of all of them are kept as letters.
 */
export function createLearningStore(db: SqlDb, windowCapacity = DEFAULT_WINDOW_CAPACITY, countedWindow = DEFAULT_COUNTED_WINDOW): LearningStore {
  const pg = db.dialect === 'postgres';
  const tupleOf = (r: unknown): TupleRow => (pg ? pgTuple(r as Record<string, unknown>) : (r as TupleRow));
  /** Row locks for a writer (PostgreSQL); SQLite's BEGIN IMMEDIATE already serialises writers. */
  const forUpdate = pg ? ' for update' : '';

  /** The summary a check reads of a window (`recent`, newest first): counts of its newest `countedWindow`, outcomes. */
  const summaryOf = (recent: readonly WindowSignal[]): { counts: OutcomeCounts; outcomes: string } => ({
    counts: countOutcomes(recent.slice(0, countedWindow)),
    outcomes: outcomeLetters(recent.slice(0, windowCapacity)),
  });
  /** Sets the kept summary of a tuple from its session window (when rows were added to it). */
  const summarise = (t: TupleRow, w: RecentWindow | undefined) => {
    if (!w?.changed) return;
    const { counts: c, outcomes } = summaryOf(decodeSignals(w.blob()));
    t.win_size = countedWindow;
    t.win_inv_count = t.inv_count;
    t.win_n = c.n;
    t.win_success = c.success;
    t.win_errors = c.errors;
    t.win_reward_sum = c.rewardSum;
    t.win_outcomes = outcomes;
  };

  // --- reads through the port (both dialects) -------------------------------------------------------

  /** The last `limit` rows of a tuple with their row ids, newest first (ties on ts in id order). */
  async function recentRowsOn(q: SqlDb, id: number, limit: number): Promise<IdRow[]> {
    if (limit <= 0) return [];
    let rows = await q.all<IdRow>(RECENT, [id, limit + 1]);
    if (pg) rows = rows.map(pgIdRow);
    const edge = edgeTs(rows, limit);
    let same: IdRow[] | undefined;
    if (edge !== undefined) {
      same = await q.all<IdRow>(SAME_TS, [id, edge]);
      if (pg) same = same.map(pgIdRow);
    }
    return newestOf(rows, limit, edge, same);
  }

  const keptWindowOn = async (q: SqlDb, id: number) => (await q.get<{ entries: Buffer }>(SEL_WINDOW, [id]))?.entries;

  async function windowOn(q: SqlDb, t: Pick<TupleCounts, 'id' | 'inv_count'>, need: number, stored?: Buffer | null): Promise<TupleWindow> {
    if (t.inv_count === 0) return { recent: [], rebuilt: null };
    const blob = stored === undefined ? await keptWindowOn(q, t.id) : stored;
    if (serves(blob, need, t.inv_count)) return { recent: decodeSignals(blob, need), rebuilt: null };
    const rebuilt = entriesOf(await recentRowsOn(q, t.id, Math.max(need, windowCapacity)));
    return { recent: rebuilt, rebuilt };
  }

  /** A writer's starting point: the tuple's kept window, or its newest rows from the index. */
  async function keptOrRebuiltOn(q: SqlDb, t: TupleRow): Promise<Buffer | undefined> {
    if (t.inv_count === 0) return undefined;
    const blob = await keptWindowOn(q, t.id);
    if (serves(blob, windowCapacity, t.inv_count)) return blob;
    return encodeWindow(entriesOf(await recentRowsOn(q, t.id, windowCapacity)));
  }

  // --- the same on the SQLite connection, synchronously (inside a transaction this store holds) -------

  function recentRowsSync(f: Fast, id: number, limit: number): IdRow[] {
    if (limit <= 0) return [];
    const rows = f.recent.all(id, limit + 1) as IdRow[];
    const edge = edgeTs(rows, limit);
    return newestOf(rows, limit, edge, edge === undefined ? undefined : (f.sameTs.all(id, edge) as IdRow[]));
  }

  function keptOrRebuiltSync(f: Fast, t: TupleRow): Buffer | undefined {
    if (t.inv_count === 0) return undefined;
    const blob = f.selWindow.get(t.id) as Buffer | undefined;
    if (serves(blob, windowCapacity, t.inv_count)) return blob;
    return encodeWindow(entriesOf(recentRowsSync(f, t.id, windowCapacity)));
  }

  // --- write sessions --------------------------------------------------------------------------------

  /** SQLite: every statement runs synchronously on the connection of the transaction the session holds. */
  function sqliteSession(tx: SqlTx, sqlite: Sqlite, alpha: number, now: string, actor: string): WriteSession {
    const f = fastOf(sqlite);
    const tuples = new TupleCache();
    const dirty = new Set<TupleRow>();
    const windows = new Map<TupleRow, RecentWindow>();
    const load = (agent: string, task: string, variant: string): TupleRow => {
      let t = tuples.get(agent, task, variant);
      if (t) return t;
      t = f.selTuple.get(agent, task, variant) as TupleRow | undefined;
      if (!t) {
        f.insVariant.run(agent, variant, now, actor);
        t = f.insTuple.get(agent, task, variant, now) as TupleRow;
      }
      tuples.set(t);
      return t;
    };
    return {
      async add(rows, opts) {
        const withQ = opts?.updateQ !== false;
        let inserted = 0;
        for (let i = 0; i < rows.length; i++) {
          const row = rows[i];
          const t = load(row.agent_name, row.task_type, row.variant_id);
          // Read before the row is stored: a window rebuilt from the index must not contain it yet.
          let w = windows.get(t);
          if (!w) windows.set(t, (w = new RecentWindow(windowCapacity, keptOrRebuiltSync(f, t))));
          const res = f.insInv.run(
            row.invocation_id, t.id, row.ts, row.outcome, row.reward,
            row.quality_score, row.error_count, row.duration_ms, row.metadata,
          );
          if (res.changes === 0) continue;
          w.add({ tsMs: Date.parse(row.ts), id: Number(res.lastInsertRowid), outcome: row.outcome, reward: row.reward });
          fold(t, row, alpha, withQ, now);
          dirty.add(t);
          inserted += 1;
        }
        return { inserted, duplicates: rows.length - inserted };
      },
      async setQ(agent, task, variant, q, n, lastUpdated, convergence) {
        const t = load(agent, task, variant);
        t.q_value = q;
        t.n_visits = n;
        t.last_updated = lastUpdated;
        t.convergence_score = convergence;
        dirty.add(t);
      },
      tuple: async (agent, task, variant) => load(agent, task, variant),
      async commit() {
        try {
          for (const t of dirty) {
            summarise(t, windows.get(t));
            f.updTuple.run(...tupleParams(t));
          }
          for (const [t, w] of windows) if (w.changed) f.upsertWindow.run(t.id, w.blob());
          await tx.commit();
        } catch (e) {
          await tx.rollback().catch(() => undefined);
          throw e;
        }
      },
      rollback: () => tx.rollback(),
    };
  }

  /**
   * Through the port (PostgreSQL). Concurrency choice: READ COMMITTED with row locks. Each tuple a
   * session touches is created if missing (`insert … on conflict do nothing`) and locked with
   * `select … for update` before any of its rows is folded; the lock is held until commit, when the folded
   * figures are written back. Writers of one tuple on other hosts therefore fold one after another, each
   * from the figures the previous one committed: the result equals a serial run. (Two sessions locking
   * the same tuples in opposite orders deadlock; PostgreSQL then aborts one of them.)
   */
  function portableSession(tx: SqlTx, alpha: number, now: string, actor: string): WriteSession {
    const tuples = new TupleCache();
    const dirty = new Set<TupleRow>();
    const windows = new Map<TupleRow, RecentWindow>();
    const lockTuple = async (agent: string, task: string, variant: string) =>
      tx.get<Record<string, unknown>>(SEL_TUPLE + forUpdate, [agent, task, variant]);
    const load = async (agent: string, task: string, variant: string): Promise<TupleRow> => {
      const cached = tuples.get(agent, task, variant);
      if (cached) return cached;
      let r = await lockTuple(agent, task, variant);
      if (!r) {
        await tx.run(INS_VARIANT, [agent, variant, now, actor]);
        await tx.run(INS_TUPLE_IF_NEW, [agent, task, variant, now]);
        r = await lockTuple(agent, task, variant);
        if (!r) throw new Error(`q_values row of ${agent}/${task}/${variant} missing after its insert`);
      }
      const t = tupleOf(r);
      tuples.set(t);
      return t;
    };
    return {
      async add(rows, opts): Promise<AddResult> {
        const withQ = opts?.updateQ !== false;
        // Each tuple of the batch locked and its window read before any row of the batch is stored (a
        // window rebuilt from the index must not contain them yet).
        const rowTuples: TupleRow[] = new Array(rows.length);
        for (let i = 0; i < rows.length; i++) {
          const row = rows[i];
          const t = tuples.get(row.agent_name, row.task_type, row.variant_id) ?? (await load(row.agent_name, row.task_type, row.variant_id));
          if (!windows.has(t)) windows.set(t, new RecentWindow(windowCapacity, await keptOrRebuiltOn(tx, t)));
          rowTuples[i] = t;
        }
        // A repeated invocation_id within the batch is a duplicate of its first occurrence.
        const seen = new Set<string>();
        const todo: number[] = [];
        for (let i = 0; i < rows.length; i++) {
          if (seen.has(rows[i].invocation_id)) continue;
          seen.add(rows[i].invocation_id);
          todo.push(i);
        }
        const ids = new Map<string, number>();
        for (let k = 0; k < todo.length; ) {
          const rest = todo.length - k;
          const n = CHUNKS.find((c) => c <= rest) as number;
          const params: SqlValue[] = [];
          for (let j = k; j < k + n; j++) params.push(...invParams(rows[todo[j]], rowTuples[todo[j]].id));
          for (const r of await tx.all<{ id: unknown; invocation_id: string }>(insertMany(n), params)) ids.set(r.invocation_id, num(r.id));
          k += n;
        }
        let inserted = 0;
        for (const i of todo) {
          const row = rows[i];
          const id = ids.get(row.invocation_id);
          if (id === undefined) continue;
          const t = rowTuples[i];
          (windows.get(t) as RecentWindow).add({ tsMs: Date.parse(row.ts), id, outcome: row.outcome, reward: row.reward });
          fold(t, row, alpha, withQ, now);
          dirty.add(t);
          inserted += 1;
        }
        return { inserted, duplicates: rows.length - inserted };
      },
      async setQ(agent, task, variant, q, n, lastUpdated, convergence) {
        const t = await load(agent, task, variant);
        t.q_value = q;
        t.n_visits = n;
        t.last_updated = lastUpdated;
        t.convergence_score = convergence;
        dirty.add(t);
      },
      tuple: load,
      async commit() {
        try {
          for (const t of dirty) {
            summarise(t, windows.get(t));
            await tx.run(UPD_TUPLE, tupleParams(t));
          }
          for (const [t, w] of windows) if (w.changed) await tx.run(UPSERT_WINDOW, [t.id, w.blob()]);
          await tx.commit();
        } catch (e) {
          await tx.rollback().catch(() => undefined);
          throw e;
        }
      },
      rollback: () => tx.rollback(),
    };
  }

  async function begin(alpha: number, now: string, actor: string): Promise<WriteSession> {
    // Through the adapter: other callers of this process wait until the session ends (inside a transaction, it joins it).
    const tx = await db.begin();
    return tx.sqlite ? sqliteSession(tx, tx.sqlite, alpha, now, actor) : portableSession(tx, alpha, now, actor);
  }

  async function saveWindows(rows: WindowToSave[]): Promise<void> {
    if (rows.length === 0) return;
    await db.transaction(async (t) => {
      if (t.sqlite) {
        const f = fastOf(t.sqlite);
        for (const r of rows) {
          if (r.entries) f.upsertWindowIfUnchanged.run(r.tuple_id, encodeWindow(r.entries), r.tuple_id, r.inv_count);
          const { counts: c, outcomes } = summaryOf(r.recent);
          f.updSummaryIfUnchanged.run(countedWindow, r.inv_count, c.n, c.success, c.errors, c.rewardSum, outcomes, r.tuple_id, r.inv_count);
        }
        return;
      }
      // The tuple row locked (in id order) before its inv_count is compared: a writer holding it commits first.
      for (const r of [...rows].sort((a, b) => a.tuple_id - b.tuple_id)) {
        const cur = await t.get<{ inv_count: unknown }>(SEL_INV_COUNT + forUpdate, [r.tuple_id]);
        if (cur === undefined || num(cur.inv_count) !== r.inv_count) continue;
        if (r.entries) await t.run(UPSERT_WINDOW, [r.tuple_id, encodeWindow(r.entries)]);
        const { counts: c, outcomes } = summaryOf(r.recent);
        await t.run(UPD_SUMMARY_IF_UNCHANGED, [countedWindow, r.inv_count, c.n, c.success, c.errors, c.rewardSum, outcomes, r.tuple_id, r.inv_count]);
      }
    });
  }

  type ActiveRow = {
    agent_name: string;
    task_type: string;
    variant_id: string;
    id: unknown;
    inv_count: unknown;
    inv_success: unknown;
    inv_partial: unknown;
    inv_failure: unknown;
    inv_error: unknown;
    reward_sum: unknown;
    win_size: unknown;
    win_inv_count: unknown;
    win_n: unknown;
    win_success: unknown;
    win_errors: unknown;
    win_reward_sum: unknown;
    win_outcomes: string | null;
  };

  return {
    begin,
    async qTable(f) {
      const where: string[] = [];
      const args: string[] = [];
      if (f.agent) (where.push('agent_name = ?'), args.push(f.agent));
      if (f.task) (where.push('task_type = ?'), args.push(f.task));
      if (f.variant) (where.push('variant_id = ?'), args.push(f.variant));
      const sql = `select * from q_values ${where.length ? `where ${where.join(' and ')}` : ''} order by agent_name, task_type, q_value desc, variant_id`;
      const rows = await db.all<TupleRow>(sql, args);
      return pg ? rows.map(tupleOf) : rows;
    },
    async getTuple(a, t, v) {
      const r = await db.get<TupleRow>(SEL_TUPLE, [a, t, v]);
      return r === undefined ? undefined : tupleOf(r);
    },
    recent: async (id, limit) => (await recentRowsOn(db, id, limit)).map((r) => ({ ts: r.ts, outcome: r.outcome, reward: r.reward })),
    windowFor: (t, need, stored) => windowOn(db, t, need, stored),
    saveWindows,
    async backfillWindows() {
      const rows = await db.all<{ id: unknown; inv_count: unknown; entries: Buffer | null; counted: unknown }>(BACKFILL, [countedWindow]);
      const todo: WindowToSave[] = [];
      for (const r of rows) {
        const id = num(r.id);
        const inv_count = num(r.inv_count);
        const w = await windowOn(db, { id, inv_count }, windowCapacity, r.entries);
        if (w.rebuilt || !num(r.counted)) todo.push({ tuple_id: id, inv_count, entries: w.rebuilt, recent: w.recent });
      }
      await saveWindows(todo);
      return todo.length;
    },
    async armSince(agent, task, variant, sinceTs, lookback) {
      const byTask = task === null ? 0 : 1;
      const params: SqlValue[] = task === null ? [agent, variant, sinceTs] : [agent, variant, task, sinceTs];
      const c = (await db.get<{ n: unknown; s: unknown }>(ARM_SQL.count[byTask], params)) as { n: unknown; s: unknown };
      // An arm read for its counts only (lookback 0) skips the second walk of the index.
      const rows = lookback > 0 ? await db.all<{ outcome: string }>(ARM_SQL.recent[byTask], [...params, lookback]) : [];
      const recent = rows.map((r) => r.outcome === 'success');
      return { n: num(c.n), success: num(c.s), recent };
    },
    countSince: async (id, ts, cap) => num((await db.get<{ c: unknown }>(COUNT_SINCE, [id, ts, cap]))?.c ?? 0),
    async activeTuples() {
      const rows = await db.all<ActiveRow>(ACTIVE);
      return rows.map((r) => {
        const id = r.id == null ? null : num(r.id);
        const inv_count = num(r.inv_count);
        const size = numOrNull(r.win_size);
        const window: WindowSummary | null =
          id != null && size != null && numOrNull(r.win_inv_count) === inv_count && r.win_outcomes != null
            ? {
                size,
                counts: { n: num(r.win_n), success: num(r.win_success), errors: num(r.win_errors), rewardSum: num(r.win_reward_sum) },
                outcomes: r.win_outcomes,
              }
            : null;
        return {
          agent_name: r.agent_name,
          task_type: r.task_type,
          variant_id: r.variant_id,
          tuple:
            id == null
              ? null
              : {
                  id, inv_count, inv_success: num(r.inv_success), inv_partial: num(r.inv_partial),
                  inv_failure: num(r.inv_failure), inv_error: num(r.inv_error), reward_sum: num(r.reward_sum),
                },
          window,
        };
      });
    },
    agentTasks: () => db.all<{ agent_name: string; task_type: string }>('select distinct agent_name, task_type from q_values order by agent_name, task_type'),
    invocationCount: async () => num((await db.get<{ c: unknown }>('select coalesce(sum(inv_count), 0) as c from q_values'))?.c ?? 0),
  };
}
