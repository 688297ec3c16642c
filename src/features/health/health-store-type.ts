/** What `GET /readyz` asks of the database. */
export interface HealthStore {
  /** A trivial query: rejects when the database cannot be read. */
  ping(): Promise<void>;
  /** Migrations recorded as applied: how many, and the newest one's timestamp (ms). */
  appliedMigrations(): Promise<{ count: number; latest: number }>;
}
