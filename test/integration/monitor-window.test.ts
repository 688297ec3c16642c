import { afterEach, describe, expect, it } from 'vitest';
import { seededRng } from '../../core/learning/rng';
import { type Crl } from '../../src/crl';
import { countOutcomes, detectDegradation } from '../../core/monitor/detect-degradation';
import { decodeWindow } from '../../src/features/learning/recent-window';
import { checkAll, runMonitor } from '../../src/features/monitor/monitor-service';
import { tempDir, openTestCrl } from '../helpers';

const opened: Crl[] = [];
afterEach(async () => {
  for (const c of opened.splice(0)) await c.close();
});

async function open(dataDir = tempDir(), config?: object): Promise<Crl> {
  const crl = await openTestCrl({ dataDir, config, now: () => new Date('2026-02-01T00:00:00Z') });
  opened.push(crl);
  return crl;
}

let seq = 0;
async function record(crl: Crl, agent: string, variant: string, outcome: 'success' | 'failure', count: number) {
  for (let i = 0; i < count; i++) {
    seq += 1;
    await crl.learning.record({ agent_name: agent, task_type: 't', variant_id: variant, outcome, timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString() });
  }
}

async function setup(dataDir = tempDir(), config?: object): Promise<Crl> {
  const crl = await open(dataDir, config);
  for (const agent of ['stable', 'falls']) {
    await crl.variants.add({ agent, variant: 'v1', isDefault: true });
    await crl.variants.add({ agent, variant: 'v2' });
  }
  await record(crl, 'stable', 'v1', 'success', 60);
  await record(crl, 'falls', 'v1', 'success', 60);
  await record(crl, 'falls', 'v1', 'failure', 20);
  return crl;
}

const keptRows = async (crl: Crl) => Number((await crl.ctx.db.get<{ c: number }>('select count(*) as c from recent_windows'))?.c);
/** The kept window of a tuple, and the same window read from the index. */
async function keptAndIndexed(crl: Crl, agent: string, task: string, variant: string) {
  const t = (await crl.ctx.learning.getTuple(agent, task, variant))!;
  const k = await crl.ctx.learning.windowFor(t, 100);
  const i = await crl.ctx.learning.windowFor(t, 100, null);
  return { kept: { fromIndex: k.rebuilt !== null, entries: k.recent }, indexed: { fromIndex: i.rebuilt !== null, entries: i.recent, rebuilt: i.rebuilt! }, t };
}

/** The kept counts of a tuple's newest invocations, as stored. */
function keptCounts(crl: Crl, id: number) {
  return crl.ctx.db.get(
    'select win_size as size, win_inv_count as inv_count, win_n as n, win_success as success, win_errors as errors, win_reward_sum as "rewardSum", win_outcomes as outcomes from q_values where id = ?',
    [id],
  );
}
const counted = async (crl: Crl) => Number((await crl.ctx.db.get<{ c: number }>('select count(*) as c from q_values where win_size is not null'))?.c);

async function ingestLines(crl: Crl, lines: object[]) {
  return crl.learning.ingest((async function* () { yield `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`; })());
}

describe('kept recent windows', () => {
  it('equal the index read after out-of-order ingests, equal timestamps and records', async () => {
    const crl = await open();
    const rng = seededRng(5);
    const outcomes = ['success', 'failure', 'error', 'partial'] as const;
    for (let batch = 0; batch < 4; batch++) {
      const lines = Array.from({ length: 150 }, (_, i) => ({
        invocation_id: `b${batch}-${i}`, agent_name: 'a', task_type: i % 3 === 0 ? 'x' : 'y', variant_id: 'v',
        timestamp: new Date(Date.UTC(2026, 0, 1) + Math.floor(rng() * 40) * 60_000).toISOString(),
        outcome: outcomes[Math.floor(rng() * 4)],
      }));
      await ingestLines(crl, lines);
      await record(crl, 'a', 'v', 'failure', 1);
    }
    for (const task of ['x', 'y']) {
      const { kept, indexed, t } = await keptAndIndexed(crl, 'a', task, 'v');
      expect(kept.fromIndex, task).toBe(false);
      expect(indexed.fromIndex).toBe(true);
      expect(kept.entries, task).toEqual(indexed.entries.map(({ outcome, reward }) => ({ outcome, reward })));
      const blob = (await crl.ctx.db.get<{ entries: Buffer }>('select entries from recent_windows where tuple_id = ?', [t.id]))!.entries;
      expect(decodeWindow(blob), 'timestamps and row ids too').toEqual(indexed.rebuilt);
      expect(kept.entries).toEqual(
        (await crl.ctx.learning.recent(t.id, 100)).map(({ outcome, reward }) => ({ outcome, reward })),
      );
      expect(await keptCounts(crl, t.id), 'counts of the newest 20, outcomes of the newest 100').toEqual({
        size: 20, inv_count: t.inv_count, ...countOutcomes(indexed.entries.slice(0, 20)),
        outcomes: indexed.entries.slice(0, 100).map((e) => e.outcome[0]).join(''),
      });
    }
  });

  it('are not changed by an ingest that writes nothing (a bad line)', async () => {
    const crl = await setup();
    const before = (await keptAndIndexed(crl, 'falls', 't', 'v1')).kept.entries;
    const r = await ingestLines(crl, [{ agent_name: 'falls', task_type: 't', variant_id: 'v1', outcome: 'success', timestamp: '2026-03-01T00:00:00Z' }, { agent_name: 'falls' }]);
    expect(r.aborted).toBe(true);
    expect((await keptAndIndexed(crl, 'falls', 't', 'v1')).kept.entries).toEqual(before);
  });

  it('give the same checks as the index; a missing one is read from the index and kept by a monitor pass (not a dry run)', async () => {
    const crl = await setup();
    const withKept = await checkAll(crl.ctx);
    expect(withKept.map((c) => [c.agent_name, c.status])).toEqual([['falls', 'degraded'], ['stable', 'healthy']]);
    // Without summaries and kept windows, every check is read from the index: the same checks.
    await crl.ctx.db.run('delete from recent_windows');
    await crl.ctx.db.run('update q_values set win_size = null');
    expect(await checkAll(crl.ctx)).toEqual(withKept);
    await runMonitor(crl.ctx, { dryRun: true, alertWrite: () => {} });
    expect(await keptRows(crl)).toBe(0);
    await runMonitor(crl.ctx, { actor: 'test', alertWrite: () => {} });
    expect(await keptRows(crl)).toBe(2);
    const { kept, indexed } = await keptAndIndexed(crl, 'stable', 't', 'v1');
    expect(kept.fromIndex).toBe(false);
    expect(kept.entries).toEqual(indexed.entries.map(({ outcome, reward }) => ({ outcome, reward })));
  });

  it('read from the index are not kept once the tuple has new invocations', async () => {
    const crl = await setup();
    await crl.ctx.db.run('delete from recent_windows');
    const { indexed, t } = await keptAndIndexed(crl, 'stable', 't', 'v1');
    await record(crl, 'stable', 'v1', 'failure', 1); // the tuple moves on; its writer keeps its own window
    const fresh = (await keptAndIndexed(crl, 'stable', 't', 'v1')).kept.entries;
    await crl.ctx.learning.saveWindows([{ tuple_id: t.id, inv_count: t.inv_count, entries: indexed.rebuilt, recent: indexed.rebuilt }]);
    expect((await keptAndIndexed(crl, 'stable', 't', 'v1')).kept.entries).toEqual(fresh);
    expect(fresh[0].outcome).toBe('failure');
  });

  it('shorter than a longer configured lookback are not used: the index is read', async () => {
    const dir = tempDir();
    const crl = await setup(dir);
    await record(crl, 'stable', 'v1', 'success', 100);
    const wide = await open(dir, { degradation: { sequential_lookback: 150 } });
    const t = (await wide.ctx.learning.getTuple('stable', 't', 'v1'))!;
    const w = await wide.ctx.learning.windowFor(t, 150);
    expect(w.rebuilt).not.toBeNull();
    expect(w.recent).toHaveLength(150);
    // A writer with the wider setting keeps 150 from then on.
    await record(wide, 'stable', 'v1', 'success', 1);
    expect((await wide.ctx.learning.windowFor((await wide.ctx.learning.getTuple('stable', 't', 'v1'))!, 150)).rebuilt).toBeNull();
  });

  it('are rebuilt for every tuple lacking one by backfillWindows', async () => {
    const crl = await setup();
    await crl.ctx.db.run('delete from recent_windows');
    expect(await crl.ctx.learning.backfillWindows()).toBe(2);
    expect(await crl.ctx.learning.backfillWindows()).toBe(0);
    const { kept, indexed } = await keptAndIndexed(crl, 'falls', 't', 'v1');
    expect(kept.fromIndex).toBe(false);
    expect(kept.entries).toEqual(indexed.entries.map(({ outcome, reward }) => ({ outcome, reward })));
  });
});

describe('kept window counts', () => {
  /** Agents whose default ends in each kind of window: stable, a success drop, an error burst, partials (reward only). */
  async function mixed(dataDir = tempDir(), config?: object): Promise<Crl> {
    const crl = await open(dataDir, config);
    const rng = seededRng(11);
    const tails: Record<string, () => 'success' | 'failure' | 'error' | 'partial'> = {
      stable: () => 'success',
      drop: () => (rng() < 0.5 ? 'success' : 'failure'),
      errors: () => (rng() < 0.7 ? 'success' : 'error'),
      partials: () => (rng() < 0.5 ? 'success' : 'partial'),
      wobble: () => (rng() < 0.8 ? 'success' : 'failure'),
    };
    for (const agent of Object.keys(tails)) {
      await crl.variants.add({ agent, variant: 'v1', isDefault: true });
      await crl.variants.add({ agent, variant: 'v2' });
      for (let i = 0; i < 60; i++) {
        seq += 1;
        const outcome = i < 40 ? (rng() < 0.9 ? 'success' : 'failure') : tails[agent]();
        await crl.learning.record({ agent_name: agent, task_type: 't', variant_id: 'v1', outcome, timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString() });
      }
    }
    return crl;
  }

  it.each(['sequential', 'threshold'] as const)('give the same checks as the windows themselves (%s)', async (method) => {
    const crl = await mixed(tempDir(), { degradation: { method } });
    const withCounts = await checkAll(crl.ctx);
    expect(withCounts.filter((c) => c.status === 'degraded').length).toBeGreaterThan(0);
    expect(withCounts.filter((c) => c.status === 'healthy').length).toBeGreaterThan(0);
    if (method === 'sequential') expect(withCounts.some((c) => c.status === 'healthy' && c.reason.includes('not confirmed')), 'a trip the test does not confirm').toBe(true);
    await crl.ctx.db.run('update q_values set win_size = null');
    expect(await checkAll(crl.ctx)).toEqual(withCounts);
    await crl.ctx.db.run('delete from recent_windows');
    expect(await checkAll(crl.ctx)).toEqual(withCounts);
  });

  it('missing are kept by a monitor pass (not a dry run), stale ones are not used', async () => {
    const crl = await mixed();
    const before = await checkAll(crl.ctx);
    await crl.ctx.db.run('update q_values set win_size = null');
    await runMonitor(crl.ctx, { dryRun: true, alertWrite: () => {} });
    expect(await counted(crl)).toBe(0);
    await runMonitor(crl.ctx, { actor: 'test', alertWrite: () => {} });
    expect(await counted(crl)).toBe(5);
    // Counts taken at another invocation count (rows written by other means) no longer stand.
    await crl.ctx.db.run("update q_values set win_success = 0, win_reward_sum = 0, win_inv_count = win_inv_count - 1 where agent_name = 'stable'");
    expect((await checkAll(crl.ctx)).find((c) => c.agent_name === 'stable')).toEqual(before.find((c) => c.agent_name === 'stable'));
  });

  it('of another window size are not used; a writer keeps them at the configured size', async () => {
    const dir = tempDir();
    await mixed(dir);
    const wide = await open(dir, { degradation: { window: 25 } });
    const t = async () => (await wide.ctx.learning.getTuple('drop', 't', 'v1'))!;
    expect((await t()).win_size).toBe(20);
    const fresh = await checkAll(wide.ctx);
    await wide.ctx.db.run('update q_values set win_size = null');
    expect(await checkAll(wide.ctx)).toEqual(fresh);
    await record(wide, 'drop', 'v1', 'failure', 1);
    expect((await t()).win_size).toBe(25);
    expect(await keptCounts(wide, (await t()).id)).toMatchObject({ size: 25, inv_count: 61, n: 25 });
  });

  it('with fewer outcomes than a longer configured lookback are not used', async () => {
    const dir = tempDir();
    const crl = await mixed(dir);
    await record(crl, 'drop', 'v1', 'success', 100);
    await record(crl, 'drop', 'v1', 'failure', 20);
    const wide = await open(dir, { degradation: { sequential_lookback: 150 } });
    const t = (await wide.ctx.learning.getTuple('drop', 't', 'v1'))!;
    expect(t.win_outcomes).toHaveLength(100);
    const totals = { n: t.inv_count, success: t.inv_success, errors: t.inv_error + t.inv_failure, rewardSum: t.reward_sum };
    const over = async (n: number) => detectDegradation({ totals, recent: await wide.ctx.learning.recent(t.id, n) }, wide.ctx.config.degradation);
    const over150 = await over(150);
    expect(over150.figures).not.toEqual((await over(100)).figures);
    const got = (await checkAll(wide.ctx)).find((c) => c.agent_name === 'drop')!;
    expect({ status: got.status, figures: got.figures }).toEqual({ status: over150.kind, figures: over150.figures });
  });

  it('are filled for every tuple lacking them by backfillWindows', async () => {
    const crl = await mixed();
    const before = await checkAll(crl.ctx);
    await crl.ctx.db.run('update q_values set win_size = null');
    expect(await crl.ctx.learning.backfillWindows()).toBe(5);
    expect(await crl.ctx.learning.backfillWindows()).toBe(0);
    expect(await checkAll(crl.ctx)).toEqual(before);
  });
});
