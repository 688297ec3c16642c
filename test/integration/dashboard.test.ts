import { afterEach, describe, expect, it } from 'vitest';
import { type Crl } from '../../src/crl';
import type { Ctx } from '../../src/context';
import type { SqlDb } from '../../src/db/sql-db';
import { attachStores } from '../../src/wiring';
import { buildDashboard } from '../../src/features/dashboard/dashboard-service';
import { collectMetrics, formatPrometheus } from '../../src/features/dashboard/metrics-service';
import { planOf } from '../backend';
import { tempDir, openTestCrl } from '../helpers';

const NOW = new Date('2025-01-15T12:00:00Z');
let crl: Crl | undefined;
afterEach(async () => {
  await crl?.close();
});

async function seed(): Promise<Crl> {
  crl = await openTestCrl({ dataDir: tempDir(), now: () => NOW });
  await crl.variants.add({ agent: 'a', variant: 'base', isDefault: true, by: 't' });
  await crl.variants.add({ agent: 'a', variant: 'v2', by: 't' });
  let i = 0;
  const at = () => new Date(Date.parse('2025-01-10T00:00:00Z') + i++ * 60_000).toISOString();
  for (let k = 0; k < 40; k++) await crl.learning.record({ agent_name: 'a', task_type: 't', variant_id: 'base', outcome: 'success', timestamp: at() });
  for (let k = 0; k < 20; k++) await crl.learning.record({ agent_name: 'a', task_type: 't', variant_id: 'base', outcome: 'failure', timestamp: at() });
  for (let k = 0; k < 12; k++) await crl.learning.record({ agent_name: 'a', task_type: 't', variant_id: 'v2', outcome: 'success', timestamp: at() });
  return crl;
}

/** A SqlDb that records the text of every statement run through it (and through its transactions). */
function recordingDb(db: SqlDb, statements: Set<string>): SqlDb {
  const seen = <A extends unknown[], R>(f: (sql: string, ...a: A) => R) => (sql: string, ...a: A): R => (statements.add(sql), f(sql, ...a));
  return {
    get dialect() {
      return db.dialect;
    },
    get sqlite() {
      return db.sqlite;
    },
    get inTransaction() {
      return db.inTransaction;
    },
    all: seen((sql, params) => db.all(sql, params)),
    get: seen((sql, params) => db.get(sql, params)),
    run: seen((sql, params) => db.run(sql, params)),
    transaction: (fn) => db.transaction((t) => fn(recordingDb(t, statements))),
    begin: () => db.begin(),
    close: () => db.close(),
  };
}

/** A Ctx whose stores run their statements through a recorder (so every SQL text can be explained). */
function recordingCtx(ctx: Ctx): { ctx: Ctx; statements: Set<string> } {
  const statements = new Set<string>();
  const db = recordingDb(ctx.db, statements);
  return { ctx: attachStores({ dataDir: ctx.dataDir, config: ctx.config, now: ctx.now, backend: ctx.backend }, db, ctx.config), statements };
}

describe('dashboard service', () => {
  it('never scans the invocations table (every statement it runs uses an index on it, if it touches it)', async () => {
    const c = await seed();
    const { ctx, statements } = recordingCtx(c.ctx);
    const d = await buildDashboard(ctx);
    await collectMetrics(ctx);
    expect(d.health.invocations).toBe(72);
    const touching = [...statements].filter((sql) => /\binvocations\b/.test(sql) && /^\s*select/i.test(sql));
    expect(touching.length).toBeGreaterThan(0); // the monitor's per-tuple window
    for (const sql of touching) {
      const details = await planOf(c.ctx.db, sql);
      // SQLite: SEARCH = index range, SCAN = whole table or index; PostgreSQL: Seq Scan = whole table.
      expect(details, sql).not.toMatch(/SCAN (TABLE )?invocations\b|Seq Scan on invocations\b/);
    }
  });

  it('counts, orders and decides from the stored figures', async () => {
    const c = await seed();
    const d = await buildDashboard(c.ctx);
    expect(d.generated_at).toBe('2025-01-15T12:00:00.000Z');
    expect(d.health).toMatchObject({ q_table_entries: 2, agents_with_variants: 1, invocations: 72, pending_proposals: 0, rollbacks_recent: 0 });
    // base: 40 successes then 20 failures → degraded; v2 (Q 1, n 12) beats it → auto_apply.
    expect(d.degradation_alerts).toMatchObject({ available: true, checked: 1, items: [{ agent_name: 'a', variant_id: 'base', action: 'rollback_due' }] });
    expect(d.high_confidence_variants).toMatchObject({ available: true, total: 1, items: [{ variant_id: 'v2', default_variant: 'base', decision: 'auto_apply' }] });
    expect(d.health.status).toBe('ATTENTION NEEDED');
    expect(d.health.reason).toBe('1 degradation alert');
  });

  it('exports the same health in the Prometheus format', async () => {
    const c = await seed();
    const text = await c.dashboard.metricsText();
    expect(text).toBe(formatPrometheus(await collectMetrics(c.ctx)));
    expect(await c.dashboard.build()).toEqual(await buildDashboard(c.ctx));
    expect(text).toContain('crl_health_status{status="ATTENTION NEEDED"} 1\n');
    expect(text).toContain('crl_n_visits{agent_name="a",task_type="t",variant_id="v2"} 12\n');
    expect(text).toContain('crl_degradation_alerts 1\n');
  });
});

describe('formatPrometheus', () => {
  it('escapes label values and formats special numbers', () => {
    const text = formatPrometheus([
      { name: 'x', help: 'a "help"\nline', type: 'gauge', samples: [{ labels: { v: 'a"b\\c\nd' }, value: NaN }, { labels: {}, value: Infinity }] },
    ]);
    expect(text).toBe('# HELP x a "help"\\nline\n# TYPE x gauge\nx{v="a\\"b\\\\c\\nd"} NaN\nx +Inf\n');
  });
});
