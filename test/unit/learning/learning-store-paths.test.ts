import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { seededRng } from '../../../core/learning/rng';
import { openDatabase } from '../../../src/db/open';
import type { SqlDb } from '../../../src/db/sql-db';
import { sqliteDb } from '../../../src/db/sqlite-db';
import { createLearningStore } from '../../../src/features/learning/learning-store';
import type { InvocationRow, LearningStore } from '../../../src/features/learning/learning-store-type';
import { decodeWindow } from '../../../src/features/learning/recent-window';
import { tempDir } from '../../helpers';

/*
 * The learning store has a synchronous fast path on SQLite and a portable path through `db.all/get/run`
 * (what PostgreSQL runs). Hiding the better-sqlite3 handle makes the store take the portable path on
 * SQLite too: both must write and read exactly the same.
 */

/** The same database without its better-sqlite3 handle (on every transaction too): the store's portable path. */
function portable<D extends SqlDb>(d: D): D {
  return new Proxy(d, {
    get(target, p) {
      if (p === 'sqlite') return undefined;
      if (p === 'begin') return async () => portable(await target.begin());
      if (p === 'transaction') return (fn: (t: SqlDb) => Promise<unknown>) => target.transaction((t) => fn(portable(t)));
      return Reflect.get(target, p);
    },
  });
}

const opened: SqlDb[] = [];
afterEach(async () => {
  for (const d of opened.splice(0)) await d.close();
});
function open(): SqlDb {
  const { sqlite } = openDatabase(join(tempDir(), 'data'), { busyTimeoutMs: 5000 });
  const db = sqliteDb(sqlite);
  opened.push(db);
  return db;
}

const STAMPS = Array.from({ length: 12 }, (_, i) => `2025-01-01T00:00:${String(i).padStart(2, '0')}.000Z`);
const OUTCOMES = ['success', 'failure', 'error', 'partial'] as const;

function workload(seed: number, count: number, idPrefix: string): InvocationRow[] {
  const rng = seededRng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rng() * xs.length)];
  return Array.from({ length: count }, (_, i) => {
    const outcome = pick(OUTCOMES);
    // Some ids repeat (within a batch and across batches): duplicates change nothing.
    const id = rng() < 0.05 && i > 0 ? `${idPrefix}-${Math.floor(rng() * i)}` : `${idPrefix}-${i}`;
    return {
      invocation_id: id, ts: pick(STAMPS), agent_name: pick(['a1', 'a2']), task_type: pick(['t1', 't2']), variant_id: pick(['v1', 'v2', 'v3']),
      outcome, reward: outcome === 'success' ? 1 : outcome === 'partial' ? 0.5 : Math.round(rng() * 100) / 1000,
      quality_score: rng() < 0.5 ? null : Math.round(rng() * 10) / 10, error_count: rng() < 0.8 ? null : 2, duration_ms: rng() < 0.5 ? null : 1200, metadata: null,
    };
  });
}

/** Cuts rows into batches of varied sizes (1 to 700: more than one insert chunk of the portable path). */
function batches(rows: InvocationRow[], seed: number): InvocationRow[][] {
  const rng = seededRng(seed);
  const out: InvocationRow[][] = [];
  for (let i = 0; i < rows.length; ) {
    const n = 1 + Math.floor(rng() ** 3 * 700);
    out.push(rows.slice(i, i + n));
    i += n;
  }
  return out;
}

/**
 * Every table the store writes. Invocation row ids are shown as the invocation_id they belong to: the two
 * paths store rows in the same order, but a duplicate may use up an id on one path and not on the other.
 */
async function tables(db: SqlDb) {
  const inv = await db.all<{ id: number; invocation_id: string }>('select * from invocations order by id');
  const idOf = new Map(inv.map((r) => [r.id, r.invocation_id]));
  const windows = await db.all<{ tuple_id: number; entries: Buffer }>('select * from recent_windows order by tuple_id');
  return {
    q: await db.all('select * from q_values order by id'),
    inv: inv.map(({ id: _, ...rest }) => rest),
    windows: windows.map((w) => ({ tuple_id: w.tuple_id, entries: decodeWindow(w.entries).map((e) => ({ ...e, id: idOf.get(e.id) })) })),
    variants: await db.all('select agent_name, variant_id, status, created_by from variants order by agent_name, variant_id'),
  };
}

/** What every read method answers (invocation row ids shown as their invocation_id, as in `tables`). */
async function reads(db: SqlDb, store: LearningStore) {
  const idOf = new Map((await db.all<{ id: number; invocation_id: string }>('select id, invocation_id from invocations')).map((r) => [r.id, r.invocation_id]));
  const windowFor = async (t: { id: number; inv_count: number }, need: number, stored?: Buffer | null) => {
    const w = await store.windowFor(t, need, stored);
    const named = <T extends object>(xs: T[]) => xs.map((e) => ('id' in e ? { ...e, id: idOf.get(e.id as number) } : e));
    return { recent: named(w.recent), rebuilt: w.rebuilt && named(w.rebuilt) };
  };
  const ids = (await db.all<{ id: number }>('select id from q_values order by id')).map((r) => r.id);
  const perTuple = [];
  for (const id of ids) {
    const inv_count = (await db.get<{ c: number }>('select inv_count as c from q_values where id = ?', [id]))!.c;
    perTuple.push({
      recent: [await store.recent(id, 0), await store.recent(id, 3), await store.recent(id, 7), await store.recent(id, 40)],
      windowFor: [await windowFor({ id, inv_count }, 5), await windowFor({ id, inv_count }, 30), await windowFor({ id, inv_count }, 5, null)],
      countSince: [await store.countSince(id, STAMPS[4], 1000), await store.countSince(id, STAMPS[2], 3)],
    });
  }
  return {
    perTuple,
    qTable: [await store.qTable({}), await store.qTable({ agent: 'a1', task: 't2' }), await store.qTable({ variant: 'v3' })],
    getTuple: [await store.getTuple('a1', 't1', 'v1'), await store.getTuple('a9', 't1', 'v1')],
    arms: [
      await store.armSince('a1', 't1', 'v2', STAMPS[3], 5),
      await store.armSince('a1', null, 'v2', STAMPS[3], 5),
      await store.armSince('a2', null, 'v1', STAMPS[0], 0),
    ],
    agentTasks: await store.agentTasks(),
    active: await store.activeTuples(),
    count: await store.invocationCount(),
  };
}

/** Runs the same sessions on a store: returns what each add answered. */
async function drive(db: SqlDb, store: LearningStore) {
  const answers: unknown[] = [];
  const s1 = await store.begin(0.1, '2025-02-01T00:00:00.000Z', 'ingest');
  await s1.setQ('a1', 't1', 'v3', 0.8, 30, '2024-12-01T00:00:00.000Z', 0.5);
  for (const [k, b] of batches(workload(1, 1500, 'w1'), 2).entries()) answers.push(await s1.add(b, { updateQ: k % 5 !== 4 }));
  answers.push(await s1.tuple('a1', 't1', 'v3'));
  await s1.commit();
  // Rolled back: nothing of it stays.
  const s2 = await store.begin(0.1, '2025-02-02T00:00:00.000Z', 'ingest');
  for (const b of batches(workload(3, 400, 'w2'), 4)) answers.push(await s2.add(b));
  await s2.rollback();
  // A tuple whose kept window is gone: the next writer rebuilds it from the index.
  await db.run('delete from recent_windows where tuple_id = (select min(id) from q_values)');
  const s3 = await store.begin(0.2, '2025-02-03T00:00:00.000Z', 'record');
  for (const b of batches([...workload(5, 900, 'w3'), ...workload(1, 50, 'w1')], 6)) answers.push(await s3.add(b));
  await s3.commit();
  await db.run("insert into defaults (agent_name, task_type, variant_id, updated_at, updated_by) values ('a1', '*', 'v1', 'x', 'x'), ('a1', 't2', 'v2', 'x', 'x'), ('a2', 't1', 'v9', 'x', 'x')");
  return answers;
}

describe('learning store: the portable path writes and reads exactly what the SQLite fast path does', () => {
  it('sessions (batches, duplicates, setQ, rollback, a rebuilt window), reads, and window backfill', async () => {
    const [fastDb, slowDb] = [open(), open()];
    const [fast, slow] = [createLearningStore(fastDb, 10, 4), createLearningStore(portable(slowDb), 10, 4)];
    expect(await drive(portable(slowDb), slow)).toEqual(await drive(fastDb, fast));
    const got = await tables(slowDb);
    expect(got).toEqual(await tables(fastDb));
    expect(got.inv.length).toBeGreaterThan(2000);
    expect(await reads(slowDb, slow)).toEqual(await reads(fastDb, fast));

    // Each kept window holds the newest invocations of its tuple by (ts, id), and its summary stands.
    for (const w of got.windows) {
      const rows = await slowDb.all<{ invocation_id: string }>('select invocation_id from invocations where tuple_id = ? order by ts desc, id desc limit 10', [w.tuple_id]);
      expect(w.entries.map((e) => e.id)).toEqual(rows.map((r) => r.invocation_id));
    }
    expect((await slow.activeTuples()).filter((a) => a.window).length).toBeGreaterThan(0);

    // Windows and summaries dropped (as after a bulk load): a backfill builds the same on both paths.
    for (const d of [fastDb, slowDb]) {
      await d.run('delete from recent_windows where tuple_id % 2 = 0');
      await d.run('update q_values set win_size = null, win_inv_count = null where id % 3 = 0');
    }
    const n = await fast.backfillWindows();
    expect(n).toBeGreaterThan(0);
    expect(await slow.backfillWindows()).toBe(n);
    expect(await tables(slowDb)).toEqual(await tables(fastDb));
    expect(await fast.backfillWindows()).toBe(0);
    expect(await slow.backfillWindows()).toBe(0);
  });

  it('saveWindows keeps a window only while its tuple has no new invocations', async () => {
    for (const wrap of [(d: SqlDb) => d, portable]) {
      const db = open();
      const store = createLearningStore(wrap(db), 10, 4);
      const s = await store.begin(0.1, '2025-02-01T00:00:00.000Z', 'ingest');
      await s.add(workload(7, 30, 'x').map((r) => ({ ...r, agent_name: 'a', task_type: 't', variant_id: 'v' })));
      await s.commit();
      const t = (await store.getTuple('a', 't', 'v'))!;
      await db.run('delete from recent_windows');
      const w = await store.windowFor(t, 10);
      expect(w.rebuilt).toHaveLength(10);
      await store.saveWindows([
        { tuple_id: t.id, inv_count: t.inv_count, entries: w.rebuilt, recent: w.recent },
      ]);
      expect(await db.get('select count(*) as c from recent_windows')).toEqual({ c: 1 });
      await db.run('delete from recent_windows');
      await store.saveWindows([{ tuple_id: t.id, inv_count: t.inv_count - 1, entries: w.rebuilt, recent: w.recent }]);
      expect(await db.get('select count(*) as c from recent_windows')).toEqual({ c: 0 });
    }
  });
});

describe('learning store: a write session holds the connection', () => {
  it('other callers of the process wait until it commits, and then see its rows', async () => {
    const db = open();
    const store = createLearningStore(db);
    const s = await store.begin(0.1, '2025-02-01T00:00:00.000Z', 'record');
    expect(await s.add(workload(9, 3, 'y').map((r) => ({ ...r, agent_name: 'a', task_type: 't', variant_id: 'v' })))).toEqual({ inserted: 3, duplicates: 0 });
    let answered = false;
    const read = store.getTuple('a', 't', 'v').then((t) => ((answered = true), t));
    await new Promise((r) => setTimeout(r, 20));
    expect(answered).toBe(false);
    await s.commit();
    expect((await read)?.inv_count).toBe(3);
  });

  it('a batch of one with a stored id is a duplicate and changes nothing', async () => {
    const db = open();
    const store = createLearningStore(db);
    const row = workload(11, 1, 'z')[0];
    for (const expected of [{ inserted: 1, duplicates: 0 }, { inserted: 0, duplicates: 1 }]) {
      const s = await store.begin(0.1, '2025-02-01T00:00:00.000Z', 'record');
      expect(await s.add([row])).toEqual(expected);
      expect((await s.tuple(row.agent_name, row.task_type, row.variant_id)).n_visits).toBe(1);
      await s.commit();
    }
  });
});
