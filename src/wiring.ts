import { hostname } from 'node:os';
import type { CrlConfig } from './config/config';
import type { SqlDb } from './db/sql-db';
import { createDashboardStore } from './features/dashboard/dashboard-store';
import type { DashboardStore } from './features/dashboard/dashboard-store-type';
import { createLearningStore } from './features/learning/learning-store';
import type { LearningStore } from './features/learning/learning-store-type';
import { createRollbackStore } from './features/monitor/rollback-store';
import type { RollbackStore } from './features/monitor/rollback-store-type';
import { createOutboxStore } from './features/outbox/outbox-store';
import type { OutboxStore } from './features/outbox/outbox-store-type';
import { createProposalStore } from './features/proposals/proposal-store';
import type { ProposalStore } from './features/proposals/proposal-store-type';
import { createRecentSignalsStore } from './features/proposals/recent-signals-store';
import type { RecentSignalsStore } from './features/proposals/recent-signals-store-type';
import { createSafetyBenchmarkStore } from './features/safety-gate/safety-benchmark-store';
import type { SafetyBenchmarkStore } from './features/safety-gate/safety-benchmark-store-type';
import { createRolloutStore } from './features/rollout/rollout-store';
import type { RolloutStore } from './features/rollout/rollout-store-type';
import { createLeaseStore } from './features/schedule/lease-store';
import type { LeaseStore } from './features/schedule/lease-store-type';
import { createRegistryStore } from './features/variants/registry-store';
import type { RegistryStore } from './features/variants/registry-store-type';
import { createCoachingStore } from './features/waltzrl/coaching-store';
import type { CoachingStore } from './features/waltzrl/coaching-store-type';
import { createHealthStore } from './features/health/health-store';
import type { HealthStore } from './features/health/health-store-type';
import { createTokenStore } from './features/tokens/tokens-store';
import type { TokenStore } from './features/tokens/tokens-store-type';
import { createWaltzrlStageStore } from './features/waltzrl/stage-store';
import type { WaltzrlStageStore } from './features/waltzrl/stage-store-type';

/** The database of a data dir and every store over it: the one place stores are built. */
export interface Stores {
  /** The database every store below runs on (the SQLite file of the data dir, or a PostgreSQL server). */
  db: SqlDb;
  learning: LearningStore;
  registry: RegistryStore;
  outbox: OutboxStore;
  proposals: ProposalStore;
  /** Recent outcome signals per variant (the proposer's modifications read them). */
  signals: RecentSignalsStore;
  rollbacks: RollbackStore;
  leases: LeaseStore;
  benchmarks: SafetyBenchmarkStore;
  dashboard: DashboardStore;
  coaching: CoachingStore;
  waltzrlStage: WaltzrlStageStore;
  rollouts: RolloutStore;
  /** API tokens of `crl serve` (hashes only). */
  tokens: TokenStore;
  /** Reachability and migration state of the database (`GET /readyz`). */
  health: HealthStore;
}

type StoreMakers = { [K in Exclude<keyof Stores, 'db'>]: (db: SqlDb, config: CrlConfig, origin: string) => Stores[K] };

/** The installation a process speaks for: its host and data dir (the outbox writes a line to this origin's files). */
export const originOf = (dataDir: string | undefined): string => `${hostname()}:${dataDir ?? ''}`;

const MAKERS: StoreMakers = {
  learning: (s, c) => createLearningStore(s, c.degradation.sequential_lookback, c.degradation.window),
  registry: createRegistryStore,
  outbox: (db, _config, origin) => createOutboxStore(db, origin),
  proposals: createProposalStore,
  signals: createRecentSignalsStore,
  rollbacks: createRollbackStore,
  leases: createLeaseStore,
  benchmarks: createSafetyBenchmarkStore,
  dashboard: createDashboardStore,
  coaching: createCoachingStore,
  waltzrlStage: createWaltzrlStageStore,
  rollouts: createRolloutStore,
  tokens: createTokenStore,
  health: createHealthStore,
};

/**
 * Adds every store over `db` to `target`, each built once, on its first use (so a command pays only for
 * the stores it touches: `crl record` builds one). A transaction's context gets its own set over its handle.
 */
export function attachStores<T extends object>(target: T, db: SqlDb, config: CrlConfig): T & Stores {
  Object.defineProperty(target, 'db', { value: db, enumerable: true });
  const origin = originOf((target as { dataDir?: string }).dataDir);
  for (const key of Object.keys(MAKERS) as (keyof StoreMakers)[]) {
    let store: unknown;
    Object.defineProperty(target, key, { enumerable: true, get: () => (store ??= MAKERS[key](db, config, origin)) });
  }
  return target as T & Stores;
}
