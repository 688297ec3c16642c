import type { Ctx } from '../../context';
import { knownMigrations } from '../../db/open';

export interface Readiness {
  ready: boolean;
  /** Why not, when not ready. */
  reason: string | null;
  migrations_applied: number;
  migrations_known: number;
}

/** The schema version of the store (`crl config --json`: `backend.schema`). */
export interface SchemaState {
  /** Migrations recorded as applied in the database. */
  migrations_applied: number;
  /** Whether the database carries every migration this version of crl knows (and none newer). */
  latest: boolean;
  /** Migrations this version of crl ships for the store's dialect. */
  known: number;
}

/**
 * The migrations this version ships for a dialect: `migrations/` (SQLite) or `migrations-pg/` (PostgreSQL),
 * from drizzle-kit's journal. Read once per process.
 */
export const knownMigrationsOf = (dialect: 'sqlite' | 'postgres') => knownMigrations(dialect === 'sqlite' ? 'migrations' : 'migrations-pg');

/** Applied against known migrations of the store's dialect (rejects when the database cannot be read). */
export async function schemaState(ctx: Ctx): Promise<SchemaState> {
  const known = knownMigrationsOf(ctx.db.dialect);
  const a = await ctx.health.appliedMigrations();
  return { migrations_applied: a.count, latest: a.count >= known.count && a.latest === known.latest, known: known.count };
}

/** Whether the store answers and carries every migration this version knows (`GET /readyz`). */
export async function readiness(ctx: Ctx): Promise<Readiness> {
  const known = knownMigrationsOf(ctx.db.dialect);
  try {
    await ctx.health.ping();
    const s = await schemaState(ctx);
    return {
      ready: s.latest,
      reason: s.latest ? null : 'the database is not migrated to this version (run `crl init`)',
      migrations_applied: s.migrations_applied,
      migrations_known: known.count,
    };
  } catch (e) {
    const code = String((e as { code?: unknown })?.code ?? 'error');
    return { ready: false, reason: `the database cannot be read (${code})`, migrations_applied: 0, migrations_known: known.count };
  }
}
