import type { TupleRow } from '../learning/learning-store-type';
import type { ProposalRow } from '../proposals/proposal-store-type';
import type { RollbackRow } from '../monitor/rollback-store-type';

/** Aggregate figures of the whole installation. */
export interface Totals {
  /** Rows of q_values (agent/task/variant tuples). */
  q_entries: number;
  /** Sum of the running invocation counts (never a scan of invocations). */
  invocations: number;
  /** Distinct agents with at least one active variant. */
  agents_with_variants: number;
}

/**
 * Read-only queries of the dashboard and `crl metrics`. Every query reads an aggregate table
 * (q_values, variants, defaults) or an index range (rollbacks_ts, proposals_status); none touches
 * the invocations table. Portable SQL (SQLite and PostgreSQL); time windows come in as ISO timestamps.
 */
export interface DashboardStore {
  totals(): Promise<Totals>;
  /** Rollbacks and skipped rollbacks with ts ≥ `since` (ISO 8601). */
  rollbackCounts(since: string): Promise<{ rollback: number; rollback_skipped: number }>;
  /** Every rollback event ever stored, by type. */
  rollbackTotals(): Promise<{ rollback: number; rollback_skipped: number }>;
  /** The newest `limit` rollback events (ts desc, id as tie-break). */
  lastRollbacks(limit: number): Promise<RollbackRow[]>;
  /** Pending proposals, highest confidence first (ties: oldest first, then id). */
  pendingProposals(limit: number): Promise<ProposalRow[]>;
  /** Number of pending proposals, and how many of them were created before `staleBefore`. */
  pendingCounts(staleBefore: string): Promise<{ pending: number; stale: number }>;
  /** The first `limit` tuples with Q ≥ minQ and n ≥ minN, highest Q first (ties: more visits, then names). */
  highConfidence(minQ: number, minN: number, limit: number): Promise<TupleRow[]>;
  /** How many tuples have Q ≥ minQ and n ≥ minN. */
  countHighConfidence(minQ: number, minN: number): Promise<number>;
  /** Every tuple (for the metrics exposition), ordered by names. */
  allTuples(): Promise<TupleRow[]>;
}
