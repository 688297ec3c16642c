import type { Sqlite } from './open';

/** The SQL dialect of a database: the embedded SQLite file of a data dir, or a shared PostgreSQL server. */
export type Dialect = 'sqlite' | 'postgres';

/** A value bound to a `?` placeholder (undefined binds as NULL). */
export type SqlValue = string | number | bigint | Buffer | null | undefined;

/**
 * The async port every store is written against. Statements use `?` placeholders and the SQL both
 * dialects share (`on conflict … do nothing|update`, `returning`, `coalesce`); a store that needs
 * something dialect-specific branches on `dialect`, and no file outside the store files does.
 */
export interface SqlDb {
  readonly dialect: Dialect;
  /** The rows of a query. */
  all<T = Record<string, unknown>>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  /** The first row of a query, or undefined. */
  get<T = Record<string, unknown>>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined>;
  /** Runs a statement that returns no rows; `changes` is the number of rows it wrote. */
  run(sql: string, params?: readonly SqlValue[]): Promise<{ changes: number }>;
  /**
   * Runs fn in one transaction and commits, or rolls back when it throws. Inside a transaction, fn joins it.
   * SQLite: BEGIN IMMEDIATE, one transaction at a time per process. PostgreSQL: a pooled connection, READ
   * COMMITTED, retried from the start on a serialisation failure or deadlock (fn must only touch the database).
   */
  transaction<T>(fn: (tx: SqlDb) => Promise<T>): Promise<T>;
  /** Starts a transaction for work that cannot be one callback (a streamed ingest). Inside a transaction, joins it. */
  begin(): Promise<SqlTx>;
  /** True on the handle of an open transaction. */
  readonly inTransaction: boolean;
  /** The better-sqlite3 connection when the dialect is sqlite (for a store's synchronous fast path), else undefined. */
  readonly sqlite: Sqlite | undefined;
  /** Closes the connection (SQLite) or ends the pool (PostgreSQL). */
  close(): Promise<void>;
}

/** An open transaction: its statements run on its own connection until commit or rollback. */
export interface SqlTx extends SqlDb {
  commit(): Promise<void>;
  rollback(): Promise<void>;
}

/** A transaction begun inside another: it joins it; its rollback makes the outer one roll back. */
export function nested(outer: SqlDb, markFailed: () => void): SqlTx {
  return {
    dialect: outer.dialect,
    sqlite: outer.sqlite,
    inTransaction: true,
    all: (sql, params) => outer.all(sql, params),
    get: (sql, params) => outer.get(sql, params),
    run: (sql, params) => outer.run(sql, params),
    transaction: (fn) => outer.transaction(fn),
    begin: () => outer.begin(),
    commit: async () => undefined,
    rollback: async () => markFailed(),
    close: async () => undefined,
  };
}
