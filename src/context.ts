import { type ConfigInput, type CrlConfig, loadConfigFile, parseConfig } from './config/config';
import { configFileOf, defaultConfig, resolveDataDir } from './config/config-defaults';
import { type Backend, connect } from './db/connect';
import type { AuditEntry } from './features/variants/registry-store-type';
import { attachStores, type Stores } from './wiring';

export interface OpenCrlOptions {
  /** Data directory (default `CRL_DATA_DIR` or `./telemetry/crl`). */
  dataDir?: string;
  /**
   * A PostgreSQL URL (`postgres://…`) shared by a fleet of hosts (default `CRL_DATABASE_URL`, then config
   * `store.database_url`); unset: the SQLite file of the data dir.
   */
  databaseUrl?: string;
  /** A config object, or the path of a JSON config file (default `CRL_CONFIG` if set). */
  config?: ConfigInput | string;
  /** Clock, for tests and replays. */
  now?: () => Date;
}

/** What services get: stores, validated config, the data dir and a clock. */
export interface Ctx extends Stores {
  dataDir: string;
  config: CrlConfig;
  now: () => Date;
  /** Which database the stores run on (the password of a URL masked). */
  backend: Backend;
}

/** The config in effect: a given object, else the config file (option or `CRL_CONFIG`), else a copy of the defaults (no zod). */
export function resolveConfig(config: OpenCrlOptions['config']): CrlConfig {
  if (typeof config === 'object' && config !== null) return parseConfig(config);
  const file = configFileOf(config);
  return file === undefined ? defaultConfig() : loadConfigFile(file);
}

/** Opens the database (creating and migrating it if needed) and returns the context over it. */
export async function openContext(opts: OpenCrlOptions = {}): Promise<Ctx> {
  const config = resolveConfig(opts.config);
  const dataDir = resolveDataDir(opts.dataDir);
  const { db, backend } = await connect(dataDir, config, opts.databaseUrl);
  return attachStores({ dataDir, config, now: opts.now ?? (() => new Date()), backend }, db, config);
}

/**
 * Runs fn in one transaction of the context's database: `tx` is the context with every store on that
 * transaction. Inside a transaction already, fn joins it. A refused change that carries an audit row
 * (`auditAfterRollback`, e.g. from the safety gate) has that row written once the transaction rolled back.
 */
export async function transaction<T>(ctx: Ctx, fn: (tx: Ctx) => Promise<T>): Promise<T> {
  if (ctx.db.inTransaction) return fn(ctx);
  try {
    return await ctx.db.transaction((db) =>
      fn(attachStores({ dataDir: ctx.dataDir, config: ctx.config, now: ctx.now, backend: ctx.backend }, db, ctx.config)),
    );
  } catch (e) {
    const carrier = e as { auditAfterRollback?: AuditEntry } | null;
    if (carrier?.auditAfterRollback) {
      const entry = carrier.auditAfterRollback;
      carrier.auditAfterRollback = undefined;
      await ctx.registry.audit(entry);
    }
    throw e;
  }
}
