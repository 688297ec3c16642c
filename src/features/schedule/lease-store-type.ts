export interface LeaseRow {
  name: string;
  holder: string;
  acquired_at: string;
  expires_at_ms: number;
}

/** Cross-process leases. `tryAcquire` is a compare-and-set inside one immediate transaction. */
export interface LeaseStore {
  /** Takes the lease when it is free, expired, or already ours; returns the row that holds it afterwards. */
  tryAcquire(name: string, holder: string, nowIso: string, nowMs: number, ttlMs: number): { acquired: boolean; lease: LeaseRow };
  /** Compare-and-set: hands the lease of `from` (an abandoned holder) to `to`; false if `from` no longer holds it. */
  takeOver(name: string, from: string, to: string, nowIso: string, expiresAtMs: number): boolean;
  /** Releases the lease if `holder` still holds it. */
  release(name: string, holder: string): boolean;
  get(name: string): LeaseRow | undefined;
}
