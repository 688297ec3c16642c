/**
 * The library API of crl: `await openCrl(…)` and the feature groups of a `Crl` handle (`crl.learning`,
 * `crl.variants`, `crl.promotion`, `crl.monitor`, `crl.proposals`, `crl.safetyGate`, `crl.waltzrl`,
 * `crl.dashboard`), whose methods return Promises, their input and output types, the typed errors, the config schema, the WaltzRL
 * wrapper, and the pure policies of core/ for callers who replay decisions. Test doubles are in `crl/testing`.
 */
export {
  Crl, openCrl,
  type RecordInput, type LearningApi, type ServingApi, type RolloutApi, type VariantsApi, type PromotionApi, type MonitorApi, type ProposalsApi,
  type SafetyGateApi, type WaltzrlApi, type WaltzrlStageApi, type DashboardApi, type TokensApi, type EventsApi,
} from './crl';
export type { OpenCrlOptions } from './context';
export { configSchema, parseConfig, type CrlConfig, type ConfigInput } from './config/config';
export { CrlError, UsageError, NotFoundError, ConflictError, EXIT_CODES, type ErrorKind } from './errors';

// Learning
export type { IngestOptions, IngestResult, QEntry, RecordResult } from './features/learning/learning-service';
export type { ImportResult } from './features/import-python/import-python-service';
export { invocationLineSchema, type InvocationLine } from '../telemetry/schemas';
export { computeReward, type RewardSignals, type Outcome } from '../core/learning/compute-reward';
export { updateQ, type QState } from '../core/learning/update-q';
export type { Selection, SelectionPolicy, Candidate } from '../core/learning/select-variant';

// Serving decision and rollouts
export type { SelectAnswer, SelectInput, ServingFacts } from './features/serving/serving-service';
export type { RolloutView, RolloutAction, StartRolloutInput, StartRolloutResult, RolloutEventView } from './features/rollout/rollout-service';
export { decideServing, type ServingDecision, type ServingInput, type ServingKind, type ExplainRow } from '../core/serving/decide-serving';
export { variantEligibility, type Eligibility, type VariantFacts } from '../core/serving/variant-eligibility';
export { rolloutSteps, type RolloutAnalysis, type RolloutDecision, type RolloutProgress, type StepSchedule } from '../core/rollout/rollout-steps';
export { twoArmAnalysis, type RolloutArms, type RolloutPolicy, type TwoArmFigures } from '../core/rollout/two-arm-analysis';

// Variants
export type { VariantInfo } from './features/variants/variants-service';

// Promotion (the SafetyMonitor decision)
export type { PromotionCheckInput, PromotionCheckResult, PromotionApplyResult } from './features/promotion/promotion-service';
export { decidePromotion, type PromotionDecision, type PromotionInput, type PromotionThresholds } from '../core/promotion/decide-promotion';

// Monitor and rollback
export type { DegradationCheck, MonitorResult, MonitorOptions, DegradedEntry, RollbackEvent } from './features/monitor/monitor-service';
export type { Cooldown } from './features/monitor/cooldown';
export type { RollbackFilter } from './features/monitor/rollback-store-type';
export { detectDegradation, type DegradationVerdict, type DegradationParams, type OutcomeCounts } from '../core/monitor/detect-degradation';
export { sequentialTest, type SequentialTestResult } from '../core/monitor/sequential-test';
export { chooseRollbackTarget, type RollbackTarget, type RollbackCandidate } from '../core/monitor/choose-rollback-target';

// Proposals and review
export type { ProposalHistoryEntry, ProposalView, ProposeRunResult, ReviewSummary } from './features/proposals/proposals-service';
export type { ApplyResult, Decision, DecisionResult, Evidence } from './features/proposals/review-service';
export type { ProposalStatus } from './features/proposals/proposal-store-type';
export { proposeVariant, proposalConfidence, type ProposeResult, type ProposerSettings, type VariantFigures } from '../core/proposals/propose-variant';
export { recommendModifications, type VariantSignals } from '../core/proposals/recommend-modifications';

// Safety benchmark and gate
export type { SafetyBenchmarkReport, CaseResult, BenchmarkCase } from './features/safety-gate/safety-benchmark-service';
export type { SafetyGateCheck, SafetyGateEnv } from './features/safety-gate/safety-gate-service';

// WaltzRL
export type { ReviewResult } from '../core/waltzrl/review/review';
export { withWaltzRL, BLOCKED_MESSAGE, type WaltzOptions, type WaltzResult, type WaltzAction } from './features/waltzrl/wrap';
export { promptHash, type CoachFn, type CoachingMemory, type CoachingRecord, type CoachingResult } from './features/waltzrl/coach';
export { coachLoop, type CoachLoopResult, type CoachRound } from '../core/waltzrl/coach/coach-loop';
export type { Reviewer } from './features/waltzrl/reviewer';
export type { ExportStats, TrajectoryStep } from './features/waltzrl/coaching-service';
export type { StageStatus, PromoteResult, RouteResult, CheckResult, GateReport, StageEventLine } from './features/waltzrl/stage-service';
export { bucket, routeSubject } from '../core/waltzrl/stage/bucket';
export { stageAnalysis, stageSteps, type StageFigures, type StepDecision, type StepPolicy, type LiveFigures } from '../core/waltzrl/stage/stage-steps';
export { benchmarkGate, type GateResult, type GateItem } from '../core/waltzrl/stage/benchmark-gate';

// Dashboard and metrics
export type {
  DashboardData, DashboardHealth, DashboardRollback, DashboardProposal, HighConfidenceVariant, DegradationAlert, WaltzrlStage, Section,
} from './features/dashboard/dashboard-service';
export type { RenderOptions } from './features/dashboard/render-dashboard';
export { formatPrometheus, type MetricFamily, type MetricSample } from './features/dashboard/metrics-service';
export { decideHealth, healthRules, type HealthStatus, type HealthDecision, type HealthFigures, type HealthSettings } from '../core/dashboard/decide-health';

// The HTTP API (`crl serve`): a client with the same method names, API tokens, events
export { crlClient, type CrlClient, type CrlClientOptions, type EventsOptions, type IngestAnswer, type ServedReview } from './client/crl-client';
export { parseSse, type SseMessage } from './client/sse';
export type { CrlEvent, CrlEventType, EventsPage } from './features/events/events-service';
export type { TokenInfo, CreatedToken, TokenIdentity } from './features/tokens/tokens-service';
export { scopeAllows, TOKEN_SCOPES, type TokenScope, type ScopeDecision } from '../core/tokens/scope-allows';
export type { Readiness } from './features/health/health-service';
