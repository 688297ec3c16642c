export interface VariantRow {
  agent_name: string;
  variant_id: string;
  status: 'active' | 'retired';
  params: string;
  description: string | null;
  created_at: string;
  created_by: string;
}

export interface DefaultRow {
  agent_name: string;
  /** '*' is the agent-wide default. */
  task_type: string;
  variant_id: string;
  updated_at: string;
  updated_by: string;
}

export interface AuditEntry {
  ts: string;
  actor: string;
  action: string;
  agent_name?: string | null;
  task_type?: string | null;
  variant_id?: string | null;
  reason?: string | null;
  details?: Record<string, unknown>;
}

export interface AuditRow extends Required<Omit<AuditEntry, 'details'>> {
  id: number;
  details: string;
}

/** For a rollback target: a variant of the pair's agent, its figures for the pair's task, and the agent-wide default. */
export interface PairVariantRow {
  agent_name: string;
  task_type: string;
  variant_id: string;
  status: VariantRow['status'];
  q_value: number | null;
  n_visits: number | null;
  /** The agent-wide (`*`) default, if any. */
  agent_default: string | null;
}

/** Variants, defaults and the append-only audit log. */
export interface RegistryStore {
  getVariant(agent: string, variant: string): Promise<VariantRow | undefined>;
  listVariants(agent?: string): Promise<VariantRow[]>;
  /**
   * For each pair, every variant of its agent (pairs in no order, variants in `listVariants` order within a
   * pair) with its figures for the pair's task and the agent-wide default: one statement per 256 pairs.
   */
  rollbackTargets(pairs: readonly { agent: string; task: string }[]): Promise<PairVariantRow[]>;
  insertVariant(v: VariantRow): Promise<void>;
  updateVariant(agent: string, variant: string, patch: { status?: VariantRow['status']; params?: string; description?: string | null }): Promise<void>;
  /** Explicit default for (agent, task) — no fallback. */
  getDefault(agent: string, task: string): Promise<DefaultRow | undefined>;
  /** Default that applies to (agent, task): the task's own, else the agent-wide one (one statement). */
  resolveDefault(agent: string, task: string): Promise<DefaultRow | undefined>;
  listDefaults(agent?: string): Promise<DefaultRow[]>;
  setDefault(row: DefaultRow): Promise<void>;
  /**
   * Compare-and-set: switches the task default only if the current effective default is `expected`. Call
   * inside a transaction: on PostgreSQL it first takes a transaction lock on the (agent, task) pair, so two
   * hosts switching at once are serialised and the second sees the first one's switch.
   */
  switchDefault(row: DefaultRow, expected: string): Promise<boolean>;
  audit(entry: AuditEntry): Promise<number>;
  auditLog(filter: { agent?: string; task?: string; limit?: number }): Promise<AuditRow[]>;
  /** Audit rows with an id above `afterId`, oldest first, at most `limit` (the event stream tails the log by id). */
  auditSince(afterId: number, limit: number): Promise<AuditRow[]>;
  /** The id of the newest audit row (0 when there is none). */
  lastAuditId(): Promise<number>;
}
