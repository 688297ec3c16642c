/**
 * `npm run bench -- --backend postgres|both`: the same figures on PostgreSQL (scripts/bench.ts runs this part).
 *
 *   1. Ingest: `crl ingest FILE` as a whole process with CRL_DATABASE_URL (as the SQLite part runs it) into a
 *      fresh database, next to PostgreSQL's own raw limit measured in the same run: the same rows, precomputed,
 *      loaded with no crl logic into a fresh database migrated by crl (same tables and indexes) in one
 *      transaction, two ways — multi-row INSERT (1,000 rows a statement, one prepared statement) and
 *      COPY … FROM STDIN (text format, through node-postgres' submittable interface, no extra package).
 *      The raw limit is the faster of the two; goal: crl ingest ≥ 50 % of it.
 *   2. Monitoring: `crl monitor --once` over 10,000 active tuples, the fixture loaded by raw multi-row inserts
 *      and one server-side insert-select (as the SQLite fixture loader), then the learning store's
 *      `backfillWindows()` and ANALYZE. Goal: < 1 s.
 *   3. `select`: library calls (`crl.serving.select`) in a fresh Node process over the monitoring fixture,
 *      p50 / p99 over a few thousand calls.
 *
 * The server: `--database-url URL` or CRL_BENCH_PG_URL (an admin URL: the bench creates and drops databases of
 * its own, `crl_bench_<pid>_…`), else a throwaway server started with scripts/pg-test-server.sh in a temp dir
 * and stopped at the end (also on failure or Ctrl-C). A URL is only ever printed through `maskUrl`.
 */
import { execFile, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { parseConfig } from '../src/config/config';
import { connect, maskUrl } from '../src/db/connect';
import { createLearningStore } from '../src/features/learning/learning-store';

/** One raw row, in column order: invocation_id, tuple_id, ts, outcome, reward, quality_score, error_count, duration_ms, metadata. */
export type RawRow = [string, number, string, string, number, number | null, number | null, number | null, string | null];

export interface ChildRun {
  code: number;
  stdout: string;
  stderr: string;
  wallMs: number;
  peakRssMb: number;
}

/** One tuple of a monitoring fixture, with the running counts and Q/n a replay of its rows gives. */
export interface FixtureTuple {
  id: number;
  agent: string;
  task: string;
  variant: string;
  q: number;
  n: number;
  count: number;
  success: number;
  failure: number;
}

export interface PgBenchOptions {
  mode: 'full' | 'quick' | 'tiny';
  root: string;
  cli: string;
  lib: string;
  tmp: string;
  keep: boolean;
  /** Admin URL given with --database-url (else CRL_BENCH_PG_URL, else a throwaway server). */
  databaseUrl?: string;
  ingestSizes: number[];
  /** The monitoring dataset (null: monitor and select not measured). */
  monitor: { pairs: number; per: number } | null;
  selectCalls: number;
  log: (line: string) => void;
  /** Runs the built CLI with this environment (wall time from spawn to exit, peak RSS). */
  runCli: (args: string[], env: NodeJS.ProcessEnv) => Promise<ChildRun>;
  childEnv: NodeJS.ProcessEnv;
  writeJsonl: (file: string, rows: number) => number;
  /** The tuples of the ingest workload (agent, task, variant), in the order their q_values rows are made. */
  ingestTuples: () => { agent: string; task: string; variant: string }[];
  /** The i-th raw row of the ingest workload with the tuple id given by `tupleId(agent|task|variant)`. */
  rawRow: (i: number, tupleId: (key: string) => number) => RawRow;
  /** The tuples of a monitoring fixture (the same the SQLite fixture loader writes). */
  fixtureTuples: (pairs: number, per: number) => FixtureTuple[];
  t0Ms: number;
}

export interface PgIngestFigure {
  rows: number;
  file_mb: number;
  raw_insert_rows_per_s: number;
  raw_copy_rows_per_s: number | null;
  /** The raw limit: the faster of the two raw loads. */
  raw_rows_per_s: number;
  raw_method: 'insert' | 'copy';
  ingest_rows_per_s: number;
  ratio_to_raw: number;
  ratio_to_raw_insert: number;
  ingest_wall_s: number;
  us_per_row: number;
  peak_rss_mb: number;
}

export interface PgMonitorFigure {
  invocations: number;
  active_tuples: number;
  tuples: number;
  build_s: number;
  backfill_s: number;
  monitor_once_ms: number;
  monitor_dry_run_ms: number;
  monitor_repeat_ms: number;
  rollbacks: number | null;
}

export interface SelectFigure {
  calls: number;
  p50_ms: number;
  p99_ms: number;
  mean_ms: number;
}

export interface PgResults {
  backend: 'postgres';
  server: string;
  server_version: string;
  process_start_ms: number;
  ingest: PgIngestFigure[];
  monitor: PgMonitorFigure | null;
  select: SelectFigure | null;
  goals: { name: string; goal: string; value: string; met: boolean | null }[];
}

const GOALS = { ingestRatio: 0.5, monitorMs: 1000 };
const fmtInt = (n: number) => Math.round(n).toLocaleString('en-US');
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const mb = (bytes: number) => bytes / 1024 / 1024;

// ---------------------------------------------------------------------------------------------- the server
interface Server {
  adminUrl: string;
  /** How the server is shown: its masked URL, or "throwaway server (…)". */
  label: string;
  stop: () => void;
}

/** Runs a command to its end without blocking the event loop (so that a signal is handled meanwhile). */
function runAsync(cmd: string, args: string[]): Promise<void> {
  return new Promise((ok, ko) => {
    const c = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'inherit'] });
    c.on('error', ko);
    c.on('exit', (code, sig) => (code === 0 ? ok() : ko(new Error(`${cmd} ${args.join(' ')} exited ${code ?? sig}`))));
  });
}

/** The admin URL given, or a throwaway server started with scripts/pg-test-server.sh (`stop` stops it and removes its dir). */
async function openServer(o: PgBenchOptions, started: (s: Server) => void): Promise<Server> {
  const given = o.databaseUrl || process.env.CRL_BENCH_PG_URL || undefined;
  if (given) {
    if (!/^postgres(ql)?:\/\//.test(given)) throw new Error(`The PostgreSQL URL must start with postgres:// or postgresql:// (got ${maskUrl(given)}).`);
    const s = { adminUrl: given, label: maskUrl(given), stop: () => undefined };
    started(s);
    return s;
  }
  const dir = mkdtempSync(join(o.tmp, 'crl-bench-pgserver-'));
  const script = join(o.root, 'scripts', 'pg-test-server.sh');
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      execFileSync('bash', [script, 'stop', dir], { stdio: ['ignore', 'ignore', 'inherit'] });
    } finally {
      if (!o.keep) rmSync(dir, { recursive: true, force: true });
    }
  };
  // Registered before the start, so that an interrupted start is stopped too.
  started({ adminUrl: '', label: dir, stop });
  process.once('exit', stop);
  o.log(`starting a throwaway PostgreSQL server in ${dir}…`);
  try {
    await runAsync('bash', [script, 'start', dir]);
  } catch (e) {
    stop();
    throw e;
  }
  const adminUrl = readFileSync(join(dir, 'url'), 'utf8').trim();
  const s = { adminUrl, label: `throwaway server (scripts/pg-test-server.sh, fsync off) at ${maskUrl(adminUrl)}`, stop };
  started(s);
  return s;
}

/** A client whose connection errors (a database dropped under it on Ctrl-C) reject its queries instead of crashing the process. */
function pgClient(config: pg.ClientConfig): pg.Client {
  const c = new pg.Client(config);
  c.on('error', () => undefined);
  return c;
}

/** The URL of database `name` on the server of `adminUrl`. */
function dbUrl(adminUrl: string, name: string): string {
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

/** The databases of this run: created fresh, dropped at the end. */
class Databases {
  private readonly made = new Set<string>();
  constructor(
    private readonly admin: pg.Client,
    private readonly adminUrl: string,
    private readonly keep: boolean,
  ) {}
  async create(what: string): Promise<{ name: string; url: string }> {
    const name = `crl_bench_${process.pid}_${what}`;
    await this.admin.query(`drop database if exists ${name}`);
    await this.admin.query(`create database ${name}`);
    this.made.add(name);
    return { name, url: dbUrl(this.adminUrl, name) };
  }
  async drop(name: string): Promise<void> {
    if (this.keep) return;
    await this.admin.query(`drop database if exists ${name} with (force)`);
    this.made.delete(name);
  }
  async dropAll(): Promise<void> {
    for (const name of [...this.made]) await this.drop(name).catch(() => undefined);
  }
}

// ---------------------------------------------------------------------------------------------- raw limit
const INV_COLUMNS = 'invocation_id, tuple_id, ts, outcome, reward, quality_score, error_count, duration_ms, metadata';
const RAW_PER_STATEMENT = 1_000;
const RAW_BATCH = 50_000;

/** The q_values rows of the ingest workload (as crl would make them); returns the id of each `agent|task|variant`. */
async function insertIngestTuples(c: pg.Client, o: PgBenchOptions): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  const tuples = o.ingestTuples();
  for (let s = 0; s < tuples.length; s += 1000) {
    const part = tuples.slice(s, s + 1000);
    const values = part.map((_, k) => `($${3 * k + 1}, $${3 * k + 2}, $${3 * k + 3}, '2025-01-01T00:00:00.000Z')`).join(', ');
    const r = await c.query<{ id: number; agent_name: string; task_type: string; variant_id: string }>(
      `insert into q_values (agent_name, task_type, variant_id, last_updated) values ${values} returning id, agent_name, task_type, variant_id`,
      part.flatMap((t) => [t.agent, t.task, t.variant]),
    );
    for (const row of r.rows) ids.set(`${row.agent_name}|${row.task_type}|${row.variant_id}`, Number(row.id));
  }
  return ids;
}

/**
 * Multi-row INSERT: one prepared statement of 1,000 rows (9,000 parameters) in one transaction. Only the
 * statements and the commit are timed; the rows of each batch are computed before.
 */
async function rawInsertPg(url: string, rows: number, o: PgBenchOptions): Promise<{ rowsPerS: number; ms: number }> {
  const c = pgClient({ connectionString: url, application_name: 'crl-bench-raw' });
  await c.connect();
  try {
    const ids = await insertIngestTuples(c, o);
    const tupleId = (key: string) => ids.get(key) as number;
    const text = (n: number) =>
      `insert into invocations (${INV_COLUMNS}) values ${Array.from({ length: n }, (_, k) => `(${Array.from({ length: 9 }, (_, j) => `$${9 * k + j + 1}`).join(', ')})`).join(', ')}`;
    const full = text(RAW_PER_STATEMENT);
    let timed = 0;
    await c.query('begin');
    for (let start = 0; start < rows; start += RAW_BATCH) {
      const n = Math.min(RAW_BATCH, rows - start);
      const params: unknown[][] = [];
      for (let s = 0; s < n; s += RAW_PER_STATEMENT) {
        const m = Math.min(RAW_PER_STATEMENT, n - s);
        const flat: unknown[] = new Array(m * 9);
        for (let k = 0; k < m; k++) {
          const r = o.rawRow(start + s + k, tupleId);
          for (let j = 0; j < 9; j++) flat[9 * k + j] = r[j];
        }
        params.push(flat);
      }
      const t0 = performance.now();
      for (const flat of params) {
        const m = flat.length / 9;
        if (m === RAW_PER_STATEMENT) await c.query({ name: 'crl-bench-raw', text: full, values: flat });
        else await c.query(text(m), flat);
      }
      timed += performance.now() - t0;
    }
    const t0 = performance.now();
    await c.query('commit');
    timed += performance.now() - t0;
    const n = Number((await c.query('select count(*) as c from invocations')).rows[0].c);
    if (n !== rows) throw new Error(`raw insert stored ${n} of ${rows} rows`);
    return { rowsPerS: rows / (timed / 1000), ms: timed };
  } finally {
    await c.end();
  }
}

/** COPY's text format: backslash, tab, newline and carriage return escaped; NULL as \N. */
const copyField = (v: string | number | null): string =>
  v === null ? '\\N' : typeof v === 'number' ? String(v) : /[\\\t\n\r]/.test(v) ? v.replace(/[\\\t\n\r]/g, (ch) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[ch] as string) : v;

/**
 * `COPY … FROM STDIN` through node-postgres' submittable interface (what pg-copy-streams does, without the
 * package): the query is sent, and on CopyInResponse the data goes out as CopyData then CopyDone.
 */
class CopyIn {
  private done!: (n: number) => void;
  private fail!: (e: Error) => void;
  private error: Error | undefined;
  private rowCount = 0;
  readonly promise: Promise<number>;
  constructor(
    private readonly text: string,
    private readonly data: Buffer,
  ) {
    this.promise = new Promise((ok, ko) => ((this.done = ok), (this.fail = ko)));
  }
  submit(connection: { query: (text: string) => void }): void {
    connection.query(this.text);
  }
  handleCopyInResponse(connection: { sendCopyFromChunk: (b: Buffer) => void; endCopyFrom: () => void }): void {
    const CHUNK = 1 << 20;
    for (let i = 0; i < this.data.length; i += CHUNK) connection.sendCopyFromChunk(this.data.subarray(i, i + CHUNK));
    connection.endCopyFrom();
  }
  handleCommandComplete(msg: { text?: string }): void {
    this.rowCount = Number(/(\d+)$/.exec(msg.text ?? '')?.[1] ?? 0);
  }
  handleError(err: Error): void {
    this.error = err;
  }
  handleReadyForQuery(): void {
    if (this.error) this.fail(this.error);
    else this.done(this.rowCount);
  }
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyData(): void {}
}

/** COPY FROM STDIN of the same rows, one COPY per batch of 50,000, in one transaction. Timed: the statements and the commit. */
async function rawCopyPg(url: string, rows: number, o: PgBenchOptions): Promise<{ rowsPerS: number; ms: number }> {
  const c = pgClient({ connectionString: url, application_name: 'crl-bench-copy' });
  await c.connect();
  try {
    const ids = await insertIngestTuples(c, o);
    const tupleId = (key: string) => ids.get(key) as number;
    let timed = 0;
    await c.query('begin');
    for (let start = 0; start < rows; start += RAW_BATCH) {
      const n = Math.min(RAW_BATCH, rows - start);
      const lines: string[] = new Array(n);
      for (let k = 0; k < n; k++) lines[k] = o.rawRow(start + k, tupleId).map(copyField).join('\t');
      const data = Buffer.from(`${lines.join('\n')}\n`);
      const t0 = performance.now();
      const copy = new CopyIn(`copy invocations (${INV_COLUMNS}) from stdin`, data);
      void c.query(copy as unknown as pg.QueryConfig);
      const stored = await copy.promise;
      timed += performance.now() - t0;
      if (stored !== n) throw new Error(`COPY stored ${stored} of ${n} rows`);
    }
    const t0 = performance.now();
    await c.query('commit');
    timed += performance.now() - t0;
    const n = Number((await c.query('select count(*) as c from invocations')).rows[0].c);
    if (n !== rows) throw new Error(`raw COPY stored ${n} of ${rows} rows`);
    return { rowsPerS: rows / (timed / 1000), ms: timed };
  } finally {
    await c.end();
  }
}

// ---------------------------------------------------------------------------------------------- monitoring fixture
/**
 * The monitoring fixture of scripts/bench.ts (`buildMonitorDataset`) on PostgreSQL: variants, defaults and
 * q_values (exact running counts, Q/n of a replay) by multi-row inserts, the invocations by one
 * insert-select over generate_series with the same outcomes, then the learning store's backfillWindows()
 * (each tuple's kept window and summary, as record/ingest would have left them) and ANALYZE.
 */
export async function buildPgFixture(url: string, dataDir: string, pairs: number, per: number, o: Pick<PgBenchOptions, 't0Ms' | 'fixtureTuples'>): Promise<{ invocations: number; tuples: number; ms: number; backfillMs: number }> {
  const t0 = performance.now();
  // Migrated by crl first (a no-op after `crl init`).
  const { db } = await connect(dataDir, parseConfig({}), url);
  const ALT = 10;
  const now = new Date(o.t0Ms + 40 * 86_400_000).toISOString();
  const c = pgClient({ connectionString: url, application_name: 'crl-bench-fixture' });
  await c.connect().catch(async (e) => {
    await db.close();
    throw e;
  });
  const total = pairs * (per + ALT);
  try {
    const tuples = o.fixtureTuples(pairs, per);
    const agents = [...new Set(tuples.map((t) => t.agent))];
    await c.query('begin');
    const many = async (head: string, width: number, rows: unknown[][], tail = '') => {
      const step = Math.floor(20_000 / width);
      for (let s = 0; s < rows.length; s += step) {
        const part = rows.slice(s, s + step);
        const values = part.map((_, k) => `(${Array.from({ length: width }, (_, j) => `$${width * k + j + 1}`).join(', ')})`).join(', ');
        await c.query(`${head} values ${values} ${tail}`, part.flat());
      }
    };
    await many("insert into variants (agent_name, variant_id, status, params, created_at, created_by)", 6, agents.flatMap((a) => [[a, 'v1', 'active', '{}', now, 'bench'], [a, 'v2', 'active', '{}', now, 'bench']]), 'on conflict do nothing');
    await many('insert into defaults (agent_name, task_type, variant_id, updated_at, updated_by)', 5, tuples.filter((t) => t.variant === 'v1').map((t) => [t.agent, t.task, 'v1', now, 'bench']));
    await many(
      'insert into q_values (id, agent_name, task_type, variant_id, q_value, n_visits, inv_count, inv_success, inv_partial, inv_failure, inv_error, reward_sum, last_updated)',
      13,
      tuples.map((t) => [t.id, t.agent, t.task, t.variant, t.q, t.n, t.count, t.success, 0, t.failure, 0, t.success, now]),
    );
    await c.query("select setval(pg_get_serial_sequence('q_values', 'id'), (select max(id) from q_values))");
    // The same rows as the SQLite loader's insert-select: tuple, k-th invocation, outcome by the same hash.
    const t0s = Math.floor(o.t0Ms / 1000);
    await c.query(
      `insert into invocations (invocation_id, tuple_id, ts, outcome, reward)
       select 'm-' || lpad(i::text, 10, '0'), tuple_id,
              to_char(to_timestamp(${t0s} + k * 60) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
              case when ok then 'success' else 'failure' end, case when ok then 1.0 else 0.0 end
       from (select i, tuple_id, k,
               ((((tuple_id::bigint * 100003 + k) * 2654435761) % 4294967296) % 100) <
                 (case when tuple_id % 2 = 0 then 85 when (tuple_id / 2) % 100 = 7 and k >= ${per} - 20 then 40 else 90 end) as ok
             from (select i,
                     case when i < ${pairs * per} then 2 * (i / ${per}) + 1 else 2 * ((i - ${pairs * per}) / ${ALT}) + 2 end as tuple_id,
                     case when i < ${pairs * per} then i % ${per} else (i - ${pairs * per}) % ${ALT} end as k
                   from generate_series(0, ${total - 1}) as i) s) t`,
    );
    await c.query('commit');
    // Aggregates against rows, on a sample of tuples (as the SQLite loader checks).
    for (const id of [1, 2, 2 * Math.min(pairs - 1, 7) + 1, 2 * pairs]) {
      const row = (await c.query("select count(*)::int as c, count(*) filter (where outcome = 'success')::int as s from invocations where tuple_id = $1", [id])).rows[0];
      const agg = (await c.query('select inv_count as c, inv_success as s from q_values where id = $1', [id])).rows[0];
      if (row.c !== agg.c || row.s !== agg.s) throw new Error(`fixture aggregates disagree for tuple ${id}: rows ${JSON.stringify(row)} vs q_values ${JSON.stringify(agg)}`);
    }
    await c.query('analyze');
  } catch (e) {
    await db.close();
    throw e;
  } finally {
    await c.end();
  }
  const tb = performance.now();
  try {
    await createLearningStore(db).backfillWindows();
  } finally {
    await db.close();
  }
  const backfillMs = performance.now() - tb;
  const c2 = pgClient({ connectionString: url });
  await c2.connect();
  await c2.query('vacuum analyze');
  await c2.end();
  return { invocations: total, tuples: pairs * 2, ms: performance.now() - t0, backfillMs };
}

// ---------------------------------------------------------------------------------------------- select
/**
 * `crl.serving.select` as a library call in a fresh Node process that imports the built library: the
 * agent/task pairs of the monitoring fixture in a fixed shuffled order, a fresh subject each call, 200
 * calls of warm-up, then `calls` timed one at a time. Printed by the child as one JSON line.
 */
const SELECT_TIMING = `
const [lib, dir, url, pairsArg, callsArg] = process.argv.slice(1);
const { openCrl } = await import(lib);
const pairs = Number(pairsArg), calls = Number(callsArg);
const agentsN = Math.max(1, Math.round(Math.sqrt(pairs)));
const crl = await openCrl({ dataDir: dir, databaseUrl: url || undefined });
const ms = [];
for (let i = 0; i < 200 + calls; i++) {
  const p = (i * 7919) % pairs;
  const agent = 'agent-' + String(p % agentsN).padStart(4, '0');
  const task = 'task-' + String(Math.floor(p / agentsN)).padStart(4, '0');
  const t0 = performance.now();
  await crl.serving.select({ agent, task, subject: 'subject-' + i });
  if (i >= 200) ms.push(performance.now() - t0);
}
await crl.close();
ms.sort((a, b) => a - b);
const q = (x) => ms[Math.min(ms.length - 1, Math.floor(x * ms.length))];
console.log(JSON.stringify({ calls: ms.length, p50: q(0.5), p99: q(0.99), mean: ms.reduce((a, b) => a + b, 0) / ms.length }));
`;

/** Select latency over a data dir (SQLite) or a PostgreSQL database (url). */
export async function benchSelect(lib: string, env: NodeJS.ProcessEnv, dir: string, url: string | undefined, pairs: number, calls: number): Promise<SelectFigure> {
  const out = await new Promise<string>((ok, ko) =>
    execFile(process.execPath, ['--input-type=module', '-e', SELECT_TIMING, lib, dir, url ?? '', String(pairs), String(calls)], { encoding: 'utf8', env, maxBuffer: 1 << 24 }, (e, stdout, stderr) =>
      e ? ko(new Error(`select timing failed: ${stderr.slice(0, 2000) || e.message}`)) : ok(stdout),
    ),
  );
  const r = JSON.parse(out.trim().split('\n').at(-1) ?? '') as { calls: number; p50: number; p99: number; mean: number };
  return { calls: r.calls, p50_ms: Number(r.p50.toFixed(3)), p99_ms: Number(r.p99.toFixed(3)), mean_ms: Number(r.mean.toFixed(3)) };
}

// ---------------------------------------------------------------------------------------------- the run
function countRollbacks(stdout: string): number | null {
  try {
    const j = JSON.parse(stdout) as { rollbacks?: unknown };
    return Array.isArray(j.rollbacks) ? j.rollbacks.length : null;
  } catch {
    return null;
  }
}

export async function benchPostgres(o: PgBenchOptions): Promise<PgResults> {
  // Ctrl-C / SIGTERM: this run's databases dropped (a given server) and the throwaway server stopped, then exit.
  let current: Server | undefined;
  let dbs: Databases | undefined;
  let starting: Promise<unknown> = Promise.resolve();
  let cleanTemps = () => undefined as void;
  const onSignal = (sig: NodeJS.Signals) => {
    o.log(`${sig}: cleaning up the PostgreSQL part`);
    void (async () => {
      await starting.catch(() => undefined);
      await dbs?.dropAll().catch(() => undefined);
      current?.stop();
      cleanTemps();
      process.exit(sig === 'SIGINT' ? 130 : 143);
    })();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const opening = openServer(o, (s) => (current = s));
  starting = opening;
  const server = await opening;
  const admin = pgClient({ connectionString: server.adminUrl, application_name: 'crl-bench' });
  dbs = new Databases(admin, server.adminUrl, o.keep);
  const temps = new Set<string>();
  const tempDir = (what: string) => {
    const d = mkdtempSync(join(o.tmp, `crl-bench-pg-${what}-`));
    temps.add(d);
    return d;
  };
  const cleanup = (p: string) => {
    temps.delete(p);
    if (!o.keep) rmSync(p, { recursive: true, force: true });
  };
  cleanTemps = () => [...temps].forEach(cleanup);
  try {
    o.log(`PostgreSQL: ${server.label}`);
    await admin.connect();
    const version = String((await admin.query('show server_version')).rows[0].server_version);
    o.log(`  PostgreSQL ${version}`);
    const envFor = (url: string): NodeJS.ProcessEnv => ({ ...o.childEnv, CRL_DATABASE_URL: url });
    const ok = async (args: string[], url: string) => {
      const r = await o.runCli(args, envFor(url));
      if (r.code !== 0) throw new Error(`crl ${args.join(' ')} (on ${maskUrl(url)}) exited ${r.code}:\n${r.stderr.slice(0, 2000)}`);
      return r;
    };
    // `crl init` on PostgreSQL does not create the data dir (SQLite's open does), and the first JSONL export
    // (monitor's rollback_events.jsonl) then fails with ENOENT: made here until crl makes it.
    const init = (dataDir: string, url: string) => {
      mkdirSync(dataDir, { recursive: true });
      return ok(['--data-dir', dataDir, 'init'], url);
    };

    // Process start: an ingest of an empty file into a migrated database (connect + migration check included).
    const startDir = tempDir('start');
    const startDb = await dbs.create('start');
    writeFileSync(join(startDir, 'empty.jsonl'), '');
    await init(join(startDir, 'd'), startDb.url);
    const starts: number[] = [];
    for (let i = 0; i < 5; i++) starts.push((await ok(['--data-dir', join(startDir, 'd'), 'ingest', join(startDir, 'empty.jsonl'), '--json'], startDb.url)).wallMs);
    const startMs = median(starts);
    await dbs.drop(startDb.name);
    cleanup(startDir);
    o.log(`  process start (empty ingest, PostgreSQL): ${Math.round(startMs)} ms`);

    const ingest: PgIngestFigure[] = [];
    for (const rows of o.ingestSizes) {
      o.log(`  ingest ${fmtInt(rows)} rows (PostgreSQL)`);
      const dir = tempDir(`ingest-${rows}`);
      try {
        const file = join(dir, 'invocations.jsonl');
        o.log(`    generating ${fmtInt(rows)} lines…`);
        const bytes = o.writeJsonl(file, rows);
        o.log('    raw limit: multi-row INSERT…');
        const rawA = await dbs.create(`raw_insert_${rows}`);
        await init(join(dir, 'raw-a'), rawA.url);
        const ins = await rawInsertPg(rawA.url, rows, o);
        await dbs.drop(rawA.name);
        o.log(`      ${fmtInt(ins.rowsPerS)} rows/s`);
        o.log('    raw limit: COPY FROM STDIN…');
        const rawB = await dbs.create(`raw_copy_${rows}`);
        await init(join(dir, 'raw-b'), rawB.url);
        let copy: { rowsPerS: number } | null = null;
        try {
          copy = await rawCopyPg(rawB.url, rows, o);
          o.log(`      ${fmtInt(copy.rowsPerS)} rows/s`);
        } catch (e) {
          o.log(`      COPY failed (${(e as Error).message}); the raw limit is the INSERT figure`);
        }
        await dbs.drop(rawB.name);
        o.log(`    crl ingest (${fmtInt(mb(bytes))} MB)…`);
        const ingDb = await dbs.create(`ingest_${rows}`);
        const data = join(dir, 'data');
        await init(data, ingDb.url);
        const r = await ok(['--data-dir', data, 'ingest', file, '--json'], ingDb.url);
        const out = JSON.parse(r.stdout) as { accepted: number };
        if (out.accepted !== rows) throw new Error(`ingest accepted ${out.accepted} of ${rows} rows`);
        await dbs.drop(ingDb.name);
        const best = copy && copy.rowsPerS > ins.rowsPerS ? { v: copy.rowsPerS, m: 'copy' as const } : { v: ins.rowsPerS, m: 'insert' as const };
        const rate = rows / (r.wallMs / 1000);
        const fig: PgIngestFigure = {
          rows,
          file_mb: Math.round(mb(bytes)),
          raw_insert_rows_per_s: Math.round(ins.rowsPerS),
          raw_copy_rows_per_s: copy ? Math.round(copy.rowsPerS) : null,
          raw_rows_per_s: Math.round(best.v),
          raw_method: best.m,
          ingest_rows_per_s: Math.round(rate),
          ratio_to_raw: Number((rate / best.v).toFixed(3)),
          ratio_to_raw_insert: Number((rate / ins.rowsPerS).toFixed(3)),
          ingest_wall_s: Number((r.wallMs / 1000).toFixed(2)),
          us_per_row: Number((((r.wallMs - startMs) * 1000) / rows).toFixed(2)),
          peak_rss_mb: Math.round(r.peakRssMb),
        };
        o.log(`    ingest ${fmtInt(fig.ingest_rows_per_s)} rows/s: ${(fig.ratio_to_raw * 100).toFixed(0)}% of raw (${best.m}), ${(fig.ratio_to_raw_insert * 100).toFixed(0)}% of raw INSERT; peak RSS ${fig.peak_rss_mb} MB`);
        ingest.push(fig);
      } finally {
        cleanup(dir);
      }
    }

    let monitor: PgMonitorFigure | null = null;
    let select: SelectFigure | null = null;
    if (o.monitor) {
      const { pairs, per } = o.monitor;
      o.log(`  monitoring fixture (PostgreSQL): ${fmtInt(pairs)} active tuples, ${fmtInt(pairs * (per + 10))} invocations`);
      const dir = tempDir('monitor');
      const mon = await dbs.create('monitor');
      try {
        const data = join(dir, 'data');
        await init(data, mon.url);
        const ds = await buildPgFixture(mon.url, data, pairs, per, o);
        o.log(`    built in ${(ds.ms / 1000).toFixed(1)} s (backfillWindows ${(ds.backfillMs / 1000).toFixed(1)} s)`);
        const dry: number[] = [];
        for (let i = 0; i < 3; i++) dry.push((await ok(['--data-dir', data, 'monitor', '--once', '--dry-run', '--json'], mon.url)).wallMs);
        const first = await ok(['--data-dir', data, 'monitor', '--once', '--json'], mon.url);
        const next = await ok(['--data-dir', data, 'monitor', '--once', '--json'], mon.url);
        monitor = {
          invocations: ds.invocations,
          active_tuples: pairs,
          tuples: ds.tuples,
          build_s: Number((ds.ms / 1000).toFixed(1)),
          backfill_s: Number((ds.backfillMs / 1000).toFixed(1)),
          monitor_once_ms: Math.round(first.wallMs),
          monitor_dry_run_ms: Math.round(median(dry)),
          monitor_repeat_ms: Math.round(next.wallMs),
          rollbacks: countRollbacks(first.stdout),
        };
        o.log(`    monitor --once ${monitor.monitor_once_ms} ms (dry run ${monitor.monitor_dry_run_ms} ms), rollbacks ${monitor.rollbacks ?? '?'}; next pass ${monitor.monitor_repeat_ms} ms`);
        select = await benchSelect(o.lib, o.childEnv, data, mon.url, pairs, o.selectCalls);
        o.log(`    select (library): p50 ${select.p50_ms} ms, p99 ${select.p99_ms} ms over ${fmtInt(select.calls)} calls`);
      } finally {
        await dbs.drop(mon.name);
        cleanup(dir);
      }
    }

    const goals: PgResults['goals'] = [];
    const head = ingest.at(-1);
    if (head) goals.push({ name: 'ingest vs raw (PostgreSQL)', goal: `≥ ${GOALS.ingestRatio * 100}%`, value: `${(head.ratio_to_raw * 100).toFixed(0)}% of raw ${head.raw_method.toUpperCase()} at ${fmtInt(head.rows)} rows (${(head.ratio_to_raw_insert * 100).toFixed(0)}% of multi-row INSERT)`, met: head.ratio_to_raw >= GOALS.ingestRatio });
    if (monitor) goals.push({ name: 'monitor --once (PostgreSQL)', goal: `< ${GOALS.monitorMs} ms`, value: `${monitor.monitor_once_ms} ms first pass, ${monitor.monitor_repeat_ms} ms next (${fmtInt(monitor.active_tuples)} tuples, ${fmtInt(monitor.invocations)} inv.)`, met: monitor.monitor_once_ms < GOALS.monitorMs });
    return { backend: 'postgres', server: server.label, server_version: version, process_start_ms: Math.round(startMs), ingest, monitor, select, goals };
  } finally {
    await dbs.dropAll();
    await admin.end().catch(() => undefined);
    server.stop();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
