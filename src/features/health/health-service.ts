import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Ctx } from '../../context';
import { knownMigrations, migrationsFolder } from '../../db/open';

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

let knownPg: { count: number; latest: number } | undefined;
/**
 * The migrations this version ships for a dialect: `migrations/` (SQLite) or `migrations-pg/` (PostgreSQL),
 * from drizzle-kit's journal. Read once per process.
 */
export function knownMigrationsOf(dialect: 'sqlite' | 'postgres'): { count: number; latest: number } {
  if (dialect === 'sqlite') return knownMigrations();
  if (!knownPg) {
    const journal = JSON.parse(readFileSync(join(migrationsFolder('migrations-pg'), 'meta', '_journal.json'), 'utf8')) as {
      entries: { when: number }[];
    };
    knownPg = { count: journal.entries.length, latest: Math.max(...journal.entries.map((e) => e.when)) };
  }
  return knownPg;
}

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
