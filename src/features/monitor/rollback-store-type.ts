import type { TupleCounts } from '../learning/learning-store-type';

/** A stored rollback or skipped rollback (append-only). degradation_metrics is JSON text. */
export interface RollbackRow {
  rollback_id: string;
  ts: string;
  event_type: 'rollback' | 'rollback_skipped';
  agent_name: string;
  task_type: string;
  from_variant: string;
  to_variant: string | null;
  reason: string;
  degradation_metrics: string;
  triggered_by: string;
}

export interface RollbackFilter {
  agent?: string;
  task?: string;
  limit?: number;
}

/** The newest events of a pair that has any. */
export interface PairEvents {
  agent_name: string;
  task_type: string;
  /** The newest event (any type). */
  latest: RollbackRow | undefined;
  /** The newest rollback (not skipped), if any. */
  latestRollback: RollbackRow | undefined;
}

/** The newest rollback away from a variant of an agent/task. */
export type AwayFromRow = Pick<RollbackRow, 'from_variant' | 'rollback_id' | 'ts' | 'to_variant' | 'triggered_by'>;

/** What a re-check of one agent/task reads (one statement). */
export interface PairCheckRow {
  /** The effective default (the task's own, else the agent-wide one). */
  default: { variant_id: string; updated_at: string } | null;
  /** The default's running counts (null: no tuple). */
  tuple: TupleCounts | null;
  /** The default's kept window (`recent_windows.entries`), null when none is kept. */
  entries: Buffer | null;
  /** The newest rollback (not skipped), with the default's invocations since (capped). */
  lastRollback: { rollback_id: string; ts: string; since: number } | null;
  /** The newest event of any type. */
  lastEvent: Pick<RollbackRow, 'event_type' | 'from_variant' | 'ts'> | null;
}

/** The rollbacks table: insert and indexed reads (agent, task, ts). */
export interface RollbackStore {
  insert(row: RollbackRow): Promise<void>;
  /** Inserts a row unless its rollback_id exists; false for a duplicate (import). */
  insertIfNew(row: RollbackRow): Promise<boolean>;
  /** The newest event for an agent/task (any type). */
  latest(agent: string, task: string): Promise<RollbackRow | undefined>;
  /** The newest rollback (not skipped) of an agent/task. */
  latestRollback(agent: string, task: string): Promise<RollbackRow | undefined>;
  /** Agent/task pairs that have had a rollback (not skipped). */
  rolledBackPairs(): Promise<{ agent_name: string; task_type: string }[]>;
  /** The newest rollback (not skipped) away from `variant` for an agent/task. */
  latestFrom(agent: string, task: string, variant: string): Promise<RollbackRow | undefined>;
  /** For every pair with events: its newest event and its newest rollback (one statement; ties as `latest`). */
  latestPerPair(): Promise<PairEvents[]>;
  /** For an agent/task: the newest rollback away from each variant (as `latestFrom` for each), one statement. */
  latestAwayFrom(agent: string, task: string): Promise<AwayFromRow[]>;
  /** The facts of a pair's re-check (default, its counts and kept window, newest rollback and event): one statement. */
  pairCheck(agent: string, task: string, cap: number): Promise<PairCheckRow>;
  /** For each (tuple, ts): its invocations after ts, at most `cap` (in the order given; one statement per 256). */
  countsSince(items: readonly { tuple_id: number; ts: string }[], cap: number): Promise<number[]>;
  /** Newest first. */
  history(filter: RollbackFilter): Promise<RollbackRow[]>;
}
