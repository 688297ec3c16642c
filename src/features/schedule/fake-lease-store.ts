import type { LeaseRow, LeaseStore } from './lease-store-type';

/** An in-memory LeaseStore with the SQL store's semantics, for service tests. */
export function createFakeLeaseStore(): LeaseStore {
  const rows = new Map<string, LeaseRow>();
  return {
    async tryAcquire(name, holder, nowIso, nowMs, ttlMs) {
      const cur = rows.get(name);
      if (cur && cur.holder !== holder && cur.expires_at_ms > nowMs) return { acquired: false, lease: { ...cur } };
      const lease = { name, holder, acquired_at: nowIso, expires_at_ms: nowMs + ttlMs };
      rows.set(name, lease);
      return { acquired: true, lease: { ...lease } };
    },
    async takeOver(name, from, to, nowIso, expiresAtMs) {
      const cur = rows.get(name);
      if (!cur || cur.holder !== from) return false;
      rows.set(name, { name, holder: to, acquired_at: nowIso, expires_at_ms: expiresAtMs });
      return true;
    },
    async release(name, holder) {
      if (rows.get(name)?.holder !== holder) return false;
      rows.delete(name);
      return true;
    },
    get: async (name) => (rows.has(name) ? { ...rows.get(name)! } : undefined),
  };
}
