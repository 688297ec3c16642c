import type { SqlValue } from '../../db/sql-db';
import type { AwayFromRow } from '../monitor/rollback-store-type';

/** A read of one statement and how it binds an agent/task (a store's read that the serving store's statement takes in). */
export interface PairRead {
  sql: string;
  params: (agent: string, task: string) => SqlValue[];
}

/** A tuple's figures as the serving decision reads them. */
export interface ServingTuple {
  id: number;
  q_value: number;
  n_visits: number;
}

/** What the serving decision reads of an agent/task besides its variants, in one statement. */
export interface ServingReads {
  /** The agent/task's tuples by variant. */
  tuples: Map<string, ServingTuple>;
  /** The newest rollback away from each variant (`rollbacks.latestAwayFrom`). */
  away: AwayFromRow[];
  /** The running rollout that routes the pair (`rollouts.routing`). */
  rollout: { rollout_id: string; candidate: string; step_percent: number } | null;
  /** The effective default (`registry.resolveDefault`). */
  default_variant: string | null;
}

/** The reads of a serving decision (select latency: one round trip for what `registry.listVariants` does not give). */
export interface ServingStore {
  reads(agent: string, task: string): Promise<ServingReads>;
}
