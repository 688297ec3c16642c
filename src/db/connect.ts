import { existsSync, mkdirSync } from 'node:fs';
import type { CrlConfig } from '../config/config';
import { databaseUrlVar } from '../env';
import { UsageError } from '../errors';
import { openDatabase } from './open';
import type { SqlDb } from './sql-db';
import { sqliteDb } from './sqlite-db';

/** Where a process keeps its state: the SQLite file of its data dir, or a shared PostgreSQL server. */
export interface Backend {
  dialect: 'sqlite' | 'postgres';
  /** The data dir's database file (sqlite) or the URL with its password masked (postgres). */
  location: string;
}

/** The database URL in effect: the given one, else CRL_DATABASE_URL, else config `store.database_url`; undefined: SQLite. */
export function resolveDatabaseUrl(given: string | undefined, config: CrlConfig): string | undefined {
  const url = given || databaseUrlVar() || config.store.database_url || undefined;
  if (url !== undefined && !/^postgres(ql)?:\/\//.test(url)) {
    throw new UsageError(`The database URL must start with postgres:// or postgresql:// (got ${maskUrl(url)}).`, {
      hint: 'Unset CRL_DATABASE_URL / --database-url to use the SQLite file of the data dir.',
    });
  }
  return url;
}

/** A URL with its password (and any password= parameter) replaced by ***: the only form a URL is ever printed in. */
export function maskUrl(url: string): string {
  // The userinfo ends at the last '@' before the host: a password may itself hold a raw '@' or '/'.
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*):.*@(?=[^@]*$)/i, '$1:***@').replace(/([?&]password=)[^&]*/gi, '$1***');
}

/** Opens (creating and migrating if needed) the SQLite file of a data dir, whatever URL is configured. */
export function connectSqlite(dataDir: string, config: CrlConfig): { db: SqlDb; backend: Backend } {
  const { sqlite, path } = openDatabase(dataDir, { busyTimeoutMs: config.store.busy_timeout_ms });
  return { db: sqliteDb(sqlite), backend: { dialect: 'sqlite', location: path } };
}

/** Opens (creating and migrating if needed) the database a process uses. */
export async function connect(dataDir: string, config: CrlConfig, databaseUrl?: string): Promise<{ db: SqlDb; backend: Backend }> {
  const url = resolveDatabaseUrl(databaseUrl, config);
  if (url === undefined) return connectSqlite(dataDir, config);
  // The data dir holds this host's JSONL exports and rejects files on PostgreSQL too.
  if (!existsSync(dataDir)) mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  // Loaded only for PostgreSQL: a SQLite command never loads node-postgres.
  const { openPostgres } = await import('./postgres-open');
  const db = await openPostgres(url, config.store.pool);
  return { db, backend: { dialect: 'postgres', location: maskUrl(url) } };
}
