import type { Sqlite } from '../../db/open';

/** Means over the recent invocations of one tuple (null when none of them carries the signal). */
export interface RecentSignals {
  /** Invocations looked at (≤ the limit). */
  n: number;
  avg_quality: number | null;
  avg_duration_ms: number | null;
}

/** Quality and duration of a tuple's recent invocations: an indexed newest-first window, never a scan. */
export interface RecentSignalsStore {
  recentSignals(tupleId: number, limit: number): RecentSignals;
}

export function createRecentSignalsStore(sqlite: Sqlite): RecentSignalsStore {
  const stmt = sqlite.prepare(
    `select count(*) as n, avg(quality_score) as avg_quality, avg(duration_ms) as avg_duration_ms
     from (select quality_score, duration_ms from invocations where tuple_id = ? order by ts desc, id desc limit ?) w`,
  );
  return {
    recentSignals: (tupleId, limit) => stmt.get(tupleId, limit) as RecentSignals,
  };
}
