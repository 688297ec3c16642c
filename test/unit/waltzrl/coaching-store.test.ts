import { afterEach, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../src/config/config-defaults';
import { connectSqlite } from '../../../src/db/connect';
import type { SqlDb } from '../../../src/db/sql-db';
import { createPagedCoachingStore } from '../../../src/features/waltzrl/coaching-store';
import type { CoachingSessionRow } from '../../../src/features/waltzrl/coaching-store-type';
import { tempDir } from '../../helpers';

const dbs: SqlDb[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.close();
});

const session = (id: string, ts: string): CoachingSessionRow => ({
  session_id: id, ts, prompt_hash: 'h', prompt: 'p', reviewer_variant: 'stage1-rules', outcome: 'converged', converged: 1,
  rounds_used: 1, max_rounds: 3, dir: 1, error: null,
});

async function collect(it: AsyncIterable<CoachingSessionRow>): Promise<string[]> {
  const ids: string[] = [];
  for await (const s of it) ids.push(s.session_id);
  return ids;
}

describe('coaching store: sessions streamed in keyset pages', () => {
  it('reads every session once, oldest first, across pages and ties on ts; since filters', async () => {
    const { db } = connectSqlite(tempDir(), defaultConfig());
    dbs.push(db);
    const store = createPagedCoachingStore(db, 2);
    // Five sessions share one ts, so pages end inside the tie; inserted out of order.
    const rows = [
      session('cs-e', '2026-03-01T00:00:02.000Z'), session('cs-a', '2026-03-01T00:00:01.000Z'), session('cs-d', '2026-03-01T00:00:01.000Z'),
      session('cs-b', '2026-03-01T00:00:01.000Z'), session('cs-f', '2026-03-01T00:00:03.000Z'), session('cs-c', '2026-03-01T00:00:01.000Z'),
      session('cs-0', '2026-03-01T00:00:00.000Z'), session('cs-z', '2026-03-01T00:00:01.000Z'),
    ];
    for (const r of rows) await store.insert(r, [{ session_id: r.session_id, round: 0, response: 'x', unsafe: 1, overrefuse: 0, feedback: 'f', dir: 0, error: null }], ['k']);
    expect(await collect(store.sessions())).toEqual(['cs-0', 'cs-a', 'cs-b', 'cs-c', 'cs-d', 'cs-z', 'cs-e', 'cs-f']);
    expect(await collect(store.sessions('2026-03-01T00:00:01.000Z'))).toEqual(['cs-a', 'cs-b', 'cs-c', 'cs-d', 'cs-z', 'cs-e', 'cs-f']);
    expect(await collect(store.sessions('2026-03-01T00:00:04.000Z'))).toEqual([]);
    expect(await store.rounds('cs-a')).toHaveLength(1);
    expect(await store.closestByKeywords(['k'], 'other', 2)).toEqual([{ session_id: 'cs-f', overlap: 1 }, { session_id: 'cs-e', overlap: 1 }]);
  });
});
