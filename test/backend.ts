import { spawnSync } from 'node:child_process';

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
