import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { UsageError, formatPath } from './errors';

const unit = z.number().min(0).max(1);
const posInt = z.number().int().min(1);

/**
 * Every threshold of the domain rules, with the documented default. A config file (JSON) may give any
 * subset; unknown keys are an error so that a typo never silently falls back to a default.
 */
export const configSchema = z.strictObject({
  reward: z
    .strictObject({
      weights: z
        .strictObject({ success: unit.default(0.5), quality: unit.default(0.3), speed: unit.default(0.2) })
        .prefault({}),
      error_penalty: unit.default(0.1),
      /** Duration (ms) at which the speed signal reaches 0. */
      expected_duration_ms: z.number().positive().default(60_000),
      /** Per task type override of expected_duration_ms. */
      expected_duration_ms_by_task: z.record(z.string(), z.number().positive()).default({}),
    })
    .prefault({}),
  learning: z.strictObject({ alpha: z.number().gt(0).max(1).default(0.1) }).prefault({}),
  selection: z
    .strictObject({ epsilon: unit.default(0.1), ucb_c: z.number().min(0).default(Math.SQRT2) })
    .prefault({}),
  safety: z
    .strictObject({
      auto_apply_min_q: unit.default(0.9),
      auto_apply_min_n: posInt.default(10),
      human_approval_min_q: unit.default(0.7),
      human_approval_min_n: posInt.default(5),
    })
    .prefault({}),
  degradation: z
    .strictObject({
      method: z.enum(['threshold', 'sequential']).default('sequential'),
      /** Recent window: the last N completed invocations of the active variant. */
      window: posInt.default(20),
      /** Minimum number of invocations before the window that form the baseline. */
      min_baseline: posInt.default(20),
      /** Relative drop of the success rate that counts as degradation (strictly greater). */
      success_rate_drop: unit.default(0.1),
      /** Relative drop of the average reward (strictly greater). */
      reward_drop: unit.default(0.15),
      /** Relative rise of the error rate (strictly greater). */
      error_rate_rise: z.number().min(0).default(0.2),
      /** With a baseline error rate of 0: more than this many errors in the window counts. */
      zero_baseline_max_errors: z.number().int().min(0).default(2),
      /**
       * Sequential method: false-alarm level of one look of the Bernoulli CUSUM (bound ln(1/alpha)).
       * 0.003 with shift 0.35 meets ≤ 1 false rollback / 10,000 stable invocations (`npm run simulate`).
       */
      sequential_alpha: z.number().gt(0).lt(1).default(0.003),
      /** Sequential method: relative drop of the success rate the test is tuned for (0.35 = to 0.65× baseline). */
      sequential_shift: z.number().gt(0).lt(1).default(0.35),
      /** Sequential method: how many recent invocations the test looks at (≥ window). */
      sequential_lookback: posInt.default(100),
    })
    .prefault({}),
  rollback: z
    .strictObject({
      /** A rollback target needs at least this many invocations. */
      min_target_n: posInt.default(5),
    })
    .prefault({}),
  proposals: z
    .strictObject({
      min_invocations: posInt.default(50),
      low_q: unit.default(0.6),
      promote_gap: unit.default(0.2),
      retire_gap: unit.default(0.2),
      specialized_confidence_cap: unit.default(0.75),
    })
    .prefault({}),
  alerts: z.strictObject({ command: z.string().min(1).nullable().default(null) }).prefault({}),
  /** Health status of `crl dashboard` / `crl metrics` (see the README, "Safety dashboard"). */
  dashboard: z
    .strictObject({
      /** A rollback or skipped rollback within this many hours → ATTENTION NEEDED. */
      attention_hours: z.number().positive().default(24),
      /** A pending proposal older than this many days → ATTENTION NEEDED (nobody reviewed it). */
      stale_proposal_days: z.number().positive().default(7),
      /** Rollbacks counted in the health figures: the last N days; any of them → at least STABLE. */
      recent_days: z.number().positive().default(30),
      /** Rows shown per list section (last rollbacks, pending proposals, high-confidence variants). */
      rows: posInt.default(10),
    })
    .prefault({}),
  schedule: z
    .strictObject({
      monitor_cron: z.string().default('*/5 * * * *'),
      propose_cron: z.string().default('0 9 * * 1'),
      /** A lease older than this is considered abandoned (ms). */
      lease_ttl_ms: posInt.default(10 * 60_000),
    })
    .prefault({}),
  store: z
    .strictObject({
      /** How long a writer waits for the database lock before giving up (ms). */
      busy_timeout_ms: z.number().int().min(0).default(60_000),
    })
    .prefault({}),
  waltzrl: z
    .strictObject({
      gate: z
        .strictObject({ max_asr: unit.default(0.05), max_orr: unit.default(0.1), max_ftr: unit.default(0.5) })
        .prefault({}),
      steps: z.array(z.number().gt(0).max(100)).nonempty().default([10, 25, 50, 100]),
      min_dwell_minutes: z.number().min(0).default(60),
      min_samples_per_step: posInt.default(200),
      requires_approval_steps: z.array(z.number().gt(0).max(100)).default([]),
      rollback_asr: unit.default(0.1),
      rollback_orr: unit.default(0.15),
      rollback_min_samples: posInt.default(50),
      max_error_rate: unit.default(0.05),
      max_p95_latency_ms: z.number().positive().default(5_000),
      /** False-alarm level of the one-sided test behind an automatic return to Stage 1 (0 < alpha < 0.5). */
      rollback_alpha: z.number().gt(0).lt(0.5).default(0.05),
      /** Return window: the newest N reviews of the Stage 2 variant since its promotion. */
      watch_window: posInt.default(500),
      /** After a return to Stage 1, no new promotion for this many minutes. */
      cooldown_minutes: z.number().min(0).default(60),
      stage2: z
        .strictObject({
          url: z.string().url().nullable().default(null),
          model: z.string().nullable().default(null),
          api_key_env: z.string().default('WALTZRL_STAGE2_API_KEY'),
          timeout_ms: posInt.default(10_000),
          retries: z.number().int().min(0).default(2),
        })
        .prefault({}),
      eval_dataset: z.string().nullable().default(null),
      /** Safety gate on default changes: minimum benchmark score in [0, 1] (env WALTZRL_SAFETY_THRESHOLD overrides). */
      benchmark_threshold: unit.default(0.9),
      /** Safety gate: a benchmark report older than this many days no longer counts. */
      benchmark_max_age_days: z.number().positive().default(7),
      /** `crl safety benchmark`: per-case responder timeout (ms). */
      benchmark_timeout_ms: posInt.default(30_000),
      /** `crl safety benchmark`: responder processes at once. */
      benchmark_concurrency: posInt.default(4),
    })
    .prefault({}),
});

export type CrlConfig = z.infer<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;

/** Validates a config object; a wrong value is a UsageError naming the key. */
export function parseConfig(input: unknown, source = 'config'): CrlConfig {
  const r = configSchema.safeParse(input ?? {});
  if (r.success) return r.data;
  const lines = r.error.issues.map((i) => `  ${formatPath(i.path)}: ${i.message}`);
  throw new UsageError(`Invalid ${source}:\n${lines.join('\n')}`, {
    hint: 'Fix the key(s) above; `crl config` prints every key with its default.',
    details: r.error.issues,
  });
}

/** Reads and validates a JSON config file. */
export function loadConfigFile(path: string): CrlConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`Cannot read config file ${path}: ${(e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text); // editors may save a UTF-8 BOM
  } catch (e) {
    throw new UsageError(`Config file ${path} is not valid JSON: ${(e as Error).message}`);
  }
  return parseConfig(json, `config file ${path}`);
}

export const defaultConfig = (): CrlConfig => parseConfig({});
