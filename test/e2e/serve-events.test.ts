import { describe, expect, it } from 'vitest';
import { crlClient } from '../../src/client/crl-client';
import type { CrlEvent } from '../../src/features/events/events-service';
import { json, runCli, tempDir } from '../helpers';
import { degradingBatch, spawnServe, stableHistory } from '../server-helpers';

/** A data dir whose default `base` degrades: the next monitor pass rolls it back to strict-lowtemp. Returns an admin token. */
function degradingDataDir(dataDir: string): string {
  const ok = (args: string[], input?: string) => expect(runCli(args, { dataDir, input }).code).toBe(0);
  ok(['variant', 'add', 'security-auditor', 'base', '--default']);
  ok(['variant', 'add', 'security-auditor', 'strict-lowtemp']);
  ok(['ingest', '-'], stableHistory());
  ok(['ingest', '-'], degradingBatch());
  return json<{ token: string }>(runCli(['token', 'create', '--name', 'watcher', '--scope', 'read', '--json'], { dataDir })).token;
}

/** The next event, failing after `ms`. */
async function next(it: AsyncGenerator<CrlEvent>, ms: number): Promise<CrlEvent> {
  let timer: NodeJS.Timeout | undefined;
  const r = await Promise.race([it.next(), new Promise<never>((_, rej) => (timer = setTimeout(() => rej(new Error(`no event within ${ms} ms`)), ms)))]);
  clearTimeout(timer);
  if (r.done) throw new Error('the stream ended');
  return r.value;
}

describe('crl serve: GET /v1/events sees what other processes do', () => {
  it('a rollback by `crl monitor --once` in another process arrives within 2 s; a reconnect with Last-Event-ID gets what it missed', async () => {
    const dataDir = tempDir('crl-serve-events-');
    const token = degradingDataDir(dataDir);
    const srv = await spawnServe(dataDir);
    try {
      const client = crlClient({ url: srv.url, token });
      const stream = client.events({ types: ['rollback', 'default_changed'] });
      const first = stream.next();
      await new Promise((r) => setTimeout(r, 300)); // the stream is open and tails from the newest row
      const mon = runCli(['monitor', '--once', '--json'], { dataDir }); // another process; it has exited when this returns
      const exitedAt = Date.now();
      expect(mon.code, mon.stderr).toBe(0);
      const rb = json<{ rollbacks: { rollback_id: string }[] }>(mon).rollbacks[0];
      const seen = (await first).value as CrlEvent;
      expect(Date.now() - exitedAt).toBeLessThan(2000);
      expect(seen).toMatchObject({
        type: 'rollback', action: 'rollback', agent_name: 'security-auditor', variant_id: 'strict-lowtemp', details: { rollback_id: rb.rollback_id, from_variant: 'base' },
      });
      await stream.return(undefined); // the client goes away…

      // …while another process changes defaults twice
      expect(runCli(['variant', 'set-default', 'security-auditor', 'base', '--task', 'security-audit', '--by', 'alice'], { dataDir }).code).toBe(0);
      expect(runCli(['variant', 'set-default', 'security-auditor', 'strict-lowtemp', '--by', 'bob'], { dataDir }).code).toBe(0);
      const again = client.events({ lastEventId: seen.id });
      const missed = [await next(again, 2000), await next(again, 2000)];
      await again.return(undefined);
      expect(missed.map((e) => [e.type, e.actor, e.task_type, e.variant_id])).toEqual([
        ['default_changed', 'alice', 'security-audit', 'base'],
        ['default_changed', 'bob', '*', 'strict-lowtemp'],
      ]);
    } finally {
      srv.child.kill('SIGTERM');
      expect(await srv.exited).toBe(0);
    }
  });

  it('crl serve --schedule runs the monitor itself (under the scheduler lease) and streams its rollback', async () => {
    const dataDir = tempDir('crl-serve-schedule-');
    const token = degradingDataDir(dataDir);
    const srv = await spawnServe(dataDir, ['--schedule', '--monitor-cron', '* * * * * *']);
    try {
      const stream = crlClient({ url: srv.url, token }).events({ lastEventId: 0, types: ['rollback'] });
      const ev = await next(stream, 10_000);
      await stream.return(undefined);
      expect(ev).toMatchObject({ type: 'rollback', actor: 'scheduler', variant_id: 'strict-lowtemp' });
      expect(srv.stderr()).toMatch(/scheduler started: monitor "\* \* \* \* \* \*"/);
    } finally {
      srv.child.kill('SIGTERM');
      expect(await srv.exited).toBe(0);
    }
    expect(srv.stderr()).toMatch(/scheduler stopped/);
  });
});
