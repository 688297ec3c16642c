export interface LeaseRow {
  name: string;
  holder: string;
  acquired_at: string;
  expires_at_ms: number;
}

/**
 * Cross-process (and, on PostgreSQL, cross-host) leases. `tryAcquire` is a compare-and-set inside one
 * transaction: one conditional upsert, so two hosts acquiring at once never both win.
 */
export interface LeaseStore {
  /** Takes the lease when it is free, expired, or already ours; returns the row that holds it afterwards. */
  tryAcquire(name: string, holder: string, nowIso: string, nowMs: number, ttlMs: number): Promise<{ acquired: boolean; lease: LeaseRow }>;
  /** Compare-and-set: hands the lease of `from` (an abandoned holder) to `to`; false if `from` no longer holds it. */
  takeOver(name: string, from: string, to: string, nowIso: string, expiresAtMs: number): Promise<boolean>;
  /** Releases the lease if `holder` still holds it. */
  release(name: string, holder: string): Promise<boolean>;
  get(name: string): Promise<LeaseRow | undefined>;
}
