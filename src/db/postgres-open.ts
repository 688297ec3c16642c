import type { Pool as PgPool, PoolConfig } from 'pg';
import type { readMigrationFiles as ReadMigrationFiles } from 'drizzle-orm/migrator';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CrlConfig } from '../config/config';
import { CrlError, UsageError } from '../errors';
import { maskUrl } from './connect';
import { migrationsFolder, runtimeRequire } from './open';
import { poolConfig, postgresDb } from './postgres-db';
import type { SqlDb } from './sql-db';

type PgModule = typeof import('pg');

/** Every crl process that migrates takes this session lock first, so two hosts never migrate at once. */
const MIGRATION_LOCK = 0x63726c; // "crl"

/**
 * Connects a pool to a PostgreSQL database, checks that it answers, and applies pending migrations
 * (drizzle-kit's files of `migrations-pg/`, recorded in `drizzle.__drizzle_migrations` as drizzle does).
 * A database written by a newer crl is refused. Connection failures become a CrlError (exit 1) with a
 * hint; no message ever holds the URL's password.
 */
export async function openPostgres(url: string, pool: CrlConfig['store']['pool']): Promise<SqlDb> {
  const pg = runtimeRequire()('pg') as PgModule;
  const pgPool = new pg.Pool({ ...poolConfig(url, pool), types: numericTypes(pg) } as PoolConfig);
  // An idle connection that the server drops must not crash the process; the next query reconnects.
  pgPool.on('error', () => undefined);
  try {
    await pgPool.query('select 1');
  } catch (e) {
    await pgPool.end().catch(() => undefined);
    throw connectionError(url, e);
  }
  try {
    await migrate(pgPool);
  } catch (e) {
    await pgPool.end().catch(() => undefined);
    if (e instanceof CrlError) throw e;
    throw new CrlError('internal', `Cannot migrate the PostgreSQL database ${maskUrl(url)}: ${(e as Error).message}`, { cause: e });
  }
  return postgresDb(pgPool);
}

/** int8 (counts, sums of integers) and numeric (sums) as JavaScript numbers, like SQLite gives them. */
function numericTypes(pg: PgModule) {
  const { types } = pg;
  const INT8 = 20;
  const NUMERIC = 1700;
  return {
    getTypeParser: (oid: number, format?: 'text' | 'binary') => {
      if (oid === INT8 || oid === NUMERIC) return (v: string) => (v === null ? null : Number(v));
      return types.getTypeParser(oid, format);
    },
  };
}

/** A pg connection error as a message and a hint, by its code. */
export function connectionError(url: string, e: unknown): CrlError {
  const code = String((e as { code?: unknown }).code ?? '');
  const where = maskUrl(url);
  const table: Record<string, [string, string]> = {
    ECONNREFUSED: ['nothing listens at that host and port', 'Start the server, or fix the host and port of CRL_DATABASE_URL / --database-url.'],
    ENOTFOUND: ['the host name does not resolve', 'Fix the host of CRL_DATABASE_URL / --database-url.'],
    EAI_AGAIN: ['the host name does not resolve', 'Fix the host of CRL_DATABASE_URL / --database-url.'],
    ETIMEDOUT: ['the connection timed out', 'Check the network path to the server, or raise store.pool.connection_timeout_ms.'],
    '28P01': ['the password was refused', 'Check the user and password in the URL (or PGPASSWORD / ~/.pgpass).'],
    '28000': ['the server refused this user', "Check the user in the URL and the server's pg_hba.conf."],
    '3D000': ['the database does not exist', 'Create it first (e.g. `createdb crl`), then run `crl init`.'],
    '57P03': ['the server is starting up or shutting down', 'Try again in a moment.'],
  };
  const timeout = /timeout/i.test((e as Error).message ?? '');
  const [why, hint] = table[code] ?? (timeout ? table.ETIMEDOUT : [scrubbed(url, e), 'Check CRL_DATABASE_URL / --database-url and that the server is up.']);
  return new CrlError('internal', `Cannot connect to PostgreSQL at ${where}: ${why}.`, { hint, details: { code: code || null } });
}

/** An error's message with the URL (and its password, wherever it appears) taken out. */
function scrubbed(url: string, e: unknown): string {
  let msg = String((e as Error).message ?? e);
  const password = safePassword(url);
  msg = msg.split(url).join(maskUrl(url));
  if (password) msg = msg.split(password).join('***');
  return msg;
}

function safePassword(url: string): string | undefined {
  try {
    return decodeURIComponent(new URL(url).password) || undefined;
  } catch {
    return undefined;
  }
}

interface Journal {
  entries: { idx: number; when: number; tag: string }[];
}

async function migrate(pool: PgPool): Promise<void> {
  const folder = migrationsFolder('migrations-pg');
  const journal = JSON.parse(readFileSync(join(folder, 'meta', '_journal.json'), 'utf8')) as Journal;
  const latestKnown = Math.max(...journal.entries.map((e) => e.when));
  const client = await pool.connect();
  try {
    const applied = async (): Promise<{ count: number; latest: number }> => {
      const exists = await client.query("select to_regclass('drizzle.__drizzle_migrations') is not null as t");
      if (!exists.rows[0].t) return { count: 0, latest: 0 };
      const r = await client.query('select count(*) as c, max(created_at) as m from drizzle.__drizzle_migrations');
      return { count: Number(r.rows[0].c), latest: Number(r.rows[0].m ?? 0) };
    };
    const upToDate = async (): Promise<boolean> => {
      const a = await applied();
      if (a.latest > latestKnown) {
        throw new UsageError(
          'This database was written by a newer version of crl (its schema has migrations this version does not know).',
          { hint: 'Upgrade crl to open it; it is never migrated backwards.' },
        );
      }
      return a.count >= journal.entries.length && a.latest === latestKnown;
    };
    if (await upToDate()) return; // the usual case: no lock taken
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      if (await upToDate()) return; // another host migrated it while this one waited
      const { readMigrationFiles } = runtimeRequire()('drizzle-orm/migrator') as { readMigrationFiles: typeof ReadMigrationFiles };
      const migrations = readMigrationFiles({ migrationsFolder: folder });
      await client.query('BEGIN');
      try {
        await client.query('create schema if not exists drizzle');
        await client.query('create table if not exists drizzle.__drizzle_migrations (id serial primary key, hash text not null, created_at bigint)');
        const latest = (await applied()).latest;
        for (const m of migrations) {
          if (latest >= m.folderMillis) continue;
          for (const stmt of m.sql) if (stmt.trim()) await client.query(stmt);
          await client.query('insert into drizzle.__drizzle_migrations (hash, created_at) values ($1, $2)', [m.hash, m.folderMillis]);
        }
        await client.query('COMMIT');
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      }
    } finally {
      await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    }
  } finally {
    client.release();
  }
}

/** The schema version of a PostgreSQL database: applied migrations and the newest one's timestamp. */
export async function postgresSchemaVersion(db: SqlDb): Promise<{ count: number; latest: number }> {
  const r = await db.get<{ c: number; m: number | null }>('select count(*) as c, max(created_at) as m from drizzle.__drizzle_migrations');
  return { count: Number(r?.c ?? 0), latest: Number(r?.m ?? 0) };
}
