import { spawn, spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';

import { createLeaseStore } from '../../src/features/schedule/lease-store';
import { acquireLease, MONITOR_LEASE } from '../../src/features/schedule/lease-service';
import { tempDir, openTestCrl } from '../helpers';

/** A pid that certainly does not run any more: a child that has exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid as number;
}

describe('the monitor lease after a crash of its holder', () => {
  it.each([
    { who: 'a killed process of this host', holder: () => `${hostname()}:${deadPid()}:abcdef`, takenOver: true },
    { who: 'a running process of this host', holder: () => `${hostname()}:${process.ppid}:abcdef`, takenOver: false },
    { who: 'a process of another host', holder: () => `some-other-host:${deadPid()}:abcdef`, takenOver: false },
  ])('held by $who: taken over = $takenOver (before it expires)', async ({ holder, takenOver }) => {
    const crl = await openTestCrl({ dataDir: tempDir() });
    try {
      const h = holder();
      const now = crl.ctx.now();
      expect((await createLeaseStore(crl.ctx.db).tryAcquire(MONITOR_LEASE, h, now.toISOString(), now.getTime(), 600_000)).acquired).toBe(true);
      const r = await acquireLease(crl.ctx, MONITOR_LEASE);
      expect(r.acquired).toBe(takenOver);
      expect((await createLeaseStore(crl.ctx.db).get(MONITOR_LEASE))?.holder === h).toBe(!takenOver);
    } finally {
      await crl.close();
    }
  });

  it('a monitor SIGKILLed while holding the lease does not block the next run', async () => {
    const dataDir = tempDir();
    const crl = await openTestCrl({ dataDir });
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    const h = `${hostname()}:${child.pid}:123456`;
    const now = crl.ctx.now();
    await createLeaseStore(crl.ctx.db).tryAcquire(MONITOR_LEASE, h, now.toISOString(), now.getTime(), 600_000);
    expect((await acquireLease(crl.ctx, MONITOR_LEASE)).acquired).toBe(false);
    await new Promise((r) => {
      child.on('exit', r);
      child.kill('SIGKILL');
    });
    expect((await acquireLease(crl.ctx, MONITOR_LEASE)).acquired).toBe(true);
    await crl.close();
  });
});
