import { spawnSync } from 'node:child_process';
import type { SqlDb } from '../src/db/sql-db';

/**
 * The backend a test run uses: `sqlite` (default) or `postgres` (the vitest project of that name, with
 * CRL_TEST_PG_URL the admin URL of a throwaway server: see scripts/pg-test-server.sh and .ci/run). The
 * same test files run on both; only the way a data dir finds its database differs.
 */
export const BACKEND: 'sqlite' | 'postgres' = process.env.CRL_TEST_BACKEND === 'postgres' ? 'postgres' : 'sqlite';
export const onPostgres = BACKEND === 'postgres';

const urls = new Map<string, string>();
let counter = 0;

/** A URL of the admin server with another database name. */
function withDatabase(admin: string, name: string): string {
  const u = new URL(admin);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Creates an empty database on the test server and returns its URL (postgres only). */
export function createTestDatabase(): string {
  const admin = process.env.CRL_TEST_PG_URL;
  if (!admin) throw new Error('CRL_TEST_PG_URL is not set: the postgres test project needs a server (scripts/pg-test-server.sh).');
  const name = `crl_t_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  const r = spawnSync('psql', [admin, '-qAtc', `create database ${name}`], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`cannot create test database ${name}: ${r.stderr}`);
  return withDatabase(admin, name);
}

/** On postgres: gives a data dir its own new database (or `sharedWith`'s, as a second host of one installation). */
export function bindDataDir(dataDir: string, sharedWith?: string): void {
  if (!onPostgres) return;
  const url = sharedWith !== undefined ? urls.get(sharedWith) : undefined;
  urls.set(dataDir, url ?? createTestDatabase());
}

/** The database URL of a data dir on postgres (undefined on sqlite, or for a dir no test made). */
export const databaseUrlOf = (dataDir: string | undefined): string | undefined => (dataDir === undefined ? undefined : urls.get(dataDir));

/** Environment for a CLI subprocess working on a data dir: CRL_DATABASE_URL on postgres, unset on sqlite. */
export const backendEnv = (dataDir: string | undefined): Record<string, string | undefined> => ({ CRL_DATABASE_URL: databaseUrlOf(dataDir) });

/** Runs one SQL statement on a data dir's PostgreSQL database with psql and returns its text output (no crl code involved). */
export function psql(dataDir: string, sql: string): string {
  const url = databaseUrlOf(dataDir);
  if (!url) throw new Error(`no test database for ${dataDir}`);
  const r = spawnSync('psql', [url, '-qAtX', '-v', 'ON_ERROR_STOP=1', '-c', sql], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`psql failed: ${r.stderr}`);
  return r.stdout.trim();
}

/** On postgres: gives `toDir` a copy of `fromDir`'s database (a template copy; nothing may be connected to it). */
export function cloneDatabase(fromDir: string, toDir: string): void {
  const from = databaseUrlOf(fromDir);
  const admin = process.env.CRL_TEST_PG_URL;
  if (!from || !admin) throw new Error(`no test database for ${fromDir}`);
  const name = `crl_t_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  const source = new URL(from).pathname.slice(1);
  const r = spawnSync('psql', [admin, '-qAtc', `create database ${name} template ${source}`], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`cannot copy test database ${source}: ${r.stderr}`);
  urls.set(toDir, withDatabase(admin, name));
}

/**
 * The query plan of a store statement, one line a step: SQLite's `explain query plan`, or PostgreSQL's
 * generic plan with sequential scans priced out (so a plan without a usable index shows `Seq Scan`, whatever
 * the table's size). Tests assert that no statement reads a whole table.
 */
export async function planOf(db: SqlDb, sql: string): Promise<string> {
  const n = (sql.match(/\?/g) ?? []).length;
  if (db.dialect === 'sqlite') {
    const plan = await db.all<{ detail: string }>(`explain query plan ${sql}`, Array(n).fill(null));
    return plan.map((p) => p.detail).join('\n');
  }
  return db.transaction(async (t) => {
    await t.run('set local enable_seqscan = off');
    await t.run('set local plan_cache_mode = force_generic_plan');
    await t.run(`prepare crl_plan as ${sql}`).catch((e: Error) => {
      throw new Error(`${e.message}: ${sql}`);
    });
    const rows = await t.all<{ 'QUERY PLAN': string }>(`explain execute crl_plan${n ? `(${Array(n).fill("'1'").join(', ')})` : ''}`);
    await t.run('deallocate crl_plan');
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  });
}
