import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seededRng } from '../../core/learning/rng';
import { transaction } from '../../src/context';

import { tempDir, openTestCrl } from '../helpers';
import { cloneDataDir, dbAll, dbGet, degradingDataDir, finished, runCrl, sleep, spawnCrl } from './support';

const KILL_TRIALS = Number(process.env.CRL_MONITOR_KILL_TRIALS ?? 10);

function jsonlIds(dataDir: string, file: string, key: string): string[] {
  const path = join(dataDir, file);
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => (JSON.parse(l) as Record<string, string>)[key]);
}

function pending(dataDir: string): number {
  return dbGet<{ c: number }>(dataDir, 'select count(*) as c from outbox where exported_at is null')!.c;
}

/** The committed rollbacks, sorted by id (as a JS sort, so that it compares with the sorted JSONL ids on both backends). */
function exportedRollbacks(dataDir: string): string[] {
  return dbAll<{ rollback_id: string }>(dataDir, "select rollback_id from rollbacks where event_type = 'rollback'").map((r) => r.rollback_id).sort();
}

/** Commits a change with its outbox line and "crashes" before the append (the handle is closed without flushing). */
async function commitWithoutFlush(dataDir: string, id: string): Promise<void> {
  const crl = await openTestCrl({ dataDir });
  await transaction(crl.ctx, async (tx) => {
    await tx.registry.audit({ ts: '2026-01-01T00:00:00.000Z', actor: 'monitor', action: 'rollback', reason: 'test' });
    await tx.outbox.enqueue('rollback_events', { rollback_id: id, timestamp: '2026-01-01T00:00:00.000Z' }, '2026-01-01T00:00:00.000Z');
  });
  await crl.ctx.db.close(); // no flush: what a crash right after the commit leaves
}

describe('JSONL export after a crash between the DB commit and the file append (outbox)', () => {
  it('the next run of any command appends the missing line once, never twice', async () => {
    const dataDir = tempDir();
    await commitWithoutFlush(dataDir, 'rb-20260101-aaaaaaaa');
    expect(pending(dataDir)).toBe(1);
    expect(jsonlIds(dataDir, 'rollback_events.jsonl', 'rollback_id')).toEqual([]);
    expect(runCrl(['q', '--json'], { dataDir }).code).toBe(0);
    expect(jsonlIds(dataDir, 'rollback_events.jsonl', 'rollback_id')).toEqual(['rb-20260101-aaaaaaaa']);
    expect(pending(dataDir)).toBe(0);
    expect(runCrl(['q', '--json'], { dataDir }).code).toBe(0);
    expect(jsonlIds(dataDir, 'rollback_events.jsonl', 'rollback_id')).toEqual(['rb-20260101-aaaaaaaa']);
  });

  it('a crash after the append but before it was marked exported does not duplicate the line', async () => {
    const dataDir = tempDir();
    await commitWithoutFlush(dataDir, 'rb-20260101-bbbbbbbb');
    const { line } = dbGet<{ line: string }>(dataDir, 'select line from outbox')!;
    appendFileSync(join(dataDir, 'rollback_events.jsonl'), `${line}\n`); // the append happened, the mark did not
    expect(runCrl(['q'], { dataDir }).code).toBe(0);
    expect(jsonlIds(dataDir, 'rollback_events.jsonl', 'rollback_id')).toEqual(['rb-20260101-bbbbbbbb']);
    expect(pending(dataDir)).toBe(0);
  });

  it('a line torn by a crash mid-append is written again whole, on a line of its own', async () => {
    const dataDir = tempDir();
    await commitWithoutFlush(dataDir, 'rb-20260101-cccccccc');
    const { line } = dbGet<{ line: string }>(dataDir, 'select line from outbox')!;
    appendFileSync(join(dataDir, 'rollback_events.jsonl'), line.slice(0, 20));
    expect(runCrl(['q'], { dataDir }).code).toBe(0);
    const lines = readFileSync(join(dataDir, 'rollback_events.jsonl'), 'utf8').split('\n').filter(Boolean);
    expect(lines.filter((l) => l === line)).toHaveLength(1);
    expect(lines[lines.length - 1]).toBe(line);
  });

  it('an export that keeps failing (the file cannot be written) leaves the line pending, and other commands still work', async () => {
    const dataDir = tempDir();
    await commitWithoutFlush(dataDir, 'rb-20260101-dddddddd');
    mkdirSync(join(dataDir, 'rollback_events.jsonl')); // appending to a directory fails
    const r = runCrl(['q', '--json'], { dataDir });
    expect(r.code, r.stderr).toBe(0);
    expect(pending(dataDir)).toBe(1);
    rmSync(join(dataDir, 'rollback_events.jsonl'), { recursive: true });
    expect(runCrl(['q', '--json'], { dataDir }).code).toBe(0);
    expect(jsonlIds(dataDir, 'rollback_events.jsonl', 'rollback_id')).toEqual(['rb-20260101-dddddddd']);
    expect(pending(dataDir)).toBe(0);
  });
});

describe('crl monitor whose JSONL append fails after its rollbacks committed', () => {
  it('the next run appends every missing line once; a later monitor run adds none', async () => {
    const root = tempDir();
    const dir = join(root, 'd');
    const config = await degradingDataDir(dir, 3);
    mkdirSync(join(dir, 'rollback_events.jsonl')); // the append after the commit fails, as if the process died there
    const r = runCrl(['--config', config, 'monitor', '--once', '--json'], { dataDir: dir });
    expect(r.code).not.toBe(0);
    expect(exportedRollbacks(dir)).toHaveLength(3);
    expect(pending(dir)).toBe(3);
    rmSync(join(dir, 'rollback_events.jsonl'), { recursive: true });
    expect(runCrl(['rollback', 'history', '--json'], { dataDir: dir }).code).toBe(0);
    expect(jsonlIds(dir, 'rollback_events.jsonl', 'rollback_id').sort()).toEqual(exportedRollbacks(dir));
    expect(runCrl(['--config', config, 'monitor', '--once', '--json'], { dataDir: dir }).code).toBe(0);
    expect(jsonlIds(dir, 'rollback_events.jsonl', 'rollback_id').sort()).toEqual(exportedRollbacks(dir));
    expect(exportedRollbacks(dir)).toHaveLength(3);
  });
});

describe('crash safety: crl monitor killed with SIGKILL at random points', () => {
  it(`the JSONL export ends with each rollback exactly once (${KILL_TRIALS} trials)`, { timeout: 300_000 }, async () => {
    const root = tempDir();
    const tpl = join(root, 'tpl');
    const AGENTS = 40;
    const config = await degradingDataDir(tpl, AGENTS);

    // One clean run, timed: every agent is rolled back once.
    const ref = join(root, 'ref');
    cloneDataDir(tpl, ref);
    const t0 = performance.now();
    const clean = runCrl(['--config', config, 'monitor', '--once', '--json'], { dataDir: ref });
    const cleanMs = performance.now() - t0;
    expect(clean.code, clean.stderr).toBe(0);
    expect(exportedRollbacks(ref)).toHaveLength(AGENTS);
    expect(jsonlIds(ref, 'rollback_events.jsonl', 'rollback_id').sort()).toEqual(exportedRollbacks(ref));

    const rng = seededRng(424242);
    let killed = 0;
    let repairedLines = 0;
    for (let i = 0; i < KILL_TRIALS; i++) {
      const dir = join(root, `trial-${i}`);
      cloneDataDir(tpl, dir);
      const child = spawnCrl(['--config', config, 'monitor', '--once', '--json'], { dataDir: dir });
      const done = finished(child);
      await sleep(Math.round((0.3 + 0.7 * rng()) * cleanMs)); // mostly after start-up, while rollbacks commit
      if (child.exitCode === null && child.kill('SIGKILL')) killed += (await done).signal === 'SIGKILL' ? 1 : 0;
      else await done;
      const committed = exportedRollbacks(dir);
      const before = jsonlIds(dir, 'rollback_events.jsonl', 'rollback_id').length;
      // The next command (any) repairs the export; a second monitor run finishes the job.
      expect(runCrl(['q', '--json'], { dataDir: dir }).code).toBe(0);
      repairedLines += jsonlIds(dir, 'rollback_events.jsonl', 'rollback_id').length - before;
      expect(jsonlIds(dir, 'rollback_events.jsonl', 'rollback_id').sort(), `trial ${i}`).toEqual(committed);
      const again = runCrl(['--config', config, 'monitor', '--once', '--json'], { dataDir: dir });
      expect(again.code, again.stderr).toBe(0);
      expect(exportedRollbacks(dir), `trial ${i}`).toHaveLength(AGENTS);
      expect(jsonlIds(dir, 'rollback_events.jsonl', 'rollback_id').sort(), `trial ${i}`).toEqual(exportedRollbacks(dir));
      expect(pending(dir)).toBe(0);
    }
    console.log(`monitor kill trials: ${KILL_TRIALS}, killed ${killed}, ${repairedLines} JSONL line(s) appended by the next run; every rollback exported exactly once`);
  });
});
