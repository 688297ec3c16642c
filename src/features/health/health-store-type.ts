/** What `GET /readyz` asks of the database. */
export interface HealthStore {
  /** A trivial query: throws when the database cannot be read. */
  ping(): void;
  /** Migrations recorded as applied: how many, and the newest one's timestamp (ms). */
  appliedMigrations(): { count: number; latest: number };
}
