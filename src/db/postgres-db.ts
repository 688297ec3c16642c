import type { Pool, PoolClient, PoolConfig } from 'pg';
import type { CrlConfig } from '../config/config';
import { nested, type SqlDb, type SqlTx, type SqlValue } from './sql-db';

/** `?` placeholders (outside quoted strings and identifiers) as PostgreSQL's `$1`, `$2`, …; each text translated once. */
const translated = new Map<string, string>();
export function toPgPlaceholders(sql: string): string {
  let out = translated.get(sql);
  if (out !== undefined) return out;
  let n = 0;
  let quote: string | null = null;
  out = '';
  for (const ch of sql) {
    if (quote) {
      if (ch === quote) quote = null;
      out += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      out += ch;
    } else out += ch === '?' ? `$${++n}` : ch;
  }
  translated.set(sql, out);
  return out;
}

const values = (params: readonly SqlValue[] | undefined): unknown[] =>
  params ? params.map((p) => (p === undefined ? null : typeof p === 'bigint' ? p.toString() : p)) : [];

/** Errors after which a transaction is run again from its start: serialisation failure, deadlock. */
const RETRYABLE = new Set(['40001', '40P01']);
const TX_RETRIES = 8;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Queryable = Pick<Pool, 'query'> | PoolClient;

function runner(q: Queryable) {
  return {
    async all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
      return (await q.query(toPgPlaceholders(sql), values(params))).rows as T[];
    },
    async get<T>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined> {
      return (await q.query(toPgPlaceholders(sql), values(params))).rows[0] as T | undefined;
    },
    async run(sql: string, params?: readonly SqlValue[]): Promise<{ changes: number }> {
      return { changes: (await q.query(toPgPlaceholders(sql), values(params))).rowCount ?? 0 };
    },
  };
}

/** The pool settings of a process, from validated config (the URL carries host, database and credentials). */
export function poolConfig(url: string, pool: CrlConfig['store']['pool']): PoolConfig {
  return {
    connectionString: url,
    max: pool.max,
    idleTimeoutMillis: pool.idle_timeout_ms,
    connectionTimeoutMillis: pool.connection_timeout_ms,
    statement_timeout: pool.statement_timeout_ms || undefined,
    application_name: 'crl',
  };
}

/**
 * The SqlDb of a node-postgres pool. Statements outside a transaction take any pooled connection; a
 * transaction holds one until it ends. `transaction` runs fn again from the start after a serialisation
 * failure or a deadlock (at most 8 times, with backoff).
 */
export function postgresDb(pool: Pool): SqlDb {
  const root = runner(pool);
  const begin = async (): Promise<SqlTx> => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
    } catch (e) {
      client.release(e as Error);
      throw e;
    }
    let open = true;
    let failed = false;
    const end = async (sql: 'COMMIT' | 'ROLLBACK') => {
      if (!open) return;
      open = false;
      try {
        await client.query(sql);
        client.release();
      } catch (e) {
        client.release(e as Error);
        throw e;
      }
    };
    const r = runner(client);
    const tx: SqlTx = {
      dialect: 'postgres',
      sqlite: undefined,
      inTransaction: true,
      all: r.all,
      get: r.get,
      run: r.run,
      transaction: (fn) => fn(tx),
      begin: async () => nested(tx, () => (failed = true)),
      async commit() {
        if (failed) {
          await end('ROLLBACK');
          throw new Error('A nested transaction was rolled back; the whole transaction is rolled back.');
        }
        await end('COMMIT');
      },
      rollback: () => end('ROLLBACK'),
      close: async () => undefined,
    };
    return tx;
  };
  return {
    dialect: 'postgres',
    sqlite: undefined,
    inTransaction: false,
    all: root.all,
    get: root.get,
    run: root.run,
    begin,
    async transaction(fn) {
      for (let attempt = 0; ; attempt++) {
        const tx = await begin();
        try {
          const out = await fn(tx);
          await tx.commit();
          return out;
        } catch (e) {
          await tx.rollback().catch(() => undefined);
          const code = String((e as { code?: unknown }).code ?? '');
          if (attempt >= TX_RETRIES || !RETRYABLE.has(code)) throw e;
          await sleep(10 * 2 ** attempt * (0.5 + Math.random()));
        }
      }
    },
    close: () => pool.end(),
  };
}
