import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Ctx } from '../../context';
import type { LeaseRow } from './lease-store-type';

/** Name of the lease shared by `crl monitor --once` and the scheduler's monitor job. */
export const MONITOR_LEASE = 'monitor';

/** A holder id unique to this process and call: host, pid and a random suffix. */
export function newHolder(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

/** What the lease service reads: the lease store, the clock and `schedule.lease_ttl_ms`. */
export type LeaseCtx = Pick<Ctx, 'leases' | 'now' | 'config'>;

export type LeaseResult = { acquired: true; holder: string } | { acquired: false; held_by: LeaseRow };

/**
 * True when the holder is a process of this host that no longer runs (killed or crashed while holding
 * the lease), so that a crash does not block the job until the lease expires.
 */
export function holderIsGone(holder: string): boolean {
  const [host, pidText] = holder.split(':');
  const pid = Number(pidText);
  if (host !== hostname() || !Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** Tries to take a named lease for `schedule.lease_ttl_ms` (an expired or abandoned lease is taken over). */
export async function acquireLease(ctx: LeaseCtx, name: string, holder = newHolder()): Promise<LeaseResult> {
  const now = ctx.now();
  const store = ctx.leases;
  const ttl = ctx.config.schedule.lease_ttl_ms;
  const r = await store.tryAcquire(name, holder, now.toISOString(), now.getTime(), ttl);
  if (r.acquired) return { acquired: true, holder };
  if (holderIsGone(r.lease.holder) && (await store.takeOver(name, r.lease.holder, holder, now.toISOString(), now.getTime() + ttl))) {
    return { acquired: true, holder };
  }
  return { acquired: false, held_by: r.lease };
}

export function releaseLease(ctx: LeaseCtx, name: string, holder: string): Promise<boolean> {
  return ctx.leases.release(name, holder);
}

/** Runs fn while holding the lease; returns `{ ran: false }` when another process holds it. */
export async function withLease<T>(ctx: LeaseCtx, name: string, fn: () => T | Promise<T>): Promise<{ ran: true; value: T } | { ran: false; held_by: LeaseRow }> {
  const l = await acquireLease(ctx, name);
  if (!l.acquired) return { ran: false, held_by: l.held_by };
  try {
    return { ran: true, value: await fn() };
  } finally {
    await releaseLease(ctx, name, l.holder);
  }
}
