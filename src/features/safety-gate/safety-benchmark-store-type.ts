export interface SafetyBenchmarkRow {
  report_id: string;
  ts: string;
  agent_name: string;
  variant_id: string;
  cases_source: string;
  cases_digest: string;
  responder: string;
  n: number;
  score: number;
  asr: number | null;
  orr: number | null;
  errors: number;
  /** JSON text. */
  per_category: string;
  /** JSON text: per-case results. */
  results: string;
  run_by: string;
}

/** Safety benchmark reports of agent variants. */
export interface SafetyBenchmarkStore {
  insert(row: SafetyBenchmarkRow): Promise<void>;
  /** The newest report of (agent, variant), or undefined. */
  latest(agent: string, variant: string): Promise<SafetyBenchmarkRow | undefined>;
  get(reportId: string): Promise<SafetyBenchmarkRow | undefined>;
  /** Newest first, without the per-case results. */
  list(filter: { agent?: string; variant?: string; limit?: number }): Promise<Omit<SafetyBenchmarkRow, 'results'>[]>;
}
