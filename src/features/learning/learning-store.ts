import { countOutcomes, type OutcomeCounts } from '../../../core/monitor/detect-degradation';
import { updateQ } from '../../../core/learning/update-q';
import type { Sqlite } from '../../db/open';
import { decodeSignals, encodeWindow, outcomeLetters, RecentWindow, type WindowEntry, windowLength, type WindowSignal } from './recent-window';
import {
  DEFAULT_COUNTED_WINDOW,
  DEFAULT_WINDOW_CAPACITY,
  type LearningStore,
  type TupleCounts,
  type TupleRow,
  type TupleWindow,
  type WindowRow,
  type WindowToSave,
  type WriteSession,
} from './learning-store-type';

/**
 * `windowCapacity`: how many newest invocations writers keep per tuple (the largest window a check reads);
 * `countedWindow`: how many of the newest ones are also kept as counts (the degradation window); the
 * outcomes of all of them are kept as letters.
 */
export function createLearningStore(sqlite: Sqlite, windowCapacity = DEFAULT_WINDOW_CAPACITY, countedWindow = DEFAULT_COUNTED_WINDOW): LearningStore {
  const selTuple = sqlite.prepare('select * from q_values where agent_name = ? and task_type = ? and variant_id = ?');
  const insTuple = sqlite.prepare(
    'insert into q_values (agent_name, task_type, variant_id, last_updated) values (?, ?, ?, ?) returning *',
  );
  const insVariant = sqlite.prepare(
    "insert into variants (agent_name, variant_id, status, params, created_at, created_by) values (?, ?, 'active', '{}', ?, ?) on conflict do nothing",
  );
  const insInv = sqlite.prepare(
    `insert into invocations (invocation_id, tuple_id, ts, outcome, reward, quality_score, error_count, duration_ms, metadata)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (invocation_id) do nothing`,
  );
  const updTuple = sqlite.prepare(
    `update q_values set q_value = ?, n_visits = ?, inv_count = ?, inv_success = ?, inv_partial = ?, inv_failure = ?,
       inv_error = ?, reward_sum = ?, last_updated = ?, convergence_score = ?,
       win_size = ?, win_inv_count = ?, win_n = ?, win_success = ?, win_errors = ?, win_reward_sum = ?, win_outcomes = ?
     where id = ?`,
  );
  const updSummaryIfUnchanged = sqlite.prepare(
    `update q_values set win_size = ?, win_inv_count = ?, win_n = ?, win_success = ?, win_errors = ?, win_reward_sum = ?,
       win_outcomes = ? where id = ? and inv_count = ?`,
  );
  /** The summary a check reads of a window (`recent`, newest first): counts of its newest `countedWindow`, outcomes. */
  const summaryOf = (recent: readonly WindowSignal[]): { counts: OutcomeCounts; outcomes: string } => ({
    counts: countOutcomes(recent.slice(0, countedWindow)),
    outcomes: outcomeLetters(recent.slice(0, windowCapacity)),
  });
  // Newest first in index order (tuple_id, ts, …): a backward walk of the covering index that stops after
  // `limit + 1` entries — no sort of the tuple's whole history. Ties on ts are put in id order in JS.
  const recentStmt = sqlite.prepare(
    'select id, ts, outcome, reward from invocations where tuple_id = ? order by ts desc limit ?',
  );
  const sameTsStmt = sqlite.prepare('select id, ts, outcome, reward from invocations where tuple_id = ? and ts = ?');
  const selWindow = sqlite.prepare('select entries from recent_windows where tuple_id = ?').pluck();
  const upsertWindow = sqlite.prepare(
    'insert into recent_windows (tuple_id, entries) values (?, ?) on conflict (tuple_id) do update set entries = excluded.entries',
  );
  const upsertWindowIfUnchanged = sqlite.prepare(
    `insert into recent_windows (tuple_id, entries) select ?, ? where (select inv_count from q_values where id = ?) = ?
     on conflict (tuple_id) do update set entries = excluded.entries`,
  );
  const armFrom = `from invocations i join q_values q on q.id = i.tuple_id
     where q.agent_name = ? and q.variant_id = ? and (? is null or q.task_type = ?) and i.ts >= ?`;
  const armCountStmt = sqlite.prepare(`select count(*) as n, coalesce(sum(i.outcome = 'success'), 0) as s ${armFrom}`);
  const armRecentStmt = sqlite.prepare(`select i.outcome ${armFrom} order by i.ts desc, i.id desc limit ?`);
  const countSinceStmt = sqlite.prepare(
    'select count(*) as c from (select 1 from invocations where tuple_id = ? and ts > ? limit ?)',
  );

  /** The last `limit` rows of a tuple with their row ids, newest first (ties on ts in id order). */
  function recentRows(id: number, limit: number): (WindowRow & { id: number })[] {
    if (limit <= 0) return [];
    let rows = recentStmt.all(id, limit + 1) as (WindowRow & { id: number })[];
    if (rows.length > limit) {
      const boundary = rows[limit - 1].ts;
      // A run of equal timestamps crosses the window edge: which of them are newest is decided by id.
      if (rows[limit].ts === boundary) rows = [...rows.filter((r) => r.ts > boundary), ...(sameTsStmt.all(id, boundary) as (WindowRow & { id: number })[])];
    }
    rows.sort((a, b) => (a.ts < b.ts ? 1 : a.ts > b.ts ? -1 : b.id - a.id));
    return rows.length > limit ? rows.slice(0, limit) : rows;
  }

  const fromIndex = (id: number, limit: number): WindowEntry[] =>
    recentRows(id, limit).map((r) => ({ tsMs: Date.parse(r.ts), id: r.id, outcome: r.outcome, reward: r.reward }));

  /** A kept window serves a read of `need` entries when it holds them, or every invocation of the tuple. */
  const serves = (blob: Buffer | null | undefined, need: number, invCount: number): blob is Buffer =>
    blob != null && windowLength(blob) >= Math.min(need, invCount);

  function windowFor(t: Pick<TupleCounts, 'id' | 'inv_count'>, need: number, stored?: Buffer | null): TupleWindow {
    if (t.inv_count === 0) return { recent: [], rebuilt: null };
    const blob = stored === undefined ? (selWindow.get(t.id) as Buffer | undefined) : stored;
    if (serves(blob, need, t.inv_count)) return { recent: decodeSignals(blob, need), rebuilt: null };
    const rebuilt = fromIndex(t.id, Math.max(need, windowCapacity));
    return { recent: rebuilt, rebuilt };
  }

  /** A writer's starting point: the tuple's kept window, or its newest rows from the index. */
  function keptOrRebuilt(t: TupleCounts): Buffer | undefined {
    if (t.inv_count === 0) return undefined;
    const blob = selWindow.get(t.id) as Buffer | undefined;
    if (serves(blob, windowCapacity, t.inv_count)) return blob;
    return encodeWindow(fromIndex(t.id, windowCapacity));
  }

  function saveWindows(rows: WindowToSave[]): void {
    if (rows.length === 0) return;
    sqlite
      .transaction(() => {
        for (const r of rows) {
          if (r.entries) upsertWindowIfUnchanged.run(r.tuple_id, encodeWindow(r.entries), r.tuple_id, r.inv_count);
          const { counts: c, outcomes } = summaryOf(r.recent);
          updSummaryIfUnchanged.run(countedWindow, r.inv_count, c.n, c.success, c.errors, c.rewardSum, outcomes, r.tuple_id, r.inv_count);
        }
      })
      .immediate();
  }

  function begin(alpha: number, now: string, actor: string): WriteSession {
    sqlite.prepare('begin immediate').run();
    // agent → task → variant → row: three lookups of strings whose hashes V8 caches, no key string built per row.
    const cache = new Map<string, Map<string, Map<string, TupleRow>>>();
    const dirty = new Set<TupleRow>();
    const windows = new Map<TupleRow, RecentWindow>();
    let open = true;
    let last: TupleRow | undefined;
    const load = (agent: string, task: string, variant: string): TupleRow => {
      if (last !== undefined && last.variant_id === variant && last.task_type === task && last.agent_name === agent) return last;
      let byTask = cache.get(agent);
      if (!byTask) cache.set(agent, (byTask = new Map()));
      let byVariant = byTask.get(task);
      if (!byVariant) byTask.set(task, (byVariant = new Map()));
      let t = byVariant.get(variant);
      if (!t) {
        t = selTuple.get(agent, task, variant) as TupleRow | undefined;
        if (!t) {
          insVariant.run(agent, variant, now, actor);
          t = insTuple.get(agent, task, variant, now) as TupleRow;
        }
        byVariant.set(variant, t);
      }
      return (last = t);
    };
    const end = (sql: 'commit' | 'rollback') => {
      if (!open) return;
      open = false;
      sqlite.prepare(sql).run();
    };
    return {
      add(row, opts) {
        const t = load(row.agent_name, row.task_type, row.variant_id);
        // Read before the row is stored: a window rebuilt from the index must not contain it yet.
        let w = windows.get(t);
        if (!w) windows.set(t, (w = new RecentWindow(windowCapacity, keptOrRebuilt(t))));
        const res = insInv.run(
          row.invocation_id, t.id, row.ts, row.outcome, row.reward,
          row.quality_score, row.error_count, row.duration_ms, row.metadata,
        );
        if (res.changes === 0) return 'duplicate';
        w.add({ tsMs: Date.parse(row.ts), id: Number(res.lastInsertRowid), outcome: row.outcome, reward: row.reward });
        if (opts?.updateQ !== false) {
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
        dirty.add(t);
        return 'inserted';
      },
      setQ(agent, task, variant, q, n, lastUpdated, convergence) {
        const t = load(agent, task, variant);
        t.q_value = q;
        t.n_visits = n;
        t.last_updated = lastUpdated;
        t.convergence_score = convergence;
        dirty.add(t);
      },
      tuple: load,
      commit() {
        try {
          for (const t of dirty) {
            const w = windows.get(t);
            if (w?.changed) {
              const { counts: c, outcomes } = summaryOf(decodeSignals(w.blob()));
              Object.assign(t, { win_size: countedWindow, win_inv_count: t.inv_count, win_n: c.n, win_success: c.success, win_errors: c.errors, win_reward_sum: c.rewardSum, win_outcomes: outcomes });
            }
            updTuple.run(
              t.q_value, t.n_visits, t.inv_count, t.inv_success, t.inv_partial, t.inv_failure,
              t.inv_error, t.reward_sum, t.last_updated, t.convergence_score,
              t.win_size, t.win_inv_count, t.win_n, t.win_success, t.win_errors, t.win_reward_sum, t.win_outcomes, t.id,
            );
          }
          for (const [t, w] of windows) if (w.changed) upsertWindow.run(t.id, w.blob());
          end('commit');
        } catch (e) {
          end('rollback');
          throw e;
        }
      },
      rollback() {
        end('rollback');
      },
    };
  }

  return {
    begin,
    qTable(f) {
      const where: string[] = [];
      const args: string[] = [];
      if (f.agent) (where.push('agent_name = ?'), args.push(f.agent));
      if (f.task) (where.push('task_type = ?'), args.push(f.task));
      if (f.variant) (where.push('variant_id = ?'), args.push(f.variant));
      const sql = `select * from q_values ${where.length ? `where ${where.join(' and ')}` : ''} order by agent_name, task_type, q_value desc, variant_id`;
      return sqlite.prepare(sql).all(...args) as TupleRow[];
    },
    getTuple: (a, t, v) => selTuple.get(a, t, v) as TupleRow | undefined,
    recent: (id, limit) => recentRows(id, limit).map((r) => ({ ts: r.ts, outcome: r.outcome, reward: r.reward })),
    windowFor,
    saveWindows,
    backfillWindows() {
      const rows = sqlite
        .prepare(
          `select q.id, q.inv_count, w.entries, q.win_size = ? and q.win_inv_count = q.inv_count as counted
           from q_values q left join recent_windows w on w.tuple_id = q.id where q.inv_count > 0`,
        )
        .raw(true)
        .all(countedWindow) as [number, number, Buffer | null, number | null][];
      const todo: WindowToSave[] = [];
      for (const [id, inv_count, entries, counted] of rows) {
        const w = windowFor({ id, inv_count }, windowCapacity, entries);
        if (w.rebuilt || !counted) todo.push({ tuple_id: id, inv_count, entries: w.rebuilt, recent: w.recent });
      }
      saveWindows(todo);
      return todo.length;
    },
    armSince(agent, task, variant, sinceTs, lookback) {
      const c = armCountStmt.get(agent, variant, task, task, sinceTs) as { n: number; s: number };
      // An arm read for its counts only (lookback 0) skips the second walk of the index.
      const rows = lookback > 0 ? (armRecentStmt.all(agent, variant, task, task, sinceTs, lookback) as { outcome: string }[]) : [];
      const recent = rows.map((r) => r.outcome === 'success');
      return { n: c.n, success: c.s, recent };
    },
    countSince: (id, ts, cap) => (countSinceStmt.get(id, ts, cap) as { c: number }).c,
    activeTuples() {
      const rows = sqlite
        .prepare(
          `select at.agent_name, at.task_type, coalesce(d1.variant_id, d2.variant_id) as variant_id,
             q.id, q.inv_count, q.inv_success, q.inv_partial, q.inv_failure, q.inv_error, q.reward_sum,
             q.win_size, q.win_inv_count, q.win_n, q.win_success, q.win_errors, q.win_reward_sum, q.win_outcomes
           from (select distinct agent_name, task_type from q_values) at
           left join defaults d1 on d1.agent_name = at.agent_name and d1.task_type = at.task_type
           left join defaults d2 on d2.agent_name = at.agent_name and d2.task_type = '*'
           left join q_values q on q.agent_name = at.agent_name and q.task_type = at.task_type
             and q.variant_id = coalesce(d1.variant_id, d2.variant_id)
           where coalesce(d1.variant_id, d2.variant_id) is not null
           order by at.agent_name, at.task_type`,
        )
        .raw(true)
        .all() as [string, string, string, number | null, number, number, number, number, number, number, ...(number | null)[], string | null][];
      return rows.map(([agent_name, task_type, variant_id, id, inv_count, inv_success, inv_partial, inv_failure, inv_error, reward_sum, size, at, n, success, errors, rewardSum, outcomes]) => ({
        agent_name,
        task_type,
        variant_id,
        tuple: id == null ? null : { id, inv_count, inv_success, inv_partial, inv_failure, inv_error, reward_sum },
        window:
          id != null && size != null && at === inv_count && outcomes != null
            ? { size: size as number, counts: { n: n as number, success: success as number, errors: errors as number, rewardSum: rewardSum as number }, outcomes: outcomes as string }
            : null,
      }));
    },
    agentTasks: () =>
      sqlite.prepare('select distinct agent_name, task_type from q_values order by agent_name, task_type').all() as {
        agent_name: string;
        task_type: string;
      }[],
    invocationCount: () =>
      (sqlite.prepare('select coalesce(sum(inv_count), 0) as c from q_values').get() as { c: number }).c,
  };
}
