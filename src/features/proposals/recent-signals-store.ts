import type { Sqlite } from '../../db/open';
import type { RecentSignals, RecentSignalsStore } from './recent-signals-store-type';

export function createRecentSignalsStore(sqlite: Sqlite): RecentSignalsStore {
  const stmt = sqlite.prepare(
    `select count(*) as n, avg(quality_score) as avg_quality, avg(duration_ms) as avg_duration_ms
     from (select quality_score, duration_ms from invocations where tuple_id = ? order by ts desc, id desc limit ?) w`,
  );
  return {
    recentSignals: (tupleId, limit) => stmt.get(tupleId, limit) as RecentSignals,
  };
}
