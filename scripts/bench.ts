/**
 * crl benchmark: ingest, monitoring, dashboard, q and record at scale, next to the physical limit
 * measured in the same run (plain better-sqlite3 inserts of the same rows into the same schema).
 *
 *   npm run bench                 full run: 10^5, 10^6, 10^7 invocations (a 10^7-line JSONL file is > 2 GB)
 *   npm run bench -- --quick      10^5 and 10^6 only (CI smoke, under a minute)
 *   npm run bench -- --tiny       a few thousand rows (used by the test suite; figures mean nothing)
 *   npm run bench -- --serve      the HTTP API of `crl serve` instead (scripts/bench-serve.ts; with --tiny: its smoke run)
 *   npm run bench -- --backend postgres|both
 *                                 the same on PostgreSQL (scripts/bench-postgres.ts): ingest vs PostgreSQL's raw limit,
 *                                 monitor --once at 10,000 tuples, select latency; `both` prints a table of the two
 *                                 side by side. The server: --database-url URL or CRL_BENCH_PG_URL (an admin URL; the
 *                                 bench creates and drops its own databases), else a throwaway one (scripts/pg-test-server.sh)
 *   options: --out FILE (default bench/results.json), --keep (keep temp files), --tmp DIR,
 *            --no-build (use dist/crl.cjs as it is; by default it is rebuilt first),
 *            --dataset DIR:PAIRS:PER (only build a monitoring dataset into DIR, to profile monitor or dashboard;
 *            with --database-url URL: into that existing PostgreSQL database, DIR its data dir)
 *
 * Every command is run as the user runs it: the built CLI (`dist/crl.cjs`) in a child process, timed
 * from spawn to exit, with its peak RSS read from /proc/<pid>/status (VmHWM). Temp files go to the OS
 * temp dir and are deleted afterwards.
 */
import { spawn, execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statfsSync, symlinkSync, writeFileSync, writeSync } from 'node:fs';
import { cpus, freemem, loadavg, release, tmpdir, totalmem, type as osType } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { computeReward, type Outcome } from '../core/learning/compute-reward';
import { updateQ } from '../core/learning/update-q';
import { parseConfig } from '../src/config/config';
import { createLearningStore } from '../src/features/learning/learning-store';
import { openDatabase } from '../src/db/open';
import { sqliteDb } from '../src/db/sqlite-db';
import { newInvocationId } from '../src/ids';
import type { FixtureTuple, PgResults, RawRow, SelectFigure } from './bench-postgres';

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '..');
/** The CLI and library under test: a private build (others may rebuild dist/ meanwhile), or dist/ with --no-build. */
let CLI = join(ROOT, 'dist', 'crl.cjs');
let LIB = join(ROOT, 'dist', 'index.mjs');

// ---------------------------------------------------------------------------------------------- options
const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(name);
const opt = (name: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const mode: 'full' | 'quick' | 'tiny' = flag('--tiny') ? 'tiny' : flag('--quick') ? 'quick' : 'full';
const OUT = resolve(opt('--out') ?? join(ROOT, 'bench', 'results.json'));
const KEEP = flag('--keep');
const TMP_BASE = opt('--tmp') ?? tmpdir();
/** Which backends are measured: the SQLite file of a data dir (the default), PostgreSQL, or both side by side. */
const BACKEND = (opt('--backend') ?? 'sqlite') as 'sqlite' | 'postgres' | 'both';
if (!['sqlite', 'postgres', 'both'].includes(BACKEND)) throw new Error(`--backend must be sqlite, postgres or both (got ${BACKEND})`);
const WITH_SQLITE = BACKEND !== 'postgres';
const WITH_PG = BACKEND !== 'sqlite';

/**
 * Ingest sizes (rows), the largest size at which the raw insert limit is also measured (above it, ingest
 * is compared with the limit measured at that size: the limit only falls as the indexes grow, so the
 * ratio shown is a lower bound), and monitoring datasets (agent/task pairs × invocations each) per mode.
 */
const PLAN = {
  full: { ingest: [1e5, 1e6, 1e7], rawUpTo: 1e6, monitor: [{ pairs: 1_000, per: 100 }, { pairs: 10_000, per: 100 }, { pairs: 10_000, per: 1_000 }] },
  quick: { ingest: [1e5, 2e5], rawUpTo: 2e5, monitor: [{ pairs: 1_000, per: 100 }, { pairs: 10_000, per: 40 }] },
  tiny: { ingest: [1_000, 2_000], rawUpTo: 1_000, monitor: [{ pairs: 20, per: 100 }] },
}[mode];
/**
 * The PostgreSQL part (--backend postgres|both): ingest at the size where SQLite's raw limit is measured (10^6 in
 * the full run), the monitoring dataset of 10,000 active tuples that SQLite also measures (the smaller one in the
 * full run: 1.1·10^6 invocations), and select latency over that dataset, on both backends when both run.
 */
const PG_PLAN = {
  full: { monitor: { pairs: 10_000, per: 100 }, selectCalls: 5_000 },
  quick: { monitor: { pairs: 10_000, per: 40 }, selectCalls: 2_000 },
  tiny: { monitor: { pairs: 20, per: 100 }, selectCalls: 200 },
}[mode];
const only = opt('--only'); // 'ingest' | 'monitor' (for profiling one part)
const sizesArg = opt('--sizes'); // e.g. 1e6,1e7 (ingest sizes)
if (sizesArg) PLAN.ingest = sizesArg.split(',').map(Number);
const PG_INGEST = sizesArg ? PLAN.ingest : [PLAN.rawUpTo];

/** Goals of the issue. */
const GOALS = { ingestRatio: 0.5, ingestRssMb: 256, monitorMs: 1000, dashboardMs: 300, qMs: 20, recordMs: 150 };

// ---------------------------------------------------------------------------------------------- helpers
const log = (s: string) => process.stderr.write(`${s}\n`);
const fmtInt = (n: number) => Math.round(n).toLocaleString('en-US');
const fmtMs = (n: number) => (n < 10 ? n.toFixed(2) : n < 100 ? n.toFixed(1) : Math.round(n).toString());
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const mb = (bytes: number) => bytes / 1024 / 1024;

function machine() {
  const c = cpus();
  return {
    cpu: c[0]?.model ?? 'unknown',
    cores: c.length,
    node: process.version,
    os: `${osType()} ${release()}`,
    memory_gb: Math.round(totalmem() / 1024 ** 3),
  };
}

function readHwmKb(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

interface ChildResult {
  code: number;
  stdout: string;
  stderr: string;
  wallMs: number;
  /** Peak resident set size (VmHWM) in MB, 0 when /proc is not available. */
  peakRssMb: number;
}

/** The environment of the CLI and library children: the SQLite file of their data dir (what this bench measures), never a shared database. */
const CHILD_ENV: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', CRL_DATABASE_URL: undefined };

/** Runs the built CLI as a child process: wall time from spawn to exit, peak RSS polled from /proc. */
function runCli(args: string[], input?: string, env: NodeJS.ProcessEnv = CHILD_ENV): Promise<ChildResult> {
  return new Promise((done, fail) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let peak = 0;
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const poll = setInterval(() => (peak = Math.max(peak, readHwmKb(child.pid!))), 20);
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', fail);
    child.on('exit', (code) => {
      const wallMs = performance.now() - t0;
      clearInterval(poll);
      done({ code: code ?? -1, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), wallMs, peakRssMb: peak / 1024 });
    });
    child.stdin.end(input ?? '');
  });
}

async function runOk(args: string[]): Promise<ChildResult> {
  const r = await runCli(args);
  if (r.code !== 0) throw new Error(`crl ${args.join(' ')} exited ${r.code}:\n${r.stderr.slice(0, 2000)}`);
  return r;
}

/** True when the built CLI has this top-level command. */
let helpText: string | undefined;
async function hasCommand(name: string): Promise<boolean> {
  helpText ??= (await runCli(['--help'])).stdout;
  return new RegExp(`^\\s+${name}\\b`, 'm').test(helpText);
}

function tempDir(prefix: string): string {
  mkdirSync(TMP_BASE, { recursive: true });
  return mkdtempSync(join(TMP_BASE, `crl-bench-${prefix}-`));
}
const cleanup = (p: string) => {
  if (!KEEP) rmSync(p, { recursive: true, force: true });
};

// ---------------------------------------------------------------------------------------------- workload
/** 32-bit integer hash (deterministic). */
const h32 = (x: number, salt: number) => {
  let v = Math.imul(x ^ salt, 0x9e3779b1) ^ 0x85ebca6b;
  v = Math.imul(v ^ (v >>> 15), 0x2c1b3c6d);
  v = Math.imul(v ^ (v >>> 12), 0x297a2d39);
  return (v ^ (v >>> 15)) >>> 0;
};
const hex8 = (v: number) => v.toString(16).padStart(8, '0');
const AGENTS = 50;
const TASKS = 20;
const VARIANTS = 3;
const OUTCOMES: Outcome[] = ['success', 'success', 'success', 'success', 'success', 'success', 'partial', 'failure', 'failure', 'error'];
const MODELS = ['small', 'mid', 'large'];
const T0 = Date.UTC(2025, 0, 1);

/** The i-th benchmark invocation line: time-ordered ids (UUID v7, as crl makes them), ~290 bytes of JSON. */
function benchLine(i: number) {
  const a = h32(i, 1);
  const b = h32(i, 2);
  const c = h32(i, 3);
  const d = h32(i, 4);
  const tuple = a % (AGENTS * TASKS * VARIANTS);
  return {
    invocation_id: newInvocationId(T0 + i * 250, new Uint8Array([a, a >>> 8, a >>> 16, b, b >>> 8, b >>> 16, c, c >>> 8, d, d >>> 8])),
    timestamp: new Date(T0 + i * 250).toISOString(),
    agent_name: `agent-${String(tuple % AGENTS).padStart(3, '0')}`,
    task_type: `task-${String(Math.floor(tuple / AGENTS) % TASKS).padStart(2, '0')}`,
    variant_id: `v${Math.floor(tuple / (AGENTS * TASKS))}`,
    outcome: OUTCOMES[b % OUTCOMES.length],
    quality_score: (c % 101) / 100,
    duration_ms: 500 + (d % 60_000),
    error_count: d % 13 === 0 ? 1 : 0,
    metadata: { session_id: `sess-${hex8(h32(i >>> 4, 5))}`, model: MODELS[a % 3], tokens: 200 + (c % 4000) },
  };
}

/** `JSON.stringify(benchLine(i))`, built as text (the 10^7 file is written several times faster). */
function benchLineText(i: number): string {
  const l = benchLine(i);
  const m = l.metadata;
  return `{"invocation_id":"${l.invocation_id}","timestamp":"${l.timestamp}","agent_name":"${l.agent_name}","task_type":"${l.task_type}","variant_id":"${l.variant_id}","outcome":"${l.outcome}","quality_score":${l.quality_score},"duration_ms":${l.duration_ms},"error_count":${l.error_count},"metadata":{"session_id":"${m.session_id}","model":"${m.model}","tokens":${m.tokens}}}`;
}

/** The tuples of the ingest workload (agent, task, variant), in the order the raw loads make their q_values rows. */
function ingestTuples(): { agent: string; task: string; variant: string }[] {
  const out: { agent: string; task: string; variant: string }[] = [];
  for (let t = 0; t < AGENTS * TASKS * VARIANTS; t++) {
    out.push({ agent: `agent-${String(t % AGENTS).padStart(3, '0')}`, task: `task-${String(Math.floor(t / AGENTS) % TASKS).padStart(2, '0')}`, variant: `v${Math.floor(t / (AGENTS * TASKS))}` });
  }
  return out;
}

const RAW_CONFIG = parseConfig({});
/** The i-th row of the raw load, precomputed (reward included) as the SQLite raw limit binds it. */
function rawRow(i: number, tupleId: (key: string) => number): RawRow {
  const l = benchLine(i);
  const reward = computeReward({ outcome: l.outcome, quality: l.quality_score, durationMs: l.duration_ms, errorCount: l.error_count }, RAW_CONFIG.reward);
  return [l.invocation_id, tupleId(`${l.agent_name}|${l.task_type}|${l.variant_id}`), l.timestamp, l.outcome, reward, l.quality_score, l.error_count, l.duration_ms, JSON.stringify(l.metadata)];
}

/** Writes `rows` lines to a JSONL file; returns its size in bytes. */
function writeJsonl(file: string, rows: number): number {
  for (let i = 0; i < Math.min(rows, 1000); i++) {
    if (benchLineText(i) !== JSON.stringify(benchLine(i))) throw new Error(`benchLineText(${i}) differs from JSON.stringify(benchLine(${i}))`);
  }
  const fd = openSync(file, 'w');
  let size = 0;
  try {
    let buf: string[] = [];
    for (let i = 0; i < rows; i++) {
      buf.push(benchLineText(i));
      if (buf.length === 20_000 || i === rows - 1) {
        const s = `${buf.join('\n')}\n`;
        size += writeSync(fd, s);
        buf = [];
      }
    }
  } finally {
    closeSync(fd);
  }
  return size;
}

// ---------------------------------------------------------------------------------------------- raw limit
/**
 * The physical limit: the same rows, precomputed (reward included, untimed), inserted with one plain
 * prepared statement in one transaction into a fresh DB made by the real migrations (same indexes,
 * same pragmas). Only the `run` calls and the commit are timed.
 */
function rawInsert(rows: number): { rowsPerS: number; ms: number } {
  const dir = tempDir('raw');
  const config = parseConfig({});
  const { sqlite } = openDatabase(dir, { busyTimeoutMs: 60_000 });
  try {
    const ids = new Map<string, number>();
    const insTuple = sqlite.prepare("insert into q_values (agent_name, task_type, variant_id, last_updated) values (?, ?, ?, '2025-01-01T00:00:00.000Z') returning id");
    for (let t = 0; t < AGENTS * TASKS * VARIANTS; t++) {
      const agent = `agent-${String(t % AGENTS).padStart(3, '0')}`;
      const task = `task-${String(Math.floor(t / AGENTS) % TASKS).padStart(2, '0')}`;
      const variant = `v${Math.floor(t / (AGENTS * TASKS))}`;
      ids.set(`${agent}|${task}|${variant}`, (insTuple.get(agent, task, variant) as { id: number }).id);
    }
    const ins = sqlite.prepare(
      'insert into invocations (invocation_id, tuple_id, ts, outcome, reward, quality_score, error_count, duration_ms, metadata) values (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const BATCH = 50_000;
    let timed = 0;
    sqlite.prepare('begin immediate').run();
    for (let start = 0; start < rows; start += BATCH) {
      const n = Math.min(BATCH, rows - start);
      const batch: unknown[][] = new Array(n);
      for (let k = 0; k < n; k++) {
        const l = benchLine(start + k);
        const reward = computeReward({ outcome: l.outcome, quality: l.quality_score, durationMs: l.duration_ms, errorCount: l.error_count }, config.reward);
        batch[k] = [l.invocation_id, ids.get(`${l.agent_name}|${l.task_type}|${l.variant_id}`), l.timestamp, l.outcome, reward, l.quality_score, l.error_count, l.duration_ms, JSON.stringify(l.metadata)];
      }
      const t0 = performance.now();
      for (let k = 0; k < n; k++) ins.run(batch[k]);
      timed += performance.now() - t0;
    }
    const t0 = performance.now();
    sqlite.prepare('commit').run();
    timed += performance.now() - t0;
    return { rowsPerS: rows / (timed / 1000), ms: timed };
  } finally {
    sqlite.close();
    cleanup(dir);
  }
}

// ---------------------------------------------------------------------------------------------- ingest
interface IngestFigure {
  rows: number;
  file_mb: number;
  /** The raw insert limit: measured at this size, or at `raw_measured_at` rows (above PLAN.rawUpTo). */
  raw_rows_per_s: number;
  raw_measured_at: number;
  ingest_rows_per_s: number;
  ratio_to_raw: number;
  ingest_wall_s: number;
  /** Per row, with the process start (an empty ingest, measured in the same run) taken out. */
  us_per_row: number;
  peak_rss_mb: number;
}

/**
 * Writes the JSONL file of `rows` lines in a child process (the same script with `--write-jsonl`), so the
 * largest file is generated while the main process builds the monitoring datasets (neither is timed).
 */
function generateInBackground(rows: number): { dir: string; file: string; done: Promise<number> } {
  const dir = tempDir(`ingest-${rows}`);
  const file = join(dir, 'invocations.jsonl');
  const child = spawn(process.execPath, [...process.execArgv, process.argv[1], '--write-jsonl', `${file}:${rows}`], { stdio: ['ignore', 'pipe', 'inherit'] });
  const out: Buffer[] = [];
  child.stdout.on('data', (b: Buffer) => out.push(b));
  const done = new Promise<number>((ok, fail) => {
    child.on('error', fail);
    child.on('exit', (code) => (code === 0 ? ok(Number(Buffer.concat(out).toString())) : fail(new Error(`generating ${file} exited ${code}`))));
  });
  return { dir, file, done };
}

async function benchIngest(rows: number, startMs: number, rawBefore: IngestFigure | undefined, pregenerated?: ReturnType<typeof generateInBackground>): Promise<IngestFigure> {
  const dir = pregenerated?.dir ?? tempDir(`ingest-${rows}`);
  try {
    const file = join(dir, 'invocations.jsonl');
    const free = statfsSync(dir);
    const need = rows * 300 * 3; // file + DB + WAL
    if (free.bavail * free.bsize < need) throw new Error(`Not enough free disk in ${dir} for ${fmtInt(rows)} rows (needs ~${fmtInt(mb(need))} MB).`);
    if (!pregenerated) log(`  generating ${fmtInt(rows)} lines…`);
    const bytes = pregenerated ? await pregenerated.done : writeJsonl(file, rows);
    const measureRaw = rows <= PLAN.rawUpTo || !rawBefore;
    if (measureRaw) log(`  raw insert limit…`);
    const raw = measureRaw ? rawInsert(rows) : { rowsPerS: rawBefore.raw_rows_per_s };
    log(`  crl ingest (${fmtInt(mb(bytes))} MB)…`);
    const data = join(dir, 'data');
    await runOk(['--data-dir', data, 'init']);
    const r = await runOk(['--data-dir', data, 'ingest', file, '--json']);
    const out = JSON.parse(r.stdout) as { accepted: number };
    if (out.accepted !== rows) throw new Error(`ingest accepted ${out.accepted} of ${rows} rows`);
    const fig: IngestFigure = {
      rows,
      file_mb: Math.round(mb(bytes)),
      raw_rows_per_s: Math.round(raw.rowsPerS),
      raw_measured_at: measureRaw ? rows : rawBefore.raw_measured_at,
      ingest_rows_per_s: Math.round(rows / (r.wallMs / 1000)),
      ratio_to_raw: 0,
      ingest_wall_s: Number((r.wallMs / 1000).toFixed(2)),
      us_per_row: Number((((r.wallMs - startMs) * 1000) / rows).toFixed(2)),
      peak_rss_mb: Math.round(r.peakRssMb),
    };
    fig.ratio_to_raw = Number((fig.ingest_rows_per_s / fig.raw_rows_per_s).toFixed(3));
    log(`  raw ${fmtInt(fig.raw_rows_per_s)} rows/s${measureRaw ? '' : ` (measured at ${fmtInt(fig.raw_measured_at)} rows)`}, ingest ${fmtInt(fig.ingest_rows_per_s)} rows/s (${(fig.ratio_to_raw * 100).toFixed(0)}%), peak RSS ${fig.peak_rss_mb} MB`);
    return fig;
  } finally {
    cleanup(dir);
  }
}

// ---------------------------------------------------------------------------------------------- monitoring dataset
/** Invocations of each pair's alternative `v2`. */
const FIXTURE_ALT = 10;

/**
 * The q_values rows of a monitoring dataset: for pair p, tuple 2p+1 (agent/task/v1, `per` invocations) and
 * 2p+2 (v2, 10), with exact running counts and the Q/n a replay of the rows gives. Outcome of the k-th
 * invocation of tuple t: success with 90% (v1), 85% (v2); 40% in the last 20 of a degrading pair (one in 100).
 * The invocation rows themselves are made in SQL by the same hash.
 */
function fixtureTuples(pairs: number, per: number, alpha = parseConfig({}).learning.alpha): FixtureTuple[] {
  const successPct = (tupleId: number, k: number, n: number, degrading: boolean) => (tupleId % 2 === 0 ? 85 : degrading && k >= n - 20 ? 40 : 90);
  const roll = (tupleId: number, k: number) => ((Math.imul(tupleId * 100_003 + k, 0x9e3779b1) >>> 0) % 100);
  const agentsN = Math.max(1, Math.round(Math.sqrt(pairs)));
  const out: FixtureTuple[] = [];
  for (let p = 0; p < pairs; p++) {
    const agent = `agent-${String(p % agentsN).padStart(4, '0')}`;
    const task = `task-${String(Math.floor(p / agentsN)).padStart(4, '0')}`;
    const degrading = p % 100 === 7;
    for (const [tupleId, variant, n] of [[2 * p + 1, 'v1', per], [2 * p + 2, 'v2', FIXTURE_ALT]] as const) {
      let q = { q: 0, n: 0 };
      let s = 0;
      let f = 0;
      for (let k = 0; k < n; k++) {
        const ok = roll(tupleId, k) < successPct(tupleId, k, n, degrading);
        if (ok) s++;
        else f++;
        q = updateQ(q, ok ? 1 : 0, alpha);
      }
      out.push({ id: tupleId, agent, task, variant, q: q.q, n: q.n, count: n, success: s, failure: f });
    }
  }
  return out;
}

/**
 * Builds a data dir with `pairs` agent/task pairs, each with a registered default `v1` (the active
 * tuple, `per` invocations) and an alternative `v2` (10 invocations, a rollback target), by direct SQL
 * in one transaction. q_values carries exact running counts and the Q/n a replay of the rows gives.
 * One pair in 100 degrades in its last 20 invocations, so monitor has real rollbacks to do.
 */
async function buildMonitorDataset(dir: string, pairs: number, per: number): Promise<{ invocations: number; tuples: number; ms: number }> {
  const t0 = performance.now();
  const config = parseConfig({});
  const { sqlite } = openDatabase(dir, { busyTimeoutMs: 60_000 });
  const alpha = config.learning.alpha;
  const now = new Date(T0 + 40 * 86_400_000).toISOString();
  const ALT = FIXTURE_ALT;
  try {
    sqlite.pragma('foreign_keys = OFF');
    sqlite.prepare('begin immediate').run();
    const insVariant = sqlite.prepare("insert into variants (agent_name, variant_id, status, params, created_at, created_by) values (?, ?, 'active', '{}', ?, 'bench') on conflict do nothing");
    const insDefault = sqlite.prepare("insert into defaults (agent_name, task_type, variant_id, updated_at, updated_by) values (?, ?, 'v1', ?, 'bench')");
    const insTuple = sqlite.prepare(
      `insert into q_values (id, agent_name, task_type, variant_id, q_value, n_visits, inv_count, inv_success, inv_partial, inv_failure, inv_error, reward_sum, last_updated)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const tuples = fixtureTuples(pairs, per, alpha);
    for (let p = 0; p < pairs; p++) {
      const { agent, task } = tuples[2 * p];
      insVariant.run(agent, 'v1', now);
      insVariant.run(agent, 'v2', now);
      insDefault.run(agent, task, now);
      for (const t of [tuples[2 * p], tuples[2 * p + 1]]) insTuple.run(t.id, t.agent, t.task, t.variant, t.q, t.n, t.count, t.success, 0, t.failure, 0, t.success, now);
    }
    // The invocations themselves, by one insert-select (ordered by tuple and time, as a log would fill it).
    const total = pairs * (per + ALT);
    // Integers are written into the SQL (bound JS numbers would be REAL and make `/` a float division).
    const sql = (t: string) => t.replace(/@(\w+)/g, (_, k: string) => String(({ total, t0: Math.floor(T0 / 1000), per, pairs, alt: ALT } as Record<string, number>)[k]));
    sqlite
      .prepare(
        sql(`with recursive seq(i) as (select 0 union all select i + 1 from seq where i + 1 < @total)
         insert into invocations (invocation_id, tuple_id, ts, outcome, reward)
         select printf('m-%010d', i), tuple_id, strftime('%Y-%m-%dT%H:%M:%fZ', @t0 + k * 60, 'unixepoch'),
                case when ok then 'success' else 'failure' end, case when ok then 1.0 else 0.0 end
         from (select i, tuple_id, k,
                 ((((tuple_id * 100003 + k) * 2654435761) % 4294967296) % 100) <
                   (case when tuple_id % 2 = 0 then 85 when (tuple_id / 2) % 100 = 7 and k >= @per - 20 then 40 else 90 end) as ok
               from (select i,
                       case when i < @pairs * @per then 2 * (i / @per) + 1 else 2 * ((i - @pairs * @per) / @alt) + 2 end as tuple_id,
                       case when i < @pairs * @per then i % @per else (i - @pairs * @per) % @alt end as k
                     from seq))`),
      )
      .run();
    sqlite.prepare('commit').run();
    sqlite.pragma('foreign_keys = ON');
    // Check that the aggregates agree with the rows (cheap on a sample of tuples).
    const check = sqlite.prepare("select count(*) as c, sum(outcome = 'success') as s from invocations where tuple_id = ?");
    for (const id of [1, 2, 2 * Math.min(pairs - 1, 7) + 1, 2 * pairs]) {
      const row = check.get(id) as { c: number; s: number };
      const agg = sqlite.prepare('select inv_count as c, inv_success as s from q_values where id = ?').get(id) as { c: number; s: number };
      if (row.c !== agg.c || row.s !== agg.s) throw new Error(`dataset aggregates disagree for tuple ${id}: rows ${JSON.stringify(row)} vs q_values ${JSON.stringify(agg)}`);
    }
    // The kept recent windows, as record/ingest would have left them (rows written by SQL above have none):
    // the learning store over the same connection.
    await createLearningStore(sqliteDb(sqlite)).backfillWindows();
    return { invocations: total, tuples: pairs * 2, ms: performance.now() - t0 };
  } finally {
    sqlite.close();
  }
}

interface MonitorFigure {
  invocations: number;
  active_tuples: number;
  tuples: number;
  build_s: number;
  monitor_once_ms: number | null;
  monitor_dry_run_ms: number | null;
  /** A second `monitor --once` right after the first: the steady state of a cron job (cached verdicts). */
  monitor_repeat_ms: number | null;
  monitor_status: string;
  rollbacks: number | null;
}

// ---------------------------------------------------------------------------------------------- main
async function main() {
  const writeArg = opt('--write-jsonl'); // FILE:ROWS — only write a bench JSONL file (used by generateInBackground)
  if (writeArg) {
    const at = writeArg.lastIndexOf(':');
    process.stdout.write(String(writeJsonl(writeArg.slice(0, at), Number(writeArg.slice(at + 1)))));
    return;
  }
  const datasetArg = opt('--dataset'); // DIR:PAIRS:PER — only build a monitoring dataset (for profiling monitor/dashboard)
  if (datasetArg) {
    const [dir, pairs, per] = datasetArg.split(':');
    const pgUrl = opt('--database-url'); // with it: into that (existing) PostgreSQL database, DIR its data dir
    if (pgUrl) {
      const { buildPgFixture } = await import('./bench-postgres');
      mkdirSync(resolve(dir), { recursive: true });
      const ds = await buildPgFixture(pgUrl, resolve(dir), Number(pairs), Number(per), { t0Ms: T0, fixtureTuples });
      log(`built ${fmtInt(ds.invocations)} invocations over ${fmtInt(ds.tuples)} tuples in PostgreSQL (${(ds.ms / 1000).toFixed(1)} s, backfill ${(ds.backfillMs / 1000).toFixed(1)} s)`);
      return;
    }
    const ds = await buildMonitorDataset(resolve(dir), Number(pairs), Number(per));
    log(`built ${fmtInt(ds.invocations)} invocations over ${fmtInt(ds.tuples)} tuples in ${dir} (${(ds.ms / 1000).toFixed(1)} s)`);
    return;
  }
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const m = machine();
  const loadBefore = loadavg().map((x) => Number(x.toFixed(2)));
  log(`crl bench (${mode}) on ${m.cpu}, ${m.cores} cores, Node ${m.node}; load ${loadBefore.join(' ')}`);
  let cliDir: string | undefined;
  if (!flag('--no-build')) {
    cliDir = tempDir('cli');
    log(`building the CLI and the library into ${cliDir}…`);
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), '--no-types', '--outdir', join(cliDir, 'dist')], { cwd: ROOT, stdio: 'inherit' });
    symlinkSync(join(ROOT, 'node_modules'), join(cliDir, 'node_modules'));
    symlinkSync(join(ROOT, 'migrations'), join(cliDir, 'migrations'));
    symlinkSync(join(ROOT, 'migrations-pg'), join(cliDir, 'migrations-pg'));
    CLI = join(cliDir, 'dist', 'crl.cjs');
    LIB = join(cliDir, 'dist', 'index.mjs');
    const built = cliDir;
    process.once('exit', () => cleanup(built)); // also after a failure or an interrupt
  } else if (!existsSync(CLI) || !existsSync(LIB)) throw new Error(`${CLI} or ${LIB} is missing: run \`npm run build\` or drop --no-build.`);
  if (flag('--serve')) {
    const { benchServe, serveTable } = await import('./bench-serve');
    const r = await benchServe({ cli: CLI, tmp: TMP_BASE, tiny: mode === 'tiny', keep: KEEP, log });
    const out = resolve(opt('--out') ?? join(ROOT, 'bench', 'results-serve.json'));
    const loadAfter = loadavg().map((x) => Number(x.toFixed(2)));
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify({ started_at: startedAt, machine: { ...m, load_before: loadBefore, load_after: loadAfter }, ...r }, null, 2)}\n`);
    process.stdout.write(`${serveTable(r)}\n${m.cpu}, ${m.cores} cores, Node ${m.node}; load average before ${loadBefore.join(' ')}, after ${loadAfter.join(' ')}\n`);
    if (cliDir) cleanup(cliDir);
    log(`results written to ${out}`);
    return;
  }
  const free = statfsSync(TMP_BASE);
  log(`temp dir ${TMP_BASE}: ${fmtInt(mb(free.bavail * free.bsize))} MB free, ${fmtInt(mb(freemem()))} MB memory free`);

  let sqliteResults: ReturnType<typeof assemble> | undefined;
  let sqliteSelect: SelectFigure | undefined;
  if (WITH_SQLITE) {
    const r = await benchSqlite({ started, startedAt, m, loadBefore });
    sqliteResults = r.results;
    sqliteSelect = r.select;
    mkdirSync(dirname(OUT), { recursive: true });
    writeFileSync(OUT, `${JSON.stringify(sqliteResults, null, 2)}\n`);
    process.stdout.write(table(sqliteResults));
    log(`results written to ${OUT}`);
  }
  if (WITH_PG) {
    const { benchPostgres } = await import('./bench-postgres');
    const pgStarted = performance.now();
    const pgLoadBefore = loadavg().map((x) => Number(x.toFixed(2)));
    const pgr = await benchPostgres({
      mode, root: ROOT, cli: CLI, lib: LIB, tmp: TMP_BASE, keep: KEEP, databaseUrl: opt('--database-url'),
      ingestSizes: only === 'monitor' ? [] : PG_INGEST, monitor: only === 'ingest' ? null : PG_PLAN.monitor, selectCalls: PG_PLAN.selectCalls, log,
      runCli: (args, env) => runCli(args, undefined, env), childEnv: CHILD_ENV, writeJsonl, ingestTuples, rawRow, fixtureTuples, t0Ms: T0,
    });
    const pgLoadAfter = loadavg().map((x) => Number(x.toFixed(2)));
    const pgOut = WITH_SQLITE || !opt('--out') ? (opt('--out') ? OUT.replace(/(\.json)?$/, '-postgres.json') : join(ROOT, 'bench', 'results-postgres.json')) : OUT;
    const pgResults = {
      mode, started_at: startedAt, duration_s: Number(((performance.now() - pgStarted) / 1000).toFixed(1)),
      machine: { ...m, load_before: pgLoadBefore, load_after: pgLoadAfter }, ...pgr, sqlite_select: sqliteSelect ?? null,
    };
    mkdirSync(dirname(pgOut), { recursive: true });
    writeFileSync(pgOut, `${JSON.stringify(pgResults, null, 2)}\n`);
    process.stdout.write(sideBySide(sqliteResults, sqliteSelect, pgResults));
    log(`PostgreSQL results written to ${pgOut}`);
  }
  if (cliDir) cleanup(cliDir);
}

/** The SQLite part (the default run): every figure of `bench/results.json`; with PostgreSQL too, also select latency. */
async function benchSqlite({ started, startedAt, m, loadBefore }: { started: number; startedAt: string; m: ReturnType<typeof machine>; loadBefore: number[] }) {
  let select: SelectFigure | undefined;
  // Process start: an ingest of an empty file on a fresh data dir (init first).
  const startDir = tempDir('start');
  writeFileSync(join(startDir, 'empty.jsonl'), '');
  await runOk(['--data-dir', join(startDir, 'd'), 'init']);
  const startRuns: number[] = [];
  for (let i = 0; i < 5; i++) startRuns.push((await runOk(['--data-dir', join(startDir, 'd'), 'ingest', join(startDir, 'empty.jsonl'), '--json'])).wallMs);
  cleanup(startDir);
  const startMs = median(startRuns);
  log(`process start (empty ingest): ${fmtMs(startMs)} ms`);

  // Untimed preparation, overlapped: the largest ingest file is written by a child process while this one
  // builds the monitoring datasets. Every timed step below runs alone.
  const largest = Math.max(...PLAN.ingest);
  const pregenerated = only !== 'monitor' && largest > PLAN.rawUpTo ? generateInBackground(largest) : undefined;
  if (pregenerated) log(`generating ${fmtInt(largest)} lines in the background…`);
  const datasets: { dir: string; pairs: number; per: number; ds: Awaited<ReturnType<typeof buildMonitorDataset>> }[] = [];
  if (only !== 'ingest') {
    for (const { pairs, per } of PLAN.monitor) {
      const dir = tempDir(`monitor-${pairs * per}`);
      log(`monitoring dataset: ${fmtInt(pairs)} active tuples, ${fmtInt(pairs * (per + 10))} invocations`);
      const ds = await buildMonitorDataset(dir, pairs, per);
      log(`  built in ${(ds.ms / 1000).toFixed(1)} s`);
      datasets.push({ dir, pairs, per, ds });
    }
  }
  if (pregenerated) {
    await pregenerated.done;
    log('  background generation done');
  }

  const ingest: IngestFigure[] = [];
  if (only !== 'monitor') {
    for (const rows of PLAN.ingest) {
      log(`ingest ${fmtInt(rows)} rows`);
      ingest.push(await benchIngest(rows, startMs, ingest.at(-1), rows === largest ? pregenerated : undefined));
    }
  }

  const monitor: MonitorFigure[] = [];
  let dashboard: { json_ms: number | null; render_ms: number | null; in_process_ms: number | null; in_process_warm_ms?: number; status: string } = { json_ms: null, render_ms: null, in_process_ms: null, status: 'not measured' };
  let q: { library_ms: number; cli_ms: number; rows: number } | null = null;
  let record: { cli_ms: number; peak_rss_mb: number } | null = null;
  if (only !== 'ingest') {
    const monitorAvailable = await hasCommand('monitor');
    for (let d = 0; d < datasets.length; d++) {
      const { dir, pairs, ds } = datasets[d];
      const last = d === datasets.length - 1;
      try {
        log(`monitoring ${fmtInt(pairs)} active tuples, ${fmtInt(ds.invocations)} invocations`);
        const fig: MonitorFigure = {
          invocations: ds.invocations,
          active_tuples: pairs,
          tuples: ds.tuples,
          build_s: Number((ds.ms / 1000).toFixed(1)),
          monitor_once_ms: null,
          monitor_dry_run_ms: null,
          monitor_repeat_ms: null,
          monitor_status: monitorAvailable ? 'ok' : 'not available yet',
          rollbacks: null,
        };
        if (monitorAvailable) {
          const dry: number[] = [];
          for (let i = 0; i < 3; i++) dry.push((await runOk(['--data-dir', dir, 'monitor', '--once', '--dry-run', '--json'])).wallMs);
          fig.monitor_dry_run_ms = Math.round(median(dry));
          const r = await runOk(['--data-dir', dir, 'monitor', '--once', '--json']);
          fig.monitor_once_ms = Math.round(r.wallMs);
          fig.rollbacks = countRollbacks(r.stdout);
          fig.monitor_repeat_ms = Math.round((await runOk(['--data-dir', dir, 'monitor', '--once', '--json'])).wallMs);
          log(`  monitor --once ${fig.monitor_once_ms} ms (dry run ${fig.monitor_dry_run_ms} ms), rollbacks ${fig.rollbacks ?? '?'}; next pass ${fig.monitor_repeat_ms} ms`);
        } else log('  monitor: not available yet');
        monitor.push(fig);
        if (last) {
          const lib = await benchLibrary(dir);
          const js: number[] = [];
          const txt: number[] = [];
          for (let i = 0; i < 3; i++) js.push((await runOk(['--data-dir', dir, 'dashboard', '--json'])).wallMs);
          for (let i = 0; i < 3; i++) txt.push((await runOk(['--data-dir', dir, 'dashboard'])).wallMs);
          dashboard = { json_ms: Math.round(median(js)), render_ms: Math.round(median(txt)), in_process_ms: lib.dashboard_first, in_process_warm_ms: lib.dashboard_warm, status: 'ok' };
          log(`  dashboard ${dashboard.render_ms} ms whole process (--json ${dashboard.json_ms} ms), build + render in a fresh process ${lib.dashboard_first} ms first, ${lib.dashboard_warm} ms after`);
          q = { library_ms: lib.q_ms, cli_ms: await benchQCli(dir), rows: lib.q_rows };
          log(`  q --json one agent: ${fmtMs(q.library_ms)} ms in the library, ${fmtMs(q.cli_ms)} ms whole process`);
          const rec: ChildResult[] = [];
          for (let i = 0; i < 7; i++) {
            rec.push(await runOk(['--data-dir', dir, 'record', '--agent', 'agent-0000', '--task', 'task-0000', '--variant', 'v1', '--outcome', 'success', '--duration-ms', '1200', '--json']));
          }
          record = { cli_ms: Math.round(median(rec.map((r) => r.wallMs))), peak_rss_mb: Math.round(Math.max(...rec.map((r) => r.peakRssMb))) };
          log(`  record: ${record.cli_ms} ms whole process`);
        }
        // With PostgreSQL too: select latency over the dataset the PostgreSQL part measures (after every SQLite figure of it).
        if (WITH_PG && pairs === PG_PLAN.monitor.pairs && datasets[d].per === PG_PLAN.monitor.per) {
          const { benchSelect } = await import('./bench-postgres');
          select = await benchSelect(LIB, CHILD_ENV, dir, undefined, pairs, PG_PLAN.selectCalls);
          log(`  select (library): p50 ${select.p50_ms} ms, p99 ${select.p99_ms} ms over ${fmtInt(select.calls)} calls`);
        }
      } finally {
        cleanup(dir);
      }
    }
  }

  const loadAfter = loadavg().map((x) => Number(x.toFixed(2)));
  const results = assemble({ startedAt, m, loadBefore, loadAfter, startMs, ingest, monitor, dashboard, q, record, durationS: (performance.now() - started) / 1000 });
  return { results, select };
}

function countRollbacks(stdout: string): number | null {
  try {
    const j = JSON.parse(stdout) as unknown;
    const find = (x: unknown): number | null => {
      if (Array.isArray(x)) return null;
      if (x && typeof x === 'object') {
        const o = x as Record<string, unknown>;
        if (Array.isArray(o.rollbacks)) return o.rollbacks.length;
        if (typeof o.rollbacks === 'number') return o.rollbacks;
        for (const v of Object.values(o)) {
          const r = find(v);
          if (r != null) return r;
        }
      }
      return null;
    };
    return find(j);
  } catch {
    return null;
  }
}

/**
 * The library calls, timed inside a fresh Node process that imports the built library (what a user's code or
 * the CLI runs once its modules are loaded), right after opening the data dir: the dashboard build + render to
 * text the first time and the median of the next five (what `--watch` pays); `q` for one agent, median of 20
 * calls after the first. Printed by the child as one JSON line.
 */
const LIBRARY_TIMING = `
const [lib, dir] = process.argv.slice(1);
const { openCrl } = await import(lib);
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
const crl = await openCrl({ dataDir: dir });
const dash = [];
for (let i = 0; i < 6; i++) { const t0 = performance.now(); await crl.dashboard.text({ color: false }); dash.push(performance.now() - t0); }
const q = [];
let rows = 0;
for (let i = 0; i < 21; i++) { const t0 = performance.now(); const r = await crl.learning.qTable({ agent: 'agent-0001' }); JSON.stringify(r, null, 2); q.push(performance.now() - t0); rows = r.length; }
await crl.close();
console.log(JSON.stringify({ first: dash[0], warm: median(dash.slice(1)), q: median(q.slice(1)), rows }));
`;

async function benchLibrary(dir: string): Promise<{ dashboard_first: number; dashboard_warm: number; q_ms: number; q_rows: number }> {
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', LIBRARY_TIMING, LIB, dir], { encoding: 'utf8', env: CHILD_ENV });
  const r = JSON.parse(out.trim().split('\n').at(-1) ?? '') as { first: number; warm: number; q: number; rows: number };
  return { dashboard_first: Math.round(r.first), dashboard_warm: Math.round(r.warm), q_ms: Number(r.q.toFixed(2)), q_rows: r.rows };
}

/** `q --json` for one agent as a whole process (median of 5). */
async function benchQCli(dir: string): Promise<number> {
  const cli: number[] = [];
  for (let i = 0; i < 5; i++) cli.push((await runOk(['--data-dir', dir, 'q', '--agent', 'agent-0001', '--json'])).wallMs);
  return Math.round(median(cli));
}

// ---------------------------------------------------------------------------------------------- results
interface Assembled {
  startedAt: string;
  m: ReturnType<typeof machine>;
  loadBefore: number[];
  loadAfter: number[];
  startMs: number;
  ingest: IngestFigure[];
  monitor: MonitorFigure[];
  dashboard: { json_ms: number | null; render_ms: number | null; in_process_ms: number | null; in_process_warm_ms?: number; status: string };
  q: { library_ms: number; cli_ms: number; rows: number } | null;
  record: { cli_ms: number; peak_rss_mb: number } | null;
  durationS: number;
}

/** Reference figures of the Python CRL tooling, as given in the issue (not measured by this bench). */
const REFERENCE = [
  { what: 'Python CRL tooling: record one outcome (rewrites the whole invocation file)', figure: '≈ 70 ms per invocation at 4,000 rows, growing with the file (quadratic in total)', measured_here: false },
  { what: 'Python CRL tooling: one degradation check (reads the whole file)', figure: '≈ 150 ms per check at 100,000 rows, growing with the file', measured_here: false },
];

function assemble(a: Assembled) {
  const biggestIngest = a.ingest.at(-1);
  const headline = [...a.ingest].reverse().find((x) => x.raw_measured_at === x.rows);
  const biggestMonitor = a.monitor.at(-1);
  type Goal = { name: string; goal: string; value: string; met: boolean | null };
  const goals: Goal[] = [];
  if (headline) goals.push({ name: 'ingest vs raw insert', goal: `≥ ${GOALS.ingestRatio * 100}%`, value: `${(headline.ratio_to_raw * 100).toFixed(0)}% at ${fmtInt(headline.rows)} rows`, met: headline.ratio_to_raw >= GOALS.ingestRatio });
  if (biggestIngest) goals.push({ name: 'ingest peak RSS', goal: `< ${GOALS.ingestRssMb} MB`, value: `${biggestIngest.peak_rss_mb} MB on a ${fmtInt(biggestIngest.file_mb)} MB file`, met: biggestIngest.peak_rss_mb < GOALS.ingestRssMb });
  if (biggestMonitor)
    goals.push({
      name: 'monitor --once',
      goal: `< ${GOALS.monitorMs} ms`,
      value: biggestMonitor.monitor_once_ms == null ? biggestMonitor.monitor_status : `${biggestMonitor.monitor_once_ms} ms first pass, ${biggestMonitor.monitor_repeat_ms} ms next (${fmtInt(biggestMonitor.active_tuples)} tuples, ${fmtInt(biggestMonitor.invocations)} inv.)`,
      met: biggestMonitor.monitor_once_ms == null ? null : biggestMonitor.monitor_once_ms < GOALS.monitorMs,
    });
  goals.push({
    name: 'dashboard render',
    goal: `< ${GOALS.dashboardMs} ms`,
    value: a.dashboard.in_process_ms == null ? a.dashboard.status : `${a.dashboard.in_process_ms} ms build + render, first in a fresh process (${a.dashboard.render_ms} ms whole process)`,
    met: a.dashboard.in_process_ms == null ? null : a.dashboard.in_process_ms < GOALS.dashboardMs,
  });
  if (a.q) goals.push({ name: 'q --json, one agent', goal: `< ${GOALS.qMs} ms`, value: `${fmtMs(a.q.library_ms)} ms (library; ${a.q.cli_ms} ms as a process)`, met: a.q.library_ms < GOALS.qMs });
  if (a.record) goals.push({ name: 'record, whole process', goal: `< ${GOALS.recordMs} ms`, value: `${a.record.cli_ms} ms`, met: a.record.cli_ms < GOALS.recordMs });
  return {
    mode,
    started_at: a.startedAt,
    duration_s: Number(a.durationS.toFixed(1)),
    machine: { ...a.m, load_before: a.loadBefore, load_after: a.loadAfter },
    process_start_ms: Math.round(a.startMs),
    ingest: a.ingest,
    monitor: a.monitor,
    dashboard: a.dashboard,
    q_one_agent: a.q,
    record: a.record,
    goals,
    reference: REFERENCE,
  };
}

function table(r: ReturnType<typeof assemble>): string {
  const lines: string[] = [];
  const m = r.machine;
  lines.push(`crl bench (${r.mode}) — ${m.cpu}, ${m.cores} cores, ${m.memory_gb} GB, Node ${m.node}, ${m.os}`);
  lines.push(`load average before ${m.load_before.join(' ')}, after ${m.load_after.join(' ')}; took ${r.duration_s} s; process start ${r.process_start_ms} ms`);
  lines.push('');
  if (r.ingest.length) {
    lines.push('Ingest (JSONL → validated, stored, Q-updated; whole `crl ingest` process)');
    lines.push(row(['rows', 'file MB', 'raw rows/s', 'ingest rows/s', 'of raw', 'µs/row', 'peak RSS MB'], [12, 8, 12, 14, 7, 7, 11]));
    for (const x of r.ingest) lines.push(row([fmtInt(x.rows), fmtInt(x.file_mb), `${x.raw_measured_at === x.rows ? '' : '*'}${fmtInt(x.raw_rows_per_s)}`, fmtInt(x.ingest_rows_per_s), `${(x.ratio_to_raw * 100).toFixed(0)}%`, x.us_per_row.toFixed(2), String(x.peak_rss_mb)], [12, 8, 12, 14, 7, 7, 11]));
    const basis = r.ingest.find((x) => x.raw_measured_at !== x.rows);
    if (basis) lines.push(`* raw limit measured at ${fmtInt(basis.raw_measured_at)} rows (not re-measured at larger sizes, where it only falls: the ratio is a lower bound)`);
    lines.push('');
  }
  if (r.monitor.length) {
    lines.push('Monitoring (`crl monitor --once`, whole process)');
    lines.push(row(['invocations', 'active tuples', 'dry run ms', 'once ms', 'next pass ms', 'rollbacks'], [12, 14, 11, 9, 13, 10]));
    for (const x of r.monitor) {
      lines.push(row([fmtInt(x.invocations), fmtInt(x.active_tuples), x.monitor_dry_run_ms == null ? x.monitor_status : String(x.monitor_dry_run_ms), x.monitor_once_ms == null ? '' : String(x.monitor_once_ms), x.monitor_repeat_ms == null ? '' : String(x.monitor_repeat_ms), x.rollbacks == null ? '' : String(x.rollbacks)], [12, 14, 11, 9, 13, 10]));
    }
    lines.push('');
  }
  lines.push('Goals');
  for (const g of r.goals) lines.push(row([g.name, g.goal, g.value, g.met == null ? '—' : g.met ? 'met' : 'MISSED'], [22, 10, 62, 6]));
  lines.push('');
  lines.push('Reference figures (from the issue, not measured by this bench)');
  for (const x of r.reference) lines.push(`  ${x.what}: ${x.figure}`);
  return `${lines.join('\n')}\n`;
}

/**
 * The PostgreSQL figures, next to SQLite's of the same run when both ran: one row per figure, one column per
 * backend ("—": not measured on that backend). Ingest is compared at the size PostgreSQL measured.
 */
function sideBySide(sq: ReturnType<typeof assemble> | undefined, sqSelect: SelectFigure | undefined, pgr: PgResults & { machine: ReturnType<typeof machine> & { load_before: number[]; load_after: number[] }; duration_s: number }): string {
  const lines: string[] = [];
  const cols = sq ? ['sqlite', 'postgres'] : ['postgres'];
  const W = [52, 14, 14];
  const put = (name: string, s: string | undefined, p: string | undefined) => lines.push(row(sq ? [name, s ?? '—', p ?? '—'] : [name, p ?? '—'], W));
  const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
  const m = pgr.machine;
  lines.push('');
  if (!sq) lines.push(`crl bench (${mode}), PostgreSQL only — ${m.cpu}, ${m.cores} cores, ${m.memory_gb} GB, Node ${m.node}, ${m.os}`);
  lines.push(`PostgreSQL ${pgr.server_version}: ${pgr.server}`);
  lines.push(`load average before ${m.load_before.join(' ')}, after ${m.load_after.join(' ')}; PostgreSQL part took ${pgr.duration_s} s (server and bench share the machine's cores)`);
  lines.push('');
  lines.push(sq ? 'SQLite and PostgreSQL side by side (same workload, same run)' : 'PostgreSQL');
  lines.push(row(['figure', ...cols], W));
  put('process start (empty `crl ingest`), ms', sq ? String(sq.process_start_ms) : undefined, String(pgr.process_start_ms));
  for (const p of pgr.ingest) {
    const s = sq?.ingest.find((x) => x.rows === p.rows);
    const n = fmtInt(p.rows);
    put(`ingest ${n} lines: crl ingest lines/s`, s && fmtInt(s.ingest_rows_per_s), fmtInt(p.ingest_rows_per_s));
    put(`  raw limit rows/s (PostgreSQL: the faster of the two)`, s && fmtInt(s.raw_rows_per_s), `${fmtInt(p.raw_rows_per_s)} ${p.raw_method}`);
    put('  raw multi-row INSERT (1,000 rows a statement)', undefined, fmtInt(p.raw_insert_rows_per_s));
    put('  raw COPY FROM STDIN', undefined, p.raw_copy_rows_per_s == null ? 'failed' : fmtInt(p.raw_copy_rows_per_s));
    put('  crl ingest of raw (goal ≥ 50%)', s && pct(s.ratio_to_raw), pct(p.ratio_to_raw));
    put('  crl ingest of raw multi-row INSERT', undefined, pct(p.ratio_to_raw_insert));
    put('  µs per row (process start taken out)', s && s.us_per_row.toFixed(2), p.us_per_row.toFixed(2));
    put('  peak RSS MB', s && String(s.peak_rss_mb), String(p.peak_rss_mb));
  }
  if (pgr.monitor) {
    const p = pgr.monitor;
    const s = sq?.monitor.find((x) => x.active_tuples === p.active_tuples && x.invocations === p.invocations);
    put(`monitor --once, ${fmtInt(p.active_tuples)} tuples, ${fmtInt(p.invocations)} inv., ms`, s?.monitor_once_ms == null ? undefined : String(s.monitor_once_ms), String(p.monitor_once_ms));
    put('  dry run, ms (median of 3)', s?.monitor_dry_run_ms == null ? undefined : String(s.monitor_dry_run_ms), String(p.monitor_dry_run_ms));
    put('  next pass, ms', s?.monitor_repeat_ms == null ? undefined : String(s.monitor_repeat_ms), String(p.monitor_repeat_ms));
    put('  rollbacks (first pass)', s?.rollbacks == null ? undefined : String(s.rollbacks), p.rollbacks == null ? '?' : String(p.rollbacks));
  }
  if (pgr.select) {
    put(`select, library call, p50 ms (${fmtInt(pgr.select.calls)} calls)`, sqSelect && fmtMs(sqSelect.p50_ms), fmtMs(pgr.select.p50_ms));
    put('  p99 ms', sqSelect && fmtMs(sqSelect.p99_ms), fmtMs(pgr.select.p99_ms));
    put('  mean ms', sqSelect && fmtMs(sqSelect.mean_ms), fmtMs(pgr.select.mean_ms));
  }
  lines.push('');
  lines.push('Goals (PostgreSQL)');
  for (const g of pgr.goals) lines.push(row([g.name, g.goal, g.value, g.met == null ? '—' : g.met ? 'met' : 'MISSED'], [28, 10, 80, 6]));
  return `${lines.join('\n')}\n`;
}

const row = (cells: string[], widths: number[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');

main().catch((e) => {
  process.stderr.write(`bench failed: ${(e as Error).stack ?? String(e)}\n`);
  process.exitCode = 1;
});
