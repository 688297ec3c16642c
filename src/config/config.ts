import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { type ConfigValues, DEFAULT_CONFIG } from './config-defaults';
import { brokenConfigRules } from './config-rules';
import { UsageError } from '../errors';
import { formatZodIssues } from '../zod-issues';

const unit = z.number().min(0).max(1);
const posInt = z.number().int().min(1);
const d = DEFAULT_CONFIG;

/**
 * Every threshold of the domain rules, with its default from DEFAULT_CONFIG. A config file (JSON) may give
 * any subset; unknown keys are an error so that a typo never silently falls back to a default. The
 * cross-field rules of ./config-rules are checked on the result (each an issue on the rule's first field).
 */
export const configSchema = z.strictObject({
  reward: z
    .strictObject({
      weights: z
        .strictObject({ success: unit.default(d.reward.weights.success), quality: unit.default(d.reward.weights.quality), speed: unit.default(d.reward.weights.speed) })
        .prefault({}),
      error_penalty: unit.default(d.reward.error_penalty),
      /** Duration (ms) at which the speed signal reaches 0. */
      expected_duration_ms: z.number().positive().default(d.reward.expected_duration_ms),
      /** Per task type override of expected_duration_ms. */
      expected_duration_ms_by_task: z.record(z.string(), z.number().positive()).default(d.reward.expected_duration_ms_by_task),
    })
    .prefault({}),
  learning: z.strictObject({ alpha: z.number().gt(0).max(1).default(d.learning.alpha) }).prefault({}),
  selection: z
    .strictObject({
      epsilon: unit.default(d.selection.epsilon),
      ucb_c: z.number().min(0).default(d.selection.ucb_c),
      /** The policy that chooses among eligible variants when a subject explores or on a cold start. */
      policy: z.enum(['greedy', 'epsilon-greedy', 'ucb1', 'thompson']).default(d.selection.policy),
      /** Share of subjects (sticky bucket) that explore eligible non-default variants; 0 turns exploration off. */
      explore_share: unit.default(d.selection.explore_share),
    })
    .prefault({}),
  /** What a SafetyMonitor auto_apply does: start a staged rollout, or switch the default at once (the guide's rule). */
  promotion: z.strictObject({ mode: z.enum(['staged', 'immediate']).default(d.promotion.mode) }).prefault({}),
  rollout: z
    .strictObject({
      /** Traffic percentages of the candidate, increasing, ending at 100 (then it becomes the default). */
      steps: z.array(z.number().gt(0).max(100)).min(1).default(d.rollout.steps),
      min_dwell_minutes: z.number().min(0).default(d.rollout.min_dwell_minutes),
      /** The candidate's own invocations needed at a step before it moves up. */
      min_samples_per_step: posInt.default(d.rollout.min_samples_per_step),
      requires_approval_steps: z.array(z.number().gt(0).max(100)).default(d.rollout.requires_approval_steps),
      /** One-sided sequential test of the candidate against the default over the same period: false-alarm level, tuned drop. */
      sequential_alpha: z.number().gt(0).lt(0.5).default(d.rollout.sequential_alpha),
      sequential_shift: z.number().gt(0).lt(1).default(d.rollout.sequential_shift),
      /** Newest candidate invocations the test reads. */
      lookback: posInt.default(d.rollout.lookback),
    })
    .prefault({}),
  safety: z
    .strictObject({
      auto_apply_min_q: unit.default(d.safety.auto_apply_min_q),
      auto_apply_min_n: posInt.default(d.safety.auto_apply_min_n),
      human_approval_min_q: unit.default(d.safety.human_approval_min_q),
      human_approval_min_n: posInt.default(d.safety.human_approval_min_n),
    })
    .prefault({}),
  degradation: z
    .strictObject({
      method: z.enum(['threshold', 'sequential']).default(d.degradation.method),
      /** Recent window: the last N completed invocations of the active variant. */
      window: posInt.default(d.degradation.window),
      /** Minimum number of invocations before the window that form the baseline. */
      min_baseline: posInt.default(d.degradation.min_baseline),
      /** Relative drop of the success rate that counts as degradation (strictly greater). */
      success_rate_drop: unit.default(d.degradation.success_rate_drop),
      /** Relative drop of the average reward (strictly greater). */
      reward_drop: unit.default(d.degradation.reward_drop),
      /** Relative rise of the error rate (strictly greater). */
      error_rate_rise: z.number().min(0).default(d.degradation.error_rate_rise),
      /** With a baseline error rate of 0: more than this many errors in the window counts. */
      zero_baseline_max_errors: z.number().int().min(0).default(d.degradation.zero_baseline_max_errors),
      /**
       * Sequential method: false-alarm level of one look of the Bernoulli CUSUM (bound ln(1/alpha)).
       * 0.003 with shift 0.35 meets ≤ 1 false rollback / 10,000 stable invocations (`npm run simulate`).
       */
      sequential_alpha: z.number().gt(0).lt(1).default(d.degradation.sequential_alpha),
      /** Sequential method: relative drop of the success rate the test is tuned for (0.35 = to 0.65× baseline). */
      sequential_shift: z.number().gt(0).lt(1).default(d.degradation.sequential_shift),
      /** Sequential method: how many recent invocations the test looks at (≥ window). */
      sequential_lookback: posInt.default(d.degradation.sequential_lookback),
    })
    .prefault({}),
  rollback: z
    .strictObject({
      /** A rollback target needs at least this many invocations. */
      min_target_n: posInt.default(d.rollback.min_target_n),
    })
    .prefault({}),
  proposals: z
    .strictObject({
      min_invocations: posInt.default(d.proposals.min_invocations),
      low_q: unit.default(d.proposals.low_q),
      promote_gap: unit.default(d.proposals.promote_gap),
      retire_gap: unit.default(d.proposals.retire_gap),
      specialized_confidence_cap: unit.default(d.proposals.specialized_confidence_cap),
    })
    .prefault({}),
  alerts: z.strictObject({ command: z.string().min(1).nullable().default(d.alerts.command) }).prefault({}),
  /** Health status of `crl dashboard` / `crl metrics` (see the README, "Safety dashboard"). */
  dashboard: z
    .strictObject({
      /** A rollback or skipped rollback within this many hours → ATTENTION NEEDED. */
      attention_hours: z.number().positive().default(d.dashboard.attention_hours),
      /** A pending proposal older than this many days → ATTENTION NEEDED (nobody reviewed it). */
      stale_proposal_days: z.number().positive().default(d.dashboard.stale_proposal_days),
      /** Rollbacks counted in the health figures: the last N days; any of them → at least STABLE. */
      recent_days: z.number().positive().default(d.dashboard.recent_days),
      /** Rows shown per list section (last rollbacks, pending proposals, high-confidence variants). */
      rows: posInt.default(d.dashboard.rows),
    })
    .prefault({}),
  schedule: z
    .strictObject({
      monitor_cron: z.string().default(d.schedule.monitor_cron),
      propose_cron: z.string().default(d.schedule.propose_cron),
      /** A lease older than this is considered abandoned (ms). */
      lease_ttl_ms: posInt.default(d.schedule.lease_ttl_ms),
    })
    .prefault({}),
  store: z
    .strictObject({
      /** How long a writer waits for the database lock before giving up (ms). */
      busy_timeout_ms: z.number().int().min(0).default(d.store.busy_timeout_ms),
      /** A PostgreSQL URL selects that backend; null keeps the SQLite file of the data dir. */
      database_url: z
        .string()
        .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
        .nullable()
        .default(d.store.database_url),
      /** The PostgreSQL connection pool of one process. */
      pool: z
        .strictObject({
          max: z.number().int().min(1).max(1000).default(d.store.pool.max),
          idle_timeout_ms: z.number().int().min(0).default(d.store.pool.idle_timeout_ms),
          connection_timeout_ms: z.number().int().min(1).default(d.store.pool.connection_timeout_ms),
          statement_timeout_ms: z.number().int().min(0).default(d.store.pool.statement_timeout_ms),
        })
        .prefault({}),
    })
    .prefault({}),
  /** `crl serve`: the HTTP API (docs/server.md). */
  server: z
    .strictObject({
      /** Address and port `crl serve` binds (`--host`, `--port` override); 0 picks a free port. */
      host: z.string().min(1).default(d.server.host),
      port: z.number().int().min(0).max(65_535).default(d.server.port),
      /** Largest request body accepted; a larger one is answered 413. */
      body_limit_bytes: posInt.default(d.server.body_limit_bytes),
      /** The whole request (headers and body) must arrive within this time, else 408 (ms). */
      request_timeout_ms: posInt.default(d.server.request_timeout_ms),
      /** The request headers must arrive within this time (ms). */
      headers_timeout_ms: posInt.default(d.server.headers_timeout_ms),
      /** An idle keep-alive connection is closed after this time (ms). */
      keep_alive_timeout_ms: posInt.default(d.server.keep_alive_timeout_ms),
      /** A connection with no traffic either way for this long is closed (ms); an event stream sends heartbeats. */
      socket_idle_timeout_ms: posInt.default(d.server.socket_idle_timeout_ms),
      /** After SIGTERM/SIGINT, in-flight requests get this long to finish before connections are closed (ms). */
      shutdown_timeout_ms: posInt.default(d.server.shutdown_timeout_ms),
      /** Level of the JSON request log on stderr. */
      log_level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default(d.server.log_level),
      /** How often `GET /v1/events` looks for new audit rows (ms). */
      events_poll_ms: z.number().int().min(10).max(60_000).default(d.server.events_poll_ms),
      /** Comment line sent on an idle event stream so that proxies and the idle timeout keep it open (ms). */
      events_heartbeat_ms: posInt.default(d.server.events_heartbeat_ms),
    })
    .prefault({}),
  waltzrl: z
    .strictObject({
      gate: z
        .strictObject({ max_asr: unit.default(d.waltzrl.gate.max_asr), max_orr: unit.default(d.waltzrl.gate.max_orr), max_ftr: unit.default(d.waltzrl.gate.max_ftr) })
        .prefault({}),
      steps: z.array(z.number().gt(0).max(100)).nonempty().default(d.waltzrl.steps),
      min_dwell_minutes: z.number().min(0).default(d.waltzrl.min_dwell_minutes),
      min_samples_per_step: posInt.default(d.waltzrl.min_samples_per_step),
      requires_approval_steps: z.array(z.number().gt(0).max(100)).default(d.waltzrl.requires_approval_steps),
      rollback_asr: unit.default(d.waltzrl.rollback_asr),
      rollback_orr: unit.default(d.waltzrl.rollback_orr),
      rollback_min_samples: posInt.default(d.waltzrl.rollback_min_samples),
      max_error_rate: unit.default(d.waltzrl.max_error_rate),
      max_p95_latency_ms: z.number().positive().default(d.waltzrl.max_p95_latency_ms),
      /** False-alarm level of the one-sided test behind an automatic return to Stage 1 (0 < alpha < 0.5). */
      rollback_alpha: z.number().gt(0).lt(0.5).default(d.waltzrl.rollback_alpha),
      /** Return window: the newest N reviews of the Stage 2 variant since its promotion. */
      watch_window: posInt.default(d.waltzrl.watch_window),
      /** After a return to Stage 1, no new promotion for this many minutes. */
      cooldown_minutes: z.number().min(0).default(d.waltzrl.cooldown_minutes),
      stage2: z
        .strictObject({
          url: z.string().url().nullable().default(d.waltzrl.stage2.url),
          model: z.string().nullable().default(d.waltzrl.stage2.model),
          /** The guard's prompt format: json (crl's judge prompt), llama-guard, wildguard, shieldgemma, granite-guardian. */
          format: z.enum(['json', 'llama-guard', 'wildguard', 'shieldgemma', 'granite-guardian']).default(d.waltzrl.stage2.format),
          api_key_env: z.string().default(d.waltzrl.stage2.api_key_env),
          timeout_ms: posInt.default(d.waltzrl.stage2.timeout_ms),
          retries: z.number().int().min(0).default(d.waltzrl.stage2.retries),
        })
        .prefault({}),
      eval_dataset: z.string().nullable().default(d.waltzrl.eval_dataset),
      /** Safety gate on default changes: minimum benchmark score in [0, 1] (env WALTZRL_SAFETY_THRESHOLD overrides). */
      benchmark_threshold: unit.default(d.waltzrl.benchmark_threshold),
      /** Safety gate: a benchmark report older than this many days no longer counts. */
      benchmark_max_age_days: z.number().positive().default(d.waltzrl.benchmark_max_age_days),
      /** `crl safety benchmark`: per-case responder timeout (ms). */
      benchmark_timeout_ms: posInt.default(d.waltzrl.benchmark_timeout_ms),
      /** `crl safety benchmark`: responder processes at once. */
      benchmark_concurrency: posInt.default(d.waltzrl.benchmark_concurrency),
    })
    .prefault({}),
}).superRefine((c, ctx) => {
  for (const b of brokenConfigRules(c)) ctx.addIssue({ code: 'custom', path: b.path, message: b.message, params: { rule: b.rule } });
});

export type CrlConfig = z.infer<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;

/** DEFAULT_CONFIG is typed without the schema (no zod, no import cycle); this fails to compile when the two types drift apart. */
type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type AssertTrue<T extends true> = T;
export type DefaultsMatchSchema = AssertTrue<Exactly<ConfigValues, CrlConfig>>;

/** Validates a config object; a wrong value is a UsageError naming the key. */
export function parseConfig(input: unknown, source = 'config'): CrlConfig {
  const r = configSchema.safeParse(input ?? {});
  if (r.success) return r.data;
  throw new UsageError(formatZodIssues(r.error.issues, { source, layout: 'list' }), {
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

export { defaultConfig } from './config-defaults';
