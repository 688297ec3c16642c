import type { SqlDb } from '../../db/sql-db';
import type { HealthStore } from './health-store-type';

/** Where drizzle records applied migrations: a table of the SQLite file, a table of the `drizzle` schema on PostgreSQL. */
const MIGRATIONS_TABLE_EXISTS = {
  sqlite: "select 1 as ok from sqlite_master where type = 'table' and name = '__drizzle_migrations'",
  postgres: "select 1 as ok from information_schema.tables where table_schema = 'drizzle' and table_name = '__drizzle_migrations'",
};
const APPLIED = {
  sqlite: 'select count(*) as c, max(created_at) as m from __drizzle_migrations',
  postgres: 'select count(*) as c, max(created_at) as m from drizzle.__drizzle_migrations',
};

export function createHealthStore(db: SqlDb): HealthStore {
  return {
    async ping() {
      await db.get('select 1 as ok');
    },
    async appliedMigrations() {
      if (!(await db.get(MIGRATIONS_TABLE_EXISTS[db.dialect]))) return { count: 0, latest: 0 };
      const r = await db.get<{ c: number | string; m: number | string | null }>(APPLIED[db.dialect]);
      return { count: Number(r?.c ?? 0), latest: Number(r?.m ?? 0) };
    },
  };
}
