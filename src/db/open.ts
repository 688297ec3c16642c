import Database from 'better-sqlite3';
import type { readMigrationFiles as ReadMigrationFiles } from 'drizzle-orm/migrator';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { CrlError, UsageError } from '../errors';

export type Sqlite = Database.Database;

export const DB_FILE = 'crl.db';

/**
 * Finds a migrations folder that ships next to the code (works from src/ and from the dist bundle):
 * `migrations` (SQLite) or `migrations-pg` (PostgreSQL).
 */
export function migrationsFolder(name: 'migrations' | 'migrations-pg' = 'migrations'): string {
  const start = typeof __dirname === 'string' ? __dirname : dirname(new URL(import.meta.url).pathname);
  let dir = resolve(start);
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, name, 'meta', '_journal.json'))) return join(dir, name);
    dir = dirname(dir);
  }
  throw new CrlError('internal', `Cannot find the migrations folder near ${start}`, { hint: 'Reinstall crl.' });
}

/**
 * A real `require` in every build: ESM code (the library, the CLI chunks, the sources) makes one from its
 * URL; a CommonJS bundle, where `import.meta` is empty, has its own.
 */
export const runtimeRequire = (): NodeRequire => (import.meta.url ? createRequire(import.meta.url) : require);

let addonPath: string | null | undefined;
/**
 * The native addon's path, handed to better-sqlite3 so that it does not search for it (its default
 * lookup stats a few dozen candidate paths on every start); undefined leaves the search to it.
 */
function nativeBinding(): string | undefined {
  if (addonPath === undefined) {
    try {
      addonPath = runtimeRequire().resolve('better-sqlite3/build/Release/better_sqlite3.node');
    } catch {
      addonPath = null;
    }
  }
  return addonPath ?? undefined;
}

interface Journal {
  entries: { idx: number; when: number; tag: string }[];
}

const known = new Map<string, { count: number; latest: number }>();
/**
 * The migrations this version ships for a dialect (`migrations` SQLite, `migrations-pg` PostgreSQL): how many,
 * and the newest one's timestamp (ms). Read once per process.
 */
export function knownMigrations(folder: 'migrations' | 'migrations-pg' = 'migrations'): { count: number; latest: number } {
  let k = known.get(folder);
  if (!k) {
    const journal = JSON.parse(readFileSync(join(migrationsFolder(folder), 'meta', '_journal.json'), 'utf8')) as Journal;
    k = { count: journal.entries.length, latest: Math.max(...journal.entries.map((e) => e.when)) };
    known.set(folder, k);
  }
  return k;
}

export interface OpenOptions {
  busyTimeoutMs: number;
}

/**
 * Opens (creating if needed) the data dir and its SQLite file: owner-only permissions, WAL,
 * synchronous NORMAL, busy timeout, foreign keys — each read back and checked — then applies pending
 * migrations. A database written by a newer crl is refused; a corrupt file gives a clear error.
 */
export function openDatabase(dataDir: string, opts: OpenOptions): { sqlite: Sqlite; path: string } {
  const path = join(dataDir, DB_FILE);
  if (!existsSync(dataDir)) mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (!existsSync(path)) {
    closeSync(openSync(path, 'a', 0o600));
    chmodSync(path, 0o600);
  }
  let sqlite: Sqlite;
  try {
    sqlite = new Database(path, { timeout: opts.busyTimeoutMs, nativeBinding: nativeBinding() });
  } catch (e) {
    throw corruptError(path, e);
  }
  try {
    withBusyRetry(() => sqlite.pragma('journal_mode = WAL'));
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma(`busy_timeout = ${Math.floor(opts.busyTimeoutMs)}`);
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('cache_size = -32000');
  } catch (e) {
    sqlite.close();
    throw corruptError(path, e);
  }
  checkPragmas(sqlite, path, opts.busyTimeoutMs);
  try {
    withBusyRetry(() => ensureMigrated(sqlite));
  } catch (e) {
    sqlite.close();
    if (e instanceof CrlError) throw e;
    throw corruptError(path, e);
  }
  return { sqlite, path };
}

function corruptError(path: string, e: unknown): CrlError {
  const msg = (e as Error).message ?? String(e);
  if (/not a database|malformed|corrupt/i.test(msg)) {
    return new CrlError('internal', `The database ${path} is corrupt or not a crl database (${msg}).`, {
      hint: 'Restore it from a backup, or move it away and run `crl init` to start a new one.',
      cause: e,
    });
  }
  return new CrlError('internal', `Cannot open the database ${path}: ${msg}`, { cause: e });
}

function checkPragmas(sqlite: Sqlite, path: string, busy: number): void {
  const mode = sqlite.pragma('journal_mode', { simple: true });
  const fk = sqlite.pragma('foreign_keys', { simple: true });
  const bt = sqlite.pragma('busy_timeout', { simple: true });
  const sync = sqlite.pragma('synchronous', { simple: true });
  if (mode !== 'wal' || fk !== 1 || bt !== Math.floor(busy) || sync !== 1) {
    throw new CrlError('internal', `SQLite settings did not apply on ${path}`, {
      details: { journal_mode: mode, foreign_keys: fk, busy_timeout: bt, synchronous: sync },
      hint: 'The file system may not support WAL (e.g. a network share); keep the data dir on a local disk.',
    });
  }
}

/**
 * Applies pending migrations (drizzle-kit's files and its `__drizzle_migrations` bookkeeping). The check
 * and the apply run under one write lock (BEGIN IMMEDIATE), so processes opening a new data dir at the
 * same moment wait for each other instead of both creating the tables.
 */
function ensureMigrated(sqlite: Sqlite): void {
  const folder = migrationsFolder();
  const journal = JSON.parse(readFileSync(join(folder, 'meta', '_journal.json'), 'utf8')) as Journal;
  const latestKnown = Math.max(...journal.entries.map((e) => e.when));
  const upToDate = (): boolean => {
    const applied = appliedMigrations(sqlite);
    if (applied.latest > latestKnown) {
      throw new UsageError(
        'This data dir was written by a newer version of crl (its schema has migrations this version does not know).',
        { hint: 'Upgrade crl to open it; it is never migrated backwards.' },
      );
    }
    return applied.count >= journal.entries.length && applied.latest === latestKnown;
  };
  if (upToDate()) return; // the usual case: no write lock taken
  // Loaded only when there is something to migrate (it hashes files with node:crypto: startup time).
  const { readMigrationFiles } = runtimeRequire()('drizzle-orm/migrator') as { readMigrationFiles: typeof ReadMigrationFiles };
  const migrations = readMigrationFiles({ migrationsFolder: folder });
  sqlite
    .transaction(() => {
      if (upToDate()) return; // another process migrated it while this one waited for the lock
      sqlite.exec('CREATE TABLE IF NOT EXISTS "__drizzle_migrations" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at numeric)');
      const latest = appliedMigrations(sqlite).latest;
      const record = sqlite.prepare('INSERT INTO "__drizzle_migrations" ("hash", "created_at") VALUES (?, ?)');
      for (const m of migrations) {
        if (latest >= m.folderMillis) continue;
        for (const stmt of m.sql) if (stmt.trim()) sqlite.exec(stmt);
        record.run(m.hash, m.folderMillis);
      }
    })
    .immediate();
}

const BUSY_RETRIES = 6;

/**
 * Runs fn again with exponential backoff (25 ms … 0.8 s, with jitter) while SQLite reports the file busy
 * or locked beyond the busy timeout — e.g. while another process creates or migrates the same data dir.
 */
export function withBusyRetry<T>(fn: () => T): T {
  for (let attempt = 0; ; attempt++) {
    try {
      return fn();
    } catch (e) {
      const code = String((e as { code?: unknown }).code ?? '');
      if (attempt >= BUSY_RETRIES || !/^SQLITE_(BUSY|LOCKED)/.test(code)) throw e;
      const ms = 25 * 2 ** attempt * (0.5 + Math.random());
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
    }
  }
}

function appliedMigrations(sqlite: Sqlite): { count: number; latest: number } {
  const exists = sqlite
    .prepare("select 1 from sqlite_master where type = 'table' and name = '__drizzle_migrations'")
    .get();
  if (!exists) return { count: 0, latest: 0 };
  const row = sqlite.prepare('select count(*) as c, max(created_at) as m from __drizzle_migrations').get() as {
    c: number;
    m: number | null;
  };
  return { count: row.c, latest: Number(row.m ?? 0) };
}
