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
  /** Newest first. */
  history(filter: RollbackFilter): Promise<RollbackRow[]>;
}
