import { resolve } from 'node:path';
import { type ConfigInput, type CrlConfig, loadConfigFile, parseConfig } from './config';
import { createLearningStore, type LearningStore } from './db/learning-store';
import { openDatabase, type Sqlite } from './db/open';
import { createOutboxStore, type OutboxStore } from './db/outbox-store';
import { createProposalStore, type ProposalStore } from './db/proposal-store';
import { createRegistryStore, type RegistryStore } from './db/registry-store';

export const DEFAULT_DATA_DIR = './telemetry/crl';

export interface OpenCrlOptions {
  /** Data directory (default `CRL_DATA_DIR` or `./telemetry/crl`). */
  dataDir?: string;
  /** A config object, or the path of a JSON config file (default `CRL_CONFIG` if set). */
  config?: ConfigInput | string;
  /** Clock, for tests and replays. */
  now?: () => Date;
}

/** What services get: stores, validated config, the data dir and a clock. */
export interface Ctx {
  dataDir: string;
  config: CrlConfig;
  now: () => Date;
  sqlite: Sqlite;
  learning: LearningStore;
  registry: RegistryStore;
  outbox: OutboxStore;
  proposals: ProposalStore;
}

export function resolveConfig(config: OpenCrlOptions['config']): CrlConfig {
  const c = config ?? process.env.CRL_CONFIG;
  if (typeof c === 'string' && c.length > 0) return loadConfigFile(c);
  return parseConfig(c ?? {});
}

export function openContext(opts: OpenCrlOptions = {}): Ctx {
  const config = resolveConfig(opts.config);
  const dataDir = resolve(opts.dataDir ?? process.env.CRL_DATA_DIR ?? DEFAULT_DATA_DIR);
  const { sqlite } = openDatabase(dataDir, { busyTimeoutMs: config.store.busy_timeout_ms });
  return {
    dataDir,
    config,
    now: opts.now ?? (() => new Date()),
    sqlite,
    learning: createLearningStore(sqlite),
    registry: createRegistryStore(sqlite),
    outbox: createOutboxStore(sqlite),
    proposals: createProposalStore(sqlite),
  };
}
