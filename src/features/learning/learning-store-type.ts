import type { Outcome } from '../../../core/learning/compute-reward';
import type { OutcomeCounts } from '../../../core/monitor/detect-degradation';
import type { WindowEntry, WindowSignal } from './recent-window';

/** Learned figures and exact running counts of one (agent, task type, variant). */
export interface TupleRow {
  id: number;
  agent_name: string;
  task_type: string;
  variant_id: string;
  q_value: number;
  n_visits: number;
  inv_count: number;
  inv_success: number;
  inv_partial: number;
  inv_failure: number;
  inv_error: number;
  reward_sum: number;
  last_updated: string;
  convergence_score: number | null;
  /** Counts of the newest `win_size` invocations, kept with the recent window (null until kept). */
  win_size: number | null;
  /** `inv_count` when those counts were taken: they stand only while it is unchanged. */
  win_inv_count: number | null;
  win_n: number | null;
  win_success: number | null;
  win_errors: number | null;
  win_reward_sum: number | null;
  /** Outcomes of the kept window, one letter each (s|p|f|e), newest first. */
  win_outcomes: string | null;
}

/** The exact running counts of a tuple (what a degradation check needs from `q_values`). */
export type TupleCounts = Pick<TupleRow, 'id' | 'inv_count' | 'inv_success' | 'inv_partial' | 'inv_failure' | 'inv_error' | 'reward_sum'>;

/** A validated invocation ready to store. `ts` is normalised ISO 8601 UTC. */
export interface InvocationRow {
  invocation_id: string;
  ts: string;
  agent_name: string;
  task_type: string;
  variant_id: string;
  outcome: Outcome;
  reward: number;
  quality_score: number | null;
  error_count: number | null;
  duration_ms: number | null;
  metadata: string | null;
}

/** One recent invocation of a tuple (newest first when read). */
export interface WindowRow {
  ts: string;
  outcome: Outcome;
  reward: number;
}

/** A tuple's recent window for a check: from its kept row, or read from the index when that is missing or short. */
export interface TupleWindow {
  /** Newest first: at least the `need` asked for, or every invocation of the tuple when it has fewer. */
  recent: WindowSignal[];
  /** Set when read from the index (the kept row was missing or too short): the entries worth keeping. */
  rebuilt: WindowEntry[] | null;
}

/** A window to keep, valid while the tuple still has `inv_count` invocations. */
export interface WindowToSave {
  tuple_id: number;
  inv_count: number;
  /** Entries read from the index, to keep as the tuple's window; null when the kept window is whole. */
  entries: WindowEntry[] | null;
  /** Its newest invocations (newest first, as many as a window keeps): the summary is taken from them. */
  recent: readonly WindowSignal[];
}

/** What a check reads of a tuple's kept window: counts of its newest `size` invocations and all its outcomes. */
export interface WindowSummary {
  size: number;
  counts: OutcomeCounts;
  /** One letter an outcome (s|p|f|e), newest first. */
  outcomes: string;
}

/** Default number of newest invocations kept per tuple (the monitor's default sequential lookback). */
export const DEFAULT_WINDOW_CAPACITY = 100;
/** Default size of the window whose counts are kept (the degradation window). */
export const DEFAULT_COUNTED_WINDOW = 20;

/** One arm of a rollout: invocations of a variant over a period. */
export interface ArmFigures {
  n: number;
  success: number;
  /** Success flags of the newest invocations, newest first. */
  recent: boolean[];
}

export interface QFilter {
  agent?: string;
  task?: string;
  variant?: string;
}

/** What a batch of rows did: how many were stored, how many were already stored (by invocation_id). */
export interface AddResult {
  inserted: number;
  duplicates: number;
}

/**
 * A write session: rows are inserted a batch at a time, Q-values and counts are folded in memory and
 * written back on `commit()` — all in one transaction with the rows. Used by `record` (a batch of one),
 * `ingest` (one read chunk of lines a batch) and the Python import.
 */
export interface WriteSession {
  /** Inserts rows in order; a row whose invocation_id is already stored (or earlier in the batch) changes nothing. */
  add(rows: readonly InvocationRow[], opts?: { updateQ?: boolean }): Promise<AddResult>;
  /** Sets the learned figures of a tuple as given (Python q_table import). */
  setQ(agent: string, task: string, variant: string, q: number, n: number, lastUpdated: string, convergence: number | null): Promise<void>;
  /** The in-session state of a tuple (after the rows added so far). */
  tuple(agent: string, task: string, variant: string): Promise<TupleRow>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
}

export interface LearningStore {
  /** Starts a write session (a transaction of the store's database; inside a transaction already, it joins it). */
  begin(alpha: number, now: string, actor: string): Promise<WriteSession>;
  qTable(filter: QFilter): Promise<TupleRow[]>;
  getTuple(agent: string, task: string, variant: string): Promise<TupleRow | undefined>;
  /** The last `limit` invocations of a tuple, newest first (indexed: never a scan). */
  recent(tupleId: number, limit: number): Promise<WindowRow[]>;
  /**
   * The newest `need` (or more) invocations of a tuple, newest first: its kept window when that holds
   * enough of them (`stored`, or read from `recent_windows` when undefined), else read from the index.
   */
  windowFor(t: Pick<TupleCounts, 'id' | 'inv_count'>, need: number, stored?: Buffer | null): Promise<TupleWindow>;
  /**
   * Keeps windows read from the index and their summaries (counts of the newest `countedWindow` entries,
   * outcomes), each only while its tuple has no new invocations (one transaction).
   */
  saveWindows(rows: WindowToSave[]): Promise<void>;
  /** Builds the kept window and summary of every tuple that lacks them (rows stored by other means, e.g. a bulk load). */
  backfillWindows(): Promise<number>;
  /**
   * Invocations of one variant since `sinceTs` (inclusive) for a task, or for every task when `task` is null:
   * their count, successes, and the newest `lookback` success flags, newest first (a rollout's arm).
   */
  armSince(agent: string, task: string | null, variant: string, sinceTs: string, lookback: number): Promise<ArmFigures>;
  /** Number of invocations of a tuple stored after `ts` (at most `cap`). */
  countSince(tupleId: number, ts: string, cap: number): Promise<number>;
  /** Every (agent, task) pair that has figures. */
  agentTasks(): Promise<{ agent_name: string; task_type: string }[]>;
  /**
   * Every agent/task with figures, its effective default (the task's own, else the agent-wide one) and
   * that default's tuple (null when the default has no figures yet) with the kept summary of its window
   * (null when none stands for its current invocations) — one query for the monitor's pass.
   */
  activeTuples(): Promise<{ agent_name: string; task_type: string; variant_id: string; tuple: TupleCounts | null; window: WindowSummary | null }[]>;
  invocationCount(): Promise<number>;
}
