import { afterEach, describe, expect, it } from 'vitest';
import { seededRng } from '../../core/learning/rng';
import { type Crl, openCrl } from '../../src/crl';
import { countOutcomes, detectDegradation } from '../../core/monitor/detect-degradation';
import { decodeWindow } from '../../src/features/learning/recent-window';
import { checkAll, runMonitor } from '../../src/features/monitor/monitor-service';
import { tempDir } from '../helpers';

const opened: Crl[] = [];
afterEach(() => {
  for (const c of opened.splice(0)) c.close();
});

function open(dataDir = tempDir(), config?: object): Crl {
  const crl = openCrl({ dataDir, config, now: () => new Date('2026-02-01T00:00:00Z') });
  opened.push(crl);
  return crl;
}

let seq = 0;
function record(crl: Crl, agent: string, variant: string, outcome: 'success' | 'failure', count: number) {
  for (let i = 0; i < count; i++) {
    seq += 1;
    crl.learning.record({ agent_name: agent, task_type: 't', variant_id: variant, outcome, timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString() });
  }
}

function setup(dataDir = tempDir(), config?: object): Crl {
  const crl = open(dataDir, config);
  for (const agent of ['stable', 'falls']) {
    crl.variants.add({ agent, variant: 'v1', isDefault: true });
    crl.variants.add({ agent, variant: 'v2' });
  }
  record(crl, 'stable', 'v1', 'success', 60);
  record(crl, 'falls', 'v1', 'success', 60);
  record(crl, 'falls', 'v1', 'failure', 20);
  return crl;
}

const keptRows = (crl: Crl) => (crl.ctx.sqlite.prepare('select count(*) as c from recent_windows').get() as { c: number }).c;
/** The kept window of a tuple, and the same window read from the index. */
function keptAndIndexed(crl: Crl, agent: string, task: string, variant: string) {
  const t = crl.ctx.learning.getTuple(agent, task, variant)!;
  const k = crl.ctx.learning.windowFor(t, 100);
  const i = crl.ctx.learning.windowFor(t, 100, null);
  return { kept: { fromIndex: k.rebuilt !== null, entries: k.recent }, indexed: { fromIndex: i.rebuilt !== null, entries: i.recent, rebuilt: i.rebuilt! }, t };
}

/** The kept counts of a tuple's newest invocations, as stored. */
function keptCounts(crl: Crl, id: number) {
  return crl.ctx.sqlite
    .prepare('select win_size as size, win_inv_count as inv_count, win_n as n, win_success as success, win_errors as errors, win_reward_sum as rewardSum, win_outcomes as outcomes from q_values where id = ?')
    .get(id);
}
const counted = (crl: Crl) => (crl.ctx.sqlite.prepare('select count(*) as c from q_values where win_size is not null').get() as { c: number }).c;

async function ingestLines(crl: Crl, lines: object[]) {
  return crl.learning.ingest((async function* () { yield `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`; })());
}

describe('kept recent windows', () => {
  it('equal the index read after out-of-order ingests, equal timestamps and records', async () => {
    const crl = open();
    const rng = seededRng(5);
    const outcomes = ['success', 'failure', 'error', 'partial'] as const;
    for (let batch = 0; batch < 4; batch++) {
      const lines = Array.from({ length: 150 }, (_, i) => ({
        invocation_id: `b${batch}-${i}`, agent_name: 'a', task_type: i % 3 === 0 ? 'x' : 'y', variant_id: 'v',
        timestamp: new Date(Date.UTC(2026, 0, 1) + Math.floor(rng() * 40) * 60_000).toISOString(),
        outcome: outcomes[Math.floor(rng() * 4)],
      }));
      await ingestLines(crl, lines);
      record(crl, 'a', 'v', 'failure', 1);
    }
    for (const task of ['x', 'y']) {
      const { kept, indexed, t } = keptAndIndexed(crl, 'a', task, 'v');
      expect(kept.fromIndex, task).toBe(false);
      expect(indexed.fromIndex).toBe(true);
      expect(kept.entries, task).toEqual(indexed.entries.map(({ outcome, reward }) => ({ outcome, reward })));
      const blob = crl.ctx.sqlite.prepare('select entries from recent_windows where tuple_id = ?').pluck().get(t.id) as Buffer;
      expect(decodeWindow(blob), 'timestamps and row ids too').toEqual(indexed.rebuilt);
      expect(kept.entries).toEqual(
        crl.ctx.learning.recent(t.id, 100).map(({ outcome, reward }) => ({ outcome, reward })),
      );
      expect(keptCounts(crl, t.id), 'counts of the newest 20, outcomes of the newest 100').toEqual({
        size: 20, inv_count: t.inv_count, ...countOutcomes(indexed.entries.slice(0, 20)),
        outcomes: indexed.entries.slice(0, 100).map((e) => e.outcome[0]).join(''),
      });
    }
  });

  it('are not changed by an ingest that writes nothing (a bad line)', async () => {
    const crl = setup();
    const before = keptAndIndexed(crl, 'falls', 't', 'v1').kept.entries;
    const r = await ingestLines(crl, [{ agent_name: 'falls', task_type: 't', variant_id: 'v1', outcome: 'success', timestamp: '2026-03-01T00:00:00Z' }, { agent_name: 'falls' }]);
    expect(r.aborted).toBe(true);
    expect(keptAndIndexed(crl, 'falls', 't', 'v1').kept.entries).toEqual(before);
  });

  it('give the same checks as the index; a missing one is read from the index and kept by a monitor pass (not a dry run)', () => {
    const crl = setup();
    const withKept = checkAll(crl.ctx);
    expect(withKept.map((c) => [c.agent_name, c.status])).toEqual([['falls', 'degraded'], ['stable', 'healthy']]);
    // Without summaries and kept windows, every check is read from the index: the same checks.
    crl.ctx.sqlite.exec('delete from recent_windows');
    crl.ctx.sqlite.exec('update q_values set win_size = null');
    expect(checkAll(crl.ctx)).toEqual(withKept);
    runMonitor(crl.ctx, { dryRun: true, alertWrite: () => {} });
    expect(keptRows(crl)).toBe(0);
    runMonitor(crl.ctx, { actor: 'test', alertWrite: () => {} });
    expect(keptRows(crl)).toBe(2);
    const { kept, indexed } = keptAndIndexed(crl, 'stable', 't', 'v1');
    expect(kept.fromIndex).toBe(false);
    expect(kept.entries).toEqual(indexed.entries.map(({ outcome, reward }) => ({ outcome, reward })));
  });

  it('read from the index are not kept once the tuple has new invocations', () => {
    const crl = setup();
    crl.ctx.sqlite.exec('delete from recent_windows');
    const { indexed, t } = keptAndIndexed(crl, 'stable', 't', 'v1');
    record(crl, 'stable', 'v1', 'failure', 1); // the tuple moves on; its writer keeps its own window
    const fresh = keptAndIndexed(crl, 'stable', 't', 'v1').kept.entries;
    crl.ctx.learning.saveWindows([{ tuple_id: t.id, inv_count: t.inv_count, entries: indexed.rebuilt, recent: indexed.rebuilt }]);
    expect(keptAndIndexed(crl, 'stable', 't', 'v1').kept.entries).toEqual(fresh);
    expect(fresh[0].outcome).toBe('failure');
  });

  it('shorter than a longer configured lookback are not used: the index is read', () => {
    const dir = tempDir();
    const crl = setup(dir);
    record(crl, 'stable', 'v1', 'success', 100);
    const wide = open(dir, { degradation: { sequential_lookback: 150 } });
    const t = wide.ctx.learning.getTuple('stable', 't', 'v1')!;
    const w = wide.ctx.learning.windowFor(t, 150);
    expect(w.rebuilt).not.toBeNull();
    expect(w.recent).toHaveLength(150);
    // A writer with the wider setting keeps 150 from then on.
    record(wide, 'stable', 'v1', 'success', 1);
    expect(wide.ctx.learning.windowFor(wide.ctx.learning.getTuple('stable', 't', 'v1')!, 150).rebuilt).toBeNull();
  });

  it('are rebuilt for every tuple lacking one by backfillWindows', () => {
    const crl = setup();
    crl.ctx.sqlite.exec('delete from recent_windows');
    expect(crl.ctx.learning.backfillWindows()).toBe(2);
    expect(crl.ctx.learning.backfillWindows()).toBe(0);
    const { kept, indexed } = keptAndIndexed(crl, 'falls', 't', 'v1');
    expect(kept.fromIndex).toBe(false);
    expect(kept.entries).toEqual(indexed.entries.map(({ outcome, reward }) => ({ outcome, reward })));
  });
});

describe('kept window counts', () => {
  /** Agents whose default ends in each kind of window: stable, a success drop, an error burst, partials (reward only). */
  function mixed(dataDir = tempDir(), config?: object): Crl {
    const crl = open(dataDir, config);
    const rng = seededRng(11);
    const tails: Record<string, () => 'success' | 'failure' | 'error' | 'partial'> = {
      stable: () => 'success',
      drop: () => (rng() < 0.5 ? 'success' : 'failure'),
      errors: () => (rng() < 0.7 ? 'success' : 'error'),
      partials: () => (rng() < 0.5 ? 'success' : 'partial'),
      wobble: () => (rng() < 0.8 ? 'success' : 'failure'),
    };
    for (const agent of Object.keys(tails)) {
      crl.variants.add({ agent, variant: 'v1', isDefault: true });
      crl.variants.add({ agent, variant: 'v2' });
      for (let i = 0; i < 60; i++) {
        seq += 1;
        const outcome = i < 40 ? (rng() < 0.9 ? 'success' : 'failure') : tails[agent]();
        crl.learning.record({ agent_name: agent, task_type: 't', variant_id: 'v1', outcome, timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString() });
      }
    }
    return crl;
  }

  it.each(['sequential', 'threshold'] as const)('give the same checks as the windows themselves (%s)', (method) => {
    const crl = mixed(tempDir(), { degradation: { method } });
    const withCounts = checkAll(crl.ctx);
    expect(withCounts.filter((c) => c.status === 'degraded').length).toBeGreaterThan(0);
    expect(withCounts.filter((c) => c.status === 'healthy').length).toBeGreaterThan(0);
    if (method === 'sequential') expect(withCounts.some((c) => c.status === 'healthy' && c.reason.includes('not confirmed')), 'a trip the test does not confirm').toBe(true);
    crl.ctx.sqlite.exec('update q_values set win_size = null');
    expect(checkAll(crl.ctx)).toEqual(withCounts);
    crl.ctx.sqlite.exec('delete from recent_windows');
    expect(checkAll(crl.ctx)).toEqual(withCounts);
  });

  it('missing are kept by a monitor pass (not a dry run), stale ones are not used', () => {
    const crl = mixed();
    const before = checkAll(crl.ctx);
    crl.ctx.sqlite.exec('update q_values set win_size = null');
    runMonitor(crl.ctx, { dryRun: true, alertWrite: () => {} });
    expect(counted(crl)).toBe(0);
    runMonitor(crl.ctx, { actor: 'test', alertWrite: () => {} });
    expect(counted(crl)).toBe(5);
    // Counts taken at another invocation count (rows written by other means) no longer stand.
    crl.ctx.sqlite.exec("update q_values set win_success = 0, win_reward_sum = 0, win_inv_count = win_inv_count - 1 where agent_name = 'stable'");
    expect(checkAll(crl.ctx).find((c) => c.agent_name === 'stable')).toEqual(before.find((c) => c.agent_name === 'stable'));
  });

  it('of another window size are not used; a writer keeps them at the configured size', () => {
    const dir = tempDir();
    const crl = mixed(dir);
    const wide = open(dir, { degradation: { window: 25 } });
    const t = () => wide.ctx.learning.getTuple('drop', 't', 'v1')!;
    expect(t().win_size).toBe(20);
    const fresh = checkAll(wide.ctx);
    wide.ctx.sqlite.exec('update q_values set win_size = null');
    expect(checkAll(wide.ctx)).toEqual(fresh);
    record(wide, 'drop', 'v1', 'failure', 1);
    expect(t().win_size).toBe(25);
    expect(keptCounts(wide, t().id)).toMatchObject({ size: 25, inv_count: 61, n: 25 });
  });

  it('with fewer outcomes than a longer configured lookback are not used', () => {
    const dir = tempDir();
    const crl = mixed(dir);
    record(crl, 'drop', 'v1', 'success', 100);
    record(crl, 'drop', 'v1', 'failure', 20);
    const wide = open(dir, { degradation: { sequential_lookback: 150 } });
    const t = wide.ctx.learning.getTuple('drop', 't', 'v1')!;
    expect(t.win_outcomes).toHaveLength(100);
    const totals = { n: t.inv_count, success: t.inv_success, errors: t.inv_error + t.inv_failure, rewardSum: t.reward_sum };
    const over = (n: number) => detectDegradation({ totals, recent: wide.ctx.learning.recent(t.id, n) }, wide.ctx.config.degradation);
    expect(over(150).figures).not.toEqual(over(100).figures);
    const got = checkAll(wide.ctx).find((c) => c.agent_name === 'drop')!;
    expect({ status: got.status, figures: got.figures }).toEqual({ status: over(150).kind, figures: over(150).figures });
  });

  it('are filled for every tuple lacking them by backfillWindows', () => {
    const crl = mixed();
    const before = checkAll(crl.ctx);
    crl.ctx.sqlite.exec('update q_values set win_size = null');
    expect(crl.ctx.learning.backfillWindows()).toBe(5);
    expect(crl.ctx.learning.backfillWindows()).toBe(0);
    expect(checkAll(crl.ctx)).toEqual(before);
  });
});
