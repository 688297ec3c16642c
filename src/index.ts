/** Public library API of crl. */
export { Crl, openCrl, type RecordInput } from './crl';
export type { OpenCrlOptions } from './context';
export { configSchema, parseConfig, type CrlConfig, type ConfigInput } from './config';
export { CrlError, UsageError, NotFoundError, ConflictError, EXIT_CODES, type ErrorKind } from './errors';
export type { IngestOptions, IngestResult, QEntry, RecordResult, SelectOptions } from './services/learning';
export type { ImportResult } from './services/import-python';
export type { VariantInfo } from './services/registry';
export type { ApplyResult, Decision, DecisionResult, Evidence, ProposalHistoryEntry, ProposalView, ProposeRunResult, ReviewSummary } from './services/proposals';
export { proposeVariant, proposalConfidence, type ProposeResult, type ProposerSettings, type VariantFigures } from '../core/propose-variant';
export { recommendModifications, type VariantSignals } from '../core/recommend-modifications';
export type { Selection, SelectionPolicy, Candidate } from '../core/select-variant';
export { computeReward, type RewardSignals, type Outcome } from '../core/compute-reward';
export { updateQ, type QState } from '../core/update-q';
export { invocationLineSchema, type InvocationLine } from '../telemetry/schemas';
