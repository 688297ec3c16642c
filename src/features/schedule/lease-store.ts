import type { Sqlite } from '../../db/open';
import type { LeaseRow, LeaseStore } from './lease-store-type';

export function createLeaseStore(sqlite: Sqlite): LeaseStore {
  const get = sqlite.prepare('select * from leases where name = ?');
  const upsert = sqlite.prepare(
    `insert into leases (name, holder, acquired_at, expires_at_ms) values (?, ?, ?, ?)
     on conflict (name) do update set holder = excluded.holder, acquired_at = excluded.acquired_at, expires_at_ms = excluded.expires_at_ms`,
  );
  const del = sqlite.prepare('delete from leases where name = ? and holder = ?');
  const takeOverStmt = sqlite.prepare('update leases set holder = ?, acquired_at = ?, expires_at_ms = ? where name = ? and holder = ?');
  return {
    tryAcquire(name, holder, nowIso, nowMs, ttlMs) {
      return sqlite.transaction(() => {
        const cur = get.get(name) as LeaseRow | undefined;
        if (cur && cur.holder !== holder && cur.expires_at_ms > nowMs) return { acquired: false, lease: cur };
        const lease = { name, holder, acquired_at: nowIso, expires_at_ms: nowMs + ttlMs };
        upsert.run(lease.name, lease.holder, lease.acquired_at, lease.expires_at_ms);
        return { acquired: true, lease };
      }).immediate();
    },
    takeOver: (name, from, to, nowIso, expiresAtMs) => takeOverStmt.run(to, nowIso, expiresAtMs, name, from).changes > 0,
    release: (name, holder) => del.run(name, holder).changes > 0,
    get: (name) => get.get(name) as LeaseRow | undefined,
  };
}
