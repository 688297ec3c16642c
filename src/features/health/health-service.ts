import type { Ctx } from '../../context';
import { knownMigrations } from '../../db/open';

export interface Readiness {
  ready: boolean;
  /** Why not, when not ready. */
  reason: string | null;
  migrations_applied: number;
  migrations_known: number;
}

/** Whether the store answers and carries every migration this version knows (`GET /readyz`). */
export async function readiness(ctx: Ctx): Promise<Readiness> {
  const known = knownMigrations();
  try {
    await ctx.health.ping();
    const a = await ctx.health.appliedMigrations();
    const ready = a.count >= known.count && a.latest === known.latest;
    return { ready, reason: ready ? null : 'the database is not migrated to this version (run `crl init`)', migrations_applied: a.count, migrations_known: known.count };
  } catch (e) {
    const code = String((e as { code?: unknown })?.code ?? 'error');
    return { ready: false, reason: `the database cannot be read (${code})`, migrations_applied: 0, migrations_known: known.count };
  }
}
