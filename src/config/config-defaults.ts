import { resolve } from 'node:path';
import { configFileVar, dataDirVar } from '../env';

/**
 * What applies when nothing is given: every config value with its documented default, written here once
 * (the zod schema in ./config takes its `.default(...)` values from here) and the data dir. No zod here and
 * no import of ./config (the dependency runs one way: config → config-defaults), so that the `crl record`
 * entry can use it without loading the schema. Its type is inferred, with the few literals widened to what
 * the schema allows; ./config asserts at compile time that it is exactly CrlConfig (the schema's output).
 */
export const DEFAULT_CONFIG = {
  reward: {
    weights: { success: 0.5, quality: 0.3, speed: 0.2 },
    error_penalty: 0.1,
    expected_duration_ms: 60_000,
    expected_duration_ms_by_task: {} as Record<string, number>,
  },
  learning: { alpha: 0.1 },
  selection: {
    epsilon: 0.1,
    ucb_c: Math.SQRT2,
    policy: 'thompson' as 'greedy' | 'epsilon-greedy' | 'ucb1' | 'thompson',
    explore_share: 0.1,
  },
  promotion: { mode: 'staged' as 'staged' | 'immediate' },
  rollout: {
    steps: [10, 25, 50, 100] as number[],
    min_dwell_minutes: 60,
    min_samples_per_step: 200,
    requires_approval_steps: [] as number[],
    sequential_alpha: 0.0005,
    sequential_shift: 0.1,
    lookback: 400,
  },
  safety: { auto_apply_min_q: 0.9, auto_apply_min_n: 10, human_approval_min_q: 0.7, human_approval_min_n: 5 },
  degradation: {
    method: 'sequential' as 'threshold' | 'sequential',
    window: 20,
    min_baseline: 20,
    success_rate_drop: 0.1,
    reward_drop: 0.15,
    error_rate_rise: 0.2,
    zero_baseline_max_errors: 2,
    sequential_alpha: 0.003,
    sequential_shift: 0.35,
    sequential_lookback: 100,
  },
  rollback: { min_target_n: 5 },
  proposals: { min_invocations: 50, low_q: 0.6, promote_gap: 0.2, retire_gap: 0.2, specialized_confidence_cap: 0.75 },
  alerts: { command: null as string | null },
  dashboard: { attention_hours: 24, stale_proposal_days: 7, recent_days: 30, rows: 10 },
  schedule: { monitor_cron: '*/5 * * * *', propose_cron: '0 9 * * 1', lease_ttl_ms: 10 * 60_000 },
  store: {
    busy_timeout_ms: 60_000,
    /** `postgres://…` selects PostgreSQL (CRL_DATABASE_URL and --database-url take precedence); null: the data dir's SQLite file. */
    database_url: null as string | null,
    pool: { max: 10, idle_timeout_ms: 10_000, connection_timeout_ms: 10_000, statement_timeout_ms: 60_000 },
  },
  server: {
    host: '127.0.0.1',
    port: 8787,
    body_limit_bytes: 10 * 1024 * 1024,
    request_timeout_ms: 30_000,
    headers_timeout_ms: 10_000,
    keep_alive_timeout_ms: 5_000,
    socket_idle_timeout_ms: 60_000,
    shutdown_timeout_ms: 10_000,
    log_level: 'info' as 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent',
    events_poll_ms: 250,
    events_heartbeat_ms: 15_000,
  },
  waltzrl: {
    gate: { max_asr: 0.05, max_orr: 0.1, max_ftr: 0.5 },
    steps: [10, 25, 50, 100] as number[],
    min_dwell_minutes: 60,
    min_samples_per_step: 200,
    requires_approval_steps: [] as number[],
    rollback_asr: 0.1,
    rollback_orr: 0.15,
    rollback_min_samples: 50,
    max_error_rate: 0.05,
    max_p95_latency_ms: 5_000,
    rollback_alpha: 0.05,
    watch_window: 500,
    cooldown_minutes: 60,
    stage2: {
      url: null as string | null,
      model: null as string | null,
      /** The guard's prompt format (src/features/waltzrl/guard-formats). */
      format: 'json' as 'json' | 'llama-guard' | 'wildguard' | 'shieldgemma' | 'granite-guardian',
      api_key_env: 'WALTZRL_STAGE2_API_KEY',
      timeout_ms: 10_000,
      retries: 2,
    },
    eval_dataset: null as string | null,
    benchmark_threshold: 0.9,
    benchmark_max_age_days: 7,
    benchmark_timeout_ms: 30_000,
    benchmark_concurrency: 4,
  },
};

/** The type of a config: the same type as CrlConfig (./config checks it), without importing the schema. */
export type ConfigValues = typeof DEFAULT_CONFIG;

/** A fresh copy of DEFAULT_CONFIG (callers may change it). */
export const defaultConfig = (): ConfigValues => structuredClone(DEFAULT_CONFIG);

export const DEFAULT_DATA_DIR = './telemetry/crl';

/** The data dir in effect, absolute: the given one, else `CRL_DATA_DIR`, else DEFAULT_DATA_DIR. */
export const resolveDataDir = (dataDir?: string): string => resolve(dataDir ?? dataDirVar() ?? DEFAULT_DATA_DIR);

/** The config file in effect: the given path, else `CRL_CONFIG`; undefined when neither is set (the defaults apply). */
export const configFileOf = (path?: string): string | undefined => path || configFileVar();
