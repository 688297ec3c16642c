import type { DegradationVerdict } from '../../core/detect-degradation';
import type { Sqlite } from './open';

/** A cached verdict and what it was computed from. */
export interface CachedCheck {
  tuple_id: number;
  /** The tuple's invocation count when the verdict was computed. */
  inv_count: number;
  /** The degradation settings it was computed with (JSON). */
  params: string;
  verdict: DegradationVerdict;
}

/** The `degradation_checks` cache of the monitor (see src/db/schema.ts). */
export interface CheckCacheStore {
  /** Every cached verdict, by tuple id. */
  all(): Map<number, CachedCheck>;
  /** Replaces the cached verdicts of these tuples (one transaction). */
  save(rows: CachedCheck[], now: string): void;
}

export function createCheckCacheStore(sqlite: Sqlite): CheckCacheStore {
  const upsert = sqlite.prepare(
    `insert into degradation_checks (tuple_id, inv_count, params, verdict, checked_at) values (?, ?, ?, ?, ?)
     on conflict (tuple_id) do update set inv_count = excluded.inv_count, params = excluded.params,
       verdict = excluded.verdict, checked_at = excluded.checked_at`,
  );
  return {
    all() {
      const out = new Map<number, CachedCheck>();
      const rows = sqlite.prepare('select tuple_id, inv_count, params, verdict from degradation_checks').raw(true).all() as [number, number, string, string][];
      for (const [tuple_id, inv_count, params, verdict] of rows) {
        out.set(tuple_id, { tuple_id, inv_count, params, verdict: JSON.parse(verdict) as DegradationVerdict });
      }
      return out;
    },
    save(rows, now) {
      if (rows.length === 0) return;
      sqlite
        .transaction(() => {
          for (const r of rows) upsert.run(r.tuple_id, r.inv_count, r.params, JSON.stringify(r.verdict), now);
        })
        .immediate();
    },
  };
}
