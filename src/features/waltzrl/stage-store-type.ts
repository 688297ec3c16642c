export type RolloutStatus = 'stage1' | 'canary' | 'complete';

/** The rollout state row (name 'waltzrl'). */
export interface RolloutRow {
  name: string;
  status: RolloutStatus;
  active_variant: string;
  candidate_variant: string | null;
  step_index: number;
  step_percent: number;
  step_started_at: string | null;
  promoted_at: string | null;
  promoted_by: string | null;
  gate_report_id: string | null;
  approval_proposal_id: string | null;
  last_hold_reason: string | null;
  returned_at: string | null;
  updated_at: string;
  version: number;
}

export interface GateReportRow {
  report_id: string;
  ts: string;
  variant_id: string;
  endpoint_url: string | null;
  model: string | null;
  dataset_path: string;
  dataset_digest: string;
  result: 'pass' | 'fail';
  n: number;
  asr: number | null;
  orr: number | null;
  ftr: number | null;
  reason: string;
  /** JSON text */
  figures: string;
  /** JSON text */
  thresholds: string;
  run_by: string;
}

export interface StageEventRow {
  event_id: string;
  ts: string;
  event_type: string;
  variant_id: string;
  from_percent: number | null;
  to_percent: number | null;
  reason: string;
  /** JSON text */
  figures: string;
  triggered_by: string;
}

/** One recorded review of a safety variant, as the live window reads it. */
export interface ReviewWindowRow {
  ts: string;
  outcome: 'success' | 'failure' | 'error' | 'partial';
  duration_ms: number | null;
  metadata: string | null;
}

export interface RollbackInsert {
  rollback_id: string;
  ts: string;
  agent_name: string;
  task_type: string;
  from_variant: string;
  to_variant: string;
  reason: string;
  degradation_metrics: string;
  triggered_by: string;
}

/** Rollout state, gate reports, stage events and the live window of the WaltzRL stage rollout. */
export interface WaltzrlStageStore {
  get(name: string): Promise<RolloutRow | undefined>;
  insert(row: RolloutRow): Promise<void>;
  /** Compare-and-set on `version`; false when another writer changed the row first. Call inside the caller's transaction. */
  update(row: RolloutRow, expectedVersion: number): Promise<boolean>;
  insertGateReport(r: GateReportRow): Promise<void>;
  gateReport(id: string): Promise<GateReportRow | undefined>;
  latestGateReport(variant: string): Promise<GateReportRow | undefined>;
  insertEvent(e: StageEventRow): Promise<void>;
  /** The greatest event id (in byte order) of the events written at exactly `ts`, if any. */
  lastEventIdAt(ts: string): Promise<string | undefined>;
  /** Newest first (ties on `ts`: the later written first). */
  events(limit: number): Promise<StageEventRow[]>;
  /** Newest first: reviews of a tuple at or after `sinceTs`, at most `limit` (indexed on (tuple_id, ts)). */
  window(tupleId: number, sinceTs: string, limit: number): Promise<ReviewWindowRow[]>;
  /** Number of reviews of a tuple at or after `sinceTs` (at most `cap`). */
  countSince(tupleId: number, sinceTs: string, cap: number): Promise<number>;
  /** A row in the CRL `rollbacks` table, so that rollback history and the dashboard see a return. */
  insertRollback(r: RollbackInsert): Promise<void>;
}
