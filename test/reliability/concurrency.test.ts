import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_AGENTS, type WorkloadAgent } from '../../scripts/demo/workload';

import { bindDataDir, onPostgres } from '../backend';
import { tempDir, openTestCrl } from '../helpers';
import { dbAll, dbGet, finished, runCrl, snapshot, spawnCrl, writeWorkload } from './support';

const WRITERS = 4;
const LINES_PER_FILE = Number(process.env.CRL_CONCURRENCY_LINES ?? 3_000);

/** The demo agents under a per-file suffix, so that the four files touch disjoint agents (Q is order-sensitive per tuple). */
const agentsFor = (k: number): WorkloadAgent[] => DEMO_AGENTS.map((a) => ({ ...a, agent: `${a.agent}-p${k}` }));

/** Registers every variant of the four agent sets, with the workload's defaults (so that `monitor` has work). */
async function register(dataDir: string): Promise<void> {
  const crl = await openTestCrl({ dataDir });
  try {
    for (let k = 0; k < WRITERS; k++) {
      for (const a of agentsFor(k)) {
        for (const v of a.variants) await crl.variants.add({ agent: a.agent, variant: v.id, isDefault: Boolean(v.isDefault), params: v.params, by: 'test' });
      }
    }
  } finally {
    await crl.close();
  }
}

describe('concurrent writers on one data dir', () => {
  it(`${WRITERS} ingest processes and a monitor loop finish without errors, lose no row and give the Q-values of a serial run`, { timeout: 300_000 }, async () => {
    const root = tempDir();
    const files = Array.from({ length: WRITERS }, (_, k) => {
      const f = join(root, `part-${k}.jsonl`);
      writeWorkload(f, { count: LINES_PER_FILE, seed: 100 + k, agents: agentsFor(k), withoutIdEvery: 7, prefix: `p${k}` });
      return f;
    });

    // Serial reference: the same files one after another.
    const serial = join(root, 'serial');
    mkdirSync(serial);
    bindDataDir(serial);
    await register(serial);
    for (const f of files) expect(runCrl(['ingest', f], { dataDir: serial }).code).toBe(0);
    const expected = snapshot(serial);
    expect(expected.invocations).toBe(WRITERS * LINES_PER_FILE);

    // Concurrent: four ingests at once while `monitor --once` runs in a loop.
    const shared = join(root, 'shared');
    mkdirSync(shared);
    bindDataDir(shared);
    await register(shared);
    const ingests = files.map((f) => finished(spawnCrl(['ingest', f, '--json'], { dataDir: shared })));
    let writersDone = false;
    const allIngests = Promise.all(ingests).finally(() => (writersDone = true));
    // The fifth writer: `monitor --once` in a loop (or, in a build without `monitor`, `record` in a loop).
    const hasMonitor = runCrl(['monitor', '--help']).code === 0;
    const loopArgs = (i: number) =>
      hasMonitor
        ? ['monitor', '--once', '--json']
        : ['record', '--agent', 'loop-agent', '--task', 't', '--variant', 'v', '--outcome', i % 3 ? 'success' : 'failure', '--id', `loop-${i}`, '--json'];
    const monitorRuns: Awaited<ReturnType<typeof finished>>[] = [];
    while (!writersDone || monitorRuns.length < 2) {
      monitorRuns.push(await finished(spawnCrl(loopArgs(monitorRuns.length), { dataDir: shared })));
    }
    const results = await allIngests;

    for (const [k, r] of results.entries()) {
      expect(r.stderr, `ingest ${k}`).toBe('');
      expect(r.code, `ingest ${k}: ${r.stderr}`).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ accepted: LINES_PER_FILE, duplicates: 0, rejected: [] });
    }
    for (const [i, m] of monitorRuns.entries()) {
      expect(m.code, `monitor run ${i}: ${m.stderr}`).toBe(0);
      // Alerts are printed to stderr; an error would be an `error:` line or a raw SQLite message.
      expect(m.stderr, `monitor run ${i}`).not.toMatch(/^(error|internal error):|SQLITE_|database is locked/m);
    }

    const got = snapshot(shared);
    const looped = hasMonitor ? 0 : monitorRuns.length;
    expect(got.integrity).toBe('ok');
    expect(got.invocations).toBe(WRITERS * LINES_PER_FILE + looped);
    expect(got.countedInvocations).toBe(WRITERS * LINES_PER_FILE + looped);
    delete got.q['loop-agent/t/v'];
    expect(got.q).toEqual(expected.q);

    // Every kept window summary that stands equals the one taken from the tuple's rows (newest first by ts, id).
    const kept = dbAll<{ id: number; win_n: number; win_success: number; win_errors: number; win_reward_sum: number; win_outcomes: string }>(
      shared,
      'select id, win_n, win_success, win_errors, win_reward_sum, win_outcomes from q_values where win_size is not null and win_inv_count = inv_count',
    );
    expect(kept.length).toBeGreaterThan(0);
    for (const k of kept) {
      const rows = dbAll<{ outcome: string; reward: number }>(shared, 'select outcome, reward from invocations where tuple_id = ? order by ts desc, id desc limit 100', [k.id]);
      const w = rows.slice(0, 20);
      let rewardSum = 0;
      for (const r of w) rewardSum += r.reward;
      expect({ ...k, id: undefined }, `tuple ${k.id}`).toEqual({
        id: undefined, win_n: w.length, win_success: w.filter((r) => r.outcome === 'success').length,
        win_errors: w.filter((r) => r.outcome === 'error' || r.outcome === 'failure').length, win_reward_sum: rewardSum,
        win_outcomes: rows.map((r) => r.outcome[0]).join(''),
      });
    }

    // Whatever the monitor rolled back is in the JSONL export exactly once.
    const ids = dbAll<{ rollback_id: string }>(shared, "select rollback_id from rollbacks where event_type = 'rollback'").map((r) => r.rollback_id).sort();
    const path = join(shared, 'rollback_events.jsonl');
    const lines = ids.length ? readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { rollback_id: string }) : [];
    expect(lines.map((l) => l.rollback_id).sort()).toEqual(ids);
    console.log(`concurrency: ${WRITERS} ingests × ${LINES_PER_FILE} lines + ${monitorRuns.length} ${hasMonitor ? 'monitor' : 'record'} runs, ${ids.length} rollback(s); no errors, Q equal to the serial run, ${kept.length} kept window summaries equal to their rows`);
  });

  it('six processes opening a new data dir at the same moment all succeed (migration under one write lock)', { timeout: 120_000 }, async () => {
    for (let round = 0; round < 4; round++) {
      const dir = join(tempDir(), 'new');
      bindDataDir(dir); // on postgres: an empty database, migrated by whichever process takes the advisory lock first
      const runs = await Promise.all(Array.from({ length: 6 }, () => finished(spawnCrl(['q', '--json'], { dataDir: dir }))));
      for (const r of runs) {
        expect(r.code, r.stderr).toBe(0);
        expect(JSON.parse(r.stdout)).toEqual([]);
      }
      const n = dbGet<{ c: number }>(dir, `select count(*) as c from ${onPostgres ? 'drizzle.' : ''}__drizzle_migrations`)!.c;
      expect(n).toBe(JSON.parse(readFileSync(join(__dirname, `../../${onPostgres ? 'migrations-pg' : 'migrations'}/meta/_journal.json`), 'utf8')).entries.length);
    }
  });
});
