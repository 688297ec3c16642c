import type { Sqlite } from '../../db/open';
import type { HealthStore } from './health-store-type';

export function createHealthStore(sqlite: Sqlite): HealthStore {
  const ping = sqlite.prepare('select 1 as ok');
  return {
    ping: () => void ping.get(),
    appliedMigrations() {
      const exists = sqlite.prepare("select 1 from sqlite_master where type = 'table' and name = '__drizzle_migrations'").get();
      if (!exists) return { count: 0, latest: 0 };
      const r = sqlite.prepare('select count(*) as c, max(created_at) as m from __drizzle_migrations').get() as { c: number; m: number | null };
      return { count: r.c, latest: Number(r.m ?? 0) };
    },
  };
}
