import type Database from 'better-sqlite3';
import type { Sqlite } from './open';
import { nested, type SqlDb, type SqlTx, type SqlValue } from './sql-db';

type Statement = Database.Statement<unknown[], unknown>;

const bindable = (params: readonly SqlValue[] | undefined): unknown[] =>
  params ? params.map((p) => (p === undefined ? null : p)) : [];

/** One waiter at a time: the transaction that holds the connection, and the statements queued behind it. */
class Turn {
  private tail: Promise<void> = Promise.resolve();
  held = false;
  async take(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((r) => (release = r));
    const before = this.tail;
    this.tail = before.then(() => next);
    await before;
    this.held = true;
    return () => {
      this.held = false;
      release();
    };
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const BUSY_RETRIES = 6;
const isBusy = (e: unknown) => /^SQLITE_(BUSY|LOCKED)/.test(String((e as { code?: unknown }).code ?? ''));

/**
 * The SqlDb of a better-sqlite3 connection. Statements are prepared once and cached by their text. A
 * transaction holds the connection: statements of other callers in this process wait until it ends, so
 * concurrent requests of `crl serve` never run inside each other's transactions.
 */
export function sqliteDb(sqlite: Sqlite): SqlDb {
  const cache = new Map<string, Statement>();
  const prepare = (sql: string): Statement => {
    let s = cache.get(sql);
    if (!s) {
      s = sqlite.prepare(sql);
      cache.set(sql, s);
    }
    return s;
  };
  const turn = new Turn();
  const exec = {
    all: <T>(sql: string, params?: readonly SqlValue[]) => prepare(sql).all(...bindable(params)) as T[],
    get: <T>(sql: string, params?: readonly SqlValue[]) => prepare(sql).get(...bindable(params)) as T | undefined,
    run: (sql: string, params?: readonly SqlValue[]) => ({ changes: prepare(sql).run(...bindable(params)).changes }),
  };
  /** Outside a transaction: at once, or after the transaction that holds the connection. */
  const queued = async <T>(op: () => T): Promise<T> => {
    if (!turn.held) return op();
    const release = await turn.take();
    try {
      return op();
    } finally {
      release();
    }
  };

  const begin = async (): Promise<SqlTx> => {
    const release = await turn.take();
    try {
      for (let attempt = 0; ; attempt++) {
        try {
          sqlite.exec('BEGIN IMMEDIATE');
          break;
        } catch (e) {
          if (attempt >= BUSY_RETRIES || !isBusy(e)) throw e;
          await sleep(25 * 2 ** attempt * (0.5 + Math.random()));
        }
      }
    } catch (e) {
      release();
      throw e;
    }
    let open = true;
    let failed = false;
    const end = (sql: 'COMMIT' | 'ROLLBACK') => {
      if (!open) return;
      open = false;
      try {
        if (sqlite.inTransaction) sqlite.exec(sql);
      } finally {
        release();
      }
    };
    const tx: SqlTx = {
      dialect: 'sqlite',
      sqlite,
      inTransaction: true,
      all: async (sql, params) => exec.all(sql, params),
      get: async (sql, params) => exec.get(sql, params),
      run: async (sql, params) => exec.run(sql, params),
      transaction: (fn) => fn(tx),
      begin: async () => nested(tx, () => (failed = true)),
      async commit() {
        if (failed) {
          end('ROLLBACK');
          throw new Error('A nested transaction was rolled back; the whole transaction is rolled back.');
        }
        end('COMMIT');
      },
      async rollback() {
        end('ROLLBACK');
      },
      close: async () => undefined,
    };
    return tx;
  };

  const db: SqlDb = {
    dialect: 'sqlite',
    sqlite,
    inTransaction: false,
    all: (sql, params) => queued(() => exec.all(sql, params)),
    get: (sql, params) => queued(() => exec.get(sql, params)),
    run: (sql, params) => queued(() => exec.run(sql, params)),
    begin,
    async transaction(fn) {
      const tx = await begin();
      try {
        const out = await fn(tx);
        await tx.commit();
        return out;
      } catch (e) {
        await tx.rollback();
        throw e;
      }
    },
    async close() {
      if (turn.held) (await turn.take())();
      sqlite.close();
    },
  };
  return db;
}
