import type { CrlConfig } from './config/config';
import { createLearningStore, type LearningStore } from './features/learning/learning-store';
import { openDatabase, type Sqlite } from './db/open';
import { createOutboxStore, type OutboxStore } from './features/outbox/outbox-store';
import { createProposalStore, type ProposalStore } from './features/proposals/proposal-store';
import { createRegistryStore, type RegistryStore } from './features/variants/registry-store';

/** The database of a data dir and the stores over it. */
export interface Stores {
  sqlite: Sqlite;
  learning: LearningStore;
  registry: RegistryStore;
  outbox: OutboxStore;
  proposals: ProposalStore;
}

/**
 * Opens (creating and migrating if needed) the database of a data dir and its stores, set up for a
 * validated config. No zod here: the `crl record` entry opens its stores with it too.
 */
export function openStores(dataDir: string, config: CrlConfig): Stores {
  const { sqlite } = openDatabase(dataDir, { busyTimeoutMs: config.store.busy_timeout_ms });
  return {
    sqlite,
    learning: createLearningStore(sqlite, Math.max(config.degradation.window, config.degradation.sequential_lookback), config.degradation.window),
    registry: createRegistryStore(sqlite),
    outbox: createOutboxStore(sqlite),
    proposals: createProposalStore(sqlite),
  };
}
