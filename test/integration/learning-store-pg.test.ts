import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { seededRng } from '../../core/learning/rng';
import { updateQ } from '../../core/learning/update-q';
import { parseConfig } from '../../src/config/config';
import { openDatabase } from '../../src/db/open';
import { openPostgres } from '../../src/db/postgres-open';
import type { SqlDb } from '../../src/db/sql-db';
import { sqliteDb } from '../../src/db/sqlite-db';
import { createLearningStore } from '../../src/features/learning/learning-store';
import type { InvocationRow, LearningStore } from '../../src/features/learning/learning-store-type';
import { decodeWindow } from '../../src/features/learning/recent-window';
import { createTestDatabase, onPostgres } from '../backend';
import { tempDir } from '../helpers';

/*
 * The PostgreSQL write session (batch statements over `unnest`, pipelined inserts) against the SQLite fast
 * path: the same sessions write the same tables and answer the same. Concurrent sessions end as a serial
 * run would. Runs in the postgres project only (test/unit/learning/learning-store-paths.test.ts runs the
 * portable path on SQLite).
 */

const opened: SqlDb[] = [];
afterEach(async () => {
  for (const d of opened.splice(0)) await d.close();
});
function openSqlite(): SqlDb {
  const { sqlite } = openDatabase(join(tempDir(), 'data'), { busyTimeoutMs: 5000 });
  const db = sqliteDb(sqlite);
  opened.push(db);
  return db;
}
async function openPg(): Promise<SqlDb> {
  const db = await openPostgres(createTestDatabase(), parseConfig({}).store.pool);
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
    const id = rng() < 0.05 && i > 0 ? `${idPrefix}-${Math.floor(rng() * i)}` : `${idPrefix}-${i}`;
    return {
      invocation_id: id, ts: pick(STAMPS), agent_name: pick(['a1', 'a2', 'a"q\\']), task_type: pick(['t1', 't,2']), variant_id: pick(['v1', 'v2', 'v{3}']),
      outcome, reward: outcome === 'success' ? 1 : outcome === 'partial' ? 0.5 : Math.round(rng() * 100) / 1000 + 1e-9,
      quality_score: rng() < 0.5 ? null : Math.round(rng() * 10) / 10, error_count: rng() < 0.8 ? null : 2, duration_ms: rng() < 0.5 ? null : 1200.25,
      // Text the array literals must carry as is: quotes, backslashes, NULL as a word, raw control characters.
      metadata: rng() < 0.3 ? null : rng() < 0.1 ? `{"raw":"a\tb\nc ${i} \\n"}` : JSON.stringify({ k: `x"y\\z ${i}`, n: null, s: 'NULL', e: '' }),
    };
  });
}

function batches(rows: InvocationRow[], seed: number): InvocationRow[][] {
  const rng = seededRng(seed);
  const out: InvocationRow[][] = [];
  for (let i = 0; i < rows.length; ) {
    const n = 1 + Math.floor(rng() ** 2 * 900);
    out.push(rows.slice(i, i + n));
    i += n;
  }
  return out;
}

const numbers = (r: Record<string, unknown>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v]));

async function tables(db: SqlDb) {
  const inv = await db.all<{ id: number; invocation_id: string }>('select * from invocations order by id');
  const idOf = new Map(inv.map((r) => [Number(r.id), r.invocation_id]));
  const windows = await db.all<{ tuple_id: number; entries: Buffer }>('select * from recent_windows order by tuple_id');
  return {
    q: (await db.all('select * from q_values order by id')).map(numbers),
    inv: inv.map(({ id: _, ...rest }) => numbers(rest)),
    windows: windows.map((w) => ({ tuple_id: Number(w.tuple_id), entries: decodeWindow(w.entries).map((e) => ({ ...e, id: idOf.get(e.id) })) })),
    variants: (await db.all<{ agent_name: string; variant_id: string }>('select agent_name, variant_id, status, created_by from variants')).sort((x, y) =>
      x.agent_name < y.agent_name ? -1 : x.agent_name > y.agent_name ? 1 : x.variant_id < y.variant_id ? -1 : x.variant_id > y.variant_id ? 1 : 0,
    ),
  };
}

async function drive(db: SqlDb, store: LearningStore) {
  const answers: unknown[] = [];
  const s1 = await store.begin(0.1, '2025-02-01T00:00:00.000Z', 'ingest');
  await s1.setQ('a1', 't1', 'v3', 0.8, 30, '2024-12-01T00:00:00.000Z', 0.5);
  for (const [k, b] of batches(workload(1, 4000, 'w1'), 2).entries()) answers.push(await s1.add(b, { updateQ: k % 5 !== 4 }));
  answers.push(await s1.tuple('a1', 't1', 'v3'));
  await s1.commit();
  const s2 = await store.begin(0.1, '2025-02-02T00:00:00.000Z', 'ingest');
  for (const b of batches(workload(3, 1500, 'w2'), 4)) answers.push(await s2.add(b));
  await s2.rollback();
  await db.run('delete from recent_windows where tuple_id = (select min(id) from q_values)');
  const s3 = await store.begin(0.2, '2025-02-03T00:00:00.000Z', 'record');
  for (const b of batches([...workload(5, 2500, 'w3'), ...workload(1, 700, 'w1')], 6)) answers.push(await s3.add(b));
  answers.push(await s3.tuple('a2', 't1', 'v1'));
  await s3.commit();
  return answers;
}

describe.skipIf(!onPostgres)('learning store on PostgreSQL', () => {
  it('writes and answers exactly what the SQLite fast path does (batches, duplicates, setQ, rollback, a rebuilt window)', async () => {
    const [fastDb, pgDb] = [openSqlite(), await openPg()];
    const [fast, pg] = [createLearningStore(fastDb, 10, 4), createLearningStore(pgDb, 10, 4)];
    expect(await drive(pgDb, pg)).toEqual(await drive(fastDb, fast));
    const got = await tables(pgDb);
    expect(got).toEqual(await tables(fastDb));
    expect(got.inv.length).toBeGreaterThan(5000);
    for (const w of got.windows) {
      const rows = await pgDb.all<{ invocation_id: string }>('select invocation_id from invocations where tuple_id = ? order by ts desc, id desc limit 10', [w.tuple_id]);
      expect(w.entries.map((e) => e.id)).toEqual(rows.map((r) => r.invocation_id));
    }
  });

  it('an error of a pipelined insert fails the session and leaves nothing', async () => {
    const db = await openPg();
    const store = createLearningStore(db, 10, 4);
    const s = await store.begin(0.1, '2025-02-01T00:00:00.000Z', 'ingest');
    const rows = workload(7, 300, 'e').map((r, i) => (i === 200 ? { ...r, error_count: 2 ** 40 } : r)); // out of int range
    await s.add(rows); // answered once the claim is made; the insert fails later
    await expect(s.add(workload(8, 300, 'f'))).rejects.toThrow();
    await s.rollback();
    expect(await db.get('select count(*)::int as c from invocations')).toEqual({ c: 0 });
    expect(await db.get('select count(*)::int as c from q_values')).toEqual({ c: 0 });
  });

  it('concurrent sessions over the same tuples and overlapping ids end as a serial run', async () => {
    const [serialDb, db] = [await openPg(), await openPg()];
    const rows = workload(11, 3000, 'c');
    const parts = [rows.slice(0, 2000), rows.slice(1000, 3000), rows.slice(500, 2500)];
    const run = async (store: LearningStore, part: InvocationRow[]) => {
      const s = await store.begin(0.1, '2025-02-01T00:00:00.000Z', 'ingest');
      let inserted = 0;
      try {
        for (const b of batches(part, part.length)) inserted += (await s.add(b)).inserted;
        await s.commit();
      } catch (e) {
        await s.rollback();
        throw e;
      }
      return inserted;
    };
    const serial = createLearningStore(serialDb, 10, 4);
    const serialCounts = [];
    for (const p of parts) serialCounts.push(await run(serial, p));
    // Each session on its own store (as on separate hosts); a deadlock aborts one, which then runs again.
    const retrying = async (part: InvocationRow[]) => {
      for (let attempt = 0; ; attempt++) {
        try {
          return await run(createLearningStore(db, 10, 4), part);
        } catch (e) {
          const code = String((e as { code?: unknown }).code ?? '');
          if (attempt > 8 || (code !== '40P01' && code !== '40001')) throw e;
        }
      }
    };
    const counts = await Promise.all(parts.map(retrying));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(serialCounts.reduce((a, b) => a + b, 0));
    const [a, b] = [await tables(serialDb), await tables(db)];
    // Which session stored a row depends on the order they ran in; the counts do not.
    const counted = (q: Record<string, unknown>[]) =>
      q
        .map(({ agent_name, task_type, variant_id, inv_count, inv_success, inv_partial, inv_failure, inv_error, reward_sum }) => ({
          key: `${agent_name}|${task_type}|${variant_id}`, inv_count, inv_success, inv_partial, inv_failure, inv_error, reward_sum: Math.round((reward_sum as number) * 1e6),
        }))
        .sort((x, y) => (x.key < y.key ? -1 : 1));
    expect(counted(b.q)).toEqual(counted(a.q));
    expect(new Set(b.inv.map((r) => r.invocation_id))).toEqual(new Set(a.inv.map((r) => r.invocation_id)));
    expect(b.inv.length).toBe(a.inv.length);
    // Writers of a tuple ran one after another: its Q is the fold of its rows in the order they were stored,
    // and its kept window and summary are those of its newest rows.
    for (const t of await db.all<{ id: number; q_value: number; n_visits: number; win_n: number; win_success: number }>('select * from q_values')) {
      const rows = await db.all<{ reward: number }>('select reward from invocations where tuple_id = ? order by id', [t.id]);
      let s = { q: 0, n: 0 };
      for (const r of rows) s = updateQ(s, r.reward, 0.1);
      expect(t.n_visits).toBe(rows.length);
      expect(t.q_value).toBeCloseTo(s.q, 12);
      const newest = await db.all<{ invocation_id: string; outcome: string }>('select invocation_id, outcome from invocations where tuple_id = ? order by ts desc, id desc limit 10', [t.id]);
      const w = b.windows.find((x) => x.tuple_id === t.id);
      expect(w?.entries.map((e) => e.id)).toEqual(newest.map((r) => r.invocation_id));
      expect(t.win_n).toBe(Math.min(4, newest.length));
      expect(t.win_success).toBe(newest.slice(0, 4).filter((r) => r.outcome === 'success').length);
    }
  });

  it('an invocation_id stored concurrently under another tuple fails the pipelined session with 40001, nothing kept', async () => {
    const db = await openPg();
    const rows = workload(13, 200, 'x').map((r, i) => ({ ...r, invocation_id: `x-${i}`, agent_name: 'a', task_type: 't', variant_id: 'v' }));
    const other = { ...rows[150], agent_name: 'b', variant_id: 'w' };
    const store = createLearningStore(db, 10, 4);
    // Session B stores one id of the batch under another tuple and holds it uncommitted.
    const b = await store.begin(0.1, '2025-02-01T00:00:00.000Z', 'record');
    expect(await b.add([other])).toEqual({ inserted: 1, duplicates: 0 });
    const a = await createLearningStore(db, 10, 4).begin(0.1, '2025-02-01T00:00:00.000Z', 'ingest');
    const added = await a.add(rows).catch(async (e: unknown) => {
      await Promise.all([a.rollback(), b.rollback()]);
      throw e;
    });
    await b.commit();
    expect(added).toEqual({ inserted: 200, duplicates: 0 }); // answered while its insert waited for B
    const err = await a.commit().then(() => undefined, (e: unknown) => e);
    expect((err as { code?: string }).code).toBe('40001');
    expect(await db.get('select count(*)::int as c from invocations')).toEqual({ c: 1 });
    // Run again, it finds the row stored: a duplicate.
    const again = await createLearningStore(db, 10, 4).begin(0.1, '2025-02-01T00:00:00.000Z', 'ingest');
    expect(await again.add(rows)).toEqual({ inserted: 199, duplicates: 1 });
    await again.commit();
    expect((await store.getTuple('a', 't', 'v'))?.inv_count).toBe(199);
  });
});
