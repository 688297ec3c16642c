/**
 * Dashboard at scale: builds a data dir with N invocations over T agent/task/variant tuples (written
 * straight into the schema, with exact running counts and Q), then times `crl dashboard` and `crl metrics`.
 *
 *   npx tsx scripts/bench-dashboard.ts                       10,000,000 invocations over 10,000 tuples
 *   npx tsx scripts/bench-dashboard.ts --tuples 1000 --per 100 --dir /tmp/crl-dash --keep
 *   options: --runs N (default 5), --dir DIR (reused when it already holds data), --keep, --cli FILE
 *
 * Reports, median of several runs: the in-process build of the dashboard object (`buildDashboard`), the
 * share of it spent in the monitor's `checkAll` (the alerts section), the render, and the whole CLI process
 * (`node dist/crl.cjs dashboard`, spawn to exit; build it first).
 * Layout: agents of 5 task types × 2 variants each; v0 is the agent-wide default; 1 default in 50 degrades
 * in its last 20 invocations; 200 rollbacks and 300 pending proposals.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { seededRng } from '../core/rng';
import { updateQ } from '../core/update-q';
import { renderDashboard } from '../src/cli/render-dashboard';
import { openContext } from '../src/context';
import { openDatabase } from '../src/db/open';
import { createDashboardStore } from '../src/db/dashboard-store';
import { buildDashboard, highConfidenceSection, waltzrlSection } from '../src/services/dashboard';
import { checkAll } from '../src/services/monitor';

const argv = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : dflt;
};
const TUPLES = Number(opt('--tuples', '10000'));
const PER = Number(opt('--per', '1000'));
const RUNS = Number(opt('--runs', '5'));
const KEEP = argv.includes('--keep');
const DIR = resolve(opt('--dir', '') || mkdtempSync(join(tmpdir(), 'crl-dash-bench-')));
const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '..');
/** The built CLI (`--cli FILE` to time another bundle). */
const CLI = resolve(opt('--cli', '') || join(ROOT, 'dist', 'crl.cjs'));
const log = (s: string) => process.stderr.write(`${s}\n`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function build(): void {
  const { sqlite } = openDatabase(DIR, { busyTimeoutMs: 60_000 });
  const have = (sqlite.prepare('select count(*) as c from q_values').get() as { c: number }).c;
  if (have > 0) {
    log(`reusing ${DIR} (${have} tuples)`);
    sqlite.close();
    return;
  }
  const rng = seededRng(7);
  const TASKS = 5;
  const agents = Math.ceil(TUPLES / (TASKS * 2));
  const t0 = Date.parse('2025-01-01T00:00:00Z');
  const stepMs = Math.floor((30 * 86_400_000) / PER);
  const insVariant = sqlite.prepare("insert into variants (agent_name, variant_id, status, params, created_at, created_by) values (?, ?, 'active', '{}', ?, 'bench')");
  const insDefault = sqlite.prepare("insert into defaults (agent_name, task_type, variant_id, updated_at, updated_by) values (?, '*', 'v0', ?, 'bench')");
  const insTuple = sqlite.prepare('insert into q_values (agent_name, task_type, variant_id, last_updated) values (?, ?, ?, ?) returning id');
  const updTuple = sqlite.prepare(
    'update q_values set q_value = ?, n_visits = ?, inv_count = ?, inv_success = ?, inv_failure = ?, reward_sum = ? where id = ?',
  );
  const insInv = sqlite.prepare('insert into invocations (invocation_id, tuple_id, ts, outcome, reward) values (?, ?, ?, ?, ?)');
  const started = performance.now();
  let made = 0;
  let inv = 0;
  for (let a = 0; a < agents && made < TUPLES; a++) {
    sqlite.exec('begin');
    const agent = `agent-${String(a).padStart(5, '0')}`;
    insVariant.run(agent, 'v0', '2025-01-01T00:00:00.000Z');
    insVariant.run(agent, 'v1', '2025-01-01T00:00:00.000Z');
    insDefault.run(agent, '2025-01-01T00:00:00.000Z');
    for (let t = 0; t < TASKS && made < TUPLES; t++) {
      for (const variant of ['v0', 'v1']) {
        if (made >= TUPLES) break;
        made++;
        const { id } = insTuple.get(agent, `task-${t}`, variant, '2025-01-31T00:00:00.000Z') as { id: number };
        const p = variant === 'v0' ? 0.9 : 0.8 + 0.19 * rng();
        const degrades = variant === 'v0' && made % 50 === 1;
        let q = { q: 0, n: 0 };
        let success = 0;
        let sum = 0;
        for (let i = 0; i < PER; i++) {
          const ok = rng() < (degrades && i >= PER - 20 ? 0.3 : p);
          const r = ok ? 1 : 0;
          insInv.run(`${id}-${i}`, id, new Date(t0 + i * stepMs).toISOString(), ok ? 'success' : 'failure', r);
          q = updateQ(q, r, 0.1);
          success += r;
          sum += r;
          inv++;
        }
        updTuple.run(q.q, q.n, PER, success, PER - success, sum, id);
      }
    }
    sqlite.exec('commit');
    if (a % 100 === 0) log(`  ${inv.toLocaleString('en-US')} invocations, ${((performance.now() - started) / 1000).toFixed(0)} s`);
  }
  sqlite.exec('begin');
  const insRb = sqlite.prepare(
    "insert into rollbacks (rollback_id, ts, event_type, agent_name, task_type, from_variant, to_variant, reason, degradation_metrics, triggered_by) values (?, ?, 'rollback', ?, 'task-0', 'v1', 'v0', 'bench', '{}', 'bench')",
  );
  for (let i = 0; i < 200; i++) insRb.run(`rb-bench-${i}`, new Date(t0 + i * 3_600_000).toISOString(), `agent-${String(i).padStart(5, '0')}`);
  const insP = sqlite.prepare(
    "insert into proposals (proposal_id, ts, agent_name, task_type, proposal_type, reasoning, confidence, supporting_data, recommended_modifications, status, updated_at) values (?, ?, ?, 'task-1', 'promote_variant_to_default', 'bench', ?, '{}', '{}', 'pending', ?)",
  );
  for (let i = 0; i < 300; i++) {
    const ts = new Date(t0 + i * 3_600_000).toISOString();
    insP.run(`prop-bench-${i}`, ts, `agent-${String(i).padStart(5, '0')}`, Math.round(rng() * 100) / 100, ts);
  }
  sqlite.exec('commit');
  log(`built ${made} tuples, ${inv.toLocaleString('en-US')} invocations in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  sqlite.exec('analyze');
  sqlite.close();
}

function timeInProcess() {
  const ctx = openContext({ dataDir: DIR, now: () => new Date('2025-01-31T12:00:00Z') });
  const builds: number[] = [];
  const renders: number[] = [];
  let text = '';
  for (let i = 0; i < RUNS + 1; i++) {
    const a = performance.now();
    const d = buildDashboard(ctx);
    const b = performance.now();
    text = renderDashboard(d, { color: false });
    const c = performance.now();
    if (i > 0) (builds.push(b - a), renders.push(c - b)); // the first run warms the page cache
  }
  // The alert section is the monitor's own check; the rest are the dashboard's own queries.
  const checks: number[] = [];
  const own: number[] = [];
  const store = createDashboardStore(ctx.sqlite);
  const since = '2025-01-01T00:00:00.000Z';
  for (let i = 0; i < RUNS; i++) {
    let a = performance.now();
    checkAll(ctx);
    checks.push(performance.now() - a);
    a = performance.now();
    store.totals();
    store.rollbackCounts(since);
    store.rollbackCounts(since);
    store.pendingCounts(since);
    store.lastRollbacks(10);
    store.pendingProposals(10);
    highConfidenceSection(ctx, store);
    waltzrlSection(ctx);
    own.push(performance.now() - a);
  }
  ctx.sqlite.close();
  return { build_ms: median(builds), render_ms: median(renders), check_all_ms: median(checks), own_ms: median(own), text };
}

function timeCli(args: string[]) {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const a = performance.now();
    const r = spawnSync(process.execPath, [CLI, '--data-dir', DIR, ...args, '--now', '2025-01-31T12:00:00Z'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } });
    times.push(performance.now() - a);
    if (r.status !== 0) throw new Error(`crl ${args.join(' ')} failed (${r.status ?? r.signal}): ${r.stderr}`);
  }
  return median(times);
}

try {
  build();
  const p = timeInProcess();
  process.stdout.write(p.text);
  const nodeStart = median(Array.from({ length: RUNS }, () => {
    const a = performance.now();
    spawnSync(process.execPath, ['-e', '0']);
    return performance.now() - a;
  }));
  const result = {
    tuples: TUPLES,
    invocations: TUPLES * PER,
    build_dashboard_ms: Number(p.build_ms.toFixed(1)),
    render_ms: Number(p.render_ms.toFixed(1)),
    /** Of build_dashboard_ms: the monitor's checkAll (degradation alerts section). */
    monitor_check_all_ms: Number(p.check_all_ms.toFixed(1)),
    /** Everything but the monitor check: health counts, rollbacks, proposals, high-confidence decisions, WaltzRL. */
    dashboard_own_queries_ms: Number(p.own_ms.toFixed(1)),
    cli_dashboard_ms: existsSync(CLI) ? Math.round(timeCli(['dashboard'])) : null,
    cli_metrics_ms: existsSync(CLI) ? Math.round(timeCli(['metrics'])) : null,
    node_start_ms: Math.round(nodeStart),
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} finally {
  if (!KEEP) rmSync(DIR, { recursive: true, force: true });
}
