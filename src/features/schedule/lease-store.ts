import type { SqlDb } from '../../db/sql-db';
import type { LeaseRow, LeaseStore } from './lease-store-type';

const GET = 'select * from leases where name = ?';
/**
 * The compare-and-set of `tryAcquire` as one statement: inserts the lease, or takes the existing row only
 * when it has expired (expiry is exclusive: a lease held until exactly now is free) or is already ours. On
 * PostgreSQL (READ COMMITTED) a concurrent acquirer waits on the row's lock and re-checks the condition on
 * the winner's row, so two hosts never both get a row back.
 */
const ACQUIRE = `insert into leases (name, holder, acquired_at, expires_at_ms) values (?, ?, ?, ?)
  on conflict (name) do update set holder = excluded.holder, acquired_at = excluded.acquired_at, expires_at_ms = excluded.expires_at_ms
  where leases.expires_at_ms <= ? or leases.holder = ?
  returning holder`;

/** A row as read (a PostgreSQL bigint arrives as text). */
const leaseOf = (r: LeaseRow | undefined): LeaseRow | undefined => (r ? { ...r, expires_at_ms: Number(r.expires_at_ms) } : undefined);

export function createLeaseStore(db: SqlDb): LeaseStore {
  return {
    tryAcquire(name, holder, nowIso, nowMs, ttlMs) {
      return db.transaction(async (t) => {
        const lease = { name, holder, acquired_at: nowIso, expires_at_ms: nowMs + ttlMs };
        const won = await t.get<{ holder: string }>(ACQUIRE, [name, holder, nowIso, lease.expires_at_ms, nowMs, holder]);
        if (won) return { acquired: true, lease };
        // Not taken: the row that holds it (locked by the upsert on PostgreSQL, so it is the current one).
        return { acquired: false, lease: leaseOf(await t.get<LeaseRow>(GET, [name])) as LeaseRow };
      });
    },
    takeOver: async (name, from, to, nowIso, expiresAtMs) =>
      (await db.run('update leases set holder = ?, acquired_at = ?, expires_at_ms = ? where name = ? and holder = ?', [to, nowIso, expiresAtMs, name, from]))
        .changes > 0,
    release: async (name, holder) => (await db.run('delete from leases where name = ? and holder = ?', [name, holder])).changes > 0,
    get: async (name) => leaseOf(await db.get<LeaseRow>(GET, [name])),
  };
}
