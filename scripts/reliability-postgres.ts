/**
 * The reliability run on PostgreSQL (`npm run reliability -- --backend postgres`): two hosts (two data
 * dirs, one database), four writer processes (two `crl ingest` per data dir) and two monitor loops
 * (`crl monitor --once` in a loop from each data dir), SIGKILL trials (a random writer or monitor killed at a
 * random moment), a check of the store after every trial and a serial run to compare with at the end.
 *
 *   npm run build && npm run reliability -- --backend postgres [--kill-trials 60] [--writer-lines 2000]
 *     [--database-url ADMIN_URL] [--seed 20260101] [--keep]
 *
 * The admin URL comes from --database-url, else CRL_RELIABILITY_PG_URL, else a throwaway server is started
 * with scripts/pg-test-server.sh (stopped at the end, also on failure). The script creates its own
 * databases on it (dropped at the end unless --keep). A URL is only printed through maskUrl.
 *
 * Q-values depend on the order in which a tuple's invocations are folded, so each of the four writer slots
 * has its own agents (the writers of one trial touch disjoint tuples) and a slot's files are stored in trial
 * order (a killed file is ingested again before the next trial). The serial run ingests the same files in
 * that order into a fresh database; with disjoint tuples any interleaving of the slots gives its Q-values.
 *
 * Prints one line per part and a JSON summary; exits 1 if any check failed.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { seededRng } from '../core/learning/rng';
import { maskUrl } from '../src/db/connect';
import { openCrl } from '../src/crl';
import { DEMO_AGENTS, generateWorkload, type WorkloadAgent } from './demo/workload';

// --- the built CLI (self-contained: no test helpers, no SQLite) ------------------------------------

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The built CLI (`CRL_TEST_CLI` may point at another build of it). */
const CLI_PATH = process.env.CRL_TEST_CLI ?? join(ROOT, 'dist', 'crl.cjs');
/** The CLI the run uses: CRL_TEST_CLI, else a copy of dist/ taken at the start (see snapshotCli). */
let cli = CLI_PATH;
const scratchDir = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Starts the built CLI on a data dir (the database URL in env) without waiting. */
function spawnCrl(args: string[], opts: { dataDir: string; env: Record<string, string> }): ChildProcess {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...opts.env };
  delete env.CRL_DATA_DIR;
  delete env.CRL_CONFIG;
  return spawn(process.execPath, [cli, '--data-dir', opts.dataDir, ...args], { env, cwd: ROOT });
}

/** Waits for a child process to exit; resolves with its exit code or signal and its output. */
function finished(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((res, rej) => {
    child.on('error', rej);
    child.on('close', (code, signal) => res({ code, signal, stdout, stderr }));
  });
}

/** Identity of the built CLI in dist/ (a rebuild replaces dist/cli and rewrites dist/crl.cjs). */
function distStamp(): string {
  const a = statSync(join(ROOT, 'dist', 'crl.cjs'));
  const b = statSync(join(ROOT, 'dist', 'cli'));
  return `${a.mtimeMs}:${a.size}:${b.ino}:${b.mtimeMs}`;
}

/** True when every chunk the CLI bundles import is there (a copy taken during a rebuild may miss some). */
function chunksComplete(cliDir: string): boolean {
  const chunks = join(cliDir, 'chunks');
  const files = [join(cliDir, 'crl.mjs'), ...(existsSync(chunks) ? readdirSync(chunks).map((f) => join(chunks, f)) : [])];
  for (const f of files) {
    for (const m of readFileSync(f, 'utf8').matchAll(/chunk-[A-Za-z0-9_-]+\.mjs/g)) if (!existsSync(join(chunks, m[0]))) return false;
  }
  return true;
}

/**
 * A copy of the built CLI (dist/crl.cjs and dist/cli/, with the migrations next to it and node_modules
 * linked), so that a rebuild of dist/ by other work during the run neither breaks a process that starts
 * at that moment nor mixes two builds in one run. Taken again if dist/ changed while it was copied.
 */
async function snapshotCli(into: string): Promise<{ path: string; builtAt: string }> {
  for (let attempt = 0; attempt < 10; attempt++) {
    rmSync(into, { recursive: true, force: true });
    mkdirSync(join(into, 'dist'), { recursive: true });
    const before = distStamp();
    const builtAt = statSync(join(ROOT, 'dist', 'crl.cjs')).mtime.toISOString();
    cpSync(join(ROOT, 'dist', 'crl.cjs'), join(into, 'dist', 'crl.cjs'));
    cpSync(join(ROOT, 'dist', 'cli'), join(into, 'dist', 'cli'), { recursive: true });
    for (const d of ['migrations', 'migrations-pg']) cpSync(join(ROOT, d), join(into, d), { recursive: true });
    cpSync(join(ROOT, 'package.json'), join(into, 'package.json'));
    symlinkSync(join(ROOT, 'node_modules'), join(into, 'node_modules'), 'dir');
    const path = join(into, 'dist', 'crl.cjs');
    if (before === distStamp() && chunksComplete(join(into, 'dist', 'cli'))) {
      const r = await finished(spawn(process.execPath, [path, '--help'], { cwd: ROOT }));
      if (r.code === 0) return { path, builtAt };
    }
    await sleep(3000);
  }
  throw new Error('dist/ kept changing: could not take a whole copy of the built CLI (set CRL_TEST_CLI to a build).');
}

const SLOTS = 4;
/** Kept window sizes of the default config (degradation.window, degradation.sequential_lookback). */
const WINDOW = 20;
const LOOKBACK = 100;
const EPS = 1e-9;
/** What an error shown to the user looks like on stderr (alerts also go to stderr). */
const USER_ERROR = /^(error|internal error):|deadlock|could not serialize|ECONNRESET|terminating connection/im;

function numArg(name: string, def: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
}
function strArg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** Every URL in a text through maskUrl (an error or a child's output must never show a password). */
const maskAll = (text: string) => text.replace(/postgres(ql)?:\/\/[^\s'"`]+/gi, (u) => maskUrl(u));

const failures: string[] = [];
let failureCount = 0;
const check = (ok: boolean, what: string | (() => string)) => {
  if (!ok) {
    failureCount++;
    if (failures.length < 300) failures.push(maskAll(typeof what === 'string' ? what : what()));
  }
  return ok;
};

// --- children and clean-up --------------------------------------------------------------------------

const children = new Set<ChildProcess>();
function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.on('close', () => children.delete(child));
  return child;
}
function killChildren(): void {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
}

function runScript(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return finished(track(spawn('bash', [join(ROOT, 'scripts', 'pg-test-server.sh'), ...args], { cwd: ROOT })));
}

/** The admin URL with another database name. */
function withDatabase(admin: string, name: string): string {
  const u = new URL(admin);
  u.pathname = `/${name}`;
  return u.toString();
}

async function adminQuery(admin: string, sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

// --- workload ---------------------------------------------------------------------------------------

const slotAgents = (k: number): WorkloadAgent[] => DEMO_AGENTS.map((a) => ({ ...a, agent: `${a.agent}-s${k}` }));
const degAgent = (i: number, k: number) => `deg-t${i}-s${k}`;
/** Pairs degraded by a file ingested right before the settle: the two monitors find them at the same moment. */
const RACE_PAIRS = 8;
const raceAgent = (i: number, j: number) => `race-t${i}-${j}`;
const DEG_TASK = 'audit';

/** 70 lines that degrade the default `base` of agent/audit: 10 successes of `alt`, then 40 successes and 20 failures of `base`. */
function degradingLines(agent: string, idPrefix: string, startMs: number): string[] {
  const outcomes: [string, string][] = [...Array(10).fill(['alt', 'success']), ...Array(40).fill(['base', 'success']), ...Array(20).fill(['base', 'failure'])];
  return outcomes.map(([variant, outcome], n) => JSON.stringify({
    invocation_id: `${idPrefix}-d${n}`, timestamp: new Date(startMs + n * 60_000).toISOString(),
    agent_name: agent, task_type: DEG_TASK, variant_id: variant, outcome,
  }));
}

interface IngestFile {
  trial: number;
  slot: number;
  path: string;
  /** Id prefix of every line that carries an invocation_id (every 10th demo line has none). */
  prefix: string;
  lines: number;
  idLines: number;
}

/**
 * Trial i's file of slot k: `lines` demo lines over the slot's agents (day i+1 of January 2026, one in ten
 * without invocation_id), then 70 lines that degrade the default `base` of the pair deg-t{i}-s{k}/audit
 * (10 successes of `alt`, 40 successes then 20 failures of `base`: the threshold method trips).
 */
function writeIngestFile(dir: string, i: number, k: number, lines: number, seed: number): IngestFile {
  const prefix = `f${i}s${k}`;
  const dayEnd = Date.parse('2026-01-01T00:00:00Z') + (i + 1) * 86_400_000;
  const out: string[] = [];
  let idLines = 0;
  let j = 0;
  for (const l of generateWorkload({ count: lines, seed, end: new Date(dayEnd), days: 1, agents: slotAgents(k) })) {
    const line: Record<string, unknown> = { ...l, invocation_id: `${prefix}-${j}` };
    if (j % 10 === 0) delete line.invocation_id;
    else idLines++;
    out.push(JSON.stringify(line));
    j++;
  }
  const deg = degradingLines(degAgent(i, k), prefix, dayEnd - 86_400_000);
  out.push(...deg);
  idLines += deg.length;
  const path = join(dir, `t${i}-s${k}.jsonl`);
  writeFileSync(path, `${out.join('\n')}\n`);
  return { trial: i, slot: k, path, prefix, lines: out.length, idLines };
}

/** Trial i's race file: degrades RACE_PAIRS pairs of their own (slot -1: ingested alone, before the settle). */
function writeRaceFile(dir: string, i: number): IngestFile {
  const prefix = `r${i}`;
  const start = Date.parse('2026-01-01T00:00:00Z') + i * 86_400_000;
  const out: string[] = [];
  for (let j = 0; j < RACE_PAIRS; j++) out.push(...degradingLines(raceAgent(i, j), `${prefix}-${j}`, start));
  const path = join(dir, `t${i}-race.jsonl`);
  writeFileSync(path, `${out.join('\n')}\n`);
  return { trial: i, slot: -1, path, prefix, lines: out.length, idLines: out.length };
}

/** Registers every variant of the four slots' demo agents (with the workload's defaults). */
async function registerDemo(setupDir: string, url: string): Promise<void> {
  const crl = await openCrl({ dataDir: setupDir, databaseUrl: url });
  try {
    for (let k = 0; k < SLOTS; k++) {
      for (const a of slotAgents(k)) {
        for (const v of a.variants) await crl.variants.add({ agent: a.agent, variant: v.id, isDefault: Boolean(v.isDefault), params: v.params, by: 'reliability' });
      }
    }
  } finally {
    await crl.close();
  }
}

/** Registers the degrading pairs of trials (`base` the agent's default, `alt` the rollback target). */
async function registerDegPairs(setupDir: string, url: string, trials: number[]): Promise<void> {
  const crl = await openCrl({ dataDir: setupDir, databaseUrl: url });
  try {
    for (const i of trials) {
      const agents = [...Array.from({ length: SLOTS }, (_, k) => degAgent(i, k)), ...Array.from({ length: RACE_PAIRS }, (_, j) => raceAgent(i, j))];
      for (const agent of agents) {
        await crl.variants.add({ agent, variant: 'base', isDefault: true, by: 'reliability' });
        await crl.variants.add({ agent, variant: 'alt', by: 'reliability' });
      }
    }
  } finally {
    await crl.close();
  }
}

// --- processes --------------------------------------------------------------------------------------

type Done = Awaited<ReturnType<typeof finished>>;

interface MonitorTally {
  runs: number;
  passes: number;
  leaseSkips: number;
  rolledBack: number;
  changedConcurrently: number;
  errors: number;
}
const newTally = (): MonitorTally => ({ runs: 0, passes: 0, leaseSkips: 0, rolledBack: 0, changedConcurrently: 0, errors: 0 });

/** Counts what one `monitor --once --json` run did; false when an error reached the user. */
function tallyMonitor(t: MonitorTally, r: Done, where: string): boolean {
  t.runs++;
  if (!check(r.code === 0 && !USER_ERROR.test(r.stderr), () => `${where}: monitor exit ${r.code} ${r.signal ?? ''}: ${r.stderr.trim().split('\n').slice(0, 3).join(' | ')}`)) {
    t.errors++;
    return false;
  }
  try {
    const j = JSON.parse(r.stdout) as { lease_held_by?: string; degraded: { action: string }[] };
    if (j.lease_held_by) t.leaseSkips++;
    else t.passes++;
    for (const d of j.degraded) {
      if (d.action === 'rolled_back') t.rolledBack++;
      if (d.action === 'changed_concurrently') t.changedConcurrently++;
    }
  } catch {
    check(false, `${where}: monitor printed no JSON: ${r.stdout.slice(0, 200)}`);
    t.errors++;
    return false;
  }
  return true;
}

/** `crl monitor --once` in a loop from one data dir (a cron-style loop), until told to stop. */
class MonitorLoop {
  private current: ChildProcess | undefined;
  private killRequested = false;
  killed = false;
  readonly tally = newTally();
  constructor(
    readonly name: string,
    private readonly dataDir: string,
    private readonly config: string,
    private readonly env: Record<string, string>,
  ) {}

  async run(stop: () => boolean): Promise<void> {
    while (this.killRequested || !stop() || this.tally.runs < 2) {
      const child = track(spawnCrl(['--config', this.config, 'monitor', '--once', '--json'], { dataDir: this.dataDir, env: this.env }));
      this.current = child;
      const done = finished(child);
      if (this.killRequested) child.kill('SIGKILL');
      const r = await done;
      this.current = undefined;
      if (r.signal === 'SIGKILL') {
        // The monitor of this host is dead for the rest of the trial; the settle runs after it repair it.
        this.killed = true;
        this.killRequested = false;
        return;
      }
      tallyMonitor(this.tally, r, `monitor loop ${this.name}`);
    }
  }

  /** SIGKILLs the running monitor (or the next one, if the loop is between two runs). */
  kill(): void {
    this.killRequested = true;
    const c = this.current;
    if (c && c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  }
}

// --- the checks -------------------------------------------------------------------------------------

interface Inspection {
  invocations: number;
  stored: Set<string>;
  absent: Set<string>;
  partial: string[];
  /** Total invocations equal the line count of the files judged stored (catches lines without id). */
  totalOk: boolean;
  tuples: number;
  tupleMismatches: string[];
  keptWindows: number;
  windowMismatches: string[];
  /** rollback rows ↔ audit rows ↔ outbox rows ↔ the default they set. */
  monitorMismatches: string[];
  /** Pairs with two rollbacks away from the same default (a duplicate rollback). */
  chainBreaks: string[];
  rollbacksByPair: Map<string, number>;
  rollbackIds: string[];
  outbox: { id: number; rollback_id: string; exported: boolean; origin: string | null }[];
  pending: number;
}

async function inspect(c: pg.Client, files: IngestFile[]): Promise<Inspection> {
  await c.query('begin isolation level repeatable read read only');
  try {
    const q = async <T>(sql: string) => (await c.query(sql)).rows as T[];
    const byPrefix = new Map<string, number>();
    for (const r of await q<{ p: string; c: number }>("select split_part(invocation_id, '-', 1) as p, count(*)::int as c from invocations group by 1")) byPrefix.set(r.p, r.c);
    const invocations = (await q<{ c: number }>('select count(*)::int as c from invocations'))[0].c;
    const stored = new Set<string>();
    const absent = new Set<string>();
    const partial: string[] = [];
    let storedLines = 0;
    for (const f of files) {
      const n = byPrefix.get(f.prefix) ?? 0;
      if (n === f.idLines) {
        stored.add(f.prefix);
        storedLines += f.lines;
      } else if (n === 0) absent.add(f.prefix);
      else partial.push(`${f.prefix}: ${n}/${f.idLines} lines with an id stored`);
    }
    const totalOk = invocations === storedLines;

    // Running counts of each tuple against its rows.
    const tupleMismatches: string[] = [];
    const tuples = await q<Record<string, number | string>>(`
      select q.id, q.agent_name, q.task_type, q.variant_id, q.n_visits, q.inv_count, q.inv_success, q.inv_partial, q.inv_failure, q.inv_error, q.reward_sum,
        coalesce(r.c, 0)::int as c, coalesce(r.s, 0)::int as s, coalesce(r.p, 0)::int as p, coalesce(r.f, 0)::int as f, coalesce(r.e, 0)::int as e, coalesce(r.rs, 0) as rs
      from q_values q left join (
        select tuple_id, count(*) as c, count(*) filter (where outcome = 'success') as s, count(*) filter (where outcome = 'partial') as p,
          count(*) filter (where outcome = 'failure') as f, count(*) filter (where outcome = 'error') as e, sum(reward) as rs
        from invocations group by tuple_id) r on r.tuple_id = q.id`);
    for (const t of tuples) {
      const key = `${t.agent_name}/${t.task_type}/${t.variant_id}`;
      const same = t.inv_count === t.c && t.inv_success === t.s && t.inv_partial === t.p && t.inv_failure === t.f && t.inv_error === t.e
        && t.n_visits === t.c && Math.abs(Number(t.reward_sum) - Number(t.rs)) <= EPS * Math.max(1, Math.abs(Number(t.rs)));
      if (!same) tupleMismatches.push(`${key}: counts ${t.inv_count}/${t.inv_success}/${t.inv_partial}/${t.inv_failure}/${t.inv_error} n ${t.n_visits} reward ${t.reward_sum} vs rows ${t.c}/${t.s}/${t.p}/${t.f}/${t.e} reward ${t.rs}`);
    }

    // Every kept window summary that stands (taken at the current count) against a recount of the newest rows.
    const windowMismatches: string[] = [];
    const kept = await q<{ id: number; key: string; win_size: number; win_n: number; win_success: number; win_errors: number; win_reward_sum: number; win_outcomes: string; outcomes: string[] | null; rewards: number[] | null }>(`
      select q.id, q.agent_name || '/' || q.task_type || '/' || q.variant_id as key, q.win_size, q.win_n, q.win_success, q.win_errors, q.win_reward_sum, q.win_outcomes,
        w.outcomes, w.rewards
      from q_values q cross join lateral (
        select array_agg(outcome order by ts desc, id desc) as outcomes, array_agg(reward order by ts desc, id desc) as rewards
        from (select outcome, reward, ts, id from invocations i where i.tuple_id = q.id order by ts desc, id desc limit ${LOOKBACK}) s) w
      where q.win_size is not null and q.win_inv_count = q.inv_count`);
    for (const k of kept) {
      const outcomes = k.outcomes ?? [];
      const rewards = (k.rewards ?? []).map(Number);
      const n = Math.min(k.win_size, outcomes.length);
      let sum = 0;
      for (let x = 0; x < n; x++) sum += rewards[x];
      const w = outcomes.slice(0, n);
      const want = {
        n, success: w.filter((o) => o === 'success').length, errors: w.filter((o) => o === 'error' || o === 'failure').length,
        letters: outcomes.map((o) => o[0]).join(''),
      };
      const same = k.win_size === WINDOW && k.win_n === want.n && k.win_success === want.success && k.win_errors === want.errors
        && Math.abs(Number(k.win_reward_sum) - sum) <= EPS * Math.max(1, Math.abs(sum)) && k.win_outcomes === want.letters;
      if (!same) windowMismatches.push(`${k.key}: kept n ${k.win_n} success ${k.win_success} errors ${k.win_errors} reward ${k.win_reward_sum} outcomes ${k.win_outcomes} vs recount ${want.n}/${want.success}/${want.errors}/${sum} ${want.letters}`);
    }

    // The monitor's transactions: each rollback with its audit row, its outbox row and the default it set.
    const monitorMismatches: string[] = [];
    const rbs = await q<{ rollback_id: string; agent_name: string; task_type: string; from_variant: string; to_variant: string }>(
      "select rollback_id, agent_name, task_type, from_variant, to_variant from rollbacks where event_type = 'rollback' order by agent_name, task_type, ts, rollback_id",
    );
    const audits = new Map<string, number>();
    for (const a of await q<{ details: string }>("select details from audit_log where action = 'rollback'")) {
      const id = String((JSON.parse(a.details) as { rollback_id?: string }).rollback_id);
      audits.set(id, (audits.get(id) ?? 0) + 1);
    }
    const outbox = (await q<{ id: number; line: string; exported_at: string | null; origin: string | null }>("select id, line, exported_at, origin from outbox where file = 'rollback_events' order by id"))
      .map((o) => ({ id: o.id, rollback_id: (JSON.parse(o.line) as { rollback_id: string }).rollback_id, exported: o.exported_at !== null, origin: o.origin }));
    const outboxCount = new Map<string, number>();
    for (const o of outbox) outboxCount.set(o.rollback_id, (outboxCount.get(o.rollback_id) ?? 0) + 1);
    const defaults = new Map<string, string>();
    for (const d of await q<{ agent_name: string; task_type: string; variant_id: string }>('select agent_name, task_type, variant_id from defaults')) defaults.set(`${d.agent_name}/${d.task_type}`, d.variant_id);
    const chainBreaks: string[] = [];
    const rollbacksByPair = new Map<string, number>();
    const lastTo = new Map<string, string>();
    for (const r of rbs) {
      const pair = `${r.agent_name}/${r.task_type}`;
      if ((audits.get(r.rollback_id) ?? 0) !== 1) monitorMismatches.push(`${r.rollback_id}: ${audits.get(r.rollback_id) ?? 0} audit rows`);
      if ((outboxCount.get(r.rollback_id) ?? 0) !== 1) monitorMismatches.push(`${r.rollback_id}: ${outboxCount.get(r.rollback_id) ?? 0} outbox rows`);
      const prev = lastTo.get(pair);
      if (prev !== undefined && prev !== r.from_variant) chainBreaks.push(`${pair}: ${r.rollback_id} rolled back from ${r.from_variant}, but the previous rollback had already switched to ${prev}`);
      lastTo.set(pair, r.to_variant);
      rollbacksByPair.set(pair, (rollbacksByPair.get(pair) ?? 0) + 1);
    }
    for (const [pair, to] of lastTo) if (defaults.get(pair) !== to) monitorMismatches.push(`${pair}: default ${defaults.get(pair)} but the last rollback switched to ${to}`);
    const rollbackIds = rbs.map((r) => r.rollback_id);
    const known = new Set(rollbackIds);
    for (const id of audits.keys()) if (!known.has(id)) monitorMismatches.push(`audit row of rollback ${id} without its rollback row`);
    for (const id of outboxCount.keys()) if (!known.has(id)) monitorMismatches.push(`outbox line of rollback ${id} without its rollback row`);
    return {
      invocations, stored, absent, partial, totalOk, tuples: tuples.length, tupleMismatches, keptWindows: kept.length, windowMismatches,
      monitorMismatches, chainBreaks, rollbacksByPair, rollbackIds, outbox, pending: outbox.filter((o) => !o.exported).length,
    };
  } finally {
    await c.query('rollback');
  }
}

/** The rollback ids in a data dir's rollback_events.jsonl (a line that does not parse is counted as torn). */
function jsonlRollbacks(dir: string): { ids: string[]; torn: number } {
  const p = join(dir, 'rollback_events.jsonl');
  if (!existsSync(p)) return { ids: [], torn: 0 };
  const ids: string[] = [];
  let torn = 0;
  for (const l of readFileSync(p, 'utf8').split('\n')) {
    if (l.trim() === '') continue;
    try {
      ids.push((JSON.parse(l) as { rollback_id: string }).rollback_id);
    } catch {
      torn++;
    }
  }
  return { ids, torn };
}

interface OutboxCheck {
  lines: Record<string, number>;
  duplicatedWithinDir: number;
  duplicatedAcrossDirs: number;
  missing: number;
  stray: number;
  wrongDir: number;
  torn: number;
  examples: string[];
}

/** Each rollback's JSONL line written once across the data dirs, in the file of the data dir that made it. */
function checkOutbox(dirs: Record<string, string>, insp: Inspection): OutboxCheck {
  const per: Record<string, string[]> = {};
  const lines: Record<string, number> = {};
  let torn = 0;
  for (const [name, dir] of Object.entries(dirs)) {
    const j = jsonlRollbacks(dir);
    per[name] = j.ids;
    lines[name] = j.ids.length;
    torn += j.torn;
  }
  const examples: string[] = [];
  let withinDir = 0;
  let acrossDirs = 0;
  const where = new Map<string, string[]>();
  for (const [name, ids] of Object.entries(per)) {
    const seen = new Set<string>();
    for (const id of ids) {
      if (seen.has(id)) {
        withinDir++;
        if (examples.length < 5) examples.push(`${id} twice in ${name}`);
      }
      seen.add(id);
    }
    for (const id of seen) where.set(id, [...(where.get(id) ?? []), name]);
  }
  for (const [id, names] of where) {
    if (names.length > 1) {
      acrossDirs++;
      if (examples.length < 5) examples.push(`${id} in ${names.join(' and ')}`);
    }
  }
  const known = new Set(insp.rollbackIds);
  let missing = 0;
  for (const id of insp.rollbackIds) {
    if (!where.has(id)) {
      missing++;
      if (examples.length < 5) examples.push(`${id} in no file`);
    }
  }
  let stray = 0;
  for (const id of where.keys()) if (!known.has(id)) stray++;
  const nameOfOrigin = new Map(Object.entries(dirs).map(([name, dir]) => [`${hostname()}:${dir}`, name]));
  let wrongDir = 0;
  for (const o of insp.outbox) {
    const home = o.origin === null ? undefined : nameOfOrigin.get(o.origin);
    const names = where.get(o.rollback_id) ?? [];
    if (names.length > 0 && (home === undefined || !names.includes(home) || names.length > 1)) {
      wrongDir++;
      if (examples.length < 5) examples.push(`${o.rollback_id} of origin ${o.origin === null ? 'null' : home ?? o.origin} written to ${names.join(', ')}`);
    }
  }
  return { lines, duplicatedWithinDir: withinDir, duplicatedAcrossDirs: acrossDirs, missing, stray, wrongDir, torn, examples };
}

/** Waits until no other client is connected to the database (a killed client's backend has gone). */
async function quiesce(c: pg.Client, database: string): Promise<number> {
  const t0 = performance.now();
  for (;;) {
    const n = (await c.query('select count(*)::int as n from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [database])).rows[0].n as number;
    if (n === 0) return Math.round(performance.now() - t0);
    if (performance.now() - t0 > 60_000) {
      check(false, `${n} connection(s) to ${database} still open 60 s after the trial`);
      return Math.round(performance.now() - t0);
    }
    await sleep(50);
  }
}

// --- the run ----------------------------------------------------------------------------------------

interface TrialRecord {
  trial: number;
  overlap: boolean;
  target: string;
  delay_ms: number;
  killed: boolean;
  file_at_kill?: 'stored' | 'absent' | 'partial';
  pending_lines_after_kill: number;
}

async function qTable(c: pg.Client): Promise<Map<string, Record<string, number>>> {
  const rows = (await c.query('select agent_name, task_type, variant_id, q_value, n_visits, inv_count, inv_success, inv_partial, inv_failure, inv_error, reward_sum from q_values')).rows as Record<string, string & number>[];
  return new Map(rows.map((r) => [`${r.agent_name}/${r.task_type}/${r.variant_id}`, {
    q: Number(r.q_value), n: r.n_visits, count: r.inv_count, success: r.inv_success, partial: r.inv_partial, failure: r.inv_failure, error: r.inv_error, reward_sum: Number(r.reward_sum),
  }]));
}

export async function main(): Promise<void> {
  if (!existsSync(CLI_PATH)) throw new Error(`${CLI_PATH} is missing: run \`npm run build\` first.`);
  const trials = numArg('kill-trials', 60);
  const linesPerFile = numArg('writer-lines', 2000);
  const seed = numArg('seed', 20260101);
  const keep = process.argv.includes('--keep');
  const t0 = performance.now();

  let serverDir: string | undefined;
  let admin = strArg('database-url') ?? process.env.CRL_RELIABILITY_PG_URL;
  /** Last resort (synchronous): whatever way this process ends, the children and a throwaway server go with it. */
  const stopAll = () => {
    killChildren();
    if (serverDir) {
      spawnSync('bash', [join(ROOT, 'scripts', 'pg-test-server.sh'), 'stop', serverDir], { cwd: ROOT, stdio: 'ignore' });
      rmSync(serverDir, { recursive: true, force: true });
      serverDir = undefined;
    }
  };
  const onSignal = () => {
    stopAll();
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  process.once('exit', stopAll);
  // Output piped into a reader that goes away (`| head`) must not end the run before its clean-up.
  process.stdout.on('error', () => undefined);
  const root = scratchDir('crl-reliability-pg-');
  const created: string[] = [];
  try {
    if (!admin) {
      serverDir = mkdtempSync(join(tmpdir(), 'crl-reliability-pgserver-'));
      const s = await runScript(['start', serverDir]);
      if (s.code !== 0) throw new Error(`scripts/pg-test-server.sh start failed: ${s.stderr.trim()}`);
      admin = readFileSync(join(serverDir, 'url'), 'utf8').trim();
    }
    const server = `${serverDir ? 'throwaway server (scripts/pg-test-server.sh)' : 'given server'} ${maskUrl(admin)}`;
    console.log(`postgres: ${server}`);
    let cliUsed = `CRL_TEST_CLI=${CLI_PATH}`;
    if (!process.env.CRL_TEST_CLI) {
      const snap = await snapshotCli(join(root, 'cli'));
      cli = snap.path;
      cliUsed = `copy of dist/crl.cjs built ${snap.builtAt}`;
    }
    console.log(`cli: ${cliUsed}`);
    const base = `crl_rel_${process.pid}_${Date.now().toString(36)}`;
    const sharedDb = base;
    const serialDb = `${base}_serial`;
    for (const d of [sharedDb, serialDb]) {
      await adminQuery(admin, `create database ${d}`);
      created.push(d);
    }
    const sharedUrl = withDatabase(admin, sharedDb);
    const serialUrl = withDatabase(admin, serialDb);
    const env = { CRL_DATABASE_URL: sharedUrl };

    const hostA = join(root, 'host-a');
    const hostB = join(root, 'host-b');
    const setup = join(root, 'setup');
    const filesDir = join(root, 'files');
    for (const d of [hostA, hostB, setup, filesDir]) mkdirSync(d, { recursive: true, mode: 0o700 });
    const dirs = { 'host-a': hostA, 'host-b': hostB, setup };
    const leaseConfig = join(root, 'monitor-lease.json');
    const overlapConfig = join(root, 'monitor-overlap.json');
    writeFileSync(leaseConfig, JSON.stringify({ degradation: { method: 'threshold' } }));
    // A lease that expires at once: both monitors run their passes at the same time and only the pair
    // lock and the compare-and-set of the default keep a rollback single.
    writeFileSync(overlapConfig, JSON.stringify({ degradation: { method: 'threshold' }, schedule: { lease_ttl_ms: 1 } }));

    await registerDemo(setup, sharedUrl);
    const c = new pg.Client({ connectionString: sharedUrl });
    await c.connect();

    const rng = seededRng(seed);
    const files: IngestFile[] = [];
    const slotDir = (k: number) => (k < SLOTS / 2 ? hostA : hostB);
    const records: TrialRecord[] = [];
    const loopTally = newTally();
    const settleTally = newTally();
    let writerErrors = 0;
    let writerKilled = 0, writerFinishedFirst = 0, monitorKilled = 0, monitorMissed = 0;
    let storedAtKill = 0, absentAtKill = 0;
    let estMs = 0;
    const after = { all_or_nothing: 0, counts_equal_rows: 0, windows_equal_recount: 0, monitor_consistent: 0 };
    const settled = { all_stored: 0, counts_equal_rows: 0, windows_equal_recount: 0, monitor_consistent: 0, exactly_one_rollback: 0, no_duplicate_rollback: 0, outbox_once: 0 };
    let settleBothRolledBack = 0;
    let settleBothRan = 0, recoveries = 0, recoveriesOk = 0, pendingAfterKill = 0, quiesceMaxMs = 0;
    let lastInsp: Inspection | undefined;
    let lastOutbox: OutboxCheck | undefined;
    const outboxTotals = { duplicated_within_dir: 0, duplicated_across_dirs: 0, missing: 0, stray: 0, wrong_dir: 0, torn: 0 };
    const trialMs: number[] = [];

    for (let i = 0; i < trials; i++) {
      const ti = performance.now();
      const overlap = i % 2 === 1;
      const config = overlap ? overlapConfig : leaseConfig;
      await registerDegPairs(setup, sharedUrl, [i]);
      const mine = Array.from({ length: SLOTS }, (_, k) => writeIngestFile(filesDir, i, k, linesPerFile, seed + 1000 + i * SLOTS + k));
      files.push(...mine);
      if (estMs === 0) {
        // First estimate of the writers' time: one file alone into a scratch database.
        const calib = `${base}_calib`;
        await adminQuery(admin, `create database ${calib}`);
        created.push(calib);
        const tc = performance.now();
        const r = await finished(track(spawnCrl(['ingest', mine[0].path, '--json'], { dataDir: join(root, 'calib'), env: { CRL_DATABASE_URL: withDatabase(admin, calib) } })));
        check(r.code === 0, `calibration ingest: exit ${r.code}: ${r.stderr.trim()}`);
        estMs = (performance.now() - tc) * 2;
      }

      // Four writers (two per host) and the two hosts' monitor loops, all at once.
      const writers = mine.map((f) => {
        const child = track(spawnCrl(['ingest', f.path, '--json'], { dataDir: slotDir(f.slot), env }));
        return { f, child, done: finished(child), start: performance.now(), ms: 0 };
      });
      let writersDone = false;
      let killResolved = false;
      const allWriters = Promise.all(writers.map(async (w) => {
        const r = await w.done;
        w.ms = performance.now() - w.start;
        return r;
      })).finally(() => (writersDone = true));
      const loops = [new MonitorLoop('host-a', hostA, config, env), new MonitorLoop('host-b', hostB, config, env)];
      const loopRuns = loops.map((l) => l.run(() => writersDone && killResolved));
      const targetIdx = Math.floor(rng() * (SLOTS + loops.length));
      const delay = Math.round(rng() * estMs * 1.1);
      const target = targetIdx < SLOTS ? `writer ${mine[targetIdx].prefix} (${targetIdx < SLOTS / 2 ? 'host-a' : 'host-b'})` : `monitor ${loops[targetIdx - SLOTS].name}`;
      await sleep(delay);
      if (targetIdx < SLOTS) {
        const w = writers[targetIdx];
        if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
      } else loops[targetIdx - SLOTS].kill();
      killResolved = true;
      const results = await allWriters;
      await Promise.all(loopRuns);

      let killed = false;
      let killedFile: IngestFile | undefined;
      for (const [k, r] of results.entries()) {
        if (r.signal === 'SIGKILL') {
          killed = true;
          killedFile = writers[k].f;
          continue;
        }
        const ok = r.code === 0 && r.stderr === '' && (() => {
          try {
            const j = JSON.parse(r.stdout) as { accepted: number; duplicates: number; rejected: unknown[] };
            return j.accepted === writers[k].f.lines && j.duplicates === 0 && j.rejected.length === 0;
          } catch {
            return false;
          }
        })();
        if (!check(ok, () => `trial ${i}: ingest ${writers[k].f.prefix}: exit ${r.code}: ${r.stderr.trim().split('\n').slice(0, 3).join(' | ')} ${r.stdout.slice(0, 200)}`)) writerErrors++;
      }
      if (targetIdx < SLOTS) {
        if (killed) writerKilled++;
        else writerFinishedFirst++;
      } else {
        killed = loops[targetIdx - SLOTS].killed;
        if (killed) monitorKilled++;
        else monitorMissed++;
      }
      for (const l of loops) for (const key of Object.keys(loopTally) as (keyof MonitorTally)[]) loopTally[key] += l.tally[key];
      const finishedMs = writers.filter((w) => w.f !== killedFile).map((w) => w.ms);
      if (finishedMs.length) estMs = 0.5 * estMs + 0.5 * Math.max(...finishedMs);

      // After the kill: nothing partial.
      quiesceMaxMs = Math.max(quiesceMaxMs, await quiesce(c, sharedDb));
      const a = await inspect(c, files);
      const rec: TrialRecord = { trial: i, overlap, target, delay_ms: delay, killed, pending_lines_after_kill: a.pending };
      pendingAfterKill += a.pending;
      if (check(a.partial.length === 0 && a.totalOk, () => `trial ${i} after the kill: partial files ${a.partial.join('; ')}; invocations ${a.invocations}, total ${a.totalOk ? 'ok' : 'differs from the stored files'}`)) after.all_or_nothing++;
      if (check(a.tupleMismatches.length === 0, () => `trial ${i} after the kill: ${a.tupleMismatches.length} tuple(s) whose counts differ from their rows: ${a.tupleMismatches.slice(0, 3).join('; ')}`)) after.counts_equal_rows++;
      if (check(a.windowMismatches.length === 0, () => `trial ${i} after the kill: ${a.windowMismatches.length} kept window summaries differ from a recount: ${a.windowMismatches.slice(0, 3).join('; ')}`)) after.windows_equal_recount++;
      if (check(a.monitorMismatches.length === 0, () => `trial ${i} after the kill: ${a.monitorMismatches.slice(0, 3).join('; ')}`)) after.monitor_consistent++;
      if (killedFile) {
        rec.file_at_kill = a.stored.has(killedFile.prefix) ? 'stored' : a.absent.has(killedFile.prefix) ? 'absent' : 'partial';
        if (rec.file_at_kill === 'stored') storedAtKill++;
        if (rec.file_at_kill === 'absent') absentAtKill++;
      }
      for (const f of mine) if (f !== killedFile) check(a.stored.has(f.prefix), `trial ${i}: ${f.prefix} finished but is not stored`);

      // The killed file ingested again from its host, before the slot's next file (the slot's order).
      if (killedFile) {
        recoveries++;
        const r = await finished(track(spawnCrl(['ingest', killedFile.path, '--json'], { dataDir: slotDir(killedFile.slot), env })));
        let ok = r.code === 0 && r.stderr === '';
        if (ok) {
          const j = JSON.parse(r.stdout) as { accepted: number; duplicates: number };
          ok = j.accepted + j.duplicates === killedFile.lines && (rec.file_at_kill === 'stored' ? j.accepted === 0 : j.accepted === killedFile.lines);
        }
        if (check(ok, () => `trial ${i}: re-ingest of ${killedFile!.prefix}: exit ${r.code}: ${r.stderr.trim()} ${r.stdout.slice(0, 200)}`)) recoveriesOk++;
      }

      // The race file (RACE_PAIRS pairs degraded at once), from one host, then the settle: the two hosts'
      // monitors started at the same moment (this also appends what a killed monitor left pending).
      const race = writeRaceFile(filesDir, i);
      files.push(race);
      const rr = await finished(track(spawnCrl(['ingest', race.path, '--json'], { dataDir: i % 2 ? hostB : hostA, env })));
      if (!check(rr.code === 0 && rr.stderr === '', () => `trial ${i}: race ingest: exit ${rr.code}: ${rr.stderr.trim()}`)) writerErrors++;
      const st = newTally();
      const settle = await Promise.all([hostA, hostB].map((d) => finished(track(spawnCrl(['--config', config, 'monitor', '--once', '--json'], { dataDir: d, env })))));
      const perHost = settle.map((r, n) => {
        const t = newTally();
        tallyMonitor(t, r, `trial ${i}: settle monitor ${n === 0 ? 'host-a' : 'host-b'}`);
        for (const key of Object.keys(st) as (keyof MonitorTally)[]) st[key] += t[key];
        return t;
      });
      if (st.passes === 2) settleBothRan++;
      if (perHost.every((t) => t.rolledBack > 0)) settleBothRolledBack++;
      for (const key of Object.keys(settleTally) as (keyof MonitorTally)[]) settleTally[key] += st[key];
      quiesceMaxMs = Math.max(quiesceMaxMs, await quiesce(c, sharedDb));

      const b = await inspect(c, files);
      lastInsp = b;
      if (check(b.stored.size === files.length && b.totalOk, () => `trial ${i} after the settle: ${files.length - b.stored.size} file(s) not stored; ${b.partial.join('; ')}`)) settled.all_stored++;
      if (check(b.tupleMismatches.length === 0, () => `trial ${i} after the settle: ${b.tupleMismatches.slice(0, 3).join('; ')}`)) settled.counts_equal_rows++;
      if (check(b.windowMismatches.length === 0, () => `trial ${i} after the settle: ${b.windowMismatches.length} kept window summaries differ from a recount: ${b.windowMismatches.slice(0, 3).join('; ')}`)) settled.windows_equal_recount++;
      if (check(b.monitorMismatches.length === 0, () => `trial ${i} after the settle: ${b.monitorMismatches.slice(0, 3).join('; ')}`)) settled.monitor_consistent++;
      const notOne: string[] = [];
      for (let t = 0; t <= i; t++) {
        for (const agent of [...Array.from({ length: SLOTS }, (_, k) => degAgent(t, k)), ...Array.from({ length: RACE_PAIRS }, (_, j) => raceAgent(t, j))]) {
          const n = b.rollbacksByPair.get(`${agent}/${DEG_TASK}`) ?? 0;
          if (n !== 1) notOne.push(`${agent}/${DEG_TASK}: ${n} rollbacks`);
        }
      }
      if (check(notOne.length === 0, () => `trial ${i}: degraded pairs without exactly one rollback: ${notOne.slice(0, 5).join('; ')}`)) settled.exactly_one_rollback++;
      if (check(b.chainBreaks.length === 0, () => `trial ${i}: duplicate rollbacks: ${b.chainBreaks.slice(0, 3).join('; ')}`)) settled.no_duplicate_rollback++;
      const o = checkOutbox(dirs, b);
      lastOutbox = o;
      for (const [k, v] of [['duplicated_within_dir', o.duplicatedWithinDir], ['duplicated_across_dirs', o.duplicatedAcrossDirs], ['missing', o.missing], ['stray', o.stray], ['wrong_dir', o.wrongDir], ['torn', o.torn]] as const) {
        outboxTotals[k] = Math.max(outboxTotals[k], v);
      }
      const once = o.duplicatedWithinDir === 0 && o.duplicatedAcrossDirs === 0 && o.missing === 0 && o.stray === 0 && o.wrongDir === 0 && o.torn === 0 && b.pending === 0;
      if (check(once, () => `trial ${i}: outbox: ${JSON.stringify({ lines: o.lines, pending: b.pending, within_dir: o.duplicatedWithinDir, across_dirs: o.duplicatedAcrossDirs, missing: o.missing, stray: o.stray, wrong_dir: o.wrongDir, torn: o.torn })}; e.g. ${o.examples.join('; ')}`)) settled.outbox_once++;
      records.push(rec);
      trialMs.push(performance.now() - ti);
      console.log(`trial ${i + 1}/${trials}${overlap ? ' (lease expiring at once)' : ''}: ${target} at ${delay} ms → ${killed ? 'killed' : 'finished first'}${rec.file_at_kill ? `, file ${rec.file_at_kill}` : ''}; ${b.invocations} invocations, ${b.rollbackIds.length} rollbacks, lines ${JSON.stringify(o.lines)}, failures so far ${failureCount}`);
    }
    await c.end();

    // The serial run: the same files one after another into a fresh database, in each slot's order.
    const serialDir = join(root, 'serial');
    const serialSetup = join(root, 'serial-setup');
    mkdirSync(serialDir, { mode: 0o700 });
    await registerDemo(serialSetup, serialUrl);
    await registerDegPairs(serialSetup, serialUrl, Array.from({ length: trials }, (_, i) => i));
    const ts = performance.now();
    let serialErrors = 0;
    for (const f of files) {
      const r = await finished(track(spawnCrl(['ingest', f.path, '--json'], { dataDir: serialDir, env: { CRL_DATABASE_URL: serialUrl } })));
      if (!check(r.code === 0, () => `serial ingest ${f.prefix}: exit ${r.code}: ${r.stderr.trim()}`)) serialErrors++;
    }
    const serialMs = performance.now() - ts;
    const cs = new pg.Client({ connectionString: sharedUrl });
    const cr = new pg.Client({ connectionString: serialUrl });
    await cs.connect();
    await cr.connect();
    const got = await qTable(cs);
    const want = await qTable(cr);
    const invShared = Number((await cs.query('select count(*)::int as c from invocations')).rows[0].c);
    const invSerial = Number((await cr.query('select count(*)::int as c from invocations')).rows[0].c);
    await cs.end();
    await cr.end();
    let maxQDiff = 0;
    const qDiffs: string[] = [];
    for (const key of new Set([...got.keys(), ...want.keys()])) {
      const g = got.get(key);
      const w = want.get(key);
      if (!g || !w) {
        qDiffs.push(`${key}: only in the ${g ? 'concurrent' : 'serial'} run`);
        continue;
      }
      const d = Math.abs(g.q - w.q);
      maxQDiff = Math.max(maxQDiff, d);
      const same = d <= EPS && g.n === w.n && g.count === w.count && g.success === w.success && g.partial === w.partial && g.failure === w.failure && g.error === w.error
        && Math.abs(g.reward_sum - w.reward_sum) <= EPS * Math.max(1, Math.abs(w.reward_sum));
      if (!same) qDiffs.push(`${key}: ${JSON.stringify(g)} vs serial ${JSON.stringify(w)}`);
    }
    const qEqual = check(qDiffs.length === 0 && invShared === invSerial, () => `Q-table differs from the serial run (${qDiffs.length} tuples; invocations ${invShared} vs ${invSerial}): ${qDiffs.slice(0, 3).join('; ')}`);

    const expectedLines = files.reduce((s, f) => s + f.lines, 0);
    const summary = {
      backend: 'postgres',
      server: serverDir ? 'throwaway (scripts/pg-test-server.sh)' : maskUrl(admin),
      cli: cliUsed,
      trials, lines_per_file: linesPerFile + 70, files: files.length, degraded_pairs: trials * (SLOTS + RACE_PAIRS), writers: SLOTS, data_dirs: 2, monitor_loops: 2, seed,
      kills: { writer_killed: writerKilled, writer_finished_first: writerFinishedFirst, monitor_killed: monitorKilled, monitor_finished_first: monitorMissed, killed_file_stored: storedAtKill, killed_file_absent: absentAtKill },
      after_kill: { ...after, pending_outbox_lines: pendingAfterKill },
      recovery: { reingested: recoveries, ok: recoveriesOk },
      after_settle: { ...settled, settles_with_both_monitors_running: settleBothRan, settles_where_both_rolled_back: settleBothRolledBack, outbox_worst: outboxTotals },
      monitors: { loops: loopTally, settles: settleTally },
      errors_shown: writerErrors + loopTally.errors + settleTally.errors,
      final: {
        invocations: lastInsp?.invocations ?? 0, expected_invocations: expectedLines, tuples: lastInsp?.tuples ?? 0, kept_window_summaries: lastInsp?.keptWindows ?? 0,
        rollbacks: lastInsp?.rollbackIds.length ?? 0, jsonl_lines: lastOutbox?.lines ?? {},
        q_equal_to_serial: qEqual, max_q_diff: maxQDiff, tuples_differing: qDiffs.length, serial_invocations: invSerial, serial_errors: serialErrors, serial_ms: Math.round(serialMs),
      },
      trial_ms: { mean: Math.round(trialMs.reduce((s, x) => s + x, 0) / Math.max(1, trialMs.length)), max: Math.round(Math.max(0, ...trialMs)) },
      quiesce_max_ms: quiesceMaxMs,
      seconds: Math.round((performance.now() - t0) / 1000),
      failure_count: failureCount,
      failures,
    };
    const k = summary.kills;
    const s = summary.after_settle;
    const f = summary.final;
    console.log(`postgres kill trials: ${trials} × 4 writers (2 per data dir) × ${summary.lines_per_file} lines + 2 monitor loops; writer killed ${k.writer_killed} (file then stored ${k.killed_file_stored}, absent ${k.killed_file_absent}), writer finished first ${k.writer_finished_first}, monitor killed ${k.monitor_killed}, monitor finished first ${k.monitor_finished_first}`);
    console.log(`after each kill: all-or-nothing ${after.all_or_nothing}/${trials}, counts equal rows ${after.counts_equal_rows}/${trials}, kept windows equal recount ${after.windows_equal_recount}/${trials}, monitor transactions whole ${after.monitor_consistent}/${trials}; ${pendingAfterKill} outbox line(s) left pending by kills; re-ingests ${recoveriesOk}/${recoveries}`);
    console.log(`after each settle (2 monitors started at once, ${settleBothRan} with both passes running, ${settleBothRolledBack} where both rolled back; ${trials * (SLOTS + RACE_PAIRS)} degraded pairs): all files stored ${s.all_stored}/${trials}, exactly one rollback per degraded pair ${s.exactly_one_rollback}/${trials}, no duplicate rollback ${s.no_duplicate_rollback}/${trials}, JSONL line once across the data dirs ${s.outbox_once}/${trials}; monitors lost the compare-and-set ${loopTally.changedConcurrently + settleTally.changedConcurrently} time(s), skipped on the lease ${loopTally.leaseSkips + settleTally.leaseSkips} time(s)`);
    console.log(`final: ${f.invocations} invocations (expected ${f.expected_invocations}), ${f.tuples} tuples, ${f.kept_window_summaries} kept window summaries, ${f.rollbacks} rollbacks, JSONL lines ${JSON.stringify(f.jsonl_lines)}; Q equal to the serial run: ${f.q_equal_to_serial} (max |ΔQ| ${f.max_q_diff}, serial ${f.serial_ms} ms); errors shown ${summary.errors_shown}`);
    console.log(JSON.stringify(summary, null, 2));
    if (!keep && failureCount === 0) for (const d of created) await adminQuery(admin, `drop database if exists ${d} with (force)`).catch(() => undefined);
    else if (!serverDir) console.log(`kept databases: ${created.join(', ')}`);
    process.exitCode = failureCount ? 1 : 0;
  } catch (e) {
    if (!(e instanceof Error)) throw new Error(maskAll(String(e)));
    e.message = maskAll(e.message);
    e.stack = maskAll(e.stack ?? e.message);
    throw e;
  } finally {
    killChildren();
    if (serverDir) {
      await runScript(['stop', serverDir]);
      rmSync(serverDir, { recursive: true, force: true });
      serverDir = undefined;
    }
    process.off('exit', stopAll);
    if (failureCount === 0 && !keep) rmSync(root, { recursive: true, force: true });
    else console.log(`data dirs and files kept in ${root}`);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
