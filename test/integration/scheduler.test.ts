import { describe, expect, it } from 'vitest';

import { UsageError } from '../../src/errors';
import { startScheduler } from '../../src/features/schedule/scheduler';
import { runCli, spawnCli, tempDir, openTestContext } from '../helpers';

const until = async (cond: () => boolean, what: string) => {
  for (let i = 0; i < 300 && !cond(); i++) await new Promise((r) => setTimeout(r, 100));
  if (!cond()) throw new Error(`never happened: ${what}`);
};

describe('scheduler', () => {
  it('runs the jobs on a seconds-level schedule, one log line per run, and stops cleanly', async () => {
    const dataDir = tempDir();
    const lines: string[] = [];
    const s = await startScheduler({ open: () => openTestContext({ dataDir }), monitorCron: '* * * * * *', proposeCron: '* * * * * *', log: (l) => lines.push(l), handleSignals: false });
    expect(s.jobs).toEqual([{ name: 'monitor', cron: '* * * * * *' }, { name: 'propose', cron: '* * * * * *' }]);
    await until(() => lines.some((l) => / monitor ok /.test(l)) && lines.some((l) => / propose ok /.test(l)), 'a monitor and a propose run');
    await s.stop();
    await s.done;
    expect(lines.find((l) => / monitor ok /.test(l))).toMatch(/monitor ok in \d+ ms: checked 0, degraded 0, rollbacks 0/);
    expect(lines.find((l) => / propose ok /.test(l))).toMatch(/propose ok in \d+ ms: /);
    expect(lines.at(-1)).toMatch(/scheduler stopped$/);
    const n = lines.length;
    await new Promise((r) => setTimeout(r, 1500));
    expect(lines.length).toBe(n); // nothing runs after stop
  });

  it('a bad cron expression is a usage error naming the flag', async () => {
    await expect(startScheduler({ open: () => openTestContext({ dataDir: tempDir() }), monitorCron: 'every minute', proposeCron: '0 9 * * 1', handleSignals: false })).rejects.toThrow(UsageError);
    const r = runCli(['schedule', '--monitor-cron', 'nope'], { dataDir: tempDir() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--monitor-cron "nope" is not a valid cron expression/);
  });

  it('`crl schedule` stops cleanly on SIGTERM', async () => {
    const p = spawnCli(['schedule', '--monitor-cron', '* * * * * *'], { dataDir: tempDir() });
    let stderr = '';
    p.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((r) => p.on('close', (c) => r(c)));
    await until(() => / monitor ok /.test(stderr), 'a monitor run');
    p.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toMatch(/SIGTERM received: stopping\n.*scheduler stopped\n$/);
  });
});
