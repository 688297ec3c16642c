import { type ConfigInput, type CrlConfig, loadConfigFile, parseConfig } from './config/config';
import { configFileOf, defaultConfig, resolveDataDir } from './config/config-defaults';
import { openDatabase } from './db/open';
import { attachStores, type Stores } from './wiring';

export interface OpenCrlOptions {
  /** Data directory (default `CRL_DATA_DIR` or `./telemetry/crl`). */
  dataDir?: string;
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
}

/** The config in effect: a given object, else the config file (option or `CRL_CONFIG`), else a copy of the defaults (no zod). */
export function resolveConfig(config: OpenCrlOptions['config']): CrlConfig {
  if (typeof config === 'object' && config !== null) return parseConfig(config);
  const file = configFileOf(config);
  return file === undefined ? defaultConfig() : loadConfigFile(file);
}

export function openContext(opts: OpenCrlOptions = {}): Ctx {
  const config = resolveConfig(opts.config);
  const dataDir = resolveDataDir(opts.dataDir);
  const { sqlite } = openDatabase(dataDir, { busyTimeoutMs: config.store.busy_timeout_ms });
  return attachStores({ dataDir, config, now: opts.now ?? (() => new Date()) }, sqlite, config);
}
