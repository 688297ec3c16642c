/** Means over the recent invocations of one tuple (null when none of them carries the signal). */
export interface RecentSignals {
  /** Invocations looked at (≤ the limit). */
  n: number;
  avg_quality: number | null;
  avg_duration_ms: number | null;
}

/** Quality and duration of a tuple's recent invocations: an indexed newest-first window, never a scan. */
export interface RecentSignalsStore {
  recentSignals(tupleId: number, limit: number): Promise<RecentSignals>;
}
