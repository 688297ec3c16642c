import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seededRng } from '../../core/learning/rng';
import { bindDataDir } from '../backend';
import { tempDir } from '../helpers';
import { cloneDataDir, ingestKillTrial, type KillTrial, runCrl, snapshot, writeWorkload } from './support';

/** Kept small for CI; `npm run reliability` runs many more. */
const TRIALS = Number(process.env.CRL_KILL_TRIALS ?? 20);
const LINES = 8_000;
/** Trials run two at a time (CI has 2 cores). */
const PARALLEL = 2;

describe('crash safety: crl ingest killed with SIGKILL at random points', () => {
  it(`leaves an intact store, all or nothing, and a re-run gives the figures of one clean run (${TRIALS} trials)`, { timeout: 300_000 }, async () => {
    const root = tempDir();
    const file = join(root, 'big.jsonl');
    writeWorkload(file, { count: LINES, seed: 11, withoutIdEvery: 10 });
    const half = join(root, 'half.jsonl');
    writeFileSync(half, `${readFileSync(file, 'utf8').split('\n').slice(0, LINES / 2).join('\n')}\n`);

    // One clean run, timed, is the reference.
    const ref = join(root, 'ref');
    mkdirSync(ref);
    bindDataDir(ref);
    const t0 = performance.now();
    expect(runCrl(['ingest', file], { dataDir: ref }).code).toBe(0);
    // The kills are spread over the run's time: its shortest of three clean runs, so that a run slowed by a busy
    // machine does not spread them past the end of the trials' runs.
    let cleanMs = performance.now() - t0;
    for (const name of ['time-1', 'time-2']) {
      const dir = join(root, name);
      mkdirSync(dir);
      bindDataDir(dir);
      const t = performance.now();
      expect(runCrl(['ingest', file], { dataDir: dir }).code).toBe(0);
      cleanMs = Math.min(cleanMs, performance.now() - t);
    }
    const expected = snapshot(ref);
    expect(expected.invocations).toBe(LINES);

    // A data dir that already holds the first half: the killed run then also has duplicates to skip.
    const tpl = join(root, 'tpl');
    mkdirSync(tpl);
    bindDataDir(tpl);
    expect(runCrl(['ingest', half], { dataDir: tpl }).code).toBe(0);

    const rng = seededRng(20260115);
    const delays = Array.from({ length: TRIALS }, () => Math.round(rng() * cleanMs * 1.1));
    const trials: KillTrial[] = [];
    for (let i = 0; i < TRIALS; i += PARALLEL) {
      const batch = delays.slice(i, i + PARALLEL).map((delay, k) => {
        const dir = join(root, `trial-${i + k}`);
        if ((i + k) % 2 === 1) cloneDataDir(tpl, dir);
        else {
          mkdirSync(dir); // an empty dir (on postgres an empty database): the killed run may also be creating and migrating it
          bindDataDir(dir);
        }
        return ingestKillTrial(dir, file, delay);
      });
      trials.push(...(await Promise.all(batch)));
    }
    trials.forEach((t, i) => {
      const prefilled = i % 2 === 1;
      const where = `trial ${i} (kill after ${t.delayMs} ms, ${prefilled ? 'prefilled' : 'fresh'} data dir)`;
      expect(t.integrityAfterKill, where).toBe('ok');
      expect([prefilled ? LINES / 2 : 0, LINES], where).toContain(t.invocationsAfterKill);
      expect(t.rerunExit, where).toBe(0);
      expect(t.afterRerun.integrity, where).toBe('ok');
      expect(t.afterRerun.invocations, where).toBe(LINES);
      expect(t.afterRerun.countedInvocations, where).toBe(LINES);
      expect(t.afterRerun.q, where).toEqual(expected.q);
    });
    const killed = trials.filter((t) => t.killed).length;
    const midway = trials.filter((t, i) => t.killed && t.invocationsAfterKill === (i % 2 === 1 ? LINES / 2 : 0)).length;
    console.log(`ingest kill trials: ${TRIALS}, killed ${killed} (${midway} before the commit), clean run ${Math.round(cleanMs)} ms, all intact and equal to the clean run`);
    expect(killed).toBeGreaterThanOrEqual(Math.ceil(TRIALS / 2));
  });
});
