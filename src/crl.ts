import type { CrlConfig } from './config/config';
import { type Ctx, openContext, type OpenCrlOptions } from './context';
import { review as reviewPair } from '../core/waltzrl/review/review';
import { buildDashboard } from './features/dashboard/dashboard-service';
import { collectMetrics, formatPrometheus } from './features/dashboard/metrics-service';
import { renderDashboard, type RenderOptions } from './features/dashboard/render-dashboard';
import { importPython } from './features/import-python/import-python-service';
import { ingest, qTable, record } from './features/learning/learning-service';
import { select, selectMany } from './features/serving/serving-service';
import { abortRollout, advanceRollout, rolloutHistory, rolloutStatus, startAnyRollout, tickRollouts } from './features/rollout/rollout-service';
import { checkAll, rollbackHistory, runMonitorLeased } from './features/monitor/monitor-service';
import { applyPromotionDecision, checkPromotion } from './features/promotion/promotion-service';
import { listProposals, reviewSummary, runPropose, showProposal } from './features/proposals/proposals-service';
import { applyProposal, decideProposal } from './features/proposals/review-service';
import { latestSafetyReport, runSafetyBenchmark } from './features/safety-gate/safety-benchmark-service';
import { checkSafetyGate } from './features/safety-gate/safety-gate-service';
import { addVariant, listVariants, retireVariant, setDefault } from './features/variants/variants-service';
import { coachingMemory, exportCoaching } from './features/waltzrl/coaching-service';
import * as stage from './features/waltzrl/stage-service';
import { authenticate, authorize, createToken, listTokens, revokeToken } from './features/tokens/tokens-service';
import { readiness, type Readiness } from './features/health/health-service';
import { eventsSince, latestEventId } from './features/events/events-service';
import type { InvocationLine } from '../telemetry/schemas';

/** Input of `record`: one completed invocation (the same fields as an `ingest` line). */
export type RecordInput = InvocationLine;

/**
 * Binds a feature's service functions to one context: `(ctx, ...args) => r` becomes `(...args) => Promise<r>`.
 * Every bound method returns a Promise (an error is a rejection), but for one that returns an async iterable
 * (`serving.selectMany`), which is passed on as it is (`for await (const a of crl.serving.selectMany(…))`).
 */
type Bound<F> = F extends (ctx: Ctx, ...args: infer A) => infer R
  ? (...args: A) => R extends AsyncIterable<unknown> ? R : Promise<Awaited<R>>
  : never;
const isAsyncIterable = (v: unknown): v is AsyncIterable<unknown> =>
  typeof v === 'object' && v !== null && typeof (v as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function';
const bind = <F extends (ctx: Ctx, ...args: never[]) => unknown>(ctx: Ctx, f: F): Bound<F> =>
  ((...args: never[]) => {
    try {
      const r = f(ctx, ...args);
      return isAsyncIterable(r) ? r : Promise.resolve(r);
    } catch (e) {
      return Promise.reject(e);
    }
  }) as Bound<F>;

/** Learning: record and ingest outcomes, import the Python CRL files, read Q-values. */
export interface LearningApi {
  /** Records one completed invocation; Q is updated in the same transaction. */
  record: Bound<typeof record>;
  /** Ingests a JSONL file path or a stream of chunks (constant memory, idempotent by invocation_id, all or nothing). */
  ingest: Bound<typeof ingest>;
  /** Imports q_table.jsonl, agent_invocations.jsonl, rollback_events.jsonl, variant_proposals.jsonl of a directory. */
  importPython: Bound<typeof importPython>;
  /** The Q-table (`crl q`). */
  qTable: Bound<typeof qTable>;
}

/** The serving decision (`crl select`): which variant a request runs. */
export interface ServingApi {
  /** Defaults, staged rollouts, exploration share and cold starts, over eligible variants only. */
  select: Bound<typeof select>;
  /** The decision for every subject of a list, the facts read once. */
  selectMany: Bound<typeof selectMany>;
}

/** Staged rollouts of a variant, any agent (`crl rollout …`). */
export interface RolloutApi {
  /**
   * Starts one (safety gate first), or with `immediate` switches the default at once. For waltzrl/safety-review
   * it is the WaltzRL Stage 2 promotion (benchmark gate first).
   */
  start: Bound<typeof startAnyRollout>;
  /** Running rollouts (all with `all`), the WaltzRL Stage 2 rollout among them as waltzrl/safety-review. */
  status: Bound<typeof rolloutStatus>;
  /** One look: abort on degradation, else the next step when allowed (a ConflictError otherwise). */
  advance: Bound<typeof advanceRollout>;
  abort: Bound<typeof abortRollout>;
  history: Bound<typeof rolloutHistory>;
  /** One pass over every running rollout (what the monitor and the scheduler run). */
  tick: Bound<typeof tickRollouts>;
}

/** Variants and defaults: the registry (`crl variant …`). */
export interface VariantsApi {
  add: Bound<typeof addVariant>;
  list: Bound<typeof listVariants>;
  /** Changes a default (audited; the safety gate applies when it is on). */
  setDefault: Bound<typeof setDefault>;
  /** Retires a variant: never selected or used as a rollback target again. */
  retire: Bound<typeof retireVariant>;
}

/** The SafetyMonitor's promotion decision (`crl safety check`). */
export interface PromotionApi {
  /** auto_apply | human_approval | no_action with reasoning and figures. Read-only. */
  check: Bound<typeof checkPromotion>;
  /** Acts on the decision: switches the default (auto_apply) or queues a review item (human_approval). */
  apply: Bound<typeof applyPromotionDecision>;
}

/** Degradation monitoring and rollback (`crl monitor`, `crl rollback history`). */
export interface MonitorApi {
  /** Degradation verdict of every active default variant (read-only). */
  checks: Bound<typeof checkAll>;
  /** One monitor pass under the cross-process lease: rolls back degraded defaults (unless dryRun). */
  run: Bound<typeof runMonitorLeased>;
  /** Rollbacks and skipped rollbacks, newest first. */
  rollbacks: Bound<typeof rollbackHistory>;
}

/** The VariantProposer and the review queue (`crl propose`, `crl proposals …`). */
export interface ProposalsApi {
  /** Runs the VariantProposer over every agent/task and queues new proposals (status pending). */
  propose: Bound<typeof runPropose>;
  /** The review queue, highest confidence first (SafetyMonitor approval items included). */
  list: Bound<typeof listProposals>;
  show: Bound<typeof showProposal>;
  /** approve | reject | defer | reopen; a forbidden transition is a ConflictError. */
  decide: Bound<typeof decideProposal>;
  /** Carries out an approved proposal (new default, retirement or new candidate variant). */
  apply: Bound<typeof applyProposal>;
  /** Counts per status and the top pending proposals by confidence. */
  summary: Bound<typeof reviewSummary>;
}

/** The safety benchmark and the safety gate on every change of a default (`crl safety benchmark|report`). */
export interface SafetyGateApi {
  /** Runs the benchmark cases through a variant's responder command; the report is stored. */
  benchmark: Bound<typeof runSafetyBenchmark>;
  /** The latest benchmark report of a variant and whether it passes the gate now. */
  report: Bound<typeof latestSafetyReport>;
  /** The gate's verdict on making a variant a default now. */
  check: Bound<typeof checkSafetyGate>;
}

/** The WaltzRL Stage 2 rollout (`crl waltzrl stage …`). */
export interface WaltzrlStageApi {
  /** Where the rollout stands, live ASR/ORR/FTR and the next action. */
  status: Bound<typeof stage.stageStatus>;
  /** Benchmark gate (fail closed), then the Stage 2 variant serves the first traffic step. */
  promote: Bound<typeof stage.promoteStage2>;
  /** Which stage serves a request subject (sticky hash bucket). */
  route: Bound<typeof stage.routeStage>;
  /** The reviewer that serves a subject, for `withWaltzRL(execute, { reviewer })`. */
  reviewer: Bound<typeof stage.stageReviewer>;
  /** Records a served review of a safety variant with the flags the live window reads. */
  recordReview: Bound<typeof stage.recordStageReview>;
  /** One pass of the step machine: return on a confident breach, else advance / hold / wait. */
  check: Bound<typeof stage.checkStage>;
  /** Manual return to Stage 1. */
  rollback: Bound<typeof stage.rollbackStage>;
}

/** The WaltzRL safety layer: Stage 1 review, coaching memory and export, the Stage 2 rollout. */
export interface WaltzrlApi {
  /** Stage 1 verdict of one (prompt, response) pair (`crl waltzrl review`). Pure rules, nothing recorded. */
  review: typeof reviewPair;
  /** Coaching memory of this data dir, for `withWaltzRL(execute, { coach, coachingMemory })`. */
  coachingMemory: Bound<typeof coachingMemory>;
  /** Writes the coaching sessions as JSONL trajectories; counts and DIR statistics. */
  exportCoaching: Bound<typeof exportCoaching>;
  stage: WaltzrlStageApi;
}

/** The safety dashboard and the health figures (`crl dashboard`, `crl metrics`). */
export interface DashboardApi {
  /** The dashboard as one plain object (what `crl dashboard --json` prints); aggregates only. */
  build: Bound<typeof buildDashboard>;
  /** The health figures as gauges (what `crl metrics --json` prints). */
  metrics: Bound<typeof collectMetrics>;
  /** The health figures in the Prometheus text exposition format (what `crl metrics` prints). */
  metricsText(): Promise<string>;
  /** The dashboard as text (what `crl dashboard` prints), at most 100 columns wide by default. */
  text(options: RenderOptions): Promise<string>;
}

/** Changes of what is served, from the audit log (what `GET /v1/events` streams). */
export interface EventsApi {
  /** Events after an audit id, oldest first (a page of at most `limit` audit rows) and the cursor to go on from. */
  since: Bound<typeof eventsSince>;
  /** The id of the newest audit row. */
  latestId: Bound<typeof latestEventId>;
}

/** API tokens of `crl serve` (`crl token …`): only their hashes are stored. */
export interface TokensApi {
  /** Creates a token with a scope (record, read, admin); the token is in the result, shown this once. */
  create: Bound<typeof createToken>;
  /** Tokens that are not revoked (all with `{ all: true }`); never the tokens. */
  list: Bound<typeof listTokens>;
  revoke: Bound<typeof revokeToken>;
  /** The name and scope of a presented token, or null when it is unknown or revoked. */
  authenticate: Bound<typeof authenticate>;
  /** Whether an identity may call a route that needs a scope (admin implies record and read). */
  authorize: typeof authorize;
}

/**
 * A handle on one data dir (its SQLite file, or the PostgreSQL database a fleet shares), grouped by feature.
 * Every CLI command is a thin layer over these methods; each of them returns a Promise, but for the pure
 * `waltzrl.review` and `tokens.authorize` and the async generator `serving.selectMany`.
 *
 * ```ts
 * const crl = await openCrl({ dataDir: './telemetry/crl' });
 * await crl.learning.record({ agent_name: 'backend-architect', task_type: 'api-design', variant_id: 'v2', outcome: 'success' });
 * const pick = await crl.serving.select({ agent: 'backend-architect', task: 'api-design', subject: 'user-42' });
 * await crl.close();
 * ```
 */
export class Crl {
  /** Stores, config and clock shared by the services (for extensions and tests). */
  readonly ctx: Ctx;
  readonly learning: LearningApi;
  readonly serving: ServingApi;
  readonly rollout: RolloutApi;
  readonly variants: VariantsApi;
  readonly promotion: PromotionApi;
  readonly monitor: MonitorApi;
  readonly proposals: ProposalsApi;
  readonly safetyGate: SafetyGateApi;
  readonly waltzrl: WaltzrlApi;
  readonly dashboard: DashboardApi;
  readonly tokens: TokensApi;
  readonly events: EventsApi;

  constructor(ctx: Ctx) {
    this.ctx = ctx;
    const b = <F extends (ctx: Ctx, ...args: never[]) => unknown>(f: F) => bind(ctx, f);
    this.learning = { record: b(record), ingest: b(ingest), importPython: b(importPython), qTable: b(qTable) };
    this.serving = { select: b(select), selectMany: b(selectMany) };
    this.rollout = {
      start: b(startAnyRollout), status: b(rolloutStatus), advance: b(advanceRollout),
      abort: b(abortRollout), history: b(rolloutHistory), tick: b(tickRollouts),
    };
    this.variants = { add: b(addVariant), list: b(listVariants), setDefault: b(setDefault), retire: b(retireVariant) };
    this.promotion = { check: b(checkPromotion), apply: b(applyPromotionDecision) };
    this.monitor = { checks: b(checkAll), run: b(runMonitorLeased), rollbacks: b(rollbackHistory) };
    this.proposals = {
      propose: b(runPropose), list: b(listProposals), show: b(showProposal),
      decide: b(decideProposal), apply: b(applyProposal), summary: b(reviewSummary),
    };
    this.safetyGate = { benchmark: b(runSafetyBenchmark), report: b(latestSafetyReport), check: b(checkSafetyGate) };
    this.waltzrl = {
      review: reviewPair,
      coachingMemory: b(coachingMemory),
      exportCoaching: b(exportCoaching),
      stage: {
        status: b(stage.stageStatus), promote: b(stage.promoteStage2), route: b(stage.routeStage),
        reviewer: b(stage.stageReviewer), recordReview: b(stage.recordStageReview),
        check: b(stage.checkStage), rollback: b(stage.rollbackStage),
      },
    };
    this.dashboard = {
      build: b(buildDashboard), metrics: b(collectMetrics),
      metricsText: async () => formatPrometheus(await collectMetrics(ctx)),
      text: async (options) => renderDashboard(await buildDashboard(ctx), options),
    };
    this.tokens = { create: b(createToken), list: b(listTokens), revoke: b(revokeToken), authenticate: b(authenticate), authorize };
    this.events = { since: b(eventsSince), latestId: b(latestEventId) };
  }

  /** Whether the store answers and is migrated to this version (what `GET /readyz` reports). */
  async readiness(): Promise<Readiness> {
    return readiness(this.ctx);
  }

  get dataDir(): string {
    return this.ctx.dataDir;
  }

  get config(): CrlConfig {
    return this.ctx.config;
  }

  /** Appends JSONL audit lines a previous run could not write (outbox). */
  async flushOutbox(): Promise<number> {
    return this.ctx.outbox.flush(this.ctx.dataDir, this.ctx.now().toISOString());
  }

  private closing: Promise<void> | undefined;

  /**
   * Closes the SQLite connection (after the transaction in progress, if any) or ends the PostgreSQL pool.
   * Idempotent: a second call waits for the first.
   */
  close(): Promise<void> {
    this.closing ??= this.ctx.db.close();
    return this.closing;
  }
}

/**
 * Opens (creating and migrating if needed) a data dir: its SQLite file, or the PostgreSQL database of
 * `databaseUrl` (else `CRL_DATABASE_URL`, else config `store.database_url`). Close it with `await crl.close()`.
 */
export async function openCrl(opts: OpenCrlOptions = {}): Promise<Crl> {
  const crl = new Crl(await openContext(opts));
  try {
    await crl.flushOutbox(); // repairs the JSONL export after a crash between a commit and its append
  } catch {
    // Best effort: an export that cannot be written now (e.g. a full disk) must not block every command;
    // its lines stay pending and the next run tries again. Flushes after a change still report failures.
  }
  return crl;
}
