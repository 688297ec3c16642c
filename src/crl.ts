import type { Selection } from '../core/learning/select-variant';
import type { CrlConfig } from './config/config';
import { type Ctx, openContext, type OpenCrlOptions } from './context';
import type { QFilter } from './features/learning/learning-store';
import { importPython, type ImportResult } from './features/import-python/import-python-service';
import { ingest, type IngestOptions, type IngestResult, type QEntry, qTable, record, type RecordResult, select, type SelectOptions } from './features/learning/learning-service';
import { addVariant, listVariants, retireVariant, setDefault, type VariantInfo } from './features/variants/variants-service';
import { applyProposal, type ApplyResult, type Decision, decideProposal, type DecisionResult, listProposals, type ProposalHistoryEntry, type ProposalView, type ProposeRunResult, reviewSummary, type ReviewSummary, runPropose, showProposal } from './features/proposals/proposals-service';
import type { ProposalStatus } from './features/proposals/proposal-store';
import type { InvocationLine } from '../telemetry/schemas';
import { applyPromotionDecision, checkPromotion, type PromotionApplyResult, type PromotionCheckInput, type PromotionCheckResult } from './features/promotion/promotion-service';
import { checkAll, type DegradationCheck, type MonitorOptions, type MonitorResult, rollbackHistory, runMonitorLeased } from './features/monitor/monitor-service';
import type { RollbackFilter } from './features/monitor/rollback-store';
import { runSafetyBenchmark, latestSafetyReport, type SafetyBenchmarkReport } from './features/safety-gate/safety-benchmark-service';
import { coachingMemory, exportCoaching, type ExportStats } from './features/waltzrl/coaching-service';
import { checkSafetyGate, type SafetyGateCheck } from './features/safety-gate/safety-gate-service';
import type { CoachingMemory } from './features/waltzrl/coach';
import * as waltzrlStage from './features/waltzrl/stage-service';
import type { Reviewer } from './features/waltzrl/reviewer';
import { buildDashboard, type DashboardData } from './features/dashboard/dashboard-service';
import { collectMetrics, formatPrometheus, type MetricFamily } from './features/dashboard/metrics-service';

/** Input of `record`: one completed invocation (the same fields as an `ingest` line). */
export type RecordInput = InvocationLine;

/**
 * A handle on one data dir. Every CLI command is a thin layer over these methods.
 *
 * ```ts
 * const crl = openCrl({ dataDir: './telemetry/crl' });
 * crl.record({ agent_name: 'backend-architect', task_type: 'api-design', variant_id: 'v2', outcome: 'success' });
 * const pick = crl.select({ agent: 'backend-architect', task: 'api-design', policy: 'thompson' });
 * crl.close();
 * ```
 */
export class Crl {
  /** Stores, config and clock shared by the services (for extensions and tests). */
  readonly ctx: Ctx;
  constructor(ctx: Ctx) {
    this.ctx = ctx;
  }
  get dataDir(): string {
    return this.ctx.dataDir;
  }
  get config(): CrlConfig {
    return this.ctx.config;
  }
  /** Records one completed invocation; Q is updated in the same transaction. */
  record(input: RecordInput): RecordResult {
    return record(this.ctx, input);
  }
  /** Ingests a JSONL file path or a stream of chunks (constant memory, idempotent by invocation_id). */
  ingest(source: string | AsyncIterable<Buffer | string>, opts?: IngestOptions): Promise<IngestResult> {
    return ingest(this.ctx, source, opts);
  }
  importPython(dir: string): ImportResult {
    return importPython(this.ctx, dir);
  }
  qTable(filter?: QFilter): QEntry[] {
    return qTable(this.ctx, filter);
  }
  select(opts: SelectOptions): Selection & { agent_name: string; task_type: string } {
    return select(this.ctx, opts);
  }
  addVariant(input: Parameters<typeof addVariant>[1]): VariantInfo {
    return addVariant(this.ctx, input);
  }
  listVariants(agent?: string): VariantInfo[] {
    return listVariants(this.ctx, agent);
  }
  setDefault(input: Parameters<typeof setDefault>[1]) {
    return setDefault(this.ctx, input);
  }
  retireVariant(input: Parameters<typeof retireVariant>[1]): VariantInfo {
    return retireVariant(this.ctx, input);
  }
  /** Runs the VariantProposer over every agent/task and queues new proposals (status pending). */
  propose(opts: { minInvocations?: number; actor?: string } = {}): ProposeRunResult {
    return runPropose(this.ctx, opts);
  }
  /** The review queue, highest confidence first (SafetyMonitor approval items included). */
  listProposals(filter: { status?: ProposalStatus; agent?: string; limit?: number } = {}): ProposalView[] {
    return listProposals(this.ctx, filter);
  }
  showProposal(id: string): ProposalView & { history: ProposalHistoryEntry[] } {
    return showProposal(this.ctx, id);
  }
  /** approve | reject | defer | reopen; a forbidden transition is a ConflictError. */
  decideProposal(id: string, decision: Decision, by: string, note?: string): DecisionResult {
    return decideProposal(this.ctx, id, decision, by, note);
  }
  /** Carries out an approved proposal (new default, retirement or new candidate variant). */
  applyProposal(id: string, by: string): ApplyResult {
    return applyProposal(this.ctx, id, by);
  }
  /** Counts per status and the top pending proposals by confidence. */
  reviewSummary(limit = 5): ReviewSummary {
    return reviewSummary(this.ctx, limit);
  }
  /** SafetyMonitor decision (auto_apply | human_approval | no_action) with reasoning and figures. Read-only. */
  checkPromotion(input: PromotionCheckInput): PromotionCheckResult {
    return checkPromotion(this.ctx, input);
  }
  /** Acts on the decision: switches the default (auto_apply) or queues a review item (human_approval). */
  applyPromotionDecision(input: PromotionCheckInput, by: string): PromotionApplyResult {
    return applyPromotionDecision(this.ctx, input, by);
  }
  /** Degradation verdict of every active default variant (read-only). */
  degradationChecks(): DegradationCheck[] {
    return checkAll(this.ctx);
  }
  /** One monitor pass under the cross-process lease: rolls back degraded defaults (unless dryRun). */
  monitor(opts?: MonitorOptions): Promise<MonitorResult> {
    return runMonitorLeased(this.ctx, opts);
  }
  /** Rollbacks and skipped rollbacks, newest first. */
  rollbackHistory(filter?: RollbackFilter) {
    return rollbackHistory(this.ctx, filter);
  }
  /** Safety benchmark of a variant through a responder command; the report is stored (the safety gate reads it). */
  safetyBenchmark(input: Parameters<typeof runSafetyBenchmark>[1]): Promise<SafetyBenchmarkReport> {
    return runSafetyBenchmark(this.ctx, input);
  }
  latestSafetyReport(agent: string, variant: string): SafetyBenchmarkReport {
    return latestSafetyReport(this.ctx, agent, variant);
  }
  /** The safety gate's verdict on making `variant` a default now (ENABLE_WALTZRL_SAFETY_BENCHMARKS etc.). */
  safetyGate(agent: string, variant: string): SafetyGateCheck {
    return checkSafetyGate(this.ctx, agent, variant);
  }
  /** Coaching memory of this data dir, for `withWaltzRL(execute, { coach, coachingMemory: crl.coachingMemory() })`. */
  coachingMemory(): CoachingMemory {
    return coachingMemory(this.ctx);
  }
  /** Writes the coaching sessions as JSONL trajectories; counts and DIR statistics. */
  exportCoaching(out: string, opts: { since?: string } = {}): ExportStats {
    return exportCoaching(this.ctx, out, opts);
  }
  /** WaltzRL Stage 2 rollout: where it stands, live ASR/ORR/FTR and the next action. */
  waltzrlStageStatus(): waltzrlStage.StageStatus {
    return waltzrlStage.stageStatus(this.ctx);
  }
  /** Benchmark gate (fail closed), then the Stage 2 variant serves the first traffic step. */
  promoteWaltzrlStage2(input: Parameters<typeof waltzrlStage.promoteStage2>[1]): Promise<waltzrlStage.PromoteResult> {
    return waltzrlStage.promoteStage2(this.ctx, input);
  }
  /** Which stage serves a request subject (sticky hash bucket). */
  routeWaltzrlStage(subject: string): waltzrlStage.RouteResult {
    return waltzrlStage.routeStage(this.ctx, subject);
  }
  /** The reviewer that serves a subject, for `withWaltzRL(execute, { reviewer })`. */
  waltzrlStageReviewer(subject: string): Reviewer {
    return waltzrlStage.stageReviewer(this.ctx, subject);
  }
  /** Records a served review of a safety variant with the flags the live window reads. */
  recordWaltzrlStageReview(input: Parameters<typeof waltzrlStage.recordStageReview>[1]): RecordResult {
    return waltzrlStage.recordStageReview(this.ctx, input);
  }
  /** One pass of the step machine: return on a confident breach, else advance / hold / wait. */
  checkWaltzrlStage(opts: { by?: string } = {}): waltzrlStage.CheckResult {
    return waltzrlStage.checkStage(this.ctx, opts);
  }
  /** Manual return to Stage 1. */
  rollbackWaltzrlStage(input: { by: string; reason?: string }): waltzrlStage.CheckResult {
    return waltzrlStage.rollbackStage(this.ctx, input);
  }
  /** The safety dashboard as one plain object (what `crl dashboard --json` prints); aggregates only. */
  dashboard(): DashboardData {
    return buildDashboard(this.ctx);
  }
  /** The health figures as gauges (what `crl metrics --json` prints). */
  metrics(): MetricFamily[] {
    return collectMetrics(this.ctx);
  }
  /** The health figures in the Prometheus text exposition format (what `crl metrics` prints). */
  metricsText(): string {
    return formatPrometheus(collectMetrics(this.ctx));
  }
  /** Appends JSONL audit lines a previous run could not write (outbox). */
  flushOutbox(): number {
    return this.ctx.outbox.flush(this.ctx.dataDir, this.ctx.now().toISOString());
  }
  close(): void {
    if (this.ctx.sqlite.open) this.ctx.sqlite.close();
  }
}

/** Opens (creating and migrating if needed) a data dir. Close it with `crl.close()`. */
export function openCrl(opts: OpenCrlOptions = {}): Crl {
  const crl = new Crl(openContext(opts));
  try {
    crl.flushOutbox(); // repairs the JSONL export after a crash between a commit and its append
  } catch {
    // Best effort: an export that cannot be written now (e.g. a full disk) must not block every command;
    // its lines stay pending and the next run tries again. Flushes after a change still report failures.
  }
  return crl;
}
