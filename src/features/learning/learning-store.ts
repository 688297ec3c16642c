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
const insertClaimedSql = new Map<number, string>();
function insertClaimedMany(n: number): string {
  let sql = insertClaimedSql.get(n);
  if (sql === undefined) {
    const values = Array.from({ length: n }, () => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ');
    sql = `insert into invocations (id, ${INV_COLUMNS}) values ${values}`;
    insertClaimedSql.set(n, sql);
  }
  return sql;
}
function insertMany(n: number): string {
  let sql = insertManySql.get(n);
  if (sql === undefined) {
    const values = Array.from({ length: n }, () => '(?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ');
    sql = `insert into invocations (${INV_COLUMNS}) values ${values} on conflict (invocation_id) do nothing returning id, invocation_id`;
    insertManySql.set(n, sql);
  }
  return sql;
}

// --- the batch statements of the portable write session -------------------------------------------------

/** An (agent, task type, variant). */
interface TupleKey {
  agent: string;
  task: string;
  variant: string;
}
/** What a portable write session sends, a whole batch at a time (one statement per step on PostgreSQL). */
interface BatchSql {
  /** The stored tuples among keys, locked (PostgreSQL: `for update`, in id order). */
  lock(q: SqlDb, keys: readonly TupleKey[]): Promise<TupleRow[]>;
  /** Creates the variants and tuples of keys (in their order) unless they exist: the tuples this call made. */
  create(q: SqlDb, keys: readonly TupleKey[], now: string, actor: string): Promise<TupleRow[]>;
  /** The kept windows of tuples (by tuple id; none for a tuple without one). */
  windows(q: SqlDb, ids: readonly number[]): Promise<Map<number, Buffer>>;
  /** Inserts rows (distinct invocation_ids) unless stored: the row id of each one stored, by invocation_id. */
  insert(q: SqlDb, rows: readonly InvocationRow[], tupleIds: readonly number[]): Promise<Map<string, number>>;
  /**
   * The first half of a pipelined insert: which of rows (distinct invocation_ids) are stored already (by
   * this session or a committed one), and a new row id for each other row, in order (ascending).
   */
  claim(q: SqlDb, rows: readonly InvocationRow[]): Promise<{ stored: Set<string>; ids: number[] }>;
  /** The parameters of the second half for rows (built while the claim runs). */
  prepare(rows: readonly InvocationRow[], tupleIds: readonly number[]): PreparedRows;
  /** The second half: stores prepared rows (none stored, as `claim` answered) with the ids it gave; a plain insert. */
  insertClaimed(q: SqlDb, rows: PreparedRows, ids: readonly number[]): Promise<void>;
  /** Writes the figures of tuples and the windows given (by tuple id; each of a tuple given). */
  write(q: SqlDb, tuples: readonly TupleRow[], windows: ReadonlyMap<number, Buffer>): Promise<void>;
}

/** Rows ready to be inserted by `BatchSql.insertClaimed` (their statement parameters but the ids). */
interface PreparedRows {
  rows: readonly InvocationRow[];
  tupleIds: readonly number[];
  /** PostgreSQL: the array literals of the columns after `id`. */
  columns?: string[];
}

/** Keys a statement of the portable (non-PostgreSQL) batch takes at most (4 parameters each). */
const KEY_CHUNK = 200;
/** Rows (distinct invocation_ids) from which a batch of a session is pipelined (`record`'s batch of one never is). */
const PIPELINE_MIN = 64;
/** Tuples written back by one statement at commit (PostgreSQL). */
const WRITE_CHUNK = 1000;

/** The distinct (agent, variant) pairs of keys, first seen first. */
function distinctVariants(keys: readonly TupleKey[]): TupleKey[] {
  const seen = new Set<string>();
  const out: TupleKey[] = [];
  for (const k of keys) {
    const s = `${k.agent}\u0000${k.variant}`;
    if (!seen.has(s)) (seen.add(s), out.push(k));
  }
  return out;
}

/**
 * The error of a pipelined insert. A unique violation means an invocation_id of the batch was stored meanwhile
 * by a concurrent session under another tuple (its own tuples are locked): reported as a serialisation
 * failure, which a file ingest runs again (and then finds the row stored).
 */
function concurrentDuplicate(e: unknown): unknown {
  if (String((e as { code?: unknown })?.code ?? '') !== '23505') return e;
  const err = new Error(
    'An invocation_id of this batch was stored meanwhile by a concurrent session (under another agent/task/variant); nothing of this session is kept: run it again.',
    { cause: e },
  );
  return Object.assign(err, { code: '40001' });
}

const ARRAY_ESCAPE = /[\\"]/g;
/** An escape JSON.stringify writes for a control character or a lone surrogate (or, harmlessly, `\\` then one of these letters). */
const JSON_OTHER_ESCAPE = /\\[bfnrtu]/;
/**
 * A PostgreSQL array literal of text values: each quoted with `\` and `"` escaped, null as NULL. That is what
 * JSON.stringify writes for an array of strings and nulls (`null` unquoted is NULL too), as long as no string
 * holds a control character or a lone surrogate (which JSON escapes differently): those take the slow path.
 */
function pgTextArray(xs: readonly (string | null)[]): string {
  const json = JSON.stringify(xs);
  return JSON_OTHER_ESCAPE.test(json) ? pgTextArrayEscaped(xs) : `{${json.slice(1, -1)}}`;
}
function pgTextArrayEscaped(xs: readonly (string | null)[]): string {
  let out = '{';
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    if (i > 0) out += ',';
    if (x === null || x === undefined) out += 'NULL';
    else out += `"${x.includes('"') || x.includes('\\') ? x.replace(ARRAY_ESCAPE, '\\$&') : x}"`;
  }
  return `${out}}`;
}
/** A PostgreSQL array literal of numbers (as node-postgres sends a number: `String(x)`; null as NULL). */
function pgNumArray(xs: readonly (number | null)[]): string {
  let out = '{';
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    if (i > 0) out += ',';
    out += x === null || x === undefined ? 'NULL' : String(x);
  }
  return `${out}}`;
}

const LOCK_HEAD = 'select * from q_values where (agent_name, task_type, variant_id)';
/**
 * The batch's tuples locked in id order (a stable order across sessions). Not joined with their windows: a
 * row found locked is read again once its writer commits, but a joined table would still be read as of the
 * statement's start (the window before that writer's commit).
 */
const PG_LOCK = `${LOCK_HEAD} in (select * from unnest(?::text[], ?::text[], ?::text[])) order by id for update`;
/** The kept windows of locked tuples (read after the lock, so as their last writer committed them). */
const PG_WINDOWS = 'select tuple_id, entries from recent_windows where tuple_id = any((select ?::int[])::int[])';
/** The variants and tuples of a batch made in their order; returns the tuples it made (locked: not visible to others yet). */
const PG_CREATE = `with new_variants as (insert into variants (agent_name, variant_id, status, params, created_at, created_by)
    select a, v, 'active', '{}', ?, ? from unnest(?::text[], ?::text[]) with ordinality as u(a, v, o) order by o on conflict do nothing)
  insert into q_values (agent_name, task_type, variant_id, last_updated)
    select a, t, v, ? from unnest(?::text[], ?::text[], ?::text[]) with ordinality as u(a, t, v, o) order by o
  on conflict (agent_name, task_type, variant_id) do nothing returning *`;
/** A batch of rows in their order, one statement; a stored invocation_id (or one a concurrent session stores first) is skipped. */
const PG_INSERT = `insert into invocations (${INV_COLUMNS})
  select * from unnest(?::text[], ?::int[], ?::text[], ?::text[], ?::float8[], ?::float8[], ?::int[], ?::float8[], ?::text[])
  on conflict (invocation_id) do nothing returning id, invocation_id`;
/**
 * Which invocation_ids of a batch are stored (committed, or by this session), and a row id from the sequence
 * for each of the others (the ids a default would take, taken in order). The array is a subquery's value, not
 * a constant: the planner then probes the unique index whatever the table's statistics say (with the
 * constant and a table filled in this transaction, never analysed, it chose a scan of the whole table).
 */
const PG_CLAIM = `with s as (select invocation_id from invocations where invocation_id = any((select ?::text[])::text[]))
  select array(select invocation_id from s) as stored,
    array(select nextval('invocations_id_seq')::int from generate_series(1, ?::int - (select count(*)::int from s))) as ids`;
/** Rows `PG_CLAIM` found new, with the ids it gave: a plain insert (no `on conflict`, no `returning`). */
const PG_INSERT_CLAIMED = `insert into invocations (id, ${INV_COLUMNS})
  select * from unnest(?::int[], ?::text[], ?::int[], ?::text[], ?::text[], ?::float8[], ?::float8[], ?::int[], ?::float8[], ?::text[])`;
/** The q_values columns written back at commit, with their array types. */
const PG_WRITE_COLUMNS: [keyof TupleRow, string][] = [
  ['q_value', 'float8'], ['n_visits', 'int'], ['inv_count', 'int'], ['inv_success', 'int'], ['inv_partial', 'int'], ['inv_failure', 'int'],
  ['inv_error', 'int'], ['reward_sum', 'float8'], ['last_updated', 'text'], ['convergence_score', 'float8'],
  ['win_size', 'int'], ['win_inv_count', 'int'], ['win_n', 'int'], ['win_success', 'int'], ['win_errors', 'int'], ['win_reward_sum', 'float8'],
  ['win_outcomes', 'text'], ['id', 'int'],
];
/** The windows (one bytea of all of them, cut by offset and length) and the figures of tuples, one statement. */
const PG_WRITE = `with kept as (insert into recent_windows (tuple_id, entries)
    select u.id, substring(?::bytea from u.off for u.len) from unnest(?::int[], ?::int[], ?::int[]) as u(id, off, len)
    on conflict (tuple_id) do update set entries = excluded.entries)
  update q_values as q set ${PG_WRITE_COLUMNS.filter(([c]) => c !== 'id').map(([c]) => `${c} = u.${c}`).join(', ')}
  from unnest(${PG_WRITE_COLUMNS.map(([, type]) => `?::${type}[]`).join(', ')}) as u(${PG_WRITE_COLUMNS.map(([c]) => c).join(', ')})
  where q.id = u.id`;

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

  // --- the batch statements of a portable write session, per dialect ----------------------------------

  /** PostgreSQL: each step one statement, whatever the size of the batch (arrays as parameters, `unnest`). */
  const pgBatch: BatchSql = {
    async lock(q, keys) {
      const rows = await q.all<Record<string, unknown>>(PG_LOCK, [
        pgTextArray(keys.map((k) => k.agent)), pgTextArray(keys.map((k) => k.task)), pgTextArray(keys.map((k) => k.variant)),
      ]);
      return rows.map(tupleOf);
    },
    async create(q, keys, now, actor) {
      const pairs = distinctVariants(keys);
      const rows = await q.all<Record<string, unknown>>(PG_CREATE, [
        now, actor, pgTextArray(pairs.map((k) => k.agent)), pgTextArray(pairs.map((k) => k.variant)),
        now, pgTextArray(keys.map((k) => k.agent)), pgTextArray(keys.map((k) => k.task)), pgTextArray(keys.map((k) => k.variant)),
      ]);
      return rows.map(tupleOf);
    },
    async windows(q, ids) {
      const rows = await q.all<{ tuple_id: unknown; entries: Buffer }>(PG_WINDOWS, [pgNumArray(ids)]);
      return new Map(rows.map((r) => [num(r.tuple_id), r.entries]));
    },
    async insert(q, rows, tupleIds) {
      const ids = new Map<string, number>();
      if (rows.length === 0) return ids;
      const params: SqlValue[] = [
        pgTextArray(rows.map((r) => r.invocation_id)), pgNumArray(tupleIds), pgTextArray(rows.map((r) => r.ts)), pgTextArray(rows.map((r) => r.outcome)),
        pgNumArray(rows.map((r) => r.reward)), pgNumArray(rows.map((r) => r.quality_score)), pgNumArray(rows.map((r) => r.error_count)),
        pgNumArray(rows.map((r) => r.duration_ms)), pgTextArray(rows.map((r) => r.metadata)),
      ];
      for (const r of await q.all<{ id: unknown; invocation_id: string }>(PG_INSERT, params)) ids.set(r.invocation_id, num(r.id));
      return ids;
    },
    async claim(q, rows) {
      const r = (await q.get<{ stored: string[]; ids: number[] }>(PG_CLAIM, [pgTextArray(rows.map((x) => x.invocation_id)), rows.length])) as {
        stored: string[];
        ids: number[];
      };
      return { stored: new Set(r.stored), ids: r.ids.map(num).sort((a, b) => a - b) };
    },
    prepare(rows, tupleIds) {
      const n = rows.length;
      const [invocationId, ts, outcome, metadata] = [new Array<string>(n), new Array<string>(n), new Array<string>(n), new Array<string | null>(n)];
      const [reward, quality, errors, duration] = [new Array<number>(n), new Array<number | null>(n), new Array<number | null>(n), new Array<number | null>(n)];
      for (let i = 0; i < n; i++) {
        const r = rows[i];
        invocationId[i] = r.invocation_id;
        ts[i] = r.ts;
        outcome[i] = r.outcome;
        reward[i] = r.reward;
        quality[i] = r.quality_score;
        errors[i] = r.error_count;
        duration[i] = r.duration_ms;
        metadata[i] = r.metadata;
      }
      const columns = [
        pgTextArray(invocationId), pgNumArray(tupleIds), pgTextArray(ts), pgTextArray(outcome),
        pgNumArray(reward), pgNumArray(quality), pgNumArray(errors), pgNumArray(duration), pgTextArray(metadata),
      ];
      return { rows, tupleIds, columns };
    },
    async insertClaimed(q, prepared, ids) {
      if (prepared.rows.length === 0) return;
      await q.run(PG_INSERT_CLAIMED, [pgNumArray(ids), ...(prepared.columns as string[])]);
    },
    async write(q, ts, windowsOf) {
      for (let s = 0; s < ts.length; s += WRITE_CHUNK) {
        const part = ts.slice(s, s + WRITE_CHUNK);
        const wIds: number[] = [];
        const offs: number[] = [];
        const lens: number[] = [];
        const blobs: Buffer[] = [];
        let off = 1;
        for (const t of part) {
          const b = windowsOf.get(t.id);
          if (b === undefined) continue;
          wIds.push(t.id);
          offs.push(off);
          lens.push(b.length);
          blobs.push(b);
          off += b.length;
        }
        const arr = <K extends keyof TupleRow>(k: K) => part.map((t) => t[k] as string | number | null);
        await q.run(PG_WRITE, [
          Buffer.concat(blobs), pgNumArray(wIds), pgNumArray(offs), pgNumArray(lens),
          ...PG_WRITE_COLUMNS.map(([k, type]) => (type === 'text' ? pgTextArray(arr(k) as (string | null)[]) : pgNumArray(arr(k) as (number | null)[]))),
        ]);
      }
    },
  };

  /** Any other dialect through the port (SQLite without its handle: what test/unit/learning runs): multi-row statements. */
  const portableBatch: BatchSql = {
    async lock(q, keys) {
      const out: TupleRow[] = [];
      for (let s = 0; s < keys.length; s += KEY_CHUNK) {
        const part = keys.slice(s, s + KEY_CHUNK);
        const sql = `${LOCK_HEAD} in (values ${part.map(() => '(?, ?, ?)').join(', ')}) order by id`;
        for (const r of await q.all<Record<string, unknown>>(sql, part.flatMap((k) => [k.agent, k.task, k.variant]))) out.push(tupleOf(r));
      }
      return out.sort((a, b) => a.id - b.id);
    },
    async create(q, keys, now, actor) {
      const out: TupleRow[] = [];
      for (let s = 0; s < keys.length; s += KEY_CHUNK) {
        const part = keys.slice(s, s + KEY_CHUNK);
        const pairs = distinctVariants(part);
        await q.run(
          `insert into variants (agent_name, variant_id, status, params, created_at, created_by) values ${pairs.map(() => "(?, ?, 'active', '{}', ?, ?)").join(', ')} on conflict do nothing`,
          pairs.flatMap((k) => [k.agent, k.variant, now, actor]),
        );
        const rows = await q.all<Record<string, unknown>>(
          `insert into q_values (agent_name, task_type, variant_id, last_updated) values ${part.map(() => '(?, ?, ?, ?)').join(', ')}
            on conflict (agent_name, task_type, variant_id) do nothing returning *`,
          part.flatMap((k) => [k.agent, k.task, k.variant, now]),
        );
        for (const r of rows) out.push(tupleOf(r));
      }
      return out;
    },
    async windows(q, ids) {
      const out = new Map<number, Buffer>();
      for (let s = 0; s < ids.length; s += KEY_CHUNK) {
        const part = ids.slice(s, s + KEY_CHUNK);
        const rows = await q.all<{ tuple_id: number; entries: Buffer }>(
          `select tuple_id, entries from recent_windows where tuple_id in (${part.map(() => '?').join(', ')})`,
          part,
        );
        for (const r of rows) out.set(num(r.tuple_id), r.entries);
      }
      return out;
    },
    async insert(q, rows, tupleIds) {
      const ids = new Map<string, number>();
      for (let k = 0; k < rows.length; ) {
        const rest = rows.length - k;
        const n = CHUNKS.find((c) => c <= rest) as number;
        const params: SqlValue[] = [];
        for (let j = k; j < k + n; j++) params.push(...invParams(rows[j], tupleIds[j]));
        for (const r of await q.all<{ id: unknown; invocation_id: string }>(insertMany(n), params)) ids.set(r.invocation_id, num(r.id));
        k += n;
      }
      return ids;
    },
    // The same answers as PostgreSQL's on a database with one writer at a time (SQLite): new ids follow the largest.
    async claim(q, rows) {
      const stored = new Set<string>();
      for (let s = 0; s < rows.length; s += KEY_CHUNK) {
        const part = rows.slice(s, s + KEY_CHUNK);
        const found = await q.all<{ invocation_id: string }>(
          `select invocation_id from invocations where invocation_id in (${part.map(() => '?').join(', ')})`,
          part.map((r) => r.invocation_id),
        );
        for (const r of found) stored.add(r.invocation_id);
      }
      const max = num((await q.get<{ m: unknown }>('select coalesce(max(id), 0) as m from invocations'))?.m ?? 0);
      return { stored, ids: Array.from({ length: rows.length - stored.size }, (_, i) => max + 1 + i) };
    },
    prepare: (rows, tupleIds) => ({ rows, tupleIds }),
    async insertClaimed(q, { rows, tupleIds }, ids) {
      for (let k = 0; k < rows.length; ) {
        const rest = rows.length - k;
        const n = CHUNKS.find((c) => c <= rest) as number;
        const params: SqlValue[] = [];
        for (let j = k; j < k + n; j++) params.push(ids[j], ...invParams(rows[j], tupleIds[j]));
        await q.run(insertClaimedMany(n), params);
        k += n;
      }
    },
    async write(q, ts, windowsOf) {
      for (const t of ts) await q.run(UPD_TUPLE, tupleParams(t));
      for (const [id, blob] of windowsOf) await q.run(UPSERT_WINDOW, [id, blob]);
    },
  };
  const batchSql = pg ? pgBatch : portableBatch;

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
   *
   * Every step takes a whole batch in one statement (`batchSql`): the batch's unseen tuples are locked in id
   * order, the missing ones created at once, their kept windows read, the rows inserted, and the folded
   * figures and windows written back at commit by one statement.
   *
   * Rows go in one of two ways. A small batch (`record`), or any batch of a session that joined an outer
   * transaction (the Python import), is one `insert … on conflict (invocation_id) do nothing returning`,
   * awaited. A large batch of a session that holds its own transaction is pipelined: one statement answers
   * which of its invocation_ids are stored (by a committed session or this one) and gives the others their
   * ids; add() then sends the batch's plain insert, folds the batch while it runs and answers, and the insert
   * goes on while the caller reads and parses its next chunk. Every later call of the session awaits it first;
   * an error of it fails the session (that call throws; commit rolls back). Why the answer stands: every row's tuple is locked before, so any other writer of a row of that tuple has
   * committed (the answer sees its rows) or waits for this session. Only the same invocation_id sent by a
   * concurrent session under another tuple can slip in between: the insert then fails on the unique index
   * and the session fails with a serialisation failure (40001), nothing of it kept — as on a deadlock, a file
   * ingest runs again and then finds that row stored.
   */
  function portableSession(tx: SqlTx, alpha: number, now: string, actor: string, pipelined: boolean): WriteSession {
    const tuples = new TupleCache();
    const dirty = new Set<TupleRow>();
    const windows = new Map<TupleRow, RecentWindow>();
    /** The insert of the last pipelined batch while it runs; its error, which fails the session. */
    let inFlight: Promise<void> | undefined;
    let failure: unknown;
    const settle = async () => {
      if (inFlight) await inFlight;
      inFlight = undefined;
      if (failure !== undefined) throw failure;
    };
    const took = (locked: TupleRow[]) => {
      for (const t of locked) tuples.set(t);
    };
    /** Locks (creating the missing ones) the tuples of keys, none of them in the session yet, all distinct. */
    const loadMany = async (keys: TupleKey[]): Promise<void> => {
      took(await batchSql.lock(tx, keys));
      const missing = keys.filter((k) => !tuples.get(k.agent, k.task, k.variant));
      if (missing.length === 0) return;
      took(await batchSql.create(tx, missing, now, actor));
      // Made meanwhile by another session (its insert won): locked once it committed.
      const raced = missing.filter((k) => !tuples.get(k.agent, k.task, k.variant));
      if (raced.length > 0) took(await batchSql.lock(tx, raced));
      for (const k of raced)
        if (!tuples.get(k.agent, k.task, k.variant)) throw new Error(`q_values row of ${k.agent}/${k.task}/${k.variant} missing after its insert`);
    };
    const load = async (agent: string, task: string, variant: string): Promise<TupleRow> => {
      await settle();
      let t = tuples.get(agent, task, variant);
      if (t) return t;
      await loadMany([{ agent, task, variant }]);
      t = tuples.get(agent, task, variant) as TupleRow;
      return t;
    };
    const foldRow = (row: InvocationRow, t: TupleRow, id: number, withQ: boolean) => {
      (windows.get(t) as RecentWindow).add({ tsMs: Date.parse(row.ts), id, outcome: row.outcome, reward: row.reward });
      fold(t, row, alpha, withQ, now);
      dirty.add(t);
    };
    return {
      async add(rows, opts): Promise<AddResult> {
        const withQ = opts?.updateQ !== false;
        // What needs no statement is done while the previous batch's insert may still run.
        const rowTuples: (TupleRow | undefined)[] = new Array(rows.length);
        let unseen: Map<string, TupleKey> | undefined;
        for (let i = 0; i < rows.length; i++) {
          const row = rows[i];
          const t = tuples.get(row.agent_name, row.task_type, row.variant_id);
          rowTuples[i] = t;
          if (t) continue;
          const key = `${row.agent_name}\u0000${row.task_type}\u0000${row.variant_id}`;
          if (!(unseen ??= new Map()).has(key)) unseen.set(key, { agent: row.agent_name, task: row.task_type, variant: row.variant_id });
        }
        // A repeated invocation_id within the batch is a duplicate of its first occurrence.
        const seen = new Set<string>();
        const todo: number[] = [];
        for (let i = 0; i < rows.length; i++) {
          if (seen.has(rows[i].invocation_id)) continue;
          seen.add(rows[i].invocation_id);
          todo.push(i);
        }
        await settle();
        // Each tuple of the batch locked and its window read before any row of the batch is stored (a
        // window rebuilt from the index must not contain them yet).
        if (unseen) {
          await loadMany([...unseen.values()]);
          for (let i = 0; i < rows.length; i++)
            if (rowTuples[i] === undefined) rowTuples[i] = tuples.get(rows[i].agent_name, rows[i].task_type, rows[i].variant_id);
        }
        let windowless: Set<TupleRow> | undefined;
        for (let i = 0; i < rows.length; i++) {
          const t = rowTuples[i] as TupleRow;
          if (!windows.has(t)) (windowless ??= new Set()).add(t);
        }
        if (windowless) {
          const withRows = [...windowless].filter((t) => t.inv_count > 0);
          const kept = withRows.length > 0 ? await batchSql.windows(tx, withRows.map((t) => t.id)) : undefined;
          for (const t of windowless) {
            let blob: Buffer | undefined;
            if (t.inv_count > 0) {
              const stored = kept?.get(t.id);
              blob = serves(stored, windowCapacity, t.inv_count) ? stored : encodeWindow(entriesOf(await recentRowsOn(tx, t.id, windowCapacity)));
            }
            windows.set(t, new RecentWindow(windowCapacity, blob));
          }
        }
        const todoRows = todo.map((i) => rows[i]);
        const todoTupleIds = todo.map((i) => (rowTuples[i] as TupleRow).id);
        let inserted = 0;
        if (!pipelined || todo.length < PIPELINE_MIN) {
          const ids = await batchSql.insert(tx, todoRows, todoTupleIds);
          for (const i of todo) {
            const id = ids.get(rows[i].invocation_id);
            if (id === undefined) continue;
            foldRow(rows[i], rowTuples[i] as TupleRow, id, withQ);
            inserted += 1;
          }
          return { inserted, duplicates: rows.length - inserted };
        }
        // The claim runs while the insert's parameters are built (for every row: a stored one is rare).
        const claimed = batchSql.claim(tx, todoRows);
        claimed.catch(() => undefined); // awaited below; not an unhandled rejection should prepare() throw first
        let prepared = batchSql.prepare(todoRows, todoTupleIds);
        const { stored, ids } = await claimed;
        let fresh = todo;
        if (stored.size > 0) {
          fresh = todo.filter((i) => !stored.has(rows[i].invocation_id));
          prepared = batchSql.prepare(fresh.map((i) => rows[i]), fresh.map((i) => (rowTuples[i] as TupleRow).id));
        }
        if (ids.length !== fresh.length) throw new Error(`${ids.length} row ids claimed for ${fresh.length} new rows`);
        inFlight = batchSql.insertClaimed(tx, prepared, ids).then(
          () => undefined,
          (e: unknown) => {
            failure = concurrentDuplicate(e);
          },
        );
        // Folded while the insert runs.
        for (let j = 0; j < fresh.length; j++) foldRow(rows[fresh[j]], rowTuples[fresh[j]] as TupleRow, ids[j], withQ);
        return { inserted: fresh.length, duplicates: rows.length - fresh.length };
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
          await settle();
          for (const t of dirty) summarise(t, windows.get(t));
          const changed = new Map<number, Buffer>();
          for (const [t, w] of windows) if (w.changed) changed.set(t.id, w.blob());
          await batchSql.write(tx, [...dirty], changed);
          await tx.commit();
        } catch (e) {
          await tx.rollback().catch(() => undefined);
          throw e;
        }
      },
      async rollback() {
        await settle().catch(() => undefined);
        await tx.rollback();
      },
    };
  }

  async function begin(alpha: number, now: string, actor: string): Promise<WriteSession> {
    // Through the adapter: other callers of this process wait until the session ends (inside a transaction, it joins it).
    const tx = await db.begin();
    // A session that joined an outer transaction shares its connection with other stores' statements: no pipelining.
    return tx.sqlite ? sqliteSession(tx, tx.sqlite, alpha, now, actor) : portableSession(tx, alpha, now, actor, !db.inTransaction);
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
