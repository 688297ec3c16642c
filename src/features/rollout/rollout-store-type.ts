export type RolloutStatus = 'running' | 'completed' | 'aborted';
export type RolloutApproval = 'none' | 'pending' | 'approved' | 'rejected';
export type RolloutEventType = 'start' | 'advance' | 'await_approval' | 'abort' | 'complete';

/** A staged rollout of `candidate` for one agent/task (at most one running per pair). */
export interface RolloutRow {
  rollout_id: string;
  agent_name: string;
  task_type: string;
  candidate: string;
  /** The default when the rollout started: the other arm, and where traffic returns on an abort. */
  baseline: string | null;
  status: RolloutStatus;
  step_index: number;
  /** Share of subjects (0..100) the candidate serves at this step. */
  step_percent: number;
  step_started_at: string;
  approval: RolloutApproval;
  /** The review-queue item asked for the next step, when one was. */
  approval_proposal_id: string | null;
  started_at: string;
  started_by: string;
  updated_at: string;
  ended_at: string | null;
  end_reason: string | null;
  /** Bumped on every update (compare-and-set). */
  version: number;
}

export interface RolloutEventRow {
  id: number;
  rollout_id: string;
  ts: string;
  event_type: RolloutEventType;
  agent_name: string;
  task_type: string;
  candidate: string;
  from_percent: number;
  to_percent: number;
  actor: string;
  reason: string;
  /** JSON text. */
  figures: string;
}

export interface RolloutFilter {
  agent?: string;
  task?: string;
  status?: RolloutStatus;
  limit?: number;
}

/** The rollouts and their append-only event log. */
export interface RolloutStore {
  /** Inserts a new rollout; a second running one for the same agent/task violates a unique index. */
  insert(row: RolloutRow): Promise<void>;
  get(id: string): Promise<RolloutRow | undefined>;
  /** The running rollout of an agent/task, if any. */
  running(agent: string, task: string): Promise<RolloutRow | undefined>;
  /** The running rollout that routes an agent/task: the task's own, else an agent-wide one (`*`); one query. */
  routing(agent: string, task: string): Promise<RolloutRow | undefined>;
  /** Newest first. */
  list(filter: RolloutFilter): Promise<RolloutRow[]>;
  /** Compare-and-set on `version`: writes `row` (with version + 1) only when the stored version is `row.version`. */
  update(row: RolloutRow): Promise<boolean>;
  addEvent(e: Omit<RolloutEventRow, 'id'>): Promise<void>;
  /** Newest first. */
  events(filter: RolloutFilter & { rolloutId?: string }): Promise<RolloutEventRow[]>;
}
