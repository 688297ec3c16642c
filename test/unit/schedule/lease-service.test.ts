import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../src/config/config-defaults';
import { openDatabase } from '../../../src/db/open';
import { sqliteDb } from '../../../src/db/sqlite-db';
import { createFakeLeaseStore } from '../../../src/features/schedule/fake-lease-store';
import { acquireLease, releaseLease, withLease, type LeaseCtx } from '../../../src/features/schedule/lease-service';
import { createLeaseStore } from '../../../src/features/schedule/lease-store';
import type { LeaseStore } from '../../../src/features/schedule/lease-store-type';
import { tempDir } from '../../helpers';

const T0 = Date.parse('2026-03-10T12:00:00Z');
const TTL = defaultConfig().schedule.lease_ttl_ms;

/** A pid of this host that no longer runs. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid as number;
}

// The same behaviour table runs on the fake and on the SQL store (over SQLite), so the fake stays honest.
describe.each([
  ['fake store', (): LeaseStore => createFakeLeaseStore()],
  ['SQLite store', (): LeaseStore => createLeaseStore(sqliteDb(openDatabase(tempDir(), { busyTimeoutMs: 1000 }).sqlite))],
])('lease service on the %s', (_name, makeStore) => {
  const ctxAt = (leases: LeaseStore, ms: number): LeaseCtx => ({ leases, now: () => new Date(ms), config: defaultConfig() });

  it.each([
    ['free lease', null, 0, true],
    ['held by a live process, within its ttl', 'other-host:1:aa', 1000, false],
    ['held, but expired', 'other-host:1:aa', TTL + 1, true],
    ['held until exactly now (expiry is exclusive)', 'other-host:1:aa', TTL, true],
  ] as const)('%s → acquired %s', async (_case, holder, laterMs, acquired) => {
    const store = makeStore();
    if (holder) expect((await acquireLease(ctxAt(store, T0), 'monitor', holder)).acquired).toBe(true);
    const r = await acquireLease(ctxAt(store, T0 + laterMs), 'monitor', 'me:2:bb');
    expect(r.acquired).toBe(acquired);
    if (!r.acquired) expect(r.held_by.holder).toBe(holder);
  });

  it('a lease held by a process of this host that died is taken over at once', async () => {
    const store = makeStore();
    const gone = `${hostname()}:${deadPid()}:cc`;
    expect((await acquireLease(ctxAt(store, T0), 'monitor', gone)).acquired).toBe(true);
    const r = await acquireLease(ctxAt(store, T0 + 1), 'monitor', 'me:2:bb');
    expect(r).toEqual({ acquired: true, holder: 'me:2:bb' });
    expect((await store.get('monitor'))?.holder).toBe('me:2:bb');
  });

  it('release only by the holder; withLease releases after the job and skips when held', async () => {
    const store = makeStore();
    const ctx = ctxAt(store, T0);
    expect((await acquireLease(ctx, 'propose', 'other-host:1:aa')).acquired).toBe(true);
    expect(await releaseLease(ctx, 'propose', 'me:2:bb')).toBe(false);
    const skipped = await withLease(ctx, 'propose', () => 'ran');
    expect(skipped).toMatchObject({ ran: false, held_by: { holder: 'other-host:1:aa' } });
    expect(await releaseLease(ctx, 'propose', 'other-host:1:aa')).toBe(true);
    expect(await withLease(ctx, 'propose', () => 'ran')).toEqual({ ran: true, value: 'ran' });
    expect(await store.get('propose')).toBeUndefined();
  });
});
