import { UsageError } from './errors';

/*
 * Every environment variable crl reads, read here and nowhere else in src/ (`grep process.env src` finds only
 * this file), each kind of value parsed by one function. No zod: the `crl record` entry reads CRL_DATA_DIR
 * and CRL_CONFIG through this module and must not load it. Every reader takes the environment as a
 * parameter (default `process.env`), so that tests pass their own.
 *
 * | variable                           | default                        | read by                                  |
 * |------------------------------------|--------------------------------|------------------------------------------|
 * | CRL_DATA_DIR / CRL_CONFIG          | ./telemetry/crl / none         | config-defaults (resolveDataDir, configFileOf) |
 * | CRL_DATABASE_URL                   | none: the data dir's SQLite file | db/connect (the backend)               |
 * | ENABLE_WALTZRL                     | true                           | the WaltzRL wrapper (`crl waltzrl wrap`) |
 * | WALTZRL_STAGE                      | 1                              | the wrapper                              |
 * | WALTZRL_FEEDBACK_ONLY              | false                          | the wrapper                              |
 * | WALTZRL_BLOCK_ON_REVIEW_FAILURE    | true                           | the wrapper                              |
 * | WALTZRL_REVISE_THRESHOLD           | 0.7                            | the wrapper                              |
 * | WALTZRL_STAGE2_URL / _MODEL        | none                           | the wrapper with WALTZRL_STAGE=2         |
 * | ENABLE_WALTZRL_SAFETY_BENCHMARKS   | false                          | the safety gate                          |
 * | WALTZRL_BLOCK_ON_FAILURE           | false                          | the safety gate                          |
 * | WALTZRL_SAFETY_THRESHOLD           | config waltzrl.benchmark_threshold | the safety gate                      |
 * | (config waltzrl.stage2.api_key_env)| WALTZRL_STAGE2_API_KEY         | the Stage 2 client                       |
 * | NO_COLOR / TERM                    | unset                          | terminal colour                          |
 * | COLUMNS                            | unset                          | help width when piped                    |
 * | USER                               | unset                          | `--by` default of `crl variant add`      |
 */

/** An environment: variable name → value (`process.env` by default). */
export type EnvSource = Readonly<Record<string, string | undefined>>;

/** One variable's value: unset (undefined), parsed, or an error naming the variable. */
export type EnvValue<T> = { kind: 'ok'; value: T | undefined } | { kind: 'invalid'; error: string };

/** A group of variables: every value with its default, or every error (one run names all bad variables). */
export type EnvResult<T> = { kind: 'ok'; env: T } | { kind: 'invalid'; errors: string[] };

const TRUE_WORDS = ['1', 'true', 'yes', 'on'];
const FALSE_WORDS = ['0', 'false', 'no', 'off'];

/** The raw value, or undefined when the variable is unset or blank (a blank value counts as unset). */
const given = (raw: string | undefined): string | undefined => (raw === undefined || raw.trim() === '' ? undefined : raw);

/**
 * The boolean parser: true/false/1/0/yes/no/on/off, case-insensitive, surrounding spaces ignored; unset or
 * blank → undefined (the caller's default); anything else is an error naming the variable, never a default.
 */
export function parseBoolVar(name: string, raw: string | undefined): EnvValue<boolean> {
  const v = given(raw);
  if (v === undefined) return { kind: 'ok', value: undefined };
  const s = v.trim().toLowerCase();
  if (TRUE_WORDS.includes(s)) return { kind: 'ok', value: true };
  if (FALSE_WORDS.includes(s)) return { kind: 'ok', value: false };
  return { kind: 'invalid', error: `${name} must be one of true/false/1/0/yes/no/on/off, got "${raw}"` };
}

/** A number in [0, 1]; unset or blank → undefined; anything else is an error naming the variable. */
export function parseUnitVar(name: string, raw: string | undefined): EnvValue<number> {
  const v = given(raw);
  if (v === undefined) return { kind: 'ok', value: undefined };
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0 || n > 1) return { kind: 'invalid', error: `${name} must be a number in [0, 1], got "${raw}"` };
  return { kind: 'ok', value: n };
}

/** WALTZRL_STAGE: 1 or 2; unset or blank → undefined. */
export function parseStageVar(name: string, raw: string | undefined): EnvValue<1 | 2> {
  const v = given(raw)?.trim();
  if (v === undefined) return { kind: 'ok', value: undefined };
  if (v === '1' || v === '2') return { kind: 'ok', value: v === '1' ? 1 : 2 };
  return { kind: 'invalid', error: `${name} must be 1 or 2, got "${raw}"` };
}

/** Reads the variables of one group, collecting the errors. */
function groupReader(env: EnvSource) {
  const errors: string[] = [];
  const take =
    <T>(parse: (name: string, raw: string | undefined) => EnvValue<T>) =>
    (name: string): T | undefined => {
      const r = parse(name, env[name]);
      if (r.kind === 'ok') return r.value;
      errors.push(r.error);
      return undefined;
    };
  return { errors, bool: take(parseBoolVar), unit: take(parseUnitVar), stage: take(parseStageVar) };
}

/** An invalid group as a UsageError (exit 2) naming every bad variable. */
export function envOrThrow<T>(r: EnvResult<T>): T {
  if (r.kind === 'invalid') throw new UsageError(r.errors.join('; '), { hint: 'Fix or unset the variable.' });
  return r.env;
}

// ---- data dir and config file (zod-free: the `crl record` entry reads them) -------------------------------

/** CRL_DATA_DIR as given (undefined when unset). */
export const dataDirVar = (env: EnvSource = process.env): string | undefined => env.CRL_DATA_DIR;

/** CRL_DATABASE_URL (`postgres://…`); undefined when unset or empty. */
export const databaseUrlVar = (env: EnvSource = process.env): string | undefined => env.CRL_DATABASE_URL || undefined;

/** CRL_CONFIG; undefined when unset or empty. */
export const configFileVar = (env: EnvSource = process.env): string | undefined => env.CRL_CONFIG || undefined;

// ---- the WaltzRL wrapper (`withWaltzRL`, `crl waltzrl wrap`) ----------------------------------------------

/** The wrapper's settings from the environment. */
export interface WaltzEnv {
  /** ENABLE_WALTZRL (default true). */
  enabled: boolean;
  /** WALTZRL_STAGE: 1 rules, 2 model endpoint (default 1). */
  stage: 1 | 2;
  /** WALTZRL_FEEDBACK_ONLY: log feedback, change nothing (default false). */
  feedbackOnly: boolean;
  /** WALTZRL_BLOCK_ON_REVIEW_FAILURE: when the review itself fails, block the response (true, default) or pass it with the failure recorded. */
  blockOnReviewFailure: boolean;
  /** WALTZRL_REVISE_THRESHOLD: safety score in [0, 1] below which a response is revised (default 0.7, see `safetyScore`). */
  reviseThreshold: number;
}

export const WALTZ_ENV_DEFAULTS: WaltzEnv = { enabled: true, stage: 1, feedbackOnly: false, blockOnReviewFailure: true, reviseThreshold: 0.7 };

/**
 * The wrapper's variables: ENABLE_WALTZRL, WALTZRL_STAGE (1|2), WALTZRL_FEEDBACK_ONLY,
 * WALTZRL_BLOCK_ON_REVIEW_FAILURE and WALTZRL_REVISE_THRESHOLD ([0, 1]). Unset variables take the defaults;
 * a bad value is an error naming the variable. (WALTZRL_BLOCK_ON_FAILURE and WALTZRL_SAFETY_THRESHOLD belong
 * to the safety gate: see `parseSafetyGateEnv`.)
 */
export function parseWaltzEnv(env: EnvSource = process.env): EnvResult<WaltzEnv> {
  const r = groupReader(env);
  const d = WALTZ_ENV_DEFAULTS;
  const out: WaltzEnv = {
    enabled: r.bool('ENABLE_WALTZRL') ?? d.enabled,
    stage: r.stage('WALTZRL_STAGE') ?? d.stage,
    feedbackOnly: r.bool('WALTZRL_FEEDBACK_ONLY') ?? d.feedbackOnly,
    blockOnReviewFailure: r.bool('WALTZRL_BLOCK_ON_REVIEW_FAILURE') ?? d.blockOnReviewFailure,
    reviseThreshold: r.unit('WALTZRL_REVISE_THRESHOLD') ?? d.reviseThreshold,
  };
  return r.errors.length > 0 ? { kind: 'invalid', errors: r.errors } : { kind: 'ok', env: out };
}

/** The Stage 2 endpoint of `crl waltzrl wrap` (WALTZRL_STAGE=2): WALTZRL_STAGE2_URL, WALTZRL_STAGE2_MODEL (empty → undefined). */
export function waltzStage2EndpointEnv(env: EnvSource = process.env): { url: string | undefined; model: string | undefined } {
  return { url: env.WALTZRL_STAGE2_URL || undefined, model: env.WALTZRL_STAGE2_MODEL || undefined };
}

/** The Stage 2 API key: the value of the variable named by config `waltzrl.stage2.api_key_env` (undefined when unset). */
export const stage2ApiKey = (varName: string, env: EnvSource = process.env): string | undefined => env[varName];

// ---- the safety gate on default changes -------------------------------------------------------------------

/** The safety gate's variables (the WaltzRL notes' meaning of WALTZRL_BLOCK_ON_FAILURE and WALTZRL_SAFETY_THRESHOLD). */
export interface SafetyGateVars {
  /** ENABLE_WALTZRL_SAFETY_BENCHMARKS (default false). */
  enabled: boolean;
  /** WALTZRL_BLOCK_ON_FAILURE: refuse a failing default change (true) or let it go ahead with a warning (false, default). */
  block: boolean;
  /** WALTZRL_SAFETY_THRESHOLD: minimum benchmark score in [0, 1]; undefined → config `waltzrl.benchmark_threshold`. */
  threshold: number | undefined;
}

/** Parses ENABLE_WALTZRL_SAFETY_BENCHMARKS, WALTZRL_BLOCK_ON_FAILURE and WALTZRL_SAFETY_THRESHOLD. */
export function parseSafetyGateEnv(env: EnvSource = process.env): EnvResult<SafetyGateVars> {
  const r = groupReader(env);
  const out: SafetyGateVars = {
    enabled: r.bool('ENABLE_WALTZRL_SAFETY_BENCHMARKS') ?? false,
    block: r.bool('WALTZRL_BLOCK_ON_FAILURE') ?? false,
    threshold: r.unit('WALTZRL_SAFETY_THRESHOLD'),
  };
  return r.errors.length > 0 ? { kind: 'invalid', errors: r.errors } : { kind: 'ok', env: out };
}

// ---- terminal and user ------------------------------------------------------------------------------------

/** Colour is allowed unless NO_COLOR is set (to anything, https://no-color.org) or TERM is `dumb`. */
export const colorAllowedByEnv = (env: EnvSource = process.env): boolean => !('NO_COLOR' in env) && env.TERM !== 'dumb';

/** COLUMNS as a whole number (a shell's terminal width, e.g. `COLUMNS=120 crl --help | less`); undefined otherwise. */
export function columnsVar(env: EnvSource = process.env): number | undefined {
  const n = Number(given(env.COLUMNS));
  return Number.isInteger(n) ? n : undefined;
}

/** USER: the login name (the default of `--by`); undefined when unset. */
export const userVar = (env: EnvSource = process.env): string | undefined => env.USER;
