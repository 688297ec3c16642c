import Database from 'better-sqlite3';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { generateWorkload, type WorkloadAgent } from '../../scripts/demo/workload';
import { backendEnv, bindDataDir, cloneDatabase, databaseUrlOf, onPostgres, psql } from '../backend';
import { openTestCrl } from '../helpers';

/** The repository root (works under vitest and when a script imports this file as ESM through tsx). */
export const ROOT = resolve(typeof __dirname === 'string' ? __dirname : dirname(new URL(import.meta.url).pathname), '..', '..');
const CLI = join(ROOT, 'dist', 'crl.cjs');

/** A fresh temporary directory (a data dir; on the postgres test project with a database of its own, or `sharedWith`'s). */
export function scratchDir(prefix = 'crl-rel-', sharedWith?: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  bindDataDir(dir, sharedWith);
  return dir;
}

/** The built CLI (`CRL_TEST_CLI` may point at another build of it, e.g. while dist/ is being rebuilt). */
export const CLI_PATH = process.env.CRL_TEST_CLI ?? CLI;

function cliEnv(dataDir: string | undefined, env?: Record<string, string | undefined>): NodeJS.ProcessEnv {
  return { ...process.env, NO_COLOR: '1', CRL_DATA_DIR: undefined, CRL_CONFIG: undefined, ...backendEnv(dataDir), ...env };
}

/** Starts the built CLI on a data dir without waiting. */
export function spawnCrl(args: string[], opts: { dataDir?: string; env?: Record<string, string | undefined> } = {}): ChildProcess {
  const full = opts.dataDir ? ['--data-dir', opts.dataDir, ...args] : args;
  return spawn(process.execPath, [CLI_PATH, ...full], { env: cliEnv(opts.dataDir, opts.env), cwd: ROOT });
}

/** Runs the built CLI and waits for it. */
export function runCrl(
  args: string[],
  opts: { dataDir?: string; input?: string | Buffer; env?: Record<string, string | undefined>; timeoutMs?: number } = {},
): { code: number; stdout: string; stderr: string } {
  const full = opts.dataDir ? ['--data-dir', opts.dataDir, ...args] : args;
  const r = spawnSync(process.execPath, [CLI_PATH, ...full], { input: opts.input, encoding: 'utf8', env: cliEnv(opts.dataDir, opts.env), cwd: ROOT, timeout: opts.timeoutMs ?? 120_000, maxBuffer: 64 << 20 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Writes `count` generated invocation lines to a JSONL file. Every `withoutIdEvery`-th line has no
 * invocation_id, so that the content-derived id path of `ingest` is exercised too.
 */
export function writeWorkload(
  file: string,
  opts: { count: number; seed: number; agents?: WorkloadAgent[]; withoutIdEvery?: number; prefix?: string },
): void {
  const lines: string[] = [];
  let i = 0;
  for (const l of generateWorkload({ count: opts.count, seed: opts.seed, end: new Date('2026-01-15T00:00:00Z'), agents: opts.agents })) {
    const line: Record<string, unknown> = { ...l, invocation_id: `${opts.prefix ?? 'w'}-${opts.seed}-${i}` };
    if (opts.withoutIdEvery && i % opts.withoutIdEvery === 0) delete line.invocation_id;
    lines.push(JSON.stringify(line));
    i++;
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
}

/** Opens the data dir's SQLite file directly (no crl code involved) — for checking what a run left behind. SQLite only. */
export function rawDb(dataDir: string, readonly = true): Database.Database {
  return new Database(join(dataDir, 'crl.db'), { readonly, fileMustExist: true });
}

type SqlParam = string | number | null;

/** `sql` with each `?` (outside quotes) replaced by the SQL literal of its parameter, for psql. */
function inlineParams(sql: string, params: SqlParam[]): string {
  let i = 0;
  let out = '';
  let quote: string | null = null;
  for (const ch of sql) {
    if (quote) {
      if (ch === quote) quote = null;
      out += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      out += ch;
    } else if (ch === '?') {
      if (i >= params.length) throw new Error(`too few parameters for: ${sql}`);
      const p = params[i++];
      out += p === null ? 'null' : typeof p === 'number' ? String(p) : `'${p.replace(/'/g, "''")}'`;
    } else out += ch;
  }
  if (i !== params.length) throw new Error(`too many parameters for: ${sql}`);
  return out;
}

/**
 * The rows of a query on a data dir's database, read without crl code: better-sqlite3 on the SQLite file,
 * psql on PostgreSQL (each row as JSON, so numbers stay numbers). `?` placeholders, in the SQL both share.
 */
export function dbAll<T = Record<string, unknown>>(dataDir: string, sql: string, params: SqlParam[] = []): T[] {
  if (onPostgres) {
    const out = psql(dataDir, `select row_to_json(crl_row) from (${inlineParams(sql, params)}) crl_row`);
    return out === '' ? [] : out.split('\n').map((l) => JSON.parse(l) as T);
  }
  const db = rawDb(dataDir);
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

/** The first row of a query (see dbAll), or undefined. */
export const dbGet = <T = Record<string, unknown>>(dataDir: string, sql: string, params: SqlParam[] = []): T | undefined => dbAll<T>(dataDir, sql, params)[0];

/**
 * Runs statements on a data dir's database without crl code (better-sqlite3 `exec`, or psql), in one
 * implicit transaction on PostgreSQL; throws with the database's message when one fails.
 */
export function dbExec(dataDir: string, sql: string): void {
  if (onPostgres) {
    psql(dataDir, sql);
    return;
  }
  const db = rawDb(dataDir, false);
  try {
    db.exec(sql);
  } finally {
    db.close();
  }
}

export interface DbSnapshot {
  integrity: string;
  invocations: number;
  /** Per tuple: Q, n and the exact counts, keyed `agent/task/variant`. */
  q: Record<string, { q: number; n: number; count: number; success: number; partial: number; failure: number; error: number; reward_sum: number }>;
  /** Sum of inv_count over q_values; must equal `invocations`. */
  countedInvocations: number;
}

/** Integrity check, invocation count and the Q-table of a data dir (on postgres: read with psql; integrity is the server's). */
export function snapshot(dataDir: string): DbSnapshot {
  if (onPostgres) return pgSnapshot(dataDir);
  // A run killed before it created the database, or before its first migration committed, left no tables.
  if (!existsSync(join(dataDir, 'crl.db'))) return { integrity: 'ok', invocations: 0, q: {}, countedInvocations: 0 };
  const db = rawDb(dataDir);
  try {
    const integrity = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ');
    if (!db.prepare("select 1 from sqlite_master where name = 'invocations'").get()) return { integrity, invocations: 0, q: {}, countedInvocations: 0 };
    const invocations = (db.prepare('select count(*) as c from invocations').get() as { c: number }).c;
    const rows = db.prepare('select * from q_values order by agent_name, task_type, variant_id').all() as Record<string, number & string>[];
    const q: DbSnapshot['q'] = {};
    let counted = 0;
    for (const r of rows) {
      q[`${r.agent_name}/${r.task_type}/${r.variant_id}`] = {
        q: r.q_value, n: r.n_visits, count: r.inv_count, success: r.inv_success, partial: r.inv_partial,
        failure: r.inv_failure, error: r.inv_error, reward_sum: Math.round(r.reward_sum * 1e9) / 1e9,
      };
      counted += r.inv_count;
    }
    return { integrity, invocations, q, countedInvocations: counted };
  } finally {
    db.close();
  }
}

const COUNTED_TABLES = ['variants', 'defaults', 'q_values', 'invocations', 'audit_log', 'rollbacks', 'proposals', 'proposal_events', 'outbox'];

function pgSnapshot(dataDir: string): DbSnapshot {
  if (psql(dataDir, "select to_regclass('public.invocations') is null") === 't') return { integrity: 'ok', invocations: 0, q: {}, countedInvocations: 0 };
  const invocations = Number(psql(dataDir, 'select count(*) from invocations'));
  const rows = JSON.parse(psql(dataDir, 'select coalesce(json_agg(q order by agent_name, task_type, variant_id), \'[]\') from q_values q')) as Record<string, number & string>[];
  const q: DbSnapshot['q'] = {};
  let counted = 0;
  for (const r of rows) {
    q[`${r.agent_name}/${r.task_type}/${r.variant_id}`] = {
      q: r.q_value, n: r.n_visits, count: r.inv_count, success: r.inv_success, partial: r.inv_partial,
      failure: r.inv_failure, error: r.inv_error, reward_sum: Math.round(r.reward_sum * 1e9) / 1e9,
    };
    counted += r.inv_count;
  }
  return { integrity: 'ok', invocations, q, countedInvocations: counted };
}

/** Row counts of every table a write could touch. */
export function rowCounts(dataDir: string): Record<string, number> {
  if (onPostgres) {
    return Object.fromEntries(COUNTED_TABLES.map((t) => [t, Number(psql(dataDir, `select count(*) from ${t}`))]));
  }
  const db = rawDb(dataDir);
  try {
    const out: Record<string, number> = {};
    for (const t of COUNTED_TABLES) {
      out[t] = (db.prepare(`select count(*) as c from ${t}`).get() as { c: number }).c;
    }
    return out;
  } finally {
    db.close();
  }
}

/** Waits for a child process to exit; resolves with its exit code or signal and its output. */
export function finished(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Copies a closed data dir's database into a fresh data dir (owner-only, like crl creates it). */
export function cloneDataDir(fromDir: string, toDir: string): void {
  mkdirSync(toDir, { recursive: true, mode: 0o700 });
  if (onPostgres) return cloneDatabase(fromDir, toDir);
  copyFileSync(join(fromDir, 'crl.db'), join(toDir, 'crl.db'));
  chmodSync(join(toDir, 'crl.db'), 0o600);
}

export interface KillTrial {
  /** Milliseconds after spawn at which SIGKILL was sent. */
  delayMs: number;
  /** False when the ingest had already finished before the kill. */
  killed: boolean;
  /** Invocations stored right after the kill (a transaction is all or nothing: the before- or the after-count). */
  invocationsAfterKill: number;
  integrityAfterKill: string;
  /** State after re-running the same ingest to completion. */
  afterRerun: DbSnapshot;
  rerunExit: number | null;
}

/**
 * One crash trial: starts `crl ingest file` (the built CLI) on dataDir, SIGKILLs it after delayMs,
 * checks the file, then runs the same ingest again to completion.
 */
export async function ingestKillTrial(dataDir: string, file: string, delayMs: number): Promise<KillTrial> {
  const child = spawnCrl(['ingest', file, '--json'], { dataDir });
  const done = finished(child);
  await sleep(delayMs);
  const killed = child.exitCode === null && child.kill('SIGKILL');
  const res = await done;
  const after = snapshot(dataDir);
  const rerun = await finished(spawnCrl(['ingest', file, '--json'], { dataDir }));
  return {
    delayMs,
    killed: killed && res.signal === 'SIGKILL',
    invocationsAfterKill: after.invocations,
    integrityAfterKill: after.integrity,
    afterRerun: snapshot(dataDir),
    rerunExit: rerun.code,
  };
}

/** A data dir where `monitor --once` rolls back the default of several agents (threshold method). */
export async function degradingDataDir(dir: string, agents: number): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const config = join(dir, 'crl.json');
  writeFileSync(config, JSON.stringify({ degradation: { method: 'threshold' } }));
  if (!databaseUrlOf(dir)) bindDataDir(dir);
  const crl = await openTestCrl({ dataDir: dir, config });
  const lines: string[] = [];
  const start = Date.parse('2026-01-01T00:00:00Z');
  for (let a = 0; a < agents; a++) {
    const agent = `agent-${a}`;
    await crl.variants.add({ agent, variant: 'base', isDefault: true, by: 'setup' });
    await crl.variants.add({ agent, variant: 'alt', by: 'setup' });
    const outcomes: [string, string][] = [...Array(10).fill(['alt', 'success']), ...Array(40).fill(['base', 'success']), ...Array(20).fill(['base', 'failure'])];
    outcomes.forEach(([variant, outcome], i) =>
      lines.push(JSON.stringify({ invocation_id: `${agent}-${i}`, timestamp: new Date(start + i * 60_000).toISOString(), agent_name: agent, task_type: 'audit', variant_id: variant, outcome })),
    );
  }
  async function* src() {
    yield `${lines.join('\n')}\n`;
  }
  await crl.learning.ingest(src());
  await crl.close();
  return config;
}
