import type { SqlDb } from '../../db/sql-db';
import type { RecentSignals, RecentSignalsStore } from './recent-signals-store-type';

const RECENT = `select count(*) as n, avg(quality_score) as avg_quality, avg(duration_ms) as avg_duration_ms
     from (select quality_score, duration_ms from invocations where tuple_id = ? order by ts desc, id desc limit ?) w`;

/** Number of a count/avg column (PostgreSQL returns bigint and numeric as text); null stays null. */
const num = (v: unknown): number | null => (v == null ? null : Number(v));

export function createRecentSignalsStore(db: SqlDb): RecentSignalsStore {
  return {
    async recentSignals(tupleId, limit) {
      const r = await db.get<Record<keyof RecentSignals, unknown>>(RECENT, [tupleId, limit]);
      return { n: Number(r?.n ?? 0), avg_quality: num(r?.avg_quality), avg_duration_ms: num(r?.avg_duration_ms) };
    },
  };
}
